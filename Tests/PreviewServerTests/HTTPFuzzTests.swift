import Foundation
import Diagnostics
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Malformed HTTP against the real `guide serve` (see `HTTPFuzz`): bad request lines, huge and
/// odd headers, bad Host, NUL/CR/LF in odd places, truncated bodies, pipelined garbage, slow
/// clients. The server must not crash, must answer or close every connection within a bound (its
/// idle timeout is 5 s), must keep serving a normal client meanwhile, must keep its memory
/// bounded, and must never answer 5xx or echo a smuggled header.
///
/// A small deterministic sample runs every time; a long run is the same test with
/// `GUIDE_HTTP_FUZZ_CASES=10000` (and `GUIDE_HTTP_FUZZ_SEED`), whose summary is printed.
@Suite struct HTTPFuzzTests {
    /// Answered or closed within this: the 5 s idle timeout, twice over, plus a slow machine's slack.
    static let bound = 20.0

    @Test func malformedRequestsAreAnsweredOrClosedAndTheServerKeepsServing() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["GUIDE_HTTP_FUZZ_CASES"].flatMap(Int.init) ?? 300
        let seed = environment["GUIDE_HTTP_FUZZ_SEED"].flatMap(UInt64.init) ?? 1

        let fixture = try ServerFixture()
        let commands = ServeCommandTests()
        let serve = try commands.launch(fixture, ["serve", "--port", "0"])
        defer { if serve.process.isRunning { serve.process.terminate() } }
        try await commands.wait { commands.portNumber(in: serve.stdout.text) != nil || !serve.process.isRunning }
        let port = try #require(commands.portNumber(in: serve.stdout.text), "stderr: \(serve.stderr.text)")
        let pid = serve.process.processIdentifier

        // Warm up, so that memory is measured after the server's first allocations.
        for _ in 0..<50 { #expect(try await HTTPTestClient.request(port: port, target: "/about/").status == 200) }
        let before = HTTPFuzz.memory(of: pid)

        var fuzz = HTTPFuzz(seed: seed, port: port)
        let cases = (0..<count).map { _ in fuzz.makeCase() }

        // A normal reader all along: always answered, and soon.
        let done = Locked(false)
        let normal = Task { () -> (statuses: [Int], slowest: Double) in
            var statuses: [Int] = []
            var slowest = 0.0
            while !done.current {
                let started = Date()
                statuses.append((try? await HTTPTestClient.request(port: port, target: "/drugs/olaparib/").status) ?? 0)
                slowest = max(slowest, Date().timeIntervalSince(started))
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
            return (statuses, slowest)
        }
        let started = Date()
        let outcomes = try await HTTPFuzz.runAll(cases, port: port, workers: 32, bound: Self.bound)
        let seconds = Date().timeIntervalSince(started)
        done.withLock { $0 = true }
        let reader = await normal.value
        let after = HTTPFuzz.memory(of: pid)

        #expect(serve.process.isRunning, "the server exited: \(serve.stderr.text)")
        #expect(try await HTTPTestClient.request(port: port, target: "/about/").status == 200)
        let hung = outcomes.filter(\.hung)
        #expect(hung.isEmpty, "not answered or closed within \(Self.bound) s: \(hung.prefix(5).map(\.kind))")
        let serverErrors = outcomes.filter { ($0.status ?? 0) >= 500 }
        #expect(serverErrors.isEmpty, "\(serverErrors.prefix(5).map { "\($0.kind): \($0.status!)" })")
        let injected = outcomes.filter(\.injected)
        #expect(injected.isEmpty, "a smuggled header came back: \(injected.prefix(5).map(\.kind))")
        #expect(reader.statuses.allSatisfy { $0 == 200 }, "\(reader.statuses.filter { $0 != 200 })")
        #expect(reader.slowest < 10, "a normal request took \(reader.slowest) s during the fuzz")
        // Memory: what the connections took is given back or reused; a leak per request would show
        // as megabytes over thousands of them.
        let grown = after.resident - before.resident
        #expect(grown < 64 * 1024 * 1024, "resident memory grew by \(grown / 1024) KB")

        let slowest = outcomes.max { $0.seconds < $1.seconds }!
        var byKind: [String: (count: Int, statuses: [String: Int], slowest: Double)] = [:]
        for outcome in outcomes {
            var entry = byKind[outcome.kind] ?? (0, [:], 0)
            entry.count += 1
            entry.statuses[outcome.status.map(String.init) ?? "closed", default: 0] += 1
            entry.slowest = max(entry.slowest, outcome.seconds)
            byKind[outcome.kind] = entry
        }
        var statuses: [String: Int] = [:]
        for outcome in outcomes { statuses[outcome.status.map(String.init) ?? "closed", default: 0] += 1 }
        print("""
            HTTPFuzzTests: \(count) cases (seed \(seed)) in \(String(format: "%.1f", seconds)) s; \
            hung \(hung.count); statuses \(statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")); \
            slowest \(String(format: "%.2f", slowest.seconds)) s (\(slowest.kind)); \
            normal reader: \(reader.statuses.count) requests, slowest \(String(format: "%.2f", reader.slowest)) s; \
            RSS \(before.resident / 1024) KB before, \(after.resident / 1024) KB after (peak \(after.peak / 1024) KB)
            """)
        for (kind, entry) in byKind.sorted(by: { $0.key < $1.key }) {
            print("HTTPFuzzTests:   \(kind): \(entry.count), slowest \(String(format: "%.2f", entry.slowest)) s, \(entry.statuses.sorted { $0.key < $1.key })")
        }
    }
}
