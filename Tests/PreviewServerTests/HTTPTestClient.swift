import Foundation
import SiteTemplates
import SiteRendering
#if canImport(Glibc)
import Glibc
#endif

struct HTTPTestResponse {
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    subscript(header: String) -> String? { headers[header.lowercased()] }
}

/// A deliberately plain HTTP/1.1 client over a socket to 127.0.0.1 (or another loopback address):
/// it sends the request target exactly as given (URLSession and curl would clean up `..` and
/// encodings before sending, which is the opposite of what the traversal tests need). Blocking I/O
/// runs on a thread of its own so that it never holds up the server's tasks in the same process.
enum HTTPTestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `host` is the Host header, `127.0.0.1:PORT` unless given (see `exchange` for none at all).
    static func request(port: Int, target: String, method: String = "GET", headers: [String: String] = [:],
                        host: String? = nil, address: String = "127.0.0.1") async throws -> HTTPTestResponse {
        try await onThread {
            let socket = try connect(port: port, address: address)
            defer { close(socket) }
            var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            try send(socket, head + "\r\n")
            var raw = Data()
            while let chunk = try receive(socket) { raw.append(chunk) }
            return try parse(raw, method: method)
        }
    }

    /// Sends `bytes` as they are and returns every byte that comes back until the server closes
    /// the connection. A server may stop reading and close (or reset) early: a failed send or
    /// receive ends the exchange with what arrived.
    static func exchange(port: Int, _ bytes: [UInt8]) async throws -> Data {
        try await onThread {
            let socket = try connect(port: port)
            defer { close(socket) }
            try? send(socket, bytes)
            var raw = Data()
            while let chunk = try? receive(socket) { raw.append(chunk) }
            return raw
        }
    }

    static func parse(_ raw: Data, method: String) throws -> HTTPTestResponse {
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete response head in \(raw.count) bytes: \(String(decoding: raw, as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(raw[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)),
              let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16), size > 0 {
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            let end = rest.index(start, offsetBy: size)
            result.append(rest[start..<end])
            rest = rest[end...].dropFirst(2)
        }
        return result
    }

    // MARK: - Sockets

    static func connect(port: Int, address: String = "127.0.0.1") throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        // Reads give up after a while rather than hang a test run.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let host = address
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return socket
    }

    static func send(_ socket: Int32, _ text: String) throws {
        try send(socket, Array(text.utf8))
    }

    static func send(_ socket: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += count
        }
    }

    /// The next bytes, or nil at the end of the stream.
    static func receive(_ socket: Int32) throws -> Data? {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let count = recv(socket, &buffer, buffer.count, 0)
        if count < 0 { throw Failure(description: "recv: errno \(errno) (timed out?)") }
        return count == 0 ? nil : Data(buffer[..<count])
    }

    /// Not on a Dispatch queue: on Linux, Swift's tasks run on the same few threads as the global
    /// queues, so a client blocked in `recv` there would keep the server from answering it.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try body() })
            }.start()
        }
    }
}

/// Listens to the live-reload event stream and hands out the build numbers it announces.
final class EventStreamListener: @unchecked Sendable {
    let socket: Int32
    private(set) var headers = ""
    private var buffer = ""
    private var seen = 0

    init(port: Int) async throws {
        socket = try HTTPTestClient.connect(port: port)
        try HTTPTestClient.send(socket, "GET /__guide/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit {
        close(socket)
    }

    /// The build number of the next `build` event (the first one is the current build).
    func nextBuild() async throws -> String {
        try await HTTPTestClient.onThread { [self] in
            while true {
                let events = buffer.components(separatedBy: "event: build\ndata: ").dropFirst()
                if events.count > seen, let line = events[events.startIndex + seen].split(separator: "\n", maxSplits: 1).first,
                   events[events.startIndex + seen].contains("\n") {
                    seen += 1
                    return String(line)
                }
                guard let data = try HTTPTestClient.receive(socket) else {
                    throw HTTPTestClient.Failure(description: "event stream closed")
                }
                buffer += String(decoding: data, as: UTF8.self)
                if headers.isEmpty, let end = buffer.range(of: "\r\n\r\n") {
                    headers = String(buffer[..<end.lowerBound])
                    buffer = String(buffer[end.upperBound...])
                }
            }
        }
    }

    /// Waits for the first build after `build`.
    func nextBuild(after build: String) async throws -> String {
        while true {
            let next = try await nextBuild()
            if next != build { return next }
        }
    }
}
