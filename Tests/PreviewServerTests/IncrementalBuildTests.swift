import Foundation
import SiteBuilder
import Testing

/// The preview's builds rewrite only what a change reaches, and the output they leave is exactly
/// what a full `guide build` of the same files writes.
@Suite struct IncrementalBuildTests {
    struct Edit: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let change: @Sendable (String) -> String
        /// The files a partial build writes, or nil when the change needs a full build.
        let writes: [String]?

        var testDescription: String { name }
    }

    static let partial: [Edit] = [
        Edit(name: "drug page body", file: "Content/drugs/olaparib.md", change: { $0 + "\nTake it with water.\n" },
             writes: ["drugs/olaparib/index.html", "search-index.js"]),
        Edit(name: "cell type body (its handout quotes it)", file: "Content/cell-types/brca-positive.md",
             change: { $0.replacingOccurrences(of: "An inherited change in a gene.", with: "A change in a gene, often inherited.") },
             writes: ["cell-types/brca-positive/index.html", "handouts/brca-positive/index.html", "search-index.js"]),
        Edit(name: "body with a glossary term", file: "Content/about.md", change: { $0 + "\nWe explain BRCA2 too.\n" },
             writes: ["about/index.html", "search-index.js"]),
        Edit(name: "drug template", file: "Templates/drug.mustache", change: { $0 + "<!-- drug -->" },
             writes: ["drugs/olaparib/index.html"]),
        Edit(name: "handout template", file: "Templates/handout.mustache", change: { $0 + "<!-- handout -->" },
             writes: ["cell-types/brca-positive/index.html", "handouts/brca-positive/index.html",
                      "handouts/targeted-therapy/index.html", "treatments/targeted-therapy/index.html"]),
        Edit(name: "404 template", file: "Templates/404.mustache", change: { $0 + "<!-- 404 -->" }, writes: ["404.html"]),
        Edit(name: "public file", file: "Public/css/site.css", change: { $0 + "p { margin: 0; }\n" }, writes: ["css/site.css"]),
    ]

    static let full: [Edit] = [
        Edit(name: "front matter", file: "Content/drugs/olaparib.md", change: { $0.replacingOccurrences(of: "brands: [Lynparza]", with: "brands: [Lynparza, Other]") }, writes: nil),
        Edit(name: "layout", file: "Templates/layout.mustache", change: { $0 + "<!-- layout -->" }, writes: nil),
        Edit(name: "partial", file: "Templates/partials/nav.mustache", change: { $0 + "<!-- nav -->" }, writes: nil),
        Edit(name: "site settings", file: "Content/site.yml", change: { $0.replacingOccurrences(of: "Test Guide", with: "Renamed Guide") }, writes: nil),
        Edit(name: "new page", file: "Content/contact.md", change: { _ in ServerFixture.page("Contact") }, writes: nil),
        Edit(name: "new public file", file: "Public/extra.txt", change: { _ in "extra\n" }, writes: nil),
    ]

    /// A fixture built once in full, ready for partial builds.
    func built() throws -> (ServerFixture, IncrementalBuild) {
        let fixture = try ServerFixture()
        let builder = IncrementalBuild(options: fixture.options)
        let (report, scope) = builder.build(changed: nil)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(scope == .full)
        return (fixture, builder)
    }

    func apply(_ edit: Edit, to fixture: ServerFixture) throws -> Set<String> {
        let url = fixture.root.appendingPathComponent(edit.file)
        let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        try fixture.write(edit.file, edit.change(old))
        return [url.standardizedFileURL.path]
    }

    /// Every file of a folder with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// What `guide build` writes for the files as they are now.
    func reference(_ fixture: ServerFixture) throws -> [String: Data] {
        var options = fixture.options
        options.outputFolder = fixture.root.appendingPathComponent("Reference")
        let report = SiteBuild(options: options).run()
        #expect(report.succeeded, "\(report.diagnostics)")
        return try snapshot(options.outputFolder)
    }

    func expectSameFiles(_ actual: [String: Data], _ expected: [String: Data]) {
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected where actual[path] != data {
            Issue.record("\(path) differs from a full build:\n\(String(decoding: actual[path] ?? Data(), as: UTF8.self))\n--- full build:\n\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test(arguments: partial)
    func partialBuildWritesOnlyWhatTheChangeReachesAndMatchesAFullBuild(edit: Edit) throws {
        let (fixture, builder) = try built()
        let (report, scope) = builder.build(changed: try apply(edit, to: fixture))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(scope == .partial(edit.writes!))
        expectSameFiles(try snapshot(fixture.output), try reference(fixture))
    }

    @Test(arguments: full)
    func changesThatReachEverythingBuildInFull(edit: Edit) throws {
        let (fixture, builder) = try built()
        let (report, scope) = builder.build(changed: try apply(edit, to: fixture))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(scope == .full)
        expectSameFiles(try snapshot(fixture.output), try reference(fixture))
    }

    @Test func successiveEditsKeepMatchingAFullBuild() throws {
        let (fixture, builder) = try built()
        for edit in Self.partial + Self.partial {
            let (report, _) = builder.build(changed: try apply(edit, to: fixture))
            #expect(report.succeeded, "\(edit.name): \(report.diagnostics)")
            }
        expectSameFiles(try snapshot(fixture.output), try reference(fixture))
    }

    @Test func failedBuildWritesNothingAndTheNextGoodOneWritesWhatItMissed() throws {
        let (fixture, builder) = try built()
        let before = try snapshot(fixture.output)
        let linkToMissingHeading = Edit(name: "", file: "Content/about.md", change: { $0 + "\nSee [notes](drugs/olaparib.md#side-notes).\n" }, writes: nil)
        let (broken, brokenScope) = builder.build(changed: try apply(linkToMissingHeading, to: fixture))
        #expect(!broken.succeeded)
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.path?.hasSuffix("Content/about.md") == true })
        #expect(brokenScope == .partial([]))
        #expect(try snapshot(fixture.output) == before)

        // The fix is in the other file; the about page, never written, must be written now too.
        let addHeading = Edit(name: "", file: "Content/drugs/olaparib.md", change: { $0 + "\n## Side notes\n\nNotes.\n" }, writes: nil)
        let (fixed, fixedScope) = builder.build(changed: try apply(addHeading, to: fixture))
        #expect(fixed.succeeded, "\(fixed.diagnostics)")
        #expect(fixedScope == .partial(["about/index.html", "drugs/olaparib/index.html", "search-index.js"]))
        expectSameFiles(try snapshot(fixture.output), try reference(fixture))
    }

    @Test func aTempFileThatCameAndWentChangesNothing() throws {
        let (fixture, builder) = try built()
        let before = try snapshot(fixture.output)
        let gone = fixture.root.appendingPathComponent("Content/drugs/sedAb12Cd").path
        let (report, scope) = builder.build(changed: [gone])
        #expect(report.succeeded)
        #expect(scope == .partial([]))
        #expect(try snapshot(fixture.output) == before)
    }

    @Test func deletedPageBuildsInFull() throws {
        let (fixture, builder) = try built()
        let url = fixture.root.appendingPathComponent("Content/about.md")
        try fixture.edit("Content/index.md") { $0.replacingOccurrences(of: " and [about](about.md)", with: "") }
        try FileManager.default.removeItem(at: url)
        let (report, scope) = builder.build(changed: [url.path, fixture.root.appendingPathComponent("Content/index.md").path])
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(scope == .full)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("about/index.html").path))
    }
}
