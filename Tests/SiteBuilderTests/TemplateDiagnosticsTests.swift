import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import GuideModel
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// Template mistakes an editor can make: each is one precise diagnostic, and none crashes the
/// build (swift-mustache recurses without limit, so a loop or deep nesting would overflow its stack).
@Suite struct TemplateDiagnosticsTests {

    func templates(_ fixture: Fixture) -> String {
        SiteBuild.displayPath(fixture.root.appendingPathComponent("Templates"))
    }

    // MARK: - Include loops

    @Test func partialThatIncludesItselfInsideASectionIsOneErrorAtTheTag() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/partials/nav.mustache", "<nav>\n{{#navigation}}<a href=\"{{url}}\">{{title}}</a>\n  {{> partials/nav}}{{/navigation}}</nav>\n")
        for report in [fixture.build(), fixture.build(write: false), SiteBuild(options: fixture.options()).run(writer: MemoryWriter(), cache: BuildCache())] {
            let error = try only(report, "Templates/partials/nav.mustache")
            #expect((error.line, error.column) == (3, 3))
            #expect(error.message == "partial 'partials/nav' includes itself: partials/nav.mustache:3 → partials/nav")
            #expect(error.suggestion == "remove one of these includes: a template that includes itself never finishes rendering")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func partialsThatIncludeEachOtherAreOneErrorNamingEachStep() throws {
        let fixture = try Fixture()
        var layout = Fixture.templates["layout.mustache"]!
        layout = layout.replacingOccurrences(of: "{{> partials/nav}}", with: "{{> partials/nav}}{{> partials/a}}")
        try fixture.write("Templates/layout.mustache", layout)
        try fixture.write("Templates/partials/a.mustache", "<aside>\n<p>A</p>\n{{> partials/b}}</aside>\n")
        try fixture.write("Templates/partials/b.mustache", "{{> partials/a}}\n")
        let error = try only(fixture.build(), "Templates/partials/b.mustache")
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "partial 'partials/a' includes itself: partials/a.mustache:3 → partials/b.mustache:1 → partials/a")
        #expect(error.suggestion == "remove one of these includes: a template that includes itself never finishes rendering")
    }

    @Test func templatesInALoopAreNotRendered() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/partials/a.mustache", "{{> partials/b}}")
        try fixture.write("Templates/partials/b.mustache", "{{> partials/a}}")
        let (templates, diagnostics) = TemplateSet.load(from: fixture.root.appendingPathComponent("Templates"), displayName: "Templates")
        #expect(diagnostics.count == 1)
        #expect(templates.failedNames == ["partials/a", "partials/b"])
        #expect(!templates.names.contains("partials/a") && !templates.names.contains("partials/b"))
        #expect(templates.render([:], with: "partials/a") == nil)
    }

