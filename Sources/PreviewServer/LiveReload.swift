import FlyingFox
import FlyingSocks
import Foundation

/// Reloads open pages after a rebuild, over server-sent events. Every page the preview serves
/// carries the number of the build it came from; the event stream sends the current number on
/// connect and after every rebuild, and a page whose number differs reloads. So a page that
/// missed an event (its connection dropped, the server restarted) still catches up.
final class LiveReload: @unchecked Sendable {
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

    private let lock = NSLock()
    private var listeners: [UUID: AsyncStream<Data>.Continuation] = [:]
    private var currentBuild: String
    private var keepAlive: Task<Void, Never>?

    init(build: String) {
        currentBuild = build
        // Idle connections are written to now and then so that closed tabs are noticed and let go.
        keepAlive = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 15_000_000_000)
                guard let self else { return }
                self.send(Data(": keep-alive\n\n".utf8))
            }
        }
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

    var build: String {
        lock.lock(); defer { lock.unlock() }
        return currentBuild
    }

    /// Tells every open page about a new build.
    func publish(build: String) {
        lock.lock()
        currentBuild = build
        lock.unlock()
        send(Self.event(build: build))
    }

    /// A response that stays open and carries an event per build, starting with the current one.
    func eventStreamResponse() -> HTTPResponse {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.lock.lock(); self.listeners[id] = nil; self.lock.unlock()
        }
        lock.lock()
        listeners[id] = continuation
        let first = Data("retry: 500\n".utf8) + Self.event(build: currentBuild)
        lock.unlock()
        continuation.yield(first)
        let headers: HTTPHeaders = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        return HTTPResponse(statusCode: .ok, headers: headers, body: HTTPBodySequence(from: EventStreamBody(events: stream)))
    }

    /// Ends every stream, so that connections can close when the server stops.
    func finish() {
        lock.lock()
        let open = listeners.values
        listeners = [:]
        keepAlive?.cancel()
        lock.unlock()
        open.forEach { $0.finish() }
    }

    var listenerCount: Int {
        lock.lock(); defer { lock.unlock() }
        return listeners.count
    }

    private func send(_ data: Data) {
        lock.lock()
        let open = Array(listeners.values)
        lock.unlock()
        open.forEach { $0.yield(data) }
    }

    private static func event(build: String) -> Data {
        Data("event: build\ndata: \(build)\n\n".utf8)
    }
}

/// The bytes of an event stream as FlyingFox sends a body: one buffer per event, written as soon
/// as it is there (FlyingFox frames each buffer as one HTTP chunk).
struct EventStreamBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator {
        Iterator(events: events.makeAsyncIterator())
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.Iterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            if pending.isEmpty {
                guard let data = await events.next() else { return nil }
                pending = Array(data)
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let data = await events.next() else { return nil }
                pending = Array(data)
            }
            let buffer = Array(pending.prefix(Swift.max(count, 1)))
            pending.removeFirst(buffer.count)
            return buffer
        }
    }
}
