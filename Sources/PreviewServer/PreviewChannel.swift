import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// One connection of the preview: the pipeline of Hummingbird's `HTTP1Channel` (NIO's HTTP/1
/// parser and encoder, Hummingbird's idle timeout) with `RequestHeadLimits` in front of the
/// parser, which `HTTP1Channel` has no place for, and exactly one request per connection, so that
/// the limits never have to find where a second request begins. A browser opens a loopback
/// connection in a tenth of a millisecond. Every response but the event stream says
/// `Connection: close`.
struct PreviewChannel: ServerChildChannel {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    /// A connection that has not sent a whole request head this long after it opened is closed, and
    /// so is one that its client keeps open this long after the response. The event stream is a
    /// response still being written, which this never cuts.
    static let idleTimeout = TimeAmount.seconds(5)

    let site: SiteRequestHandler

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(RequestHeadLimits())
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: .init(Self.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value connection: Value, logger: Logger) async {
        let channel = connection.channel
        try? await withTaskCancellationHandler {
            try await connection.executeThenClose { inbound, outbound in
                var parts = inbound.makeAsyncIterator()
                let response: Response
                do {
                    guard case .head(let head)? = try await parts.next() else { return }
                    response = site.respond(to: head, local: channel.localAddress)
                } catch {
                    response = Self.refusal(error)
                }
                try await ResponseWriter(outbound: outbound).write(response: response.head, body: response.body)
                // Output closes once everything is written; the client then closes its side, or the
                // idle timeout does. Closing the whole channel now could cut off a large file.
                outbound.finish()
                try await channel.closeFuture.get()
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// The answer to a request head that could not be read.
    static func refusal(_ error: any Error) -> Response {
        let status: HTTPResponse.Status
        switch error {
        case RequestHeadLimits.Exceeded.requestLine: status = .uriTooLong
        case RequestHeadLimits.Exceeded.headers: status = .requestHeaderFieldsTooLarge
        default: status = .badRequest
        }
        return Response(status: status, headers: [.connection: "close", .contentLength: "0"])
    }
}
