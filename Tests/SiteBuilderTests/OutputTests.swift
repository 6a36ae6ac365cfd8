import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideTestSupport
@testable import SiteBuilder

@Suite struct OutputTests {
    @Test func failedBuildLeavesThePreviousOutputByteIdentical() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let before = try fixture.snapshot()
        #expect(!before.isEmpty)
        try fixture.write("Content/about.md", Fixture.page("About", "[x](nowhere.md)\n"))
        let report = fixture.build()
        #expect(!report.succeeded)
        #expect(try fixture.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.contains("guide-tmp") || $0.contains("guide-old") }
        #expect(leftovers.isEmpty)
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() throws {
        let fixture = try Fixture()
        try fixture.write("Output/precious.txt", "keep me")
        let report = fixture.build()
        #expect(!report.succeeded)
        #expect(report.environmentError)
        #expect(report.diagnostics.first?.message.hasPrefix("refusing to replace") == true)
        #expect(try fixture.read("precious.txt") == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.output.path) == ["precious.txt"])
    }

    @Test func replacesItsOwnOutputAndAnEmptyFolder() throws {
        let fixture = try Fixture()
        try FileManager.default.createDirectory(at: fixture.output, withIntermediateDirectories: true)
        #expect(fixture.build().succeeded)
        try fixture.write("Output/stale.html", "old")
        #expect(fixture.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("stale.html").path))
        #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(".guide-output").path))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let fixture = try Fixture()
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        let first = try fixture.snapshot()
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        #expect(try fixture.snapshot() == first)
    }

    @Test func checkWritesNothing() throws {
        let fixture = try Fixture()
        let report = fixture.build(write: false)
        #expect(report.succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func publicFilesAreCopiedVerbatim() throws {
        let fixture = try Fixture()
        try fixture.write("Public/img/a.bin", Data([0, 1, 2, 255]))
        #expect(fixture.build().succeeded)
        #expect(try Data(contentsOf: fixture.output.appendingPathComponent("img/a.bin")) == Data([0, 1, 2, 255]))
        #expect(try fixture.readAsset("css/site.css") == "body { color: black; }\n")
    }

    @Test func sitemapAndCanonicalOnlyWithABaseURL() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("sitemap.xml").path))
        #expect(try !fixture.read("index.html").contains("canonical"))
        #expect(try fixture.read("robots.txt") == "User-agent: *\nAllow: /\n")
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        let sitemap = try fixture.read("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/guide/drugs/olaparib/</loc><lastmod>2026-11-01</lastmod>"))
        #expect(try fixture.read("drugs/olaparib/index.html").contains("<link rel=\"canonical\" href=\"https://example.org/guide/drugs/olaparib/\">"))
        #expect(try fixture.read("robots.txt").contains("Sitemap: https://example.org/guide/sitemap.xml"))
    }
}

@Suite struct SetUpTests {
    @Test func missingTemplatesFolderIsOneEnvironmentError() throws {
        let fixture = try Fixture()
        try fixture.remove("Templates")
        let report = fixture.build()
        #expect(report.environmentError)
        #expect(report.diagnostics.map(\.message) == ["templates folder '\(fixture.root.appendingPathComponent("Templates").path)' does not exist"])
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }
}

@Suite struct SwapTests {
    /// The new site replaces the old in one step, so a web server never finds no Output/ at all.
    @Test func exchangeSwapsTwoFoldersInOneStep() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("guide-swap-\(UUID().uuidString)")
        let old = root.appendingPathComponent("Output"), new = root.appendingPathComponent(".Output.guide-tmp-1-x")
        for (folder, text) in [(old, "old"), (new, "new")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        }
        #expect(OutputFolder.exchange(new.path, old.path))
        #expect(try String(contentsOf: old.appendingPathComponent("index.html"), encoding: .utf8) == "new")
        #expect(try String(contentsOf: new.appendingPathComponent("index.html"), encoding: .utf8) == "old")
    }

    @Test func rebuildLeavesOnlyTheNewSite() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        try fixture.write("Content/about.md", Fixture.page("About", "Changed.\n"))
        #expect(fixture.build().succeeded)
        #expect(try fixture.read("about/index.html").contains("Changed."))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.contains("guide-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
