import NIOCore

/// Refuses a request whose request line is over 8 KB (414) or whose header lines are over 32 KB
/// (431) as soon as that many bytes have arrived, so that no request costs more than reading
/// 40 KB. It sits in front of NIO's HTTP decoder and only counts bytes: NIO parses. NIO has limits
/// of its own, but reports both cases as one error and counts names and values, not lines.
///
/// The preview answers one request per connection (see `PreviewChannel`), so only the head of the
/// first request is counted; after it, bytes pass untouched. Once a limit is passed, the rest of
/// what the client sends is dropped while the refusal is written.
final class RequestHeadLimits: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let maxRequestLine = 8 * 1024
    static let maxHeaders = 32 * 1024

    enum Exceeded: Error {
        case requestLine
        case headers
    }

    private enum State {
        case requestLine
        case headers
        case body
        case refused
    }

    private var state = State.requestLine
    private var requestLineBytes = 0
    private var headerBytes = 0
    /// Bytes other than CR since the last LF: 0 at the blank line that ends the head.
    private var lineLength = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .body: context.fireChannelRead(data)
        case .refused: return
        case .requestLine, .headers:
            let buffer = unwrapInboundIn(data)
            for byte in buffer.readableBytesView {
                count(byte)
                if state == .body || state == .refused { break }
            }
            if state == .refused {
                context.fireErrorCaught(requestLineBytes > Self.maxRequestLine ? Exceeded.requestLine : Exceeded.headers)
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    private func count(_ byte: UInt8) {
        if byte == UInt8(ascii: "\n") {
            switch state {
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            case .requestLine where lineLength > 0: state = .headers
            case .headers where lineLength == 0: state = .body
            default: break
            }
            lineLength = 0
            return
        }
        if byte != UInt8(ascii: "\r") { lineLength += 1 }
        if state == .requestLine {
            requestLineBytes += 1
            if requestLineBytes > Self.maxRequestLine { state = .refused }
        } else {
            headerBytes += 1
            if headerBytes > Self.maxHeaders { state = .refused }
        }
    }
}
