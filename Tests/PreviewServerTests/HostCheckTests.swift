import Foundation
import SiteTemplates
import SiteRendering
import Testing

/// A hostile page can give a name of its own the address 127.0.0.1 (DNS rebinding) and read
/// whatever answers there. Its requests carry that name in Host: the preview answers none of them.
@Suite struct HostCheckTests {
    /// Everything the preview serves: pages, files, the reload script and stream, a 404.
    static let targets = ["/", "/about/", "/css/site.css", "/__guide/reload.js", "/__guide/events", "/no-such-page/", "/about"]

    static func expectRefused(_ response: HTTPTestResponse, _ what: String) {
        #expect(response.status == 421, "\(what) answered \(response.status)")
        #expect(response["Content-Type"] == "text/plain; charset=utf-8", "\(what)")
        #expect(response["Location"] == nil, "\(what)")
        for sign in ["<h1>", "fixture-404", "EventSource", "body {", "data-build", "event: build"] {
            #expect(!response.text.contains(sign), "\(what) sent something of the site: \(sign)")
        }
    }

    @Test func ownAddressesAreAnswered() async throws {
        try await withServer { fixture async throws in
            let port = fixture.port
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LocalHost:\(port)", "[::1]:\(port)"] {
                let response = try await fixture.get("/about/", host: host)
                #expect(response.status == 200, "\(host)")
                #expect(response.text.contains("People who write the guide."), "\(host)")
            }
        }
    }

    @Test func anotherHostGets421AndNothingOfTheSite() async throws {
        try await withServer { fixture async throws in
            let port = fixture.port
            let hosts = ["evil.example", "evil.example:\(port)", "127.0.0.1", "127.0.0.1:\(port + 1)", "localhost.evil.example:\(port)",
                         "127.0.0.1:\(port).evil.example", "[::1]", "", "127.0.0.1:\(port) x"]
            for host in hosts {
                for target in Self.targets {
                    for method in ["GET", "HEAD"] {
                        Self.expectRefused(try await fixture.get(target, method: method, host: host), "\(method) \(target) with Host '\(host)'")
                    }
                }
            }
        }
    }

    @Test func missingOrSecondHostGets421() async throws {
        try await withServer { fixture async throws in
            let port = fixture.port
            for target in Self.targets {
                let missing = "GET \(target) HTTP/1.1\r\nConnection: close\r\n\r\n"
                let second = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                let old = "GET \(target) HTTP/1.0\r\n\r\n"
                for (name, request) in [("no Host", missing), ("a second Host", second), ("HTTP/1.0 without Host", old)] {
                    let raw = try await HTTPTestClient.exchange(port: port, Array(request.utf8))
                    Self.expectRefused(try HTTPTestClient.parse(raw, method: "GET"), "\(target) with \(name)")
                }
            }
        }
    }

    @Test func errorPageIsRefusedToAnotherHost() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let good = try await events.nextBuild()
            try fixture.edit("Content/about.md") { $0 + "\nSee <the [team](team.md).\n" }
            let (errorPage, _) = try await fixture.page("/about/", after: good, events: events) { $0.status == 500 }
            #expect(errorPage.status == 500)
            let refused = try await fixture.get("/about/", host: "evil.example:\(fixture.port)")
            Self.expectRefused(refused, "the error page")
            #expect(!refused.text.contains("team.md"))
            #expect(!refused.text.contains("error:"))
        }
    }

    @Test func theHostListenedOnIsAnswered() async throws {
        let fixture = try ServerFixture()
        try await fixture.start(host: "127.0.0.2")
        let own = try await HTTPTestClient.request(port: fixture.port, target: "/about/", host: "127.0.0.2:\(fixture.port)", address: "127.0.0.2")
        let other = try await HTTPTestClient.request(port: fixture.port, target: "/about/", host: "127.0.0.3:\(fixture.port)", address: "127.0.0.2")
        await fixture.stop()
        #expect(own.status == 200)
        Self.expectRefused(other, "127.0.0.3 on a server at 127.0.0.2")
    }

    @Test func onAllAddressesTheOneReachedIsAnswered() async throws {
        // With --host 0.0.0.0 a phone opens the preview at this machine's address; a page it
        // loaded names that address, which is the one the connection came in on.
        let fixture = try ServerFixture()
        try await fixture.start(host: "0.0.0.0")
        let reached = try await HTTPTestClient.request(port: fixture.port, target: "/about/", host: "127.0.0.5:\(fixture.port)", address: "127.0.0.5")
        let elsewhere = try await HTTPTestClient.request(port: fixture.port, target: "/about/", host: "127.0.0.6:\(fixture.port)", address: "127.0.0.5")
        let named = try await HTTPTestClient.request(port: fixture.port, target: "/about/", host: "evil.example:\(fixture.port)", address: "127.0.0.5")
        await fixture.stop()
        #expect(reached.status == 200)
        Self.expectRefused(elsewhere, "another address than the one reached")
        Self.expectRefused(named, "a name")
    }
}
