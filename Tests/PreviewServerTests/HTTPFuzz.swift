import Foundation
import Diagnostics
#if canImport(Glibc)
import Glibc
#endif

/// Malformed and mutated HTTP requests for the preview, and a runner that sends them to a server
/// over real sockets, many at once, and says how each connection ended. Deterministic: the same
/// seed makes the same cases. Used by `HTTPFuzzTests` (a small sample on every run, 10,000 or more
/// with GUIDE_HTTP_FUZZ_CASES).
struct HTTPFuzz {
    /// One connection: what is sent, in steps (each after a pause), and whether the client then
    /// closes its sending side (false: it waits, as a slow client does).
    struct Case: Sendable {
        let kind: String
        var steps: [(pause: Double, bytes: [UInt8])]
        var halfClose: Bool
    }

    /// How one connection ended.
    struct Outcome: Sendable {
        let kind: String
        /// The status of the first response, nil when the server closed without one.
        let status: Int?
        let seconds: Double
        /// True when the server neither closed the connection within the bound nor (the event
        /// stream, which stays open) answered it.
        let hung: Bool
        /// A response header that carries bytes of the request (`X-Injected`, smuggled in with CR LF).
        let injected: Bool
    }

    private var seed: UInt64
    let port: Int

    init(seed: UInt64, port: Int) {
        self.seed = seed
        self.port = port
    }

    mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(max(bound, 1)))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    var host: String { "127.0.0.1:\(port)" }

    static let targets = ["/", "/about/", "/about", "/drugs/olaparib/", "/css/site.css", "/missing", "/%2e%2e/secret.txt",
                          "/..%2f..%2fsecret.txt", "/about/?q=1", "/__guide/events", "/__guide/reload.js", "/%00", "/a%zz",
                          "*", "http://evil.example/", "//evil.example/", "/\u{00e9}", "/about/#frag", "?", "/index.html/"]
    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PRI", "get", "G ET", "GET\0",
                          "", "BREW", String(repeating: "A", count: 300), "\u{00c9}T", "GET\t"]
    static let versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "HTTP/1", "http/1.1",
                           "HTTP/1.1\0", "", "HTTP/1.10", "HTTP/01.1"]
    static let specials = ["\0", "\r", "\n", "\r\n", "\r\n\r\n", " ", "\t", ":", "\u{7f}", "\u{ff}", "%", "%00", "\r\nX-Injected: 1\r\n",
                           "\u{0b}", "\u{0c}", "\u{feff}", "😀"]

    /// A well-formed request, the seed of most mutations.
    func valid(_ target: String = "/about/", extra: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: fuzz\r\n\(extra)\r\n"
    }

    mutating func makeCase() -> Case {
        func one(_ kind: String, _ text: String, halfClose: Bool = true) -> Case {
            Case(kind: kind, steps: [(0, Array(text.utf8))], halfClose: halfClose)
        }
        switch next(20) {
        case 0:
            return one("bad request line", "\(pick(Self.methods)) \(pick(Self.targets)) \(pick(Self.versions))\r\nHost: \(host)\r\n\r\n")
        case 1:
            // Missing parts, extra spaces, the line alone.
            let lines = ["GET\r\n", "GET /\r\n", " GET / HTTP/1.1\r\n", "GET  /  HTTP/1.1\r\n", "GET / HTTP/1.1 \r\n", "\r\n\r\n\r\nGET / HTTP/1.1\r\n",
                         "GET / HTTP/1.1\n", "GET / HTTP/1.1\r", "GET\t/\tHTTP/1.1\r\n", "/ HTTP/1.1\r\n", "GET / HTTP/1.1\r\r\n"]
            return one("bad request line", pick(lines) + "Host: \(host)\r\n\r\n")
        case 2:
            let length = pick([8 * 1024 - 20, 8 * 1024, 8 * 1024 + 1, 9_000, 64 * 1024, 300 * 1024])
            return one("huge request line", "GET /" + String(repeating: pick(["a", "%2e", "/", "é"]), count: length) + " HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        case 3:
            let size = pick([100, 16 * 1024, 32 * 1024 - 100, 32 * 1024 + 1, 40 * 1024, 200 * 1024])
            return one("huge header", valid(extra: "X-Big: " + String(repeating: "b", count: size) + "\r\n"))
        case 4:
            let count = pick([100, 1_000, 3_000, 10_000])
            return one("many headers", valid(extra: (0..<count).map { "X-\($0): v\r\n" }.joined()))
        case 5:
            let hosts = ["evil.example", "", "127.0.0.1", "127.0.0.1:1", "localhost:\(port)", "[::1]:\(port)", "127.0.0.1:\(port)\0",
                         "127.0.0.1:\(port)\r\nX-Injected: 1", "127.0.0.1:\(port), evil.example", " 127.0.0.1:\(port) ", "127.0.0.1:\(port)/",
                         "user@127.0.0.1:\(port)", "127.0.0.1:\(port)x", "[::1", String(repeating: "h", count: 5_000), "127.0.0.1:\(port)."]
            let host = pick(hosts)
            let twice = next(4) == 0 ? "Host: \(self.host)\r\n" : ""
            let noHost = next(6) == 0
            return one("bad host", "GET /about/ HTTP/1.1\r\n" + (noHost ? "" : "Host: \(host)\r\n") + twice + "\r\n")
        case 6:
            let fields = ["NoColon\r\n", "Space Name: v\r\n", "Name : v\r\n", " folded continuation\r\n", "\tfolded\r\n", ": empty-name\r\n",
                          "X: \0\r\n", "X\0Y: v\r\n", "X: a\rb\r\n", "X: a\nb\r\n", "Content-Length: abc\r\n", "Content-Length: -1\r\n",
                          "Content-Length: 1, 2\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 99999999999999999999\r\n",
                          "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding: chunked, gzip\r\n",
                          "Transfer-Encoding: xchunked\r\n", "Expect: 100-continue\r\n", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                          "Connection: keep-alive\r\n", "Range: bytes=0-1,2-3\r\n", "If-None-Match: *\r\n", "Accept: text/event-stream\r\n"]
            return one("odd header", valid(extra: (0..<(1 + next(3))).map { _ in pick(fields) }.joined()))
        case 7:
            // Bytes the parser must refuse, anywhere in a valid head.
            var bytes = Array(valid().utf8)
            for _ in 0..<(1 + next(3)) {
                bytes.insert(contentsOf: Array(pick(Self.specials).utf8), at: next(bytes.count + 1))
            }
            return Case(kind: "NUL/CR/LF inserted", steps: [(0, bytes)], halfClose: true)
        case 8:
            let body = String(repeating: "x", count: next(50))
            let announced = pick([body.count + 1, body.count + 1_000, 1_000_000])
            return one("truncated body", "POST /about/ HTTP/1.1\r\nHost: \(host)\r\nContent-Length: \(announced)\r\n\r\n\(body)", halfClose: next(2) == 0)
        case 9:
            let chunks = ["5\r\nhello\r\n0\r\n\r\n", "ffffffffffffffff\r\n", "zz\r\n", "5\r\nhel", "-1\r\n", "5;ext=\0\r\nhello\r\n", "0\r\nTrailer: x\r\n"]
            return one("bad chunked body", "POST / HTTP/1.1\r\nHost: \(host)\r\nTransfer-Encoding: chunked\r\n\r\n" + pick(chunks), halfClose: next(2) == 0)
        case 10:
            let garbage = [String(repeating: "GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n", count: 1 + next(20)), "\0\0\0\0", "\r\n\r\n\r\n",
                           "garbage", String(repeating: "\u{ff}", count: 1_000), "GET /secret.txt HTTP/1.1\r\nHost: evil.example\r\n\r\n"]
            return one("pipelined", valid() + pick(garbage))
        case 11:
            // Slow clients: a part of a head, then nothing (the idle timeout must close it).
            let text = valid()
            let cut = next(text.utf8.count)
            return Case(kind: "slowloris partial head", steps: [(0, Array(text.utf8.prefix(cut)))], halfClose: false)
        case 12:
            // A trickle: one byte at a time with pauses, a head that never ends.
            var steps: [(pause: Double, bytes: [UInt8])] = [(0, Array("GET / HTTP/1.1\r\nHost: \(host)\r\n".utf8))]
            for _ in 0..<12 { steps.append((0.5, Array("X".utf8))) }
            return Case(kind: "slowloris trickle", steps: steps, halfClose: false)
        case 13:
            let binary = ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}", "\u{00}", "SSH-2.0-OpenSSH\r\n"]
            return one("other protocol", pick(binary), halfClose: next(2) == 0)
        case 14:
            var bytes = [UInt8]()
            for _ in 0..<(1 + next(2_000)) { bytes.append(UInt8(next(256))) }
            return Case(kind: "random bytes", steps: [(0, bytes)], halfClose: next(4) != 0)
        case 15:
            // A head split into several writes at odd places (the limits count across reads).
            let bytes = Array(valid(pick(Self.targets)).utf8)
            var steps: [(pause: Double, bytes: [UInt8])] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + next(12))
                steps.append((0.002, Array(bytes[start..<end])))
                start = end
            }
            return Case(kind: "split head", steps: steps, halfClose: true)
        default:
            // Byte-level mutations of a valid request.
            var bytes = Array(valid(pick(Self.targets), extra: next(2) == 0 ? "Accept: */*\r\n" : "").utf8)
            for _ in 0..<(1 + next(4)) {
                let position = next(bytes.count)
                switch next(5) {
                case 0: bytes[position] = UInt8(next(256))
                case 1: bytes.insert(contentsOf: Array(pick(Self.specials).utf8), at: position)
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + 1 + next(10)))
                case 3: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 1 + next(30))], at: position)
                default: bytes = Array(bytes.prefix(max(1, position)))
                }
                if bytes.isEmpty { bytes = Array("\r\n".utf8) }
            }
            return Case(kind: "mutated request", steps: [(0, bytes)], halfClose: next(3) != 0)
        }
    }

    // MARK: - Sending

    /// Sends one case on a new connection and waits for the server to close it, at most `bound` seconds.
    static func run(_ fuzzCase: Case, port: Int, bound: Double) -> Outcome {
        let started = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
        guard let socket = try? HTTPTestClient.connect(port: port) else {
            return Outcome(kind: fuzzCase.kind, status: nil, seconds: elapsed(), hung: false, injected: false)
        }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var raw = Data()
        var closed = false
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        /// Reads what has arrived; true once the server has closed (or reset) the connection.
        func drain() -> Bool {
            while true {
                let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count > 0 { raw.append(contentsOf: buffer[..<count]); continue }
                if count == 0 { return true }
                return errno != EAGAIN && errno != EWOULDBLOCK
            }
        }
        for step in fuzzCase.steps {
            if step.pause > 0 { Thread.sleep(forTimeInterval: step.pause) }
            if drain() { closed = true; break }
            var sent = 0
            while sent < step.bytes.count {
                let count = step.bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count <= 0 { closed = true; break }
                sent += count
            }
            if closed { break }
        }
        if fuzzCase.halfClose && !closed { shutdown(socket, Int32(SHUT_WR)) }
        while !closed && elapsed() < bound {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                raw.append(contentsOf: buffer[..<count])
                // The live-reload stream stays open by design: its head is the answer.
                if let end = raw.range(of: Data("\r\n\r\n".utf8)),
                   String(decoding: raw[..<end.lowerBound], as: UTF8.self).lowercased().contains("content-type: text/event-stream") { break }
                continue
            }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { closed = true }
        }
        let head = String(decoding: raw.prefix(16 * 1024), as: UTF8.self)
        var status: Int?
        if head.hasPrefix("HTTP/1.1 "), let code = Int(head.dropFirst(9).prefix(3)) { status = code }
        let headLines = head.components(separatedBy: "\r\n\r\n").first?.lowercased().components(separatedBy: "\r\n") ?? []
        let answered = raw.range(of: Data("\r\n\r\n".utf8)) != nil
        return Outcome(kind: fuzzCase.kind, status: status, seconds: elapsed(), hung: !closed && !(answered && status == 200),
                       injected: headLines.contains { $0.hasPrefix("x-injected") })
    }

    /// Every case on `workers` connections at a time; `progress` is called after each case with the outcomes so far.
    static func runAll(_ cases: [Case], port: Int, workers: Int, bound: Double) async throws -> [Outcome] {
        let next = Locked(0)
        let outcomes = Locked([Outcome?](repeating: nil, count: cases.count))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    try await HTTPTestClient.onThread {
                        while true {
                            let index = next.withLock { value in
                                defer { value += 1 }
                                return value
                            }
                            guard index < cases.count else { return }
                            let outcome = run(cases[index], port: port, bound: bound)
                            outcomes.withLock { $0[index] = outcome }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return outcomes.current.map { $0! }
    }

    /// The resident and peak memory of a process, in bytes (Linux).
    static func memory(of pid: Int32) -> (resident: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                  let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
            return kilobytes * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
