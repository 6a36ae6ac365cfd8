import Foundation
import Diagnostics
import SiteBuilder
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// While full rebuilds replace every file (front matter and layout saves: the preview's in-place
/// writer; `guide build` into the folder it serves: the staging folder swapped in whole), a page
/// that exists before and after is always served: every answer to several clients is a 200.
@Suite struct FullRebuildServingTests {
    /// The stylesheet by its published name (these saves leave it as it is); the search index gets
    /// a new name with every brand saved, so the manifest, which keeps its name, stands in for it.
    static func targets(_ fixture: ServerFixture) throws -> [String] {
        ["/", "/about/", "/drugs/olaparib/", "/cell-types/brca-positive/", "/side-effects/fatigue/",
         "/glossary/brca/", try fixture.published("/css/site.css"), "/asset-manifest.js", "/about/index.html"]
    }

    /// What the clients saw: statuses by count, and the first few answers that were not 200.
    struct Tally: Sendable {
        var statuses: [Int: Int] = [:]
        var failures: [String] = []
        var total: Int { statuses.values.reduce(0, +) }
    }

    /// One client on a thread of its own: GETs of `targets` in turn, each on a new connection,
    /// until `done`; a refused, reset or unparsable exchange counts as status 0.
    static func client(port: Int, targets: [String], number: Int, done: Locked<Bool>, tally: Locked<Tally>) async throws {
        try await HTTPTestClient.onThread {
            var index = number
            while !done.current {
                let target = targets[index % targets.count]
                index += 1
                var status = 0
                var problem = ""
                do {
                    let socket = try HTTPTestClient.connect(port: port)
                    defer { close(socket) }
                    try HTTPTestClient.send(socket, "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
                    var raw = Data()
                    while let chunk = try HTTPTestClient.receive(socket) { raw.append(chunk) }
                    let response = try HTTPTestClient.parse(raw, method: "GET")
                    status = response.status
                    if status == 200, let length = response["Content-Length"].flatMap(Int.init), length != response.body.count {
                        status = -1
                        problem = "\(length) bytes announced, \(response.body.count) sent"
                    } else if status != 200 {
                        problem = String(response.text.prefix(200))
                    }
                } catch {
                    problem = "\(error)"
                }
                let (seen, failed) = (status, problem)
                tally.withLock { tally in
                    tally.statuses[seen, default: 0] += 1
                    if seen != 200, tally.failures.count < 10 { tally.failures.append("\(target): \(seen) \(failed)") }
                }
            }
        }
    }

    @Test func everyRequestDuringFullRebuildsIsAnswered200() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            var build = try await events.nextBuild()
            let done = Locked(false)
            let tally = Locked(Tally())
            let port = fixture.port
            let targets = try Self.targets(fixture)
            let clients = (0..<4).map { number in
                Task { try await Self.client(port: port, targets: targets, number: number, done: done, tally: tally) }
            }
            var staging = 0
            // GUIDE_HAMMER_SAVES=300 for a longer run by hand.
            let saves = ProcessInfo.processInfo.environment["GUIDE_HAMMER_SAVES"].flatMap(Int.init) ?? 24
            for save in 1...saves {
                switch save % 3 {
                case 0:
                    try fixture.edit("Templates/layout.mustache") { $0 + "<!-- layout save \(save) -->" }
                case 1:
                    try fixture.edit("Content/drugs/olaparib.md") { text in
                        text.replacingOccurrences(of: #"brands: \[Lynparza[^\]]*\]"#, with: "brands: [Lynparza, Save\(save)]", options: .regularExpression)
                    }
                default:
                    try fixture.edit("Content/site.yml") { $0.replacingOccurrences(of: #"title: .*"#, with: "title: Guide save \(save)", options: .regularExpression) }
                }
                build = try await events.nextBuild(after: build)
                if save % 3 == 0 {
                    // `guide build` into the folder the preview serves: a staging folder swapped in whole.
                    let report = SiteBuild(options: fixture.options).run()
                    #expect(report.succeeded, "\(report.diagnostics)")
                    staging += 1
                }
            }
            // Enough requests to have overlapped the writes many times over.
            while tally.current.total < 2_000 { try await Task.sleep(nanoseconds: 50_000_000) }
            done.withLock { $0 = true }
            for client in clients { try await client.value }

            let seen = tally.current
            print("FullRebuildServingTests: \(seen.total) requests during \(saves) rebuilds and \(staging) staging swaps: \(seen.statuses)")
            #expect(seen.statuses.keys.sorted() == [200], "\(seen.statuses) \(seen.failures)")
            #expect(fixture.log.components(separatedBy: "changed: rebuilt").count - 1 >= saves, "every save rebuilt: \(fixture.log)")
        }
    }
}
