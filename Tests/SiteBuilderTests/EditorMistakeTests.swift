import Diagnostics
import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import GuideModel
import GuideTestSupport
import Testing
@testable import SiteBuilder

/// Mistakes that used to publish silently: each is now one diagnostic at its own file, line and
/// column, with what to write instead. Fixture pages put their body on line 9.
@Suite struct EditorMistakeTests {
    /// The only diagnostic of a build of the minimal site with `files` changed.
    func single(_ files: [String: String]) throws -> Diagnostic {
        let fixture = try Fixture(Fixture.minimalSite.merging(files) { _, new in new })
        let diagnostics = fixture.build().diagnostics
        #expect(diagnostics.count == 1, "got: \(diagnostics.map(\.description))")
        return try #require(diagnostics.first)
    }

    func about(_ body: String) -> [String: String] { ["about.md": Fixture.page("About", body)] }

    @Test func rawHTMLIsReportedWithItsMarkdown() throws {
        let error = try single(about("Some <b>bold</b> text.\n"))
        #expect(error.path?.hasSuffix("Content/about.md") == true)
        #expect((error.severity, error.line, error.column) == (.error, 9, 6))
        #expect(error.message == "HTML '<b>' is not published, and neither is the text inside it")
        #expect(error.suggestion == "write **bold text** instead")
    }

    @Test func htmlCommentsStayQuiet() throws {
        let fixture = try Fixture(Fixture.minimalSite.merging(about("Text.\n\n<!-- a note for editors -->\n")) { _, new in new })
        #expect(fixture.build().diagnostics.isEmpty)
    }

    @Test func referenceLinkWithoutItsDefinition() throws {
        let warning = try single(about("See [the label][1] for more.\n"))
        #expect((warning.severity, warning.line, warning.column) == (.warning, 9, 5))
        #expect(warning.message == "'[the label][1] for more.' looks like a link but is not one")
        #expect(warning.suggestion == "add a line '[1]: https://…' below the paragraph, or write [words](address)")
    }

    @Test func linkMissingItsClosingParenthesis() throws {
        let warning = try single(about("Read [the label](https://www.fda.gov for more.\n"))
        #expect((warning.line, warning.column) == (9, 6))
        #expect(warning.suggestion == "a link needs its closing ')': [words](address)")
    }

    @Test func imageWithoutADescription() throws {
        let error = try single(about("![](css/site.css)\n"))
        #expect((error.severity, error.line, error.column) == (.error, 9, 1))
        #expect(error.message == "image has no description for people who cannot see it")
    }

    @Test func secondTopLevelHeading() throws {
        let warning = try single(about("Intro.\n\n# Again\n\nText.\n"))
        #expect((warning.severity, warning.line, warning.column) == (.warning, 11, 1))
        #expect(warning.message == "'# Again' is a second top-level heading; the title is the page's first")
        #expect(warning.suggestion == "use '## Again'")
    }

    @Test func frontMatterWithoutText() throws {
        let warning = try single(about(""))
        #expect((warning.severity, warning.line, warning.column) == (.warning, 8, 1))
        #expect(warning.message == "page has front matter but no text")
    }

    @Test func placeholderTextFailsStrict() throws {
        let page = Fixture.page("About").replacingOccurrences(of: "summary: About About.", with: "summary: TODO one or two plain sentences.")
        let warning = try single(["about.md": page])
        #expect((warning.severity, warning.line, warning.column) == (.warning, 3, 10))
        #expect(warning.message == "placeholder 'TODO' is still on the page")
    }

    @Test func linkInTheSummary() throws {
        let page = Fixture.page("About").replacingOccurrences(of: "summary: About About.", with: "summary: See [olaparib](drugs/olaparib.md).")
        let warning = try single(["about.md": page])
        #expect((warning.line, warning.column) == (3, 1))
        #expect(warning.message == "the summary is plain text, so its link will show as brackets")
    }

    @Test func controlCharacterIsNamed() throws {
        let error = try single(about("Text\u{0}here.\n"))
        #expect((error.severity, error.line, error.column) == (.error, 9, 5))
        #expect(error.message == "the file contains an invisible control character (U+0000)")
    }

