import Testing
@testable import GuideModel

@Suite struct DerivedListTests {
    let guide = ModelFixture().build().0

    @Test func drugsForACellTypeWithinATreatment() {
        #expect(guide.drugs(in: "targeted-therapy", approvedFor: "brca").map(\.id) == ["olaparib", "talazoparib"])
        #expect(guide.drugs(in: "targeted-therapy", approvedFor: "her2-positive").map(\.id) == ["trastuzumab"])
        #expect(guide.drugs(in: "hormone-therapy", approvedFor: "her2-positive").isEmpty)
    }

    @Test func treatmentsForACellTypeInOrder() {
        #expect(guide.treatments(for: "her2-positive").map(\.id) == ["hormone-therapy", "targeted-therapy"])
        #expect(guide.treatments(for: "brca").map(\.id) == ["targeted-therapy"])
    }

    @Test func cellTypesFollowTheirOrder() {
        #expect(guide.cellTypes.map(\.id) == ["her2-positive", "brca"])
    }

    @Test func optionsBelongToTheirTreatment() {
        #expect(guide.options(in: "targeted-therapy").map(\.id) == ["yoga"])
    }

    @Test func causesOfASideEffect() {
        let causes = guide.causes(of: "fatigue").map { "\($0.page.id):\($0.group)" }
        #expect(causes == ["targeted-therapy:common", "olaparib:common", "talazoparib:common", "trastuzumab:common", "yoga:common"])
        #expect(guide.causes(of: "heart-problems").map(\.page.id) == ["trastuzumab"])
    }

    @Test func relatedDrugsShareClassOrTarget() {
        #expect(guide.related(to: guide.drugByID["olaparib"]!).map(\.id) == ["talazoparib"])
        #expect(guide.related(to: guide.drugByID["trastuzumab"]!).isEmpty)
    }

    @Test func drugNamesListBrandsAndGenerics() {
        let names = guide.drugNames().map { "\($0.name)→\($0.drug.id)" }
        #expect(names == ["Herceptin→trastuzumab", "Lynparza→olaparib", "Olaparib→olaparib", "Talazoparib→talazoparib", "Talzenna→talazoparib", "Trastuzumab→trastuzumab"])
    }

    @Test func aDrugWithAlternativesFitsWhenOneAlternativeIsNotRuledOut() {
        let fields = ModelFixture.drugFields + "biomarkers-any-of:\n  - {pik3ca: [mutated]}\n  - {akt1-pten: [altered]}\n"
        let (guide, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)]).build()
        #expect(diagnostics.isEmpty)
        let drug = guide.drugByID["olaparib"]!
        #expect(drug.fits([:]))
        #expect(drug.fits([.pik3ca: "not-mutated"]))
        #expect(drug.fits([.pik3ca: "not-mutated", .akt1Pten: "altered"]))
        #expect(!drug.fits([.pik3ca: "not-mutated", .akt1Pten: "not-altered"]))
        #expect(!drug.fits([.brca: "not-mutated"]))
    }

    @Test func biomarkerRequirementsMatchPickedResults() {
        let needs = guide.drugByID["olaparib"]!.biomarkers
        #expect(needs.matches([:]))
        #expect(needs.matches([.brca: "mutated", .her2: "negative"]))
        #expect(!needs.matches([.brca: "not-mutated"]))
    }
}
