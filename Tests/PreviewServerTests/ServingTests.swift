import Foundation
import SiteTemplates
import SiteRendering
import Testing
@testable import PreviewServer

/// Starts a preview over a fresh fixture, runs `body`, and always stops the server.
func withServer(_ body: (ServerFixture) async throws -> Void) async throws {
    let fixture = try ServerFixture()
    try await fixture.start()
    do {
        try await body(fixture)
    } catch {
        await fixture.stop()
        throw error
    }
    await fixture.stop()
}

/// Requests over a real socket: what the preview sends for pages, folders, files and errors.
@Suite struct ServingTests {
    @Test func printsALoopbackAddressWithTheChosenPort() async throws {
        let fixture = try ServerFixture()
        let address = try await fixture.start()
        await fixture.stop()
        #expect(fixture.port > 0)
        #expect(address == "http://127.0.0.1:\(fixture.port)/")
        #expect(!fixture.log.contains("warning"))
    }

    @Test func folderServesItsIndexHTML() async throws {
        try await withServer { fixture async throws in
            let home = try await fixture.get("/")
            #expect(home.status == 200)
            #expect(home["Content-Type"] == "text/html; charset=utf-8")
            #expect(home.text.contains("<h1>Home</h1>"))

            let about = try await fixture.get("/about/")
            #expect(about.status == 200)
            #expect(about.text.contains("People who write the guide."))

            let explicit = try await fixture.get("/about/index.html")
            #expect(explicit.status == 200)
            #expect(explicit.text == about.text)
        }
    }

    @Test func folderWithoutSlashRedirectsToTheSlash() async throws {
        try await withServer { fixture async throws in
            let response = try await fixture.get("/drugs/olaparib")
            #expect(response.status == 302)
            #expect(response["Location"] == "/drugs/olaparib/")

            let withQuery = try await fixture.get("/about?x=1")
            #expect(withQuery.status == 302)
            #expect(withQuery["Location"] == "/about/?x=1")
        }
    }

    @Test func missingAddressGetsTheSite404PageWithStatus404() async throws {
        try await withServer { fixture async throws in
            for target in ["/no-such-page/", "/drugs/no-such-drug/", "/missing.css", "/about/index.html/"] {
                let response = try await fixture.get(target)
                #expect(response.status == 404, "\(target)")
                #expect(response.text.contains("fixture-404"), "\(target)")
                #expect(response["Content-Type"] == "text/html; charset=utf-8")
            }
        }
    }

    @Test func headSendsTheHeadersOfGetWithoutABody() async throws {
        try await withServer { fixture async throws in
            for target in ["/", "/css/site.css", "/no-such-page/"] {
                let get = try await fixture.get(target)
                let head = try await fixture.get(target, method: "HEAD")
                #expect(head.status == get.status, "\(target)")
                #expect(head.body.isEmpty, "\(target)")
                #expect(head["Content-Length"] == String(get.body.count), "\(target)")
                #expect(head["Content-Type"] == get["Content-Type"], "\(target)")
            }
        }
    }

    @Test func otherMethodsAreRefused() async throws {
        try await withServer { fixture async throws in
            let response = try await fixture.get("/", method: "POST")
            #expect(response.status == 405)
            #expect(response["Allow"] == "GET, HEAD")
        }
    }

    @Test func contentTypesFollowTheExtension() async throws {
        try await withServer { fixture async throws in
            let expected = [
                "/css/site.css": "text/css; charset=utf-8",
                "/js/app.js": "text/javascript; charset=utf-8",
                "/notes.txt": "text/plain; charset=utf-8",
                "/data.json": "application/json",
                "/images/logo.svg": "image/svg+xml",
                "/fonts/body.woff2": "font/woff2",
                "/files/blob.bin": "application/octet-stream",
                "/search-index.js": "text/javascript; charset=utf-8",
                "/about/": "text/html; charset=utf-8",
            ]
            for (source, type) in expected {
                // Stylesheets and scripts are served under the names with their hash.
                let target = source.hasSuffix(".css") || source.hasSuffix(".js") ? try fixture.published(source) : source
                let response = try await fixture.get(target)
                #expect(response.status == 200, "\(target)")
                #expect(response["Content-Type"] == type, "\(target)")
            }
            let css = try await fixture.get(try fixture.published("/css/site.css"))
            #expect(css.text == ServerFixture.publicFiles["css/site.css"])
        }
    }