    /// A block override that expands the same block renders itself forever.
    @Test func blockThatExpandsItselfIsALoop() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/page.mustache", "{{< layout}}{{$main}}\n<h1>{{page.title}}</h1>{{$main}}{{/main}}\n{{/main}}{{/layout}}\n")
        let error = try only(fixture.build(), "Templates/page.mustache")
        #expect((error.line, error.column) == (2, 24))
        #expect(error.message == "block '{{$main}}' includes itself: page.mustache:2 → {{$main}}")
    }

    /// A partial that extends the layout, used inside the layout's own block: the outer override
    /// wins, so the layout renders the same block again and again.
    @Test func partialThatExtendsTheLayoutInsideItsBlockIsALoop() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/page.mustache", "{{< layout}}{{$main}}\n<h1>{{page.title}}</h1>\n{{> partials/card}}\n{{/main}}{{/layout}}\n")
        try fixture.write("Templates/partials/card.mustache", "{{< layout}}{{$main}}card{{/main}}{{/layout}}\n")
        let error = try only(fixture.build(), "Templates/partials/card.mustache")
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "parent template 'layout' includes itself: layout.mustache:2 → page.mustache:3 → partials/card.mustache:1 → layout")
    }

    // MARK: - Depth

    @Test func sectionsNestedTooDeepAreAnErrorAndDoNotCrashTheCompiler() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/page.mustache", String(repeating: "{{#page}}", count: 1000) + "x" + String(repeating: "{{/page}}", count: 1000))
        let error = try only(fixture.build(), "Templates/page.mustache")
        #expect((error.line, error.column) == (1, 901))
        #expect(error.message == "sections are nested more than 100 deep here")
    }

    @Test func includesNestedTooDeepAreOneErrorWhereTheLimitIsCrossed() throws {
        let fixture = try Fixture()
        // Each partial adds five levels: four sections and the include.
        for index in 0..<30 {
            let include = index < 29 ? "{{> partials/p\(index + 1)}}" : "x"
            try fixture.write("Templates/partials/p\(index).mustache", "{{#a}}{{#b}}{{#c}}{{#d}}\(include){{/d}}{{/c}}{{/b}}{{/a}}")
        }
        let error = try only(fixture.build(), "Templates/partials/p20.mustache")
        #expect((error.line, error.column) == (1, 25))
        #expect(error.message == "sections, blocks and included templates nest more than 100 deep through '{{> partials/p21}}'")
    }

    @Test func tagsTheChecksCannotFollowAreRefused() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/partials/x.mustache", "<p>\n {{=<% %>=}}\n<%> partials/x%>\n")
        try fixture.write("Templates/partials/y.mustache", "<p>{{>*page.template}}</p>\n")
        let errors = fixture.build().diagnostics.filter { $0.severity == .error }
        #expect(errors.map { "\($0.path!.split(separator: "/").suffix(2).joined(separator: "/")):\($0.line):\($0.column): \($0.message)" } == [
            "partials/x.mustache:2:2: templates cannot change their tag delimiters ('{{=<% %>=}}')",
            "partials/y.mustache:1:4: '{{> *page.template}}' chooses its template while rendering, so guide cannot check it",
        ])
    }

    // MARK: - Unclosed sections

    @Test func unclosedSectionInsideABlockNamesTheOpeningTag() throws {
        let fixture = try Fixture()
        let drug = Fixture.templates["drug.mustache"]!.replacingOccurrences(of: "{{/treatment}}{{/drug}}", with: "{{/treatment}}")
        try fixture.write("Templates/drug.mustache", drug)
        let error = try only(fixture.build(), "Templates/drug.mustache")
        #expect((error.line, error.column) == (2, 1))
        #expect(error.message == "section '{{#drug}}' opened on line 2 is never closed")
        #expect(error.suggestion == "add {{/drug}} where the section should end")
    }

    @Test func unclosedSectionAtTheEndOfTheFileNamesTheOpeningTag() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/partials/nav.mustache", "<nav>\n  {{^ navigation }}none{{/navigation}}\n  {{#navigation}}<a href=\"{{url}}\">{{title}}</a>\n</nav>\n")
        let error = try only(fixture.build(), "Templates/partials/nav.mustache")
        #expect((error.line, error.column) == (3, 3))
        #expect(error.message == "section '{{#navigation}}' opened on line 3 is never closed")
        #expect(error.suggestion == "add {{/navigation}} where the section should end")
    }

    // MARK: - Missing templates

    @Test func missingLayoutIsOneErrorThatCountsItsUsers() throws {
        let fixture = try Fixture()
        try fixture.remove("Templates/layout.mustache")
        try fixture.write("Templates/layuot.mustache", Fixture.templates["layout.mustache"]!)
        let error = try only(fixture.build(), "Templates/404.mustache")
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "parent template 'layout' does not exist (looked for \(templates(fixture))/layout.mustache); 11 templates use it")
        #expect(error.suggestion == "did you mean 'layuot'?")
    }

    // MARK: - Names

    @Test func namesNoPageProvidesAreErrorsWithTheClosestName() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/drug.mustache", """
            {{< layout}}{{$main}}<h1>{{page.title}}</h1>
            {{#drug}}<p>{{generc}}</p>{{#hasBrands}}{{{brands}}}{{/hasBrands}}{{/drug}}
            {{^drug.hasRelatd}}none{{/drug.hasRelatd}} {{#empty(drug.sideEfects)}}{{/empty(drug.sideEfects)}}
            {{pgae.title}}
            {{/main}}{{/layout}}
            """)
        let errors = fixture.build().diagnostics.filter { $0.severity == .error }
        #expect(errors.map { [String($0.path!.suffix(23)), "\($0.line):\($0.column)", $0.message, $0.suggestion ?? ""] } == [
            ["Templates/drug.mustache", "2:13", "template uses '{{generc}}', which no page provides", "did you mean 'generic'?"],
            ["Templates/drug.mustache", "3:1", "template uses '{{^drug.hasRelatd}}', which no page provides", "did you mean 'hasRelated'?"],
            ["Templates/drug.mustache", "3:44", "template uses '{{#empty(drug.sideEfects)}}', which no page provides", "did you mean 'sideEffects'?"],
            ["Templates/drug.mustache", "4:1", "template uses '{{pgae.title}}', which no page provides", "did you mean 'page'?"],
        ])
    }

    /// A build that renders every page reads the names from the contexts it renders; one that
    /// stops before rendering (a broken link) or renders some pages only (the preview after an
    /// edit) makes the contexts for the check alone. Each way finds the same problems.
    @Test func namesAreCheckedTheSameWhetherTheBuildRendersEveryPageSomeOrNone() throws {
        let fixture = try Fixture()
        let misspelt = """
            {{< layout}}{{$main}}<h1>{{page.title}}</h1>
            {{#drug}}<p>{{generc}}</p>{{/drug}}{{#page.toc}}{{titel}}{{/page.toc}}
            {{/main}}{{/layout}}
            """
        func nameProblems(_ report: BuildReport) -> [String] {
            report.diagnostics.filter { $0.message.hasSuffix("which no page provides") }.map(\.description)
        }
        // The preview: a build that renders every page, then the same templates misspelt, which
        // re-renders the drug pages only.
        let cache = BuildCache()
        let preview = SiteBuild(options: fixture.options())
        #expect(preview.run(writer: MemoryWriter(), cache: cache).succeeded)
        try fixture.write("Templates/drug.mustache", misspelt)
        let writer = MemoryWriter()
        let renderedAll = fixture.build()
        #expect(nameProblems(renderedAll).count == 2, "\(renderedAll.diagnostics.map(\.description))")
        let renderedSome = preview.run(writer: writer, cache: cache)
        #expect(!renderedSome.succeeded)
        #expect(nameProblems(renderedSome) == nameProblems(renderedAll))
        // Kept for the next build while the templates and front matter stay as they are.
        #expect(nameProblems(preview.run(writer: writer, cache: cache)) == nameProblems(renderedAll))
        try fixture.write("Content/broken.md", Fixture.page("Broken", "A [link](missing.md) to nothing.\n"))
        let renderedNone = fixture.build()
        #expect(renderedNone.diagnostics.contains { $0.message.contains("missing.md") })
        #expect(nameProblems(renderedNone) == nameProblems(renderedAll))
    }

    @Test func namesInPartialsAreCheckedOnceAndTheirTagsAreSkipped() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/partials/nav.mustache", """
            {{! navigation, with the current item marked }}<nav>{{#navigation}}{{#first()}}{{/first()}}
            <a href="{{url}}"{{#current}} aria-current="{{currentValue}}"{{/current}}>{{.}}{{title}}</a>{{/navigation}}
            {{#previous}}{{previous.url}}{{/previous}}{{#links.whatsNew}}{{links.whatsNew}}{{/links.whatsNew}}
            {{#canonical}}{{canonical}}{{/canonical}}{{&page.summary}}{{titl}}</nav>
            """)
        let error = try only(fixture.build(), "Templates/partials/nav.mustache")
        #expect((error.line, error.column) == (4, 59))
        #expect(error.message == "template uses '{{titl}}', which no page provides")
        #expect(error.suggestion == "did you mean 'title'?")
    }

    @Test func templatesNoPageRendersAreNotChecked() throws {
        let fixture = try Fixture()
        try fixture.write("Templates/unused.mustache", "{{nothingProvidesThis}}\n")
        let report = fixture.build()
        #expect(report.succeeded, "\(report.diagnostics.map(\.description))")
    }

    @Test func theRealTemplatesPassWithTheFixtureContent() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = try Fixture()
        let (templates, loadProblems) = TemplateSet.load(from: repository.appendingPathComponent("Templates"), displayName: "Templates")
        #expect(loadProblems.isEmpty, "\(loadProblems.map(\.description))")
        let report = fixture.build(write: false)
        let guide = try #require(report.guide)
        let (strings, stringProblems) = Strings.load(from: repository.appendingPathComponent("Templates"), displayName: "Templates", language: "en", required: Wording.requiredKeys(templates: templates))
        #expect(stringProblems.isEmpty)
        let problems = TemplateNameCheck.diagnostics(guide: guide, templates: templates, wording: Wording(strings: strings))
        #expect(problems.isEmpty, "\(problems.map(\.description))")
    }

    // MARK: - The string table

    @Test func aMissingWordIsReportedUnderItsGroupWithWhatToAdd() throws {
        let fixture = try Fixture()
        let table = FixturePages.englishStrings.replacingOccurrences(of: "  pill: Pill by mouth\n", with: "")
        try fixture.write("Templates/strings/en.yml", table)
        let error = try only(fixture.build(), "Templates/strings/en.yml")
        let line = table.components(separatedBy: "\n").firstIndex(of: "routes:")! + 1
        #expect((error.line, error.column) == (line, 1))
        #expect(error.message == "missing the words for 'routes.pill'")
        #expect(error.suggestion?.hasPrefix("add 'pill:' under 'routes:', as in ") == true, "\(error.suggestion ?? "")")
    }

    @Test func brokenYAMLInTheStringTableIsReportedAtItsCause() throws {
        let fixture = try Fixture()
        let table = FixturePages.englishStrings.replacingOccurrences(of: "  drug: Drug\n", with: "  drug: [Drug\n")
        try fixture.write("Templates/strings/en.yml", table)
        let error = try only(fixture.build(), "Templates/strings/en.yml")
        let line = table.components(separatedBy: "\n").firstIndex(of: "  drug: [Drug")! + 1
        #expect(error.line == line, "\(error.description)")
        #expect(error.suggestion != nil)
    }
}