    @Test func linkToThePreviewServer() throws {
        let error = try single(about("See [it](http://127.0.0.1:8000/drugs/olaparib/).\n"))
        #expect((error.line, error.column) == (9, 5))
        #expect(error.message == "link to '127.0.0.1', the preview on your own computer, which readers cannot reach")
    }

    @Test func scriptLinksAreErrors() throws {
        let error = try single(about("See [it](javascript:alert(1)).\n"))
        #expect(error.message == "'javascript:' links are not allowed: they can run code in a reader's browser")
    }

    @Test func linkToABuiltPageSuggestsItsMarkdownFile() throws {
        let error = try single(about("See [it](drugs/olaparib/index.html).\n"))
        #expect(error.message == "link 'drugs/olaparib/index.html' points at a built page, not at its Markdown file")
        #expect(error.suggestion == "link to 'drugs/olaparib.md'")
    }

    @Test func linkToASiteAddressSuggestsTheFileItIsMadeFrom() throws {
        let error = try single(about("See [it](/drugs/olaparib/).\n"))
        #expect(error.suggestion == "link to the file relative to this page, e.g. 'drugs/olaparib.md'")
    }

    @Test func twoPagesWithOneTitle() throws {
        let warning = try single(["drugs-overview.md": Fixture.page("Olaparib")])
        #expect(warning.path?.hasSuffix("Content/drugs/olaparib.md") == true)
        #expect((warning.severity, warning.line, warning.column) == (.warning, 2, 1))
        #expect(warning.message.hasPrefix("title 'Olaparib' is also the title of "))
        #expect(warning.message.hasSuffix("Content/drugs-overview.md"))
    }

    @Test func sideEffectInTwoGroups() throws {
        let treatment = Fixture.minimalSite["treatments/targeted-therapy.md"]!
            .replacingOccurrences(of: "side-effects: {common: [fatigue]}", with: "side-effects: {common: [fatigue], serious: [fatigue]}")
        let error = try single(["treatments/targeted-therapy.md": treatment])
        #expect((error.line, error.column) == (10, 45))
        #expect(error.message == "side effect 'fatigue' is listed under both 'common' and 'serious'")
    }

    @Test func genericNameThatIsATypoOfTheFileName() throws {
        let drug = Fixture.minimalSite["drugs/olaparib.md"]!.replacingOccurrences(of: "generic: olaparib", with: "generic: olaprib")
        let warning = try single(["drugs/olaparib.md": drug])
        #expect((warning.severity, warning.line, warning.column) == (.warning, 8, 10))
        #expect(warning.message == "generic name 'olaprib' differs from the file name 'olaparib'")
    }

    @Test func languageThatIsNotATag() throws {
        let error = try single(["site.yml": FixturePages.siteSettings.replacingOccurrences(of: "language: en-US", with: "language: English")])
        #expect((error.line, error.column) == (2, 11))
        #expect(error.message == "language 'English' is not a language tag")
        #expect(error.suggestion == "did you mean 'en'? (or 'en-US' for a country)")
    }

    @Test func allInCapitalsIsOneError() throws {
        let treatment = Fixture.minimalSite["treatments/targeted-therapy.md"]!.replacingOccurrences(of: "cell-types: all", with: "cell-types: All")
        let error = try single(["treatments/targeted-therapy.md": treatment])
        #expect((error.line, error.column) == (8, 13))
        #expect(error.message == "unknown cell type 'All'")
        #expect(error.suggestion == "did you mean 'all'? (lower case)")
    }

