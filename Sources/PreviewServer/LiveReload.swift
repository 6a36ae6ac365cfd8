import Foundation
import Diagnostics
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Reloads open pages after a rebuild, over server-sent events. Every page the preview serves
/// carries the number of the build it came from; the event stream sends the current number on
/// connect and after every rebuild, and a page whose number differs reloads. So a page that
/// missed an event (its connection dropped, the server restarted) still catches up.
final class LiveReload: Sendable {
    static let eventsPath = "/__guide/events"
    static let scriptPath = "/__guide/reload.js"

    /// Served at `scriptPath`; a file rather than inline code so a Content-Security-Policy of
    /// `script-src 'self'` in the templates would not block it.
    static let script = """
        // Added by `guide serve` only: reloads this page when the site is rebuilt.
        (function () {
          var build = document.currentScript && document.currentScript.getAttribute("data-build");
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("build", function (event) {
            if (event.data !== build) { source.close(); location.reload(); }
          });
        })();

        """

    private struct Streams: Sendable {
        var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
        var build: String
        /// The server is stopping: a stream asked for now ends at once, or stopping would wait for it.
        var finished = false
        var keepAlive: Task<Void, Never>?
    }
    private let streams: Locked<Streams>

    init(build: String) {
        streams = Locked(Streams(build: build))
        // Idle connections are written to now and then so that closed tabs are noticed and let go.
        let keepAlive = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 15_000_000_000)
                guard let self else { return }
                self.send(": keep-alive\n\n")
            }
        }
        streams.withLock { $0.keepAlive = keepAlive }
    }

    /// The tag that loads the reload script, for the end of an HTML page served under `build`;
    /// `async`, so that it never holds up showing the page.
    static func tag(build: String) -> String {
        "<script src=\"\(scriptPath)\" data-build=\"\(build)\" async></script>\n"
    }

    /// Puts the reload tag just before `</body>`, or at the end when there is none.
    static func inject(build: String, into html: String) -> String {
        let tag = tag(build: build)
        guard let body = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag, at: body.lowerBound)
        return result
    }

    /// Tells every open page about a new build.
    func publish(build: String) {
        streams.withLock { $0.build = build }
        send(Self.event(build: build))
    }

    /// A response that stays open and carries an event per build, starting with the current one.
    /// It ends when the server stops, or at the first write after the page has gone.
    func eventStreamResponse() -> Response {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            self?.streams.withLock { $0.listeners[id] = nil }
        }
        let (first, ended) = streams.withLock { streams in
            if !streams.finished { streams.listeners[id] = continuation }
            return ("retry: 500\n" + Self.event(build: streams.build), streams.finished)
        }
        continuation.yield(first)
        if ended { continuation.finish() }
        let body = ResponseBody { writer in
            for await event in stream {
                try await writer.write(ByteBuffer(string: event))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// Ends every stream, so that connections can close when the server stops.
    func finish() {
        let open = streams.withLock { streams in
            let open = Array(streams.listeners.values)
            streams.listeners = [:]
            streams.finished = true
            streams.keepAlive?.cancel()
            return open
        }
        open.forEach { $0.finish() }
    }

    private func send(_ text: String) {
        let open = streams.withLock { Array($0.listeners.values) }
        open.forEach { $0.yield(text) }
    }

    private static func event(build: String) -> String {
        "event: build\ndata: \(build)\n\n"
    }
}
