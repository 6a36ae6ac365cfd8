import Foundation
import SiteTemplates
import SiteRendering
import Diagnostics
import Testing
import GuideTestSupport
import SiteBuilder
@testable import HandoutPDF

/// `guide handouts --pdf`: finding an engine, printing, and keeping the output whole.
@Suite struct HandoutPDFTests {
    /// Where the handouts say they are published: with it they carry their QR code, and without it the build would warn.
    static let published = "https://example.org/guide/"

    // MARK: - Finding an engine

    @Test func engineSearchPrefersWeasyPrintThenChromiumAndIgnoresFilesThatCannotRun() throws {
        let folder = try TemporaryFolder()
        #expect(PDFEngine.find(path: folder.url.path) == nil)
        try folder.write("weasyprint", "not executable", executable: false)
        #expect(PDFEngine.find(path: folder.url.path) == nil)
        try folder.write("chromium", "#!/bin/sh\nexit 0\n")
        #expect(PDFEngine.find(path: folder.url.path)?.kind == .chromium)
        try folder.write("weasyprint", "#!/bin/sh\necho '--pdf-variant {pdf/a-1b,pdf/ua-1}'\n")
        let weasyprint = try #require(PDFEngine.find(path: "/nonexistent:" + folder.url.path))
        #expect(weasyprint.kind == .weasyprint)
        #expect(weasyprint.canTag)
        #expect(PDFEngine.find(only: .chromium, path: folder.url.path)?.kind == .chromium)
    }

    @Test func olderWeasyPrintWithoutPDFUAIsUsedWithoutTags() throws {
        let folder = try TemporaryFolder()
        try folder.write("weasyprint", "#!/bin/sh\necho '--pdf-variant {pdf/a-1b,pdf/a-3b}'\n")
        let engine = try #require(PDFEngine.find(path: folder.url.path))
        #expect(!engine.canTag)
        let arguments = engine.arguments(input: URL(fileURLWithPath: "/a.html"), output: URL(fileURLWithPath: "/a.pdf"), profile: folder.url)
        #expect(!arguments.contains("--pdf-variant"))
        #expect(arguments.suffix(2) == ["/a.html", "/a.pdf"])
    }

    @Test func chromiumPrintsWithoutItsOwnHeaderAndWithAPrivateProfile() {
        let engine = PDFEngine(kind: .chromium, executable: URL(fileURLWithPath: "/usr/bin/chromium"))
        let profile = URL(fileURLWithPath: "/tmp/profile-1")
        let arguments = engine.arguments(input: URL(fileURLWithPath: "/site/handouts/a/.print.html"), output: URL(fileURLWithPath: "/site/handouts/a.pdf"), profile: profile)
        #expect(arguments.contains("--headless"))
        #expect(arguments.contains("--no-pdf-header-footer"))
        #expect(arguments.contains("--user-data-dir=/tmp/profile-1"))
        #expect(arguments.contains("--print-to-pdf=/site/handouts/a.pdf"))
        #expect(arguments.last == "file:///site/handouts/a/.print.html")
    }

    // MARK: - Printing

    @Test func printCopySetsThePaperSizeAndCompactType() throws {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head><body></body></html>"
        let letter = try HandoutPDFWriter.printCopy(of: page, paper: .letter, compact: false)
        #expect(letter.contains("<style>@page { size: letter; }</style>\n</head>"))
        #expect(letter.contains("<html lang=\"en\">"))
        let a4 = try HandoutPDFWriter.printCopy(of: page, paper: .a4, compact: true)
        #expect(a4.contains("@page { size: A4; }"))
        #expect(a4.contains("<html class=\"handout-compact\" lang=\"en\">"))
        #expect(throws: PDFError.self) { try HandoutPDFWriter.printCopy(of: "<p>no head</p>", paper: .a4, compact: false) }
    }

