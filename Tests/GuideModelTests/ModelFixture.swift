import FrontMatter
import Diagnostics
import GuideModel
import ContentChecks
import GuideTestSupport

/// Builds a guide from pages given as text, the way the site builder does, without touching disk.
struct ModelFixture {
    var files: [String: String]
    var today = GuideDate("2026-11-28")!

    static func page(_ title: String, _ extra: String = "", reviewed: String = "2026-11-01", body: String = "Text.\n") -> String {
        FixturePages.page(title, body, extra: extra, reviewed: reviewed)
    }

    static let drugFields = FixturePages.olaparibFields()

    static let base: [String: String] = [
        "cell-types/brca.md": page("BRCA", "biomarkers: {brca: [mutated]}\norder: 2\n"),
        "cell-types/her2-positive.md": page("HER2-positive", "biomarkers: {her2: [positive]}\norder: 1\n"),
        "treatments/targeted-therapy.md": page("Targeted therapy", "cell-types: [brca, her2-positive]\nwhy: [Aims at the cancer.]\nside-effects: {common: [fatigue]}\n"),
        "treatments/hormone-therapy.md": page("Hormone therapy", "cell-types: [her2-positive]\nwhy: [Blocks hormones.]\n"),
        "drugs/olaparib.md": page("Olaparib", drugFields),
        "drugs/talazoparib.md": page("Talazoparib", drugFields.replacingOccurrences(of: "olaparib", with: "talazoparib").replacingOccurrences(of: "Lynparza", with: "Talzenna")),
        "drugs/trastuzumab.md": page("Trastuzumab", drugFields.replacingOccurrences(of: "olaparib", with: "trastuzumab").replacingOccurrences(of: "Lynparza", with: "Herceptin")
            .replacingOccurrences(of: "PARP inhibitor", with: "HER2 antibody").replacingOccurrences(of: "target: PARP", with: "target: HER2")
            .replacingOccurrences(of: "{brca: [mutated], her2: [negative]}", with: "{her2: [positive]}")
            .replacingOccurrences(of: "route: [pill]", with: "route: [iv]").replacingOccurrences(of: "common: [fatigue]", with: "common: [fatigue], serious: [heart-problems]")),
        "options/yoga.md": page("Yoga", "treatment: targeted-therapy\nside-effects: {common: [fatigue]}\n"),
        "side-effects/fatigue.md": page("Fatigue", "call-now: When you cannot get up.\n"),
        "side-effects/heart-problems.md": page("Heart problems", "call-now: Chest pain.\nurgent: true\n"),
        "glossary/parp.md": page("PARP", "aliases: [PARP inhibitor]\n"),
    ]

    init(_ changes: [String: String] = [:]) {
        files = Self.base.merging(changes) { _, new in new }
    }

    func build() -> (Guide, [Diagnostic]) {
        let (pages, diagnostics) = FixturePages.load(files)
        let (guide, modelProblems) = GuideBuilder(settings: SiteSettings(), today: today).build(pages)
        // As the build runs them: the model's checks, then the checks of what the pages say.
        return (guide, (diagnostics + modelProblems + ContentChecks.run(guide)).sorted())
    }
}
