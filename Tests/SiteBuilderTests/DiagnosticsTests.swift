import Diagnostics
import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import GuideModel
import GuideTestSupport
import Testing
@testable import SiteBuilder

/// Each kind of bad input gives one precise diagnostic (file, line, column, message) and writes nothing.
@Suite struct DiagnosticsTests {
    @Test func malformedYAMLPointsIntoTheMarkdownFile() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", "---\ntitle: About\nsummary: [unclosed\nreviewed: 2026-11-01\n---\nText\n")
        let error = try only(fixture.build(), "Content/about.md")
        // At the bracket never closed, not on the next line where YAML gives up.
        #expect(error.line == 3)
        #expect(error.column == 10)
        #expect(error.message == "the list opened here with '[' is never closed")
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func valueWithColonGetsAQuotingHint() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", "---\ntitle: About: us\nsummary: x\n---\nText\n")
        let error = try only(fixture.build(), "Content/about.md")
        #expect(error.line == 2)
        #expect(error.column == 13) // the second colon
        #expect(error.suggestion?.contains("quoted") == true)
    }

    @Test func unclosedFrontMatter() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", "---\ntitle: About\n\nText\n")
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "front matter is never closed")
    }

    @Test func wrongTypeForAField() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About").replacingOccurrences(of: "summary: About About.", with: "summary: [a, b]"))
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (3, 10))
        #expect(error.message == "field 'summary' must be text")
        #expect(error.suggestion == "here it is written as a list")
    }

    @Test func unknownFieldSuggestsTheClosestKnownOne() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About", extra: "sumary: typo\n"))
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (8, 1))
        #expect(error.message == "unknown field 'sumary' for a page page")
        #expect(error.suggestion == "did you mean 'summary'?")
    }

    @Test func linkToAMissingPageSuggestsTheClosestPage() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About", "Intro.\n\nSee [it](drugs/olaprib.md) now.\n"))
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (11, 5))
        #expect(error.message == "link to a missing page 'drugs/olaprib.md'")
        #expect(error.suggestion == "did you mean 'drugs/olaparib.md'?")
        #expect(error.sourceLine == "See [it](drugs/olaprib.md) now.")
    }

    @Test func linkToAMissingHeading() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About", "[how](drugs/olaparib.md#how-you-get)\n"))
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (9, 1))
        #expect(error.message == "link to a missing heading '#how-you-get' on 'drugs/olaparib.md'")
        #expect(error.suggestion == "did you mean 'how-you-get-it'?")
    }

    @Test func linkOutOfTheContentFolderSaysHowFarUpIsAllowed() throws {
        let fixture = try Fixture()
        let page = Fixture.page("Olaparib", "See [it](../../secret.md).\n", extra: FixturePages.olaparibFields())
        try fixture.write("Content/drugs/olaparib.md", page)
        let errors = fixture.build().diagnostics.filter { $0.path?.hasSuffix("Content/drugs/olaparib.md") == true }
        let error = try #require(errors.first)
        let line = page.components(separatedBy: "\n").firstIndex { $0.hasPrefix("See [it]") }! + 1
        #expect((error.line, error.column) == (line, 5))
        #expect(error.message == "link '../../secret.md' points outside the content folder")
        #expect(error.suggestion == "this page is 1 folder down, so at most 1 '../' stay inside the content folder")
    }

    @Test func linkToAMissingHeadingOnTheSamePage() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About", "## Who we are\n\n[up](#who-were)\n"))
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (11, 1))
        #expect(error.message == "link to a missing heading '#who-were' on this page")
    }

    @Test func twoPagesClaimingOneAddress() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about/index.md", Fixture.page("About again"))
        let error = try only(fixture.build(), "Content/about/index.md")
        #expect(error.message.contains("page address '/about/' is also claimed by"))
        #expect(error.message.hasSuffix("Content/about.md"))
    }

    @Test func invalidUTF8PointsAtTheFirstBadByte() throws {
        let fixture = try Fixture()
        var bytes = Data(Fixture.page("About", "Caf").utf8)
        bytes.append(0xE9) // Latin-1 é
        bytes.append(contentsOf: Array(" au lait\n".utf8))
        try fixture.write("Content/about.md", bytes)
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (9, 4))
        #expect(error.message.contains("not valid UTF-8"))
        #expect(error.message.contains("0xE9"))
    }

    @Test func emptyFile() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", "")
        let error = try only(fixture.build(), "Content/about.md")
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "file is empty")
    }

    @Test func missingTemplate() throws {
        let fixture = try Fixture()
        try fixture.remove("Templates/drug.mustache")
        let error = try only(fixture.build(), "Templates/drug.mustache")
        #expect(error.message.hasPrefix("missing template 'drug.mustache' (needed by"))
        #expect(error.message.contains("Content/drugs/olaparib.md"))
    }

    @Test func missingPartialPointsAtTheTag() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/page.mustache", "{{< layout}}{{$main}}\n  {{> partials/footr}}\n{{/main}}{{/layout}}\n")
        let error = try only(fixture.build(), "Templates/page.mustache")
        #expect((error.line, error.column) == (2, 3))
        #expect(error.message.hasPrefix("partial 'partials/footr' does not exist"))
    }

    @Test func templateSyntaxError() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/page.mustache", "{{< layout}}{{$main}}\n{{#page}}\n<h1>{{title}}</h1>\n{{/pages}}\n{{/main}}{{/layout}}\n")
        let error = try only(fixture.build(), "Templates/page.mustache")
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("template syntax error"))
    }

    @Test func unreadableFile() throws {
        let fixture = try Fixture()
        // A dangling symlink cannot be read, whoever runs the test (root can read any mode).
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("Content/broken.md").path,
                                                   withDestinationPath: "/nonexistent/file.md")
        let report = fixture.build()
        let errors = report.diagnostics.filter { $0.message.hasPrefix("cannot read file") }
        #expect(errors.count == 1)
        #expect(errors.first?.path?.hasSuffix("Content/broken.md") == true)
        #expect(!report.succeeded)
    }

    @Test func allProblemsAreReportedTogetherInFileOrder() throws {
        let fixture = try Fixture()
        try fixture.write("Content/about.md", Fixture.page("About", "[a](missing.md)\n\n[b](gone.md)\n"))
        try fixture.write("Content/zz.md", "")
        let report = fixture.build()
        #expect(report.diagnostics.map(\.line) == [9, 11, 1])
        #expect(report.diagnostics == report.diagnostics.sorted())
    }

    @Test func formatterShowsSourceLineAndCaret() {
        let file = SourceFile(path: "Content/a.md", text: "one\n\tsee [x](y.md)\n")
        let text = DiagnosticFormatter(colors: false).format(file.error("link to a missing page 'y.md'", line: 2, column: 6, suggestion: "did you mean 'x.md'?"))
        #expect(text == """
            Content/a.md:2:6: error: link to a missing page 'y.md'
              |
            2 | \tsee [x](y.md)
              | \t    ^
              suggestion: did you mean 'x.md'?

            """)
    }
}

/// A file name becomes an id inside attributes and addresses, so hostile names never reach a page.
@Suite struct FileNameTests {
    @Test func fileNameOutsideLettersDigitsAndHyphensIsAnErrorAndNotPublished() throws {
        let fixture = try Fixture()
        let hostile = "glossary/zq\"><img src=x onerror=alert(1)>.md"
        try fixture.write("Content/" + hostile, Fixture.page("Zq"))
        let report = fixture.build()
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.description))")
        let error = try #require(errors.first)
        #expect(error.path?.hasSuffix("Content/" + hostile) == true)
        #expect(error.message.contains("lower-case letters, digits and hyphens"))
        #expect(error.suggestion == "rename it to 'glossary/zq-img-src-x-onerror-alert-1.md'")
        #expect(!report.succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func upperCaseFolderIsReportedToo() throws {
        let fixture = try Fixture()
        try fixture.write("Content/Drugs/olaparib.md", Fixture.page("Olaparib"))
        let report = fixture.build()
        #expect(report.diagnostics.contains { $0.path?.hasSuffix("Content/Drugs/olaparib.md") == true && $0.suggestion == "rename it to 'drugs/olaparib.md'" })
    }
}
