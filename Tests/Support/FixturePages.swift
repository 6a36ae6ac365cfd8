import Foundation
import SiteTemplates
import SiteRendering
/// Pages for the test fixtures of every target, written once: the front matter every page needs,
/// a drug with every field, and a small valid site (home, about, a drug, a treatment, a cell type,
/// a side effect and a glossary term).
public enum FixturePages {
    public static func page(_ title: String, _ body: String = "Some text.\n", extra: String = "", reviewed: String = "2026-11-01") -> String {
        """
        ---
        title: \(title)
        summary: About \(title).
        reviewed: \(reviewed)
        sources:
          - title: NCI
            url: https://www.cancer.gov/
        \(extra)---
        \(body)
        """
    }

    /// Olaparib's drug fields, with one indication (an inherited BRCA change).
    public static func olaparibFields() -> String {
        """
        generic: olaparib
        brands: [Lynparza]
        treatment: targeted-therapy
        class: PARP inhibitor
        target: PARP
        route: [pill]
        schedule: Twice a day
        indications:
          - needs: {brca: [mutated], her2: [negative]}
            line: later
            approved: 2018-01-12
            source: https://www.fda.gov/drugs/olaparib
        boxed-warnings: []
        side-effects: {common: [fatigue]}
        status: approved

        """
    }

    public static let siteSettings = "title: Test Guide\nlanguage: en-US\ndescription: A test.\n"

    /// A valid site; `bodies` replaces the text of pages by path.
    public static func site(bodies: [String: String] = [:]) -> [String: String] {
        func body(_ path: String, _ text: String) -> String { bodies[path] ?? text }
        return [
            "site.yml": siteSettings,
            "index.md": page("Home", body("index.md", "Welcome. Read about [olaparib](drugs/olaparib.md#how-you-get-it) and [about](about.md).\n")),
            "about.md": page("About", body("about.md", "## Who we are\n\nPeople.\n\n## Who we are\n\nAgain.\n")),
            "drugs/index.md": page("Drugs A to Z", body("drugs/index.md", "All drugs.\n")),
            "drugs/olaparib.md": page("Olaparib", body("drugs/olaparib.md", "## How you get it\n\nA pill. See [home](../index.md) and [BRCA](../glossary/brca.md).\n\nBRCA matters. BRCA again.\n"),
                                      extra: olaparibFields()),
            "treatments/targeted-therapy.md": page("Targeted therapy", body("treatments/targeted-therapy.md", "Drugs that aim at one part of a cell.\n"), extra: """
                cell-types: all
                why: [It aims at the cancer.]
                side-effects: {common: [fatigue]}
                order: 1

                """),
            "cell-types/brca-positive.md": page("BRCA mutation", body("cell-types/brca-positive.md", "Inherited.\n"), extra: """
                biomarkers: {brca: [mutated]}
                questions: [Should my family be tested?]
                order: 1

                """),
            "side-effects/fatigue.md": page("Fatigue", body("side-effects/fatigue.md", "Tired.\n"), extra: "call-now: If you cannot get out of bed.\nurgent: false\n"),
            "glossary/brca.md": page("BRCA", body("glossary/brca.md", "A gene.\n"), extra: "aliases: [BRCA1, BRCA2]\n"),
        ]
    }

    /// The guide's own English string table (Templates/strings/en.yml), which every template set needs.
    public static let englishStrings: String = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! String(contentsOf: repository.appendingPathComponent("Templates/strings/en.yml"), encoding: .utf8)
    }()
}
