import Foundation
import SiteTemplates
import SiteRendering
import Testing
import GuideTestSupport
@testable import PreviewServer
import SiteBuilder

/// Saving a file rebuilds the site and tells open pages to reload; a broken file shows its
/// diagnostics in the browser while everything else keeps being served.
@Suite struct RebuildTests {
    @Test func reloadStreamSendsTheCurrentBuildThenAnEventPerRebuild() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let first = try await events.nextBuild()
            #expect(events.headers.hasPrefix("HTTP/1.1 200"))
            #expect(events.headers.lowercased().contains("content-type: text/event-stream"))
            #expect(events.headers.lowercased().contains("cache-control: no-store"))
            // The page served now carries the same number, so it does not reload for nothing.
            #expect(try await fixture.get("/about/").text.contains("data-build=\"\(first)\""))

            try fixture.edit("Content/about.md") { $0 + "\nA new paragraph.\n" }
            let second = try await events.nextBuild(after: first)
            #expect(try await fixture.get("/about/").text.contains("data-build=\"\(second)\""))

            try fixture.edit("Templates/page.mustache") { $0 + "<!-- template edit -->" }
            let (templated, third) = try await fixture.page("/about/", after: second, events: events) { $0.text.contains("<!-- template edit -->") }
            #expect(templated.text.contains("<!-- template edit -->"))

            // A new stylesheet has a new name; the reloaded page names it, and the old one is gone.
            let oldStylesheet = try fixture.published("/css/site.css")
            try fixture.edit("Public/css/site.css") { $0 + "p { margin: 0; }\n" }
            let (styled, fourth) = try await fixture.page("/about/", after: third, events: events) { !$0.text.contains(oldStylesheet) }
            let newStylesheet = try fixture.published("/css/site.css")
            #expect(newStylesheet != oldStylesheet)
            #expect(styled.text.contains("href=\"../\(newStylesheet.dropFirst())\" integrity=\"sha384-"))
            #expect(try await fixture.get(newStylesheet).text.hasSuffix("p { margin: 0; }\n"))
            #expect(try await fixture.get(oldStylesheet).status == 404)
            #expect(Set([first, second, third, fourth]).count == 4)
        }
    }

    @Test func contentEditIsServedAfterTheRebuild() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let before = try await events.nextBuild()
            #expect(!(try await fixture.get("/drugs/olaparib/").text.contains("Take it with water")))

            try fixture.edit("Content/drugs/olaparib.md") { $0 + "\nTake it with water.\n" }
            let (page, _) = try await fixture.page("/drugs/olaparib/", after: before, events: events) { $0.text.contains("Take it with water") }
            #expect(page.status == 200)
            #expect(page.text.contains("<p>Take it with water.</p>"))
            #expect(fixture.log.contains("drugs/olaparib.md changed: rebuilt"))
        }
    }

    @Test func brokenEditShowsTheErrorPageWhileServingAndTheFixRecovers() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let good = try await events.nextBuild()

            try fixture.edit("Content/about.md") { $0 + "\nSee <the [team](team.md).\n" }
            let (errorPage, broken) = try await fixture.page("/about/", after: good, events: events) { $0.status == 500 }
            let line = try fixture.read("Content/about.md").components(separatedBy: "\n").firstIndex { $0.contains("team.md") }! + 1

            #expect(errorPage.status == 500)
            #expect(errorPage["Content-Type"] == "text/html; charset=utf-8")
            #expect(errorPage["Cache-Control"] == "no-store")
            let text = errorPage.text
            #expect(text.contains("Content/about.md:\(line):"), "file:line:column")
            #expect(text.contains("error: link to a missing page"))
            #expect(text.contains("See &lt;the [team](team.md)."), "the source line, escaped")
            #expect(!text.contains("See <the"), "nothing from the file is sent unescaped")
            #expect(text.contains("data-build=\"\(broken)\""), "the error page reloads too")
            // Every page answers the same while the build is broken; other files still load.
            #expect(try await fixture.get("/").status == 500)
            #expect(try await fixture.get(try fixture.published("/css/site.css")).status == 200)
            // The terminal says the same.
            #expect(fixture.log.contains("about.md:\(line):"))
            #expect(fixture.log.contains("build failed: 1 error"))

            try fixture.edit("Content/about.md") { $0.replacingOccurrences(of: "See <the [team](team.md).", with: "See the [home page](index.md).") }
            let (fixed, _) = try await fixture.page("/about/", after: broken, events: events) { $0.status == 200 }
            #expect(fixed.status == 200)
            #expect(fixed.text.contains("See the <a href=\"../index.html\">home page</a>."))
        }
    }

    @Test func brokenFrontMatterAlsoRecovers() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let good = try await events.nextBuild()

            try fixture.edit("Content/about.md") { $0.replacingOccurrences(of: "summary: About About.", with: "summary: [unclosed") }
            let (errorPage, broken) = try await fixture.page("/about/", after: good, events: events) { $0.status == 500 }
            #expect(errorPage.status == 500)
            // At the bracket never closed, not on the next line where YAML gives up.
            #expect(errorPage.text.contains("Content/about.md:3:10: error: the list opened here with &#39;[&#39; is never closed"))
            #expect(errorPage.text.contains("3 | summary: [unclosed"))

            try fixture.edit("Content/about.md") { $0.replacingOccurrences(of: "summary: [unclosed", with: "summary: Who writes the guide.") }
            let (fixed, _) = try await fixture.page("/about/", after: broken, events: events) { $0.status == 200 }
            #expect(fixed.status == 200)
            #expect(fixed.text.contains("<title>About</title>"))
        }
    }

    @Test func newPageIsServedAfterTheRebuild() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let before = try await events.nextBuild()
            #expect(try await fixture.get("/contact/").status == 404)
            try fixture.write("Content/contact.md", ServerFixture.page("Contact", "Write to us.\n"))
            let (page, _) = try await fixture.page("/contact/", after: before, events: events) { $0.status == 200 }
            #expect(page.status == 200)
            #expect(page.text.contains("Write to us."))
        }
    }

    /// Through the running preview: a stale page is one warning after every save of another page
    /// (the model once kept what it reported, and each save added one), and the folder it serves is
    /// what `guide build` writes.
    @Test func savesThroughThePreviewSayWhatAFullBuildSays() async throws {
        let fixture = try ServerFixture()
        try fixture.edit("Content/drugs/olaparib.md") { $0.replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2024-01-01") }
        try await fixture.start()
        do {
            let events = try await EventStreamListener(port: fixture.port)
            var build = try await events.nextBuild()
            for save in 1...3 {
                try fixture.edit("Content/about.md") { $0 + "\nSaved \(save).\n" }
                (_, build) = try await fixture.page("/about/", after: build, events: events) { $0.text.contains("Saved \(save).") }
            }
            // A save that lands while a build runs stops it ("build stopped for a newer change"); every
            // build that finished is counted.
            let summaries = fixture.log.split(separator: "\n").filter { $0.contains("about.md changed:") && !$0.contains("stopped") }
            #expect((1...3).contains(summaries.count), "\(fixture.log)")
            #expect(summaries.allSatisfy { $0.contains(", 1 warning;") }, "\(summaries)")

            var options = fixture.options
            options.outputFolder = fixture.root.appendingPathComponent("Reference")
            let reference = SiteBuild(options: options).run()
            #expect(reference.diagnostics.warningCount == 1)
            #expect(try SiteFolder.snapshot(fixture.output) == SiteFolder.snapshot(options.outputFolder))
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

}
