import Foundation
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// The Spanish edition: the real templates with strings/es.yml, and a table that lacks a word
/// failing the build with the key it lacks.
@Suite struct EditionStringsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file of the guide's own Templates/ folder (templates and both tables), by relative path.
    static let realTemplates: [String: String] = {
        let folder = repository.appendingPathComponent("Templates")
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in walker where url.pathExtension == "mustache" || url.pathExtension == "yml" {
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            files[relative] = try! String(contentsOf: url, encoding: .utf8)
        }
        return files
    }()

    static let spanishTable = realTemplates["strings/es.yml"]!

    /// The fixture site in Spanish (`language: es`), with a side-effects section so the menu links to it.
    func spanishSite(templates: [String: String] = realTemplates) throws -> Fixture {
        var files = FixturePages.site()
        files["site.yml"] = FixturePages.siteSettings.replacingOccurrences(of: "language: en-US", with: "language: es")
        files["side-effects/index.md"] = FixturePages.page("Side effects")
        return try Fixture(files, templates: templates)
    }

    @Test func theSpanishTableGivesEveryPageItsWords() throws {
        let fixture = try spanishSite()
        let report = fixture.build()
        #expect(report.succeeded, "\(report.diagnostics.map(\.description))")
        let drug = try fixture.read("drugs/olaparib/index.html")
        #expect(drug.contains(">Efectos secundarios</a>"), "the menu")
        #expect(drug.contains("Efectos secundarios en resumen"))
        #expect(drug.contains("Saltar al contenido principal"))
        #expect(drug.contains("Enlace a la sección: How you get it"))
        #expect(drug.contains("Revisado por última vez el <time datetime=\"2026-11-01\">1 de noviembre de 2026</time>."))
        for english in ["Skip to main content", "Side effects at a glance", "Link to section", "Last reviewed", "Generic name"] {
            #expect(!drug.contains(english), "\(english)")
        }
        // The scripts' words, as JSON that no word can end early.
        #expect(drug.contains(#"<script type="application/json" id="strings">"#))
        #expect(drug.contains(#""did-you-mean":"¿Quiso decir {suggestion}?""#))
        #expect(drug.contains(#""glossary-kind":"Glosario""#))
        let handout = try fixture.read("handouts/brca-positive/index.html")
        #expect(handout.contains("Hoja informativa para pacientes"))
        #expect(handout.contains("Efectos secundarios frecuentes"))
        let notFound = try fixture.read("404.html")
        #expect(notFound.contains("<h1>No se encontró la página</h1>"))
    }

    @Test func aTableWithoutAWordATemplateUsesFailsNamingTheKey() throws {
        var templates = Self.realTemplates
        let table = Self.spanishTable.replacingOccurrences(of: "    related-title: Medicamentos relacionados\n", with: "")
        templates["strings/es.yml"] = table
        let error = try only(try spanishSite(templates: templates).build(), "Templates/strings/es.yml")
        #expect(error.message == "missing the words for 'text.drug.related-title'")
        #expect(error.suggestion?.hasPrefix("add 'related-title:' under 'text.drug:'") == true, "\(error.suggestion ?? "")")
        // At the text group's `drug:`, not the page kind's.
        let lines = table.components(separatedBy: "\n")
        let textGroup = try #require(lines.firstIndex(of: "text:"))
        #expect(error.line == lines[textGroup...].firstIndex(of: "  drug:")! + 1)
    }

    @Test func aTableWithoutAWordTheScriptsUseFailsNamingTheKey() throws {
        var templates = Self.realTemplates
        templates["strings/es.yml"] = Self.spanishTable.replacingOccurrences(of: "    did-you-mean: ¿Quiso decir {suggestion}?\n", with: "")
        let error = try only(try spanishSite(templates: templates).build(), "Templates/strings/es.yml")
        #expect(error.message == "missing the words for 'text.script.did-you-mean'")
    }

    @Test func aWordANewTemplateUsesMustBeInTheTable() throws {
        var templates = Fixture.templates
        templates["drug.mustache"] = "{{< layout}}{{$main}}<h1>{{page.title}}</h1><p>{{text.drug.new-words}}</p>{{/main}}{{/layout}}"
        let error = try only(try Fixture(templates: templates).build(), "Templates/strings/en.yml")
        #expect(error.message == "missing the words for 'text.drug.new-words'")
    }
}
