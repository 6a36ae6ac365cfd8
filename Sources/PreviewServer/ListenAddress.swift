import NIOCore

/// The address the preview listens on: an IPv4 or IPv6 literal, or `localhost`.
struct ListenAddress {
    let host: String
    /// Only this machine can connect.
    let isLoopback: Bool

    init(host: String) throws {
        let literal = host == "localhost" ? "127.0.0.1" : host
        // Only a literal: a name would be looked up, and could mean another machine.
        guard (try? SocketAddress(ipAddress: literal, port: 0)) != nil else { throw PreviewServerError.badHost(host) }
        self.host = literal
        isLoopback = literal == "::1" || literal.hasPrefix("127.")
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
    /// `stop` was called before `start` had finished.
    case stopped

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
        case .stopped:
            return "stopped before the preview had started"
        }
    }
}
