import HTTPTypes
import NIOCore

/// The Host headers the preview answers: its own address and port, as a browser that opened it
/// sends them. A hostile page can point a name of its own at 127.0.0.1 (DNS rebinding) and then
/// read whatever answers; its requests carry that name, so they are refused, as is a request
/// without a Host or with two.
struct HostCheck: Sendable {
    /// The address listened on, as `ListenAddress` has it (`127.0.0.1`, `::1`, `0.0.0.0`).
    let listenHost: String

    /// `local` is the address the connection came in on: with `--host 0.0.0.0` it is the one
    /// another machine used, and a page that came from it names it too.
    func allows(_ request: HTTPRequest, local: SocketAddress?) -> Bool {
        guard let authority = request.authority?.lowercased(), let port = local?.port,
              !request.headerFields.contains(Self.secondHost) else { return false }
        var hosts = ["127.0.0.1", "localhost", "[::1]", Self.bracketed(listenHost)]
        if let ip = local?.ipAddress {
            // A dual-stack socket shows IPv4 clients as ::ffff:a.b.c.d.
            hosts.append(Self.bracketed(ip.hasPrefix("::ffff:") && ip.contains(".") ? String(ip.dropFirst(7)) : ip))
        }
        // Browsers leave out the default port.
        return hosts.contains { authority == "\($0):\(port)" || (port == 80 && authority == $0) }
    }

    /// NIO makes the first Host header the request's authority and keeps any other as a field.
    private static let secondHost = HTTPField.Name("Host")!

    private static func bracketed(_ host: String) -> String {
        host.contains(":") ? "[\(host.lowercased())]" : host.lowercased()
    }
}
