import Foundation
import SiteTemplates
import SiteRendering
import Testing
@testable import PreviewServer
#if canImport(Glibc)
import Glibc
#endif

/// Connections that send nothing, or a request head too slowly, are closed after a few seconds,
/// so that they cannot pile up; the event stream, a response still being written, stays open.
@Suite struct IdleTimeoutTests {
    /// Seconds until the server closes a connection that sends `chunks`, one every `interval`
    /// seconds (and then nothing); at most `limit`.
    static func secondsUntilClosed(port: Int, sending chunks: [String], every interval: Double, limit: Double = 20) async throws -> Double {
        try await HTTPTestClient.onThread {
            let socket = try HTTPTestClient.connect(port: port)
            defer { close(socket) }
            var timeout = timeval(tv_sec: 0, tv_usec: Int(interval * 1_000_000))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let started = Date()
            var pending = chunks[...]
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date().timeIntervalSince(started) < limit {
                if let chunk = pending.popFirst() { try? HTTPTestClient.send(socket, chunk) }
                let count = recv(socket, &buffer, buffer.count, 0)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { break }
            }
            return Date().timeIntervalSince(started)
        }
    }

    @Test func idleAndSlowConnectionsAreClosed() async throws {
        try await withServer { fixture async throws in
            let timeout = Double(PreviewChannel.idleTimeout.nanoseconds) / 1e9
            let port = fixture.port
            // Nothing at all; half a head; a head one line every second, which never ends.
            async let silent = Self.secondsUntilClosed(port: port, sending: [], every: 0.2)
            async let half = Self.secondsUntilClosed(port: port, sending: ["GET /about/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"], every: 0.2)
            let slowly = ["GET /about/ HTTP/1.1\r\n"] + (0..<30).map { "X-Slow-\($0): 1\r\n" }
            async let trickle = Self.secondsUntilClosed(port: port, sending: slowly, every: 1)
            for (name, seconds) in [("silent", try await silent), ("half a head", try await half), ("trickled", try await trickle)] {
                #expect(seconds > timeout - 0.5 && seconds < timeout + 2, "\(name) connection closed after \(seconds) s")
            }
            // Meanwhile and after, the preview answers.
            #expect(try await fixture.get("/about/").status == 200)
        }
    }

    @Test func eventStreamOutlivesTheIdleTimeout() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let first = try await events.nextBuild()
            try await Task.sleep(nanoseconds: UInt64(PreviewChannel.idleTimeout.nanoseconds) + 2_000_000_000)
            try fixture.edit("Content/about.md") { $0 + "\nA new paragraph.\n" }
            let second = try await events.nextBuild(after: first)
            #expect(second != first)
        }
    }

    @Test func stopDoesNotWaitForAClientThatStoppedReading() async throws {
        let fixture = try ServerFixture()
        try await fixture.start()
        // Far more than the socket buffers hold, so the response cannot be written out.
        try Data(count: 64 * 1024 * 1024).write(to: fixture.output.appendingPathComponent("big.bin"))
        let socket = try HTTPTestClient.connect(port: fixture.port)
        defer { close(socket) }
        try HTTPTestClient.send(socket, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:\(fixture.port)\r\n\r\n")
        try await Task.sleep(nanoseconds: 500_000_000)
        let clock = ContinuousClock()
        let started = clock.now
        await fixture.stop()
        #expect(clock.now - started < .seconds(5))
    }
}