    @Test func htmlIsNeverCachedAndAssetsAreRevalidated() async throws {
        try await withServer { fixture async throws in
            #expect(try await fixture.get("/about/")["Cache-Control"] == "no-store")
            #expect(try await fixture.get("/no-such-page/")["Cache-Control"] == "no-store")
            #expect(try await fixture.get(try fixture.published("/css/site.css"))["Cache-Control"] == "no-cache")
        }
    }

    @Test func responsesCloseTheirConnectionButTheEventStreamStaysOpen() async throws {
        // See PreviewChannel: one request per connection.
        try await withServer { fixture async throws in
            for target in ["/", "/css/site.css", "/no-such-page/", "/about"] {
                #expect(try await fixture.get(target)["Connection"] == "close", "\(target)")
            }
            let events = try await EventStreamListener(port: fixture.port)
            _ = try await events.nextBuild()
            #expect(!events.headers.lowercased().contains("connection: close"))
        }
    }

    @Test func htmlCarriesTheReloadScriptButTheBuiltFilesDoNot() async throws {
        try await withServer { fixture async throws in
            let served = try await fixture.get("/about/")
            #expect(served.text.contains("<script src=\"/__guide/reload.js\" data-build=\""))
            #expect(served.text.range(of: "<script src=\"/__guide/reload.js\"")!.lowerBound < served.text.range(of: "</body>")!.lowerBound)
            let notFound = try await fixture.get("/nothing/")
            #expect(notFound.text.contains("/__guide/reload.js"))
            // Only the served copy has it: the output folder is what `guide build` writes.
            let onDisk = try fixture.read("Output/about/index.html")
            #expect(!onDisk.contains("__guide"))
            let css = try await fixture.get(try fixture.published("/css/site.css"))
            #expect(css.status == 200 && !css.text.contains("__guide"))

            let script = try await fixture.get("/__guide/reload.js")
            #expect(script.status == 200)
            #expect(script["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("new EventSource(\"/__guide/events\")"))
        }
    }

    @Test func anotherHostIsAllowedWithAWarning() async throws {
        let fixture = try ServerFixture()
        let address = try await fixture.start(host: "0.0.0.0")
        let response = try await fixture.get("/")
        await fixture.stop()
        #expect(address.hasPrefix("http://0.0.0.0:"))
        #expect(response.status == 200)
        #expect(fixture.log.contains("warning: serving on 0.0.0.0, not 127.0.0.1"))
    }

    @Test func hostThatIsNotAnAddressIsRefused() async throws {
        let fixture = try ServerFixture()
        await #expect(throws: PreviewServerError.badHost("example.org")) {
            try await fixture.start(host: "example.org")
        }
    }

    @Test func outputFolderThatGuideDidNotWriteStopsTheStart() async throws {
        let fixture = try ServerFixture()
        try fixture.write("Output/notes.txt", "someone's own file\n")
        await #expect(throws: PreviewServerError.self) {
            try await fixture.start()
        }
        #expect(fixture.log.contains("refusing to replace"))
        #expect(try fixture.read("Output/notes.txt") == "someone's own file\n")
    }

    @Test func portInUseIsAClearError() async throws {
        try await withServer { fixture async throws in
            var options = fixture.options
            options.outputFolder = fixture.root.appendingPathComponent("Output2")
            let second = PreviewServer(options: options, port: fixture.port) { _ in }
            await #expect(throws: PreviewServerError.portInUse(host: "127.0.0.1", port: fixture.port)) {
                _ = try await second.start()
            }
            // The first server is unaffected.
            #expect(try await fixture.get("/").status == 200)
        }
    }
}
