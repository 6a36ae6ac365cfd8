import Diagnostics
import Foundation
import SiteTemplates
import SiteRendering
import GuideModel
import SiteBuilder
import Testing
import GuideTestSupport

/// The preview's builds (the one build, with a cache) rewrite only what a change reaches, and the
/// output and diagnostics they leave are exactly what a full `guide build` of the same files gives.
@Suite struct PreviewBuildTests {
    struct Edit: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let change: @Sendable (String) -> String
        /// The files the cached build writes, or nil when the change reaches (almost) every file.
        let writes: [String]?

        var testDescription: String { name }
    }

    static let partial: [Edit] = [
        // A new search index has a new name: the manifest and _headers say it; no page names it.
        Edit(name: "drug page body", file: "Content/drugs/olaparib.md", change: { $0 + "\nTake it with water.\n" },
             writes: ["_headers", "asset-manifest.js", "drugs/olaparib/index.html", "search-index.js", "sw.js"]),
        Edit(name: "cell type body (its handout quotes it)", file: "Content/cell-types/brca-positive.md",
             change: { $0.replacingOccurrences(of: "An inherited change in a gene.", with: "A change in a gene, often inherited.") },
             writes: ["_headers", "asset-manifest.js", "cell-types/brca-positive/index.html", "handouts/brca-positive/index.html", "search-index.js", "sw.js"]),
        Edit(name: "body with a glossary term", file: "Content/about.md", change: { $0 + "\nWe explain BRCA2 too.\n" },
             writes: ["_headers", "about/index.html", "asset-manifest.js", "search-index.js", "sw.js"]),
        Edit(name: "drug template", file: "Templates/drug.mustache", change: { $0 + "<!-- drug -->" },
             writes: ["drugs/olaparib/index.html", "sw.js"]),
        Edit(name: "handout template", file: "Templates/handout.mustache", change: { $0 + "<!-- handout -->" },
             writes: ["handouts/brca-positive/index.html", "handouts/targeted-therapy/index.html", "sw.js"]),
        Edit(name: "404 template", file: "Templates/404.mustache", change: { $0 + "<!-- 404 -->" }, writes: ["404.html", "sw.js"]),
    ]

    static let full: [Edit] = [
        Edit(name: "front matter", file: "Content/drugs/olaparib.md", change: { $0.replacingOccurrences(of: "brands: [Lynparza]", with: "brands: [Lynparza, Other]") }, writes: nil),
        Edit(name: "layout", file: "Templates/layout.mustache", change: { $0 + "<!-- layout -->" }, writes: nil),
        Edit(name: "partial", file: "Templates/partials/nav.mustache", change: { $0 + "<!-- nav -->" }, writes: nil),
        Edit(name: "site settings", file: "Content/site.yml", change: { $0.replacingOccurrences(of: "Test Guide", with: "Renamed Guide") }, writes: nil),
        Edit(name: "new page", file: "Content/contact.md", change: { _ in ServerFixture.page("Contact") }, writes: nil),
        Edit(name: "new public file", file: "Public/extra.txt", change: { _ in "extra\n" }, writes: nil),
        // Every page names the stylesheet by the hash of its bytes.
        Edit(name: "stylesheet", file: "Public/css/site.css", change: { $0 + "p { margin: 0; }\n" }, writes: nil),
        Edit(name: "glossary term's other name", file: "Content/glossary/brca.md",
             change: { $0.replacingOccurrences(of: "aliases: [BRCA1, BRCA2]", with: "aliases: [BRCA1, BRCA2, pill]") },
             writes: nil),
    ]

    /// Written paths with the hash taken out of fingerprinted names (`css/site.3f2a9c1b.css` → `css/site.css`), sorted.
    static func unhashed(_ paths: [String]) -> [String] {
        paths.map(Fixture.unhashed).sorted()
    }

    /// A fixture built once, as the preview's first build is, ready for cached builds.
    func built() throws -> (ServerFixture, SiteBuild, BuildCache) {
        let fixture = try ServerFixture()
        let builder = SiteBuild(options: fixture.options)
        let cache = BuildCache()
        let report = builder.run(writer: StagingWriter(folder: fixture.output), cache: cache)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(cache.knowsOutput)
        return (fixture, builder, cache)
    }

    /// One cached build, as the preview runs it after a save.
    func rebuild(_ builder: SiteBuild, _ cache: BuildCache, _ fixture: ServerFixture) -> BuildReport {
        builder.run(writer: FolderWriter(folder: fixture.output), cache: cache)
    }

    func apply(_ edit: Edit, to fixture: ServerFixture) throws {
        let url = fixture.root.appendingPathComponent(edit.file)
        let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        try fixture.write(edit.file, edit.change(old))
    }

    func snapshot(_ folder: URL) throws -> [String: Data] { try SiteFolder.snapshot(folder) }

    /// What `guide build` writes and says for the files as they are now.
    func reference(_ fixture: ServerFixture) throws -> (files: [String: Data], diagnostics: [Diagnostic]) {
        var options = fixture.options
        options.outputFolder = fixture.root.appendingPathComponent("Reference")
        let report = SiteBuild(options: options).run()
        return (report.succeeded ? try snapshot(options.outputFolder) : [:], report.diagnostics)
    }

    func expectSameFiles(_ actual: [String: Data], _ expected: [String: Data], _ comment: String = "") {
        #expect(actual.keys.sorted() == expected.keys.sorted(), "\(comment)")
        for (path, data) in expected where actual[path] != data {
            Issue.record("\(comment) \(path) differs from a full build:\n\(String(decoding: actual[path] ?? Data(), as: UTF8.self))\n--- full build:\n\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test(arguments: partial)
    func aCachedBuildWritesOnlyWhatTheChangeReachesAndMatchesAFullBuild(edit: Edit) throws {
        let (fixture, builder, cache) = try built()
        try apply(edit, to: fixture)
        let report = rebuild(builder, cache, fixture)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(Self.unhashed(report.written) == edit.writes!)
        let reference = try reference(fixture)
        expectSameFiles(try snapshot(fixture.output), reference.files)
        #expect(report.diagnostics == reference.diagnostics)
    }

    @Test(arguments: full)
    func changesThatReachEverythingStillMatchAFullBuild(edit: Edit) throws {
        let (fixture, builder, cache) = try built()
        try apply(edit, to: fixture)
        let report = rebuild(builder, cache, fixture)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.written.count > 1)
        expectSameFiles(try snapshot(fixture.output), try reference(fixture).files)
    }

    /// The bug of the two pipelines: with one stale page, each save of another page reported one
    /// warning more. Files and diagnostics must equal a full build's after every edit.
    @Test func aSequenceOfEditsKeepsFilesAndDiagnosticsEqualToAFullBuild() throws {
        let (fixture, builder, cache) = try built()
        let stale = Edit(name: "stale page", file: "Content/drugs/olaparib.md",
                         change: { $0.replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2024-01-01") }, writes: nil)
        let sequence = [stale] + Self.partial + Self.partial + [Self.full[0], Self.full[4], Self.partial[2], Self.full[1], Self.full[6], Self.partial[0]]
        for (number, edit) in sequence.enumerated() {
            try apply(edit, to: fixture)
            let report = rebuild(builder, cache, fixture)
            let reference = try reference(fixture)
            #expect(report.succeeded, "\(edit.name): \(report.diagnostics)")
            #expect(report.diagnostics == reference.diagnostics, "edit \(number) (\(edit.name))")
            #expect(report.diagnostics.warningCount == 1, "edit \(number) (\(edit.name)): \(report.diagnostics)")
            expectSameFiles(try snapshot(fixture.output), reference.files, "edit \(number) (\(edit.name))")
        }
    }

    @Test func failedBuildWritesNothingAndTheNextGoodOneWritesWhatItMissed() throws {
        let (fixture, builder, cache) = try built()
        let before = try snapshot(fixture.output)
        let linkToMissingHeading = Edit(name: "", file: "Content/about.md", change: { $0 + "\nSee [notes](drugs/olaparib.md#side-notes).\n" }, writes: nil)
        try apply(linkToMissingHeading, to: fixture)
        let broken = rebuild(builder, cache, fixture)
        #expect(!broken.succeeded)
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.path?.hasSuffix("Content/about.md") == true })
        #expect(broken.diagnostics == (try reference(fixture).diagnostics))
        #expect(broken.written.isEmpty)
        #expect(try snapshot(fixture.output) == before)

        // The fix is in the other file; the about page, never written, must be written now too.
        let addHeading = Edit(name: "", file: "Content/drugs/olaparib.md", change: { $0 + "\n## Side notes\n\nNotes.\n" }, writes: nil)
        try apply(addHeading, to: fixture)
        let fixed = rebuild(builder, cache, fixture)
        #expect(fixed.succeeded, "\(fixed.diagnostics)")
        #expect(Self.unhashed(fixed.written) == ["_headers", "about/index.html", "asset-manifest.js", "drugs/olaparib/index.html", "search-index.js", "sw.js"])
        expectSameFiles(try snapshot(fixture.output), try reference(fixture).files)
    }

    @Test func aBuildWithNothingChangedWritesNothing() throws {
        let (fixture, builder, cache) = try built()
        let before = try snapshot(fixture.output)
        try fixture.write("Content/drugs/sedAb12Cd", "temp")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Content/drugs/sedAb12Cd"))
        let report = rebuild(builder, cache, fixture)
        #expect(report.succeeded)
        #expect(report.written.isEmpty)
        #expect(try snapshot(fixture.output) == before)
    }

    @Test func aDeletedPageLeavesTheOutput() throws {
        let (fixture, builder, cache) = try built()
        try fixture.edit("Content/index.md") { $0.replacingOccurrences(of: " and [about](about.md)", with: "") }
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Content/about.md"))
        let report = rebuild(builder, cache, fixture)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("about/index.html").path))
        expectSameFiles(try snapshot(fixture.output), try reference(fixture).files)
    }

    @Test func memoryWriterHoldsWhatAFullBuildWrites() throws {
        let (fixture, _, _) = try built()
        let memory = MemoryWriter()
        let report = SiteBuild(options: fixture.options).run(writer: memory, cache: nil)
        #expect(report.succeeded)
        expectSameFiles(memory.files, try reference(fixture).files.filter { $0.key != ".guide-output" })
    }
}