    @Test func printCopyDropsIntegrityAndLeavesTheBodyWhole() throws {
        // The stylesheet's hash goes (Chromium cannot check it from disk); the paper size goes
        // before </head> of the copy, not where </head> was before the hashes went.
        let integrity = " integrity=\"sha384-" + String(repeating: "A", count: 64) + "\""
        let page = "<!DOCTYPE html>\n<html lang=\"es\">\n<head><link rel=\"stylesheet\" href=\"a.css\"\(integrity)>"
            + "<script src=\"b.js\"\(integrity)></script></head><body><main><h1>Triple negativo</h1><p>Qué significa esto: más información.</p></main></body></html>"
        let copy = try HandoutPDFWriter.printCopy(of: page, paper: .letter, compact: false)
        #expect(!copy.contains("integrity="))
        #expect(copy.contains("<script src=\"b.js\"></script><style>@page { size: letter; }</style>\n</head><body><main><h1>Triple negativo</h1><p>Qué significa esto: más información.</p></main></body></html>"))
    }

    /// Printed from disk, where Chromium drops a stylesheet whose integrity it cannot check.
    @Test func printCopyGoesWithoutIntegrity() throws {
        let page = #"<html lang="en"><head><link rel="stylesheet" href="../../css/handout.1a2b3c4d.css" integrity="sha384-AbC+/x=="></head><body></body></html>"#
        let copy = try HandoutPDFWriter.printCopy(of: page, paper: .letter, compact: false)
        #expect(copy == #"<html lang="en"><head><link rel="stylesheet" href="../../css/handout.1a2b3c4d.css"><style>@page { size: letter; }</style>"# + "\n</head><body></body></html>")
    }

    @Test func pageCountComesFromThePageObjects() {
        let pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\nendobj\n2 0 obj\n<</Type/Page /Parent 1 0 R>>\nendobj\n3 0 obj\n<< /Type /Page\n/Parent 1 0 R >>\nendobj\n"
        #expect(PDFPages.count(in: Data(pdf.utf8)) == 2)
        #expect(PDFPages.count(in: Data("%PDF-1.5\n/Type /ObjStm".utf8)) == nil)
    }

