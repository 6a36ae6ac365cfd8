import Diagnostics
import Foundation
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// A translated edition (`Content/es/`), built with the real templates and string tables: its
/// pages take the original's facts and say them in its words; a fact written in a translation, a
/// translation of no page and one that has fallen behind its original are reported.
@Suite struct EditionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let spanishSite: [String: String] = [
        "es/site.yml": "title: Guía de prueba\nlanguage: es-US\ndescription: Una prueba.\n",
        "es/index.md": translation("Inicio", "Bienvenida. Lea sobre [olaparib](drugs/olaparib.md#como-se-recibe) y [nosotros](about.md).\n"),
        "es/drugs/olaparib.md": translation("Olaparib", "## Cómo se recibe\n\nUna pastilla. Vea el [inicio](../index.md) y [BRCA](../glossary/brca.md).\n",
                                            extra: "schedule: Dos veces al día\nclass: inhibidor de PARP\n"),
    ]

    static func translation(_ title: String, _ body: String, follows: String = "2026-11-01", extra: String = "") -> String {
        "---\ntitle: \(title)\nsummary: Sobre \(title).\ntranslated-from: \(follows)\n\(extra)---\n\(body)"
    }

    func build(_ changes: [String: String] = [:], strict: Bool = false, templates: URL = repository.appendingPathComponent("Templates")) throws -> (Fixture, BuildReport) {
        let fixture = try Fixture(FixturePages.site().merging(Self.spanishSite) { $1 }.merging(changes) { $1 })
        var options = BuildOptions(content: fixture.root.appendingPathComponent("Content"), templates: templates,
                                   public: Self.repository.appendingPathComponent("Public"), output: fixture.output)
        options.today = Fixture.today
        options.strict = strict
        return (fixture, SiteBuild(options: options).run())
    }

    @Test func aTranslationIsPublishedInItsFolderWithTheOriginalsFactsAndLinksBothWays() throws {
        let (fixture, report) = try build()
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics)")
        let spanish = try fixture.read("es/drugs/olaparib/index.html")
        #expect(spanish.contains("<html lang=\"es-US\""))
        #expect(spanish.contains("Dos veces al día"))
        #expect(spanish.contains("Lynparza"), "the brand is a fact, from the English file")
        #expect(spanish.contains("href=\"../../../css/site."), "the assets are the site's, one folder up")
        #expect(spanish.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../../drugs/olaparib/index.html\">"))
        let english = try fixture.read("drugs/olaparib/index.html")
        #expect(english.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"../../es/drugs/olaparib/index.html\">"))
        #expect(english.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"../../drugs/olaparib/index.html\">"))
        #expect(english.contains("class=\"language-switch\" href=\"../../es/drugs/olaparib/index.html\""))
        // A page without a translation is not published in Spanish; the translation links to the English page, marked as English.
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("es/about/index.html").path))
        let home = try fixture.read("es/index.html")
        #expect(home.contains("href=\"../about/index.html\" hreflang=\"en\""))
        #expect(home.contains("href=\"drugs/olaparib/index.html#como-se-recibe\""))
        let index = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture.output.appendingPathComponent("es").path)
            .first { $0.hasPrefix("search-index.") && $0.hasSuffix(".js") }, "the Spanish edition has its own search index")
        #expect(try fixture.read("es/" + index).contains("\"l\":\"es\""))
        #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("es/handouts").path) == false,
                "no cell type or treatment is translated, so there is no Spanish handout")
    }

    @Test func aFactWrittenInATranslationIsAnErrorAtItsLine() throws {
        let (_, report) = try build(["es/drugs/olaparib.md": Self.translation("Olaparib", "Texto.\n", extra: "brands: [Otra]\nsumary: x\n")])
        let errors = report.diagnostics.filter { $0.severity == .error }
        let fact = try #require(errors.first { $0.message.hasPrefix("'brands' is a fact") })
        #expect(fact.path?.hasSuffix("Content/es/drugs/olaparib.md") == true)
        #expect(fact.line == 5)
        #expect(fact.suggestion?.contains("delete this field") == true)
        let typo = try #require(errors.first { $0.message.contains("unknown field 'sumary'") })
        #expect(typo.suggestion == "did you mean 'summary'?")
        #expect(!report.succeeded)
    }

    @Test func theEditionsTableNeedsEveryWordTheTemplatesUse() throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("edition-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: templates) }
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Templates"), to: templates)
        let table = templates.appendingPathComponent("strings/es.yml")
        let words = try String(contentsOf: table, encoding: .utf8)
        try words.replacingOccurrences(of: "    related-title: Medicamentos relacionados\n", with: "").write(to: table, atomically: true, encoding: .utf8)
        let (_, report) = try build(templates: templates)
        let error = try #require(report.diagnostics.first { $0.message == "missing the words for 'text.drug.related-title'" }, "\(report.diagnostics)")
        #expect(error.path?.hasSuffix("strings/es.yml") == true)
        #expect(error.line > 0)
        #expect(!report.succeeded)
    }

    @Test func anEditionsBaseURLIsAnErrorAtItsLine() throws {
        let settings = Self.spanishSite["es/site.yml"]! + "base-url: https://example.org/es/\n"
        let (_, report) = try build(["es/site.yml": settings])
        let error = try #require(report.diagnostics.first { $0.message.hasPrefix("an edition's site.yml has no 'base-url'") }, "\(report.diagnostics)")
        #expect(error.path?.hasSuffix("es/site.yml") == true)
        #expect((error.line, error.column) == (4, 11))
    }

    @Test func aTranslationOfNoPageIsAnErrorWithTheClosestPath() throws {
        let (_, report) = try build(["es/drugs/olaparibb.md": Self.translation("Olaparib", "Texto.\n")])
        let error = try #require(report.diagnostics.first { $0.message.contains("translates no page") })
        #expect(error.path?.hasSuffix("es/drugs/olaparibb.md") == true && error.line == 1)
        #expect(error.suggestion?.hasPrefix("did you mean 'drugs/olaparib.md'?") == true)
    }

    @Test func aTranslationBehindItsOriginalWarnsAndSaysSoOnThePage() throws {
        let behind = Self.translation("Olaparib", "## Cómo se recibe\n\nTexto.\n", follows: "2026-10-01")
        let (fixture, report) = try build(["es/drugs/olaparib.md": behind])
        let warning = try #require(report.diagnostics.first { $0.message.hasPrefix("translation is out of date") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("2026-10-01") && warning.message.contains("2026-11-01"))
        #expect(warning.line == 4)
        #expect(warning.suggestion?.hasSuffix("drugs/olaparib.md, then set 'translated-from: 2026-11-01'") == true)
        let page = try fixture.read("es/drugs/olaparib/index.html")
        #expect(page.contains("class=\"notice notice-stale\""))
        #expect(page.contains("<a href=\"../../../drugs/olaparib/index.html\" hreflang=\"en\">"))
        let (_, strict) = try build(["es/drugs/olaparib.md": behind], strict: true)
        #expect(!strict.succeeded)
    }

    @Test func aTranslationNeedsItsVersionAndAsManyItemsAsTheOriginal() throws {
        let (_, report) = try build([
            "es/drugs/olaparib.md": "---\ntitle: Olaparib\nsummary: Sobre olaparib.\n---\nTexto.\n",
            "es/cell-types/brca-positive.md": Self.translation("Mutación BRCA", "Heredada.\n", extra: "questions: [¿Uno?, ¿Dos?]\n"),
        ])
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("missing 'translated-from'") })
        #expect(messages.contains("'questions' has 2 items but the original has 1; each item translates one of the original's, in order"))
    }
}