    @Test func misspelledKindFolderIsOneError() throws {
        let error = try single(["drug/talazoparib.md": Fixture.page("Talazoparib", extra: FixturePages.olaparibFields()
            .replacingOccurrences(of: "olaparib", with: "talazoparib").replacingOccurrences(of: "Lynparza", with: "Talzenna"))])
        #expect(error.path?.hasSuffix("Content/drug/talazoparib.md") == true)
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "unknown folder 'drug/': the pages in it are not read as drug pages")
        #expect(error.suggestion == "did you mean 'drugs/'? Rename the folder to drugs")
    }

    @Test func stagingFoldersOfKilledBuildsAreRemoved() throws {
        let fixture = try Fixture()
        let dead = fixture.root.appendingPathComponent(".Output.guide-tmp-2147483000-abcd1234")
        let mine = fixture.root.appendingPathComponent(".Output.guide-old-\(ProcessInfo.processInfo.processIdentifier)-abcd1234")
        for folder in [dead, mine] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        #expect(fixture.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        // A build still running (here: this process) keeps its folder.
        #expect(FileManager.default.fileExists(atPath: mine.path))
    }
}

@Suite struct ContentFolderTests {
    @Test func symlinkOutOfTheContentFolderIsNamedAndNotRead() throws {
        let fixture = try Fixture()
        let secret = fixture.root.appendingPathComponent("secret.md")
        try "---\ntitle: The first line of a private file\n---\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: fixture.root.appendingPathComponent("Content/leak.md"), withDestinationURL: secret)
        let report = fixture.build()
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.description))")
        #expect(errors.first?.path?.hasSuffix("Content/leak.md") == true)
        #expect(errors.first?.message == "'leak.md' is a symbolic link to a file outside the content folder; it is not read")
        #expect(!report.diagnostics.contains { $0.description.contains("private file") || ($0.sourceLine ?? "").contains("private") })
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func symlinkInsideTheContentFolderIsRead() throws {
        let fixture = try Fixture()
        try FileManager.default.createSymbolicLink(at: fixture.root.appendingPathComponent("Content/about-us.md"),
                                                   withDestinationURL: fixture.root.appendingPathComponent("Content/about.md"))
        // Read like any page: here it repeats about.md's title, which is the warning.
        let report = fixture.build()
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.first?.message.hasPrefix("title 'About' is also the title of ") == true)
        #expect(report.succeeded)
    }
}

@Suite struct BoundedDiagnosticsTests {
    @Test func fiftyThousandBrokenLinksOnOneLineGiveAFewLines() throws {
        let fixture = try Fixture()
        let line = String(repeating: "[x](missing.md) ", count: 50_000)
        try fixture.write("Content/about.md", Fixture.page("About", line + "\n"))
        let report = fixture.build()
        let onPage = report.diagnostics.filter { $0.path?.hasSuffix("Content/about.md") == true }
        // One line for the rest of the page (it is about the whole file, so it sorts first), then the first links.
        #expect(onPage.count == 41)
        #expect(onPage.first?.message == "and 49960 more broken links on this page")
        #expect(onPage.dropFirst().allSatisfy { $0.message == "link to a missing page 'missing.md'" })
        #expect(!report.succeeded)
    }

    @Test func capKeepsEveryFileAndSaysHowManyMore() {
        let many = (1...60).map { Diagnostic(.error, "unknown drug \($0)", path: "a.md", line: $0, column: 1) } + [Diagnostic(.warning, "w", path: "b.md", line: 1)]
        let capped = many.sorted().capped(perFile: 50)
        #expect(capped.count == 52)
        #expect(capped[50].message == "and 10 more problems in this file (the first 50 are shown)")
        #expect(capped[50].severity == .error && capped[50].path == "a.md")
        #expect(capped[51].path == "b.md")
    }
}

extension BoundedDiagnosticsTests {
    @Test func aDiagnosticKeepsAWindowOfALongLineNotTheLine() {
        let line = String(repeating: "a", count: 100_000) + "X" + String(repeating: "b", count: 100_000)
        let file = SourceFile(path: "Content/about.md", text: "---\n" + line + "\n")
        let diagnostic = file.error("here", line: 2, column: 100_001)
        #expect((diagnostic.sourceLine?.count ?? 0) <= 122)
        #expect(diagnostic.column == 100_001)
        let printed = DiagnosticFormatter(colors: false).format(diagnostic)
        let lines = printed.components(separatedBy: "\n")
        let source = lines[2], caret = lines[3]
        // The caret sits under the X, in the window that is printed.
        let caretColumn = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        #expect(Array(source)[caretColumn] == "X")
    }
}