    @Test func weasyPrintWritesATaggedPDFWithTitleLanguageAndPages() throws {
        let engine = try #require(PDFEngine.find(only: .weasyprint), "WeasyPrint must be installed (make test-deps installs it)")
        let fixture = try HandoutFixture()
        #expect(fixture.site.build().succeeded)
        let job = HandoutJob(id: "brca-positive", title: "BRCA mutation", maxPages: 2)
        let result = HandoutPDFWriter(engine: engine, paper: .a4, jobs: 1).write(job, in: fixture.site.output)
        #expect(result.failure == nil, "\(result.failure ?? "")")
        #expect(result.pages == 1)
        #expect(!result.compact)
        let pdf = try Data(contentsOf: fixture.site.output.appendingPathComponent("handouts/brca-positive.pdf"))
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/Lang (en-US)"))
        #expect(text.contains("/MediaBox [ 0 0 595.2"), "A4 is 595 points wide")
        if engine.canTag { #expect(text.contains("/StructTreeRoot")) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.site.output.appendingPathComponent("handouts/brca-positive").path)
        #expect(leftovers.sorted() == ["index.html", "index.html.br", "index.html.gz"], "the print copy is removed")
    }

    @Test func aCellTypeHandoutTooLongForTwoPagesIsRetriedInCompactTypeThenWarnedAbout() throws {
        let engine = try #require(PDFEngine.find(only: .weasyprint), "WeasyPrint must be installed (make test-deps installs it)")
        let fixture = try HandoutFixture()
        let questions = (1...150).map { "Question number \($0) about this cell type?" }.joined(separator: ", ")
        try fixture.site.write("Content/cell-types/brca-positive.md", Fixture.page("BRCA mutation", "Inherited.\n", extra: """
            biomarkers: {brca: [mutated]}
            questions: [\(questions)]
            order: 1

            """))
        let pdfs = HandoutPDFs(engine: engine, paper: .letter, jobs: 2)
        let report = build(fixture.site.options(baseURL: Self.published), pdfs)
        #expect(report.succeeded, "a page limit is a warning, not an error")
        let pdf = try #require(pdfs.results.first { $0.job.id == "brca-positive" })
        #expect(pdf.compact)
        #expect((pdf.pages ?? 0) > 2)
        let warning = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1)
        #expect(warning.path?.hasSuffix("Content/cell-types/brca-positive.md") == true, "said of the page the editor shortens")
        #expect(warning.message.hasPrefix("its handout ("))
        #expect(warning.message.hasSuffix("/handouts/brca-positive.pdf) has \(pdf.pages ?? 0) pages, even in compact type; a cell-type handout should fit on 2"))
        #expect(pdfs.results.filter { $0.job.id != "brca-positive" }.allSatisfy { !$0.compact && $0.fits })

        var strict = fixture.site.options(baseURL: Self.published)
        strict.strict = true
        try fixture.site.write("Content/about.md", Fixture.page("About", "Changed.\n"))
        let strictReport = build(strict, HandoutPDFs(engine: engine, paper: .letter, jobs: 2))
        #expect(strictReport.diagnostics.warningCount == 1, "the site itself is fine: only the page limit fails it")
        #expect(!strictReport.succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.site.output.appendingPathComponent("about/index.html").path),
                "under --strict the warning keeps the new site out")
    }

    // MARK: - The output stays whole

    @Test func aFailingEngineLeavesThePreviousOutputByteIdentical() throws {
        let fixture = try HandoutFixture()
        #expect(fixture.site.build().succeeded)
        let before = try fixture.site.snapshot()
        // An installed engine that breaks (a stand-in for a damaged install; the real one cannot be made to fail on demand).
        let folder = try TemporaryFolder()
        try folder.write("weasyprint", "#!/bin/sh\ncase \"$1\" in --help) echo pdf/ua-1;; *) echo 'Fontconfig error: out of memory' >&2; exit 3;; esac\n")
        let engine = try #require(PDFEngine.find(path: folder.url.path))
        let lines = Lines()
        let pdfs = HandoutPDFs(engine: engine, paper: .letter, jobs: 2, progress: { lines.append($0) })
        let report = build(fixture.site.options(baseURL: Self.published), pdfs)
        #expect(!report.succeeded)
        #expect(report.environmentError)
        #expect(pdfs.results.count == 4)
        #expect(report.diagnostics.errorCount == 4)
        #expect(report.diagnostics.first?.message.contains("exited with status 3") == true)
        #expect(report.diagnostics.first?.message.contains("Fontconfig error: out of memory") == true)
        #expect(try fixture.site.snapshot() == before)
        #expect(try leftovers(beside: fixture.site.output).isEmpty)
        #expect(lines.all.filter { $0.hasPrefix("[") }.count == 4, "one progress line per handout")
    }

    @Test func refusesAnOutputFolderItDidNotWrite() throws {
        let fixture = try HandoutFixture()
        try fixture.site.write("Output/precious.txt", "keep me")
        let engine = try #require(PDFEngine.find(only: .weasyprint), "WeasyPrint must be installed (make test-deps installs it)")
        let pdfs = HandoutPDFs(engine: engine, paper: .letter, jobs: 2)
        let report = build(fixture.site.options(baseURL: Self.published), pdfs)
        #expect(!report.succeeded)
        #expect(report.environmentError)
        #expect(pdfs.results.isEmpty)
        #expect(report.diagnostics.first?.message.hasPrefix("refusing to replace") == true)
        #expect(try fixture.site.read("precious.txt") == "keep me")
    }

    /// The build `guide handouts --pdf` runs.
    private func build(_ options: BuildOptions, _ pdfs: HandoutPDFs) -> BuildReport {
        SiteBuild(options: options, formats: [SitePages(), HandoutPages(), pdfs]).run()
    }

    private func leftovers(beside output: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
            .filter { $0.contains("guide-pdf") || $0.contains("guide-tmp") || $0.contains("guide-old") }
    }
}

/// A folder that removes itself, for fake PATH entries.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("guide-test-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String, executable: Bool = true) throws {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: file.path)
    }
}

/// Progress lines, collected from whichever thread prints them.
final class Lines: Sendable {
    private let lines = Locked<[String]>([])

    var all: [String] { lines.current }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}
