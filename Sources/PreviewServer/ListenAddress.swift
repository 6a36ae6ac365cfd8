import FlyingSocks
import Foundation

/// The address the preview listens on: an IPv4 or IPv6 literal, or `localhost`.
struct ListenAddress {
    let host: String
    let socketAddress: any SocketAddress
    /// Only this machine can connect.
    let isLoopback: Bool

    init(host: String, port: UInt16) throws {
        let literal = host == "localhost" ? "127.0.0.1" : host
        self.host = literal
        do {
            if literal.contains(":") {
                socketAddress = try sockaddr_in6.inet6(ip6: literal, port: port)
                isLoopback = literal == "::1"
            } else {
                socketAddress = try sockaddr_in.inet(ip4: literal, port: port)
                isLoopback = literal.hasPrefix("127.")
            }
        } catch {
            throw PreviewServerError.badHost(host)
        }
    }

    /// The address to open in a browser.
    func url(port: UInt16) -> String {
        host.contains(":") ? "http://[\(host)]:\(port)/" : "http://\(host):\(port)/"
    }
}

public enum PreviewServerError: Error, Equatable, CustomStringConvertible {
    case badHost(String)
    case portInUse(host: String, port: Int)
    case cannotListen(host: String, port: Int, reason: String)
    /// The first build could not run at all (folders missing, output not ours); the diagnostics say why.
    case setup(String)

    public var description: String {
        switch self {
        case .badHost(let host):
            return "--host '\(host)' is not an IP address; use 127.0.0.1 (the default), ::1, or an address of this machine"
        case .portInUse(let host, let port):
            return "port \(port) on \(host) is already in use (another guide serve?); stop that program, or pass --port 0 to pick a free port"
        case .cannotListen(let host, let port, let reason):
            return "cannot listen on \(host) port \(port): \(reason)"
        case .setup(let text):
            return text
        }
    }
}
