import Foundation
import SiteTemplates
import SiteRendering
import Testing

/// Any web page can make the browser send a huge request to 127.0.0.1. The preview refuses one as
/// soon as it has read past the limit, and keeps answering everyone else meanwhile.
@Suite struct RequestLimitTests {
    static func head(target: String, port: Int, extra: String = "") -> [UInt8] {
        Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)Connection: close\r\n\r\n".utf8)
    }

    /// The status of a response, or nil when the connection closed before one came.
    static func status(_ raw: Data) -> Int? {
        try? HTTPTestClient.parse(raw, method: "GET").status
    }

    @Test func hugeRequestLineIsRefusedAtOnceWhileOthersAreServed() async throws {
        try await withServer { fixture async throws in
            let huge = Self.head(target: "/" + String(repeating: "a", count: 256 * 1024), port: fixture.port)
            let clock = ContinuousClock()
            let started = clock.now
            async let first = HTTPTestClient.exchange(port: fixture.port, huge)
            async let second = HTTPTestClient.exchange(port: fixture.port, huge)
            async let page = fixture.get("/about/")
            let (answers, normal) = (try await [first, second], try await page)
            let elapsed = clock.now - started
            for raw in answers {
                // The answer, or a connection closed under a client that was still sending.
                let status = Self.status(raw)
                #expect(status == 414 || (status == nil && raw.isEmpty), "\(String(decoding: raw.prefix(200), as: UTF8.self))")
            }
            #expect(normal.status == 200)
            #expect(normal.text.contains("People who write the guide."))
            // FlyingFox took 28 s of CPU for one such line; bounded parsing takes milliseconds. The
            // bound is loose on purpose, so that a busy 2-core machine cannot fail it.
            #expect(elapsed < .seconds(10), "took \(elapsed)")
        }
    }

    @Test func requestLineOver8KBGets414() async throws {
        try await withServer { fixture async throws in
            let long = "/about/?q=" + String(repeating: "a", count: 8 * 1024)
            #expect(try await fixture.get(long).status == 414)
            // A request line of exactly 8 KB is still read.
            let fits = "/about/?q=" + String(repeating: "a", count: 8 * 1024 - "GET /about/?q= HTTP/1.1\r".utf8.count)
            #expect(try await fixture.get(fits).status == 200)
        }
    }

    @Test func headersOver32KBGet431() async throws {
        try await withServer { fixture async throws in
            let line = "X-Filler: " + String(repeating: "b", count: 1000) + "\r\n"
            let tooMany = String(repeating: line, count: 40)
            let refused = try await HTTPTestClient.exchange(port: fixture.port, Self.head(target: "/about/", port: fixture.port, extra: tooMany))
            #expect(Self.status(refused) == 431)
            let one = "X-Filler: " + String(repeating: "b", count: 40 * 1024) + "\r\n"
            let single = try await HTTPTestClient.exchange(port: fixture.port, Self.head(target: "/about/", port: fixture.port, extra: one))
            #expect(Self.status(single) == 431)
            // What browsers send, and a good deal more, is fine.
            let plenty = String(repeating: line, count: 28)
            let served = try await HTTPTestClient.exchange(port: fixture.port, Self.head(target: "/about/", port: fixture.port, extra: plenty))
            #expect(Self.status(served) == 200)
        }
    }

    @Test func refusalsCarryNoBody() async throws {
        try await withServer { fixture async throws in
            let response = try await fixture.get("/" + String(repeating: "a", count: 9000))
            #expect(response.status == 414)
            #expect(response["Connection"] == "close")
            #expect(response.body.isEmpty)
        }
    }
}
