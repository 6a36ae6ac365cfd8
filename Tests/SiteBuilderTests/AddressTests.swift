import Foundation
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// Addresses never vanish: every address a build published is in Content/addresses.txt, a page
/// that moves keeps its old address through `moved-from:` (a redirect page and `_redirects`),
/// and an address that would vanish fails the build, saying where to add `moved-from:`.
@Suite struct AddressTests {
    static let redirectTemplate: String = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! String(contentsOf: repository.appendingPathComponent("Templates/redirect.mustache"), encoding: .utf8)
    }()

    /// The small site with the redirect template, and a page no other page links to, free to move.
    func fixture() throws -> Fixture {
        var pages = Fixture.minimalSite
        pages["contact.md"] = Fixture.page("Contact us")
        return try Fixture(pages, templates: Fixture.templates.merging(["redirect.mustache": Self.redirectTemplate]) { $1 })
    }

    func ledger(_ fixture: Fixture) throws -> [String] {
        try String(contentsOf: fixture.root.appendingPathComponent("Content/addresses.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    /// Renames a content file, as an editor who renames a page does.
    func rename(_ fixture: Fixture, _ from: String, _ to: String, extra: String = "") throws {
        var text = try String(contentsOf: fixture.root.appendingPathComponent("Content/" + from), encoding: .utf8)
        if !extra.isEmpty { text = text.replacingOccurrences(of: "reviewed:", with: extra + "\nreviewed:") }
        try fixture.remove("Content/" + from)
        try fixture.write("Content/" + to, text)
    }

    @Test func theFirstBuildRecordsEveryAddressSorted() throws {
        let fixture = try fixture()
        #expect(fixture.build().succeeded)
        let addresses = try ledger(fixture)
        #expect(addresses == addresses.sorted())
        #expect(addresses.contains("/") && addresses.contains("/drugs/olaparib/") && addresses.contains("/glossary/brca/"))
        #expect(addresses.contains("/handouts/brca-positive/"))
    }

    @Test func checkNeverWritesTheLedger() throws {
        let fixture = try fixture()
        #expect(fixture.build(write: false).succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("Content/addresses.txt").path))
    }

    @Test func aRenamedPageFailsTheBuildAndSaysWhereToAddMovedFrom() throws {
        let fixture = try fixture()
        #expect(fixture.build().succeeded)
        let before = try fixture.snapshot()
        try rename(fixture, "contact.md", "write-to-us.md")
        let report = fixture.build()
        let error = try only(report, "Content/addresses.txt")
        #expect(error.message.contains("'/contact/'"))
        #expect(error.line == (try ledger(fixture)).firstIndex(of: "/contact/")! + 4)
        #expect(error.suggestion?.contains("moved-from: [contact/]") == true)
        #expect(error.suggestion?.contains("Content/write-to-us.md") == true)
        #expect(try fixture.snapshot() == before, "a failed build leaves the output as it was")
    }

    @Test func movedFromWritesARedirectPageAndARedirectsLine() throws {
        let fixture = try fixture()
        #expect(fixture.build().succeeded)
        try rename(fixture, "contact.md", "write-to-us.md", extra: "moved-from: [contact/]")
        let report = fixture.build(baseURL: "https://example.org/guide/")
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try fixture.read("contact/index.html")
        #expect(page.contains(#"<meta http-equiv="refresh" content="0; url=../write-to-us/index.html">"#))
        #expect(page.contains(#"<link rel="canonical" href="https://example.org/guide/write-to-us/">"#))
        #expect(page.contains(#"<a href="../write-to-us/index.html">Contact us</a>"#))
        #expect(try fixture.read("_redirects").contains("/guide/contact/ /guide/write-to-us/ 301!\n"))
        let addresses = try ledger(fixture)
        #expect(addresses.contains("/contact/") && addresses.contains("/write-to-us/"))
        // The next build keeps both without a word.
        #expect(fixture.build().succeeded)
    }

    @Test func aMovedCellTypeTakesItsHandoutWithIt() throws {
        let fixture = try fixture()
        #expect(fixture.build().succeeded)
        try rename(fixture, "cell-types/brca-positive.md", "cell-types/brca-mutated.md", extra: "moved-from: [cell-types/brca-positive/]")
        let report = fixture.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(try fixture.read("handouts/brca-positive/index.html").contains("url=../brca-mutated/index.html"))
        #expect(try fixture.read("_redirects").contains("/handouts/brca-positive/ /handouts/brca-mutated/ 301!"))
    }

    @Test func aHandoutThatVanishesWithItsPageIsOneError() throws {
        let fixture = try fixture()
        #expect(fixture.build().succeeded)
        try rename(fixture, "cell-types/brca-positive.md", "cell-types/brca-mutated.md")
        let error = try only(fixture.build(), "Content/addresses.txt")
        #expect(error.message.contains("'/cell-types/brca-positive/'"))
    }

    @Test func movedFromMustBeAnOldAddressOfThisSite() throws {
        let fixture = try fixture()
        let about = try String(contentsOf: fixture.root.appendingPathComponent("Content/about.md"), encoding: .utf8)
        try fixture.write("Content/about.md", about.replacingOccurrences(of: "reviewed:", with: "moved-from: [drugs/olaparib/]\nreviewed:"))
        let current = try only(fixture.build(), "Content/about.md")
        #expect(current.message.contains("is the address of ") && current.message.contains("Content/drugs/olaparib.md now"))
        #expect(current.line == 4)
        try fixture.write("Content/about.md", about.replacingOccurrences(of: "reviewed:", with: "moved-from: [\"https://example.org/about\"]\nreviewed:"))
        let foreign = try only(fixture.build(), "Content/about.md")
        #expect(foreign.message.contains("is not an address of this site"))
    }

    @Test func aRedirectNeedsItsTemplate() throws {
        let fixture = try Fixture()
        let about = try String(contentsOf: fixture.root.appendingPathComponent("Content/about.md"), encoding: .utf8)
        try fixture.write("Content/about.md", about.replacingOccurrences(of: "reviewed:", with: "moved-from: [who-we-are/]\nreviewed:"))
        let error = try only(fixture.build(), "Templates/redirect.mustache")
        #expect(error.message.contains("missing template 'redirect.mustache'"))
    }
}
