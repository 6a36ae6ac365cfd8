import Testing
@testable import GuideModel

@Suite struct DerivedListTests {
    let guide = ModelFixture().build().0

    @Test func drugsForACellTypeWithinATreatment() {
        // A BRCA change says nothing about HER2: a HER2-positive use can fit too.
        #expect(guide.drugs(in: "targeted-therapy", for: "brca").map(\.id) == ["olaparib", "talazoparib", "trastuzumab"])
        #expect(guide.drugs(in: "targeted-therapy", for: "her2-positive").map(\.id) == ["trastuzumab"])
        #expect(guide.drugs(in: "hormone-therapy", for: "her2-positive").isEmpty)
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

    @Test func aUseWithAlternativesFitsWhenOneAlternativeIsNotRuledOut() {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    needs-one-of:\n      - {pik3ca: [mutated]}\n      - {akt1-pten: [altered]}\n    line: later\n")
        let (guide, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)]).build()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let drug = guide.drugByID["olaparib"]!
        #expect(guide.fit(of: drug, for: [:]) == .needs([.brca, .her2, .pik3ca, .akt1Pten]))
        #expect(guide.fit(of: drug, for: [.brca: "mutated", .her2: "zero", .pik3ca: "mutated"]) == .fits)
        #expect(guide.fit(of: drug, for: [.brca: "mutated", .her2: "zero", .pik3ca: "not-mutated"]) == .needs([.akt1Pten]))
        #expect(guide.fit(of: drug, for: [.brca: "mutated", .her2: "zero", .pik3ca: "not-mutated", .akt1Pten: "altered"]) == .fits)
        #expect(guide.fit(of: drug, for: [.pik3ca: "not-mutated", .akt1Pten: "not-altered"]) == .ruledOut)
        #expect(guide.fit(of: drug, for: [.brca: "not-mutated"]) == .ruledOut)
    }

    @Test func her2GroupWordsStandForTheirResults() {
        let olaparib = guide.drugByID["olaparib"]!
        #expect(olaparib.indications[0].needs.all.allowed[.her2] == ["zero", "ultralow", "one-plus", "two-plus-ish-negative"])
        #expect(guide.fit(of: olaparib, for: [.brca: "mutated", .her2: "two-plus-ish-negative"]) == .fits)
        #expect(guide.fit(of: olaparib, for: [.her2: "positive"]) == .ruledOut)
        #expect(Biomarker.her2.expand("low") == ["one-plus", "two-plus-ish-negative"])
    }

    @Test func aUseFitsACellTypeWhenSomeResultsMeetBoth() {
        let hrPositiveUltralow = BiomarkerCondition(all: BiomarkerRequirements([.hr: ["positive"], .her2: ["ultralow", "one-plus", "two-plus-ish-negative"]]))
        let hrNegative = BiomarkerCondition(all: BiomarkerRequirements([.hr: ["negative"]]))
        let her2Low = BiomarkerCondition(all: BiomarkerRequirements([.her2: ["ultralow", "one-plus", "two-plus-ish-negative"]]))
        #expect(!hrPositiveUltralow.overlaps(hrNegative))
        #expect(hrPositiveUltralow.overlaps(her2Low))
        let pik3caOrAkt = BiomarkerCondition(anyOf: [BiomarkerRequirements([.pik3ca: ["mutated"]]), BiomarkerRequirements([.akt1Pten: ["altered"]])])
        #expect(pik3caOrAkt.overlaps(BiomarkerCondition(all: BiomarkerRequirements([.pik3ca: ["not-mutated"]]))))
        #expect(!pik3caOrAkt.overlaps(BiomarkerCondition(all: BiomarkerRequirements([.pik3ca: ["not-mutated"], .akt1Pten: ["not-altered"]]))))
    }

    @Test func treatmentsFitWhereTheirDrugsUsesFit() {
        // Targeted therapy's cell types come from olaparib (BRCA) and trastuzumab (HER2-positive).
        #expect(guide.coveredCellTypes(of: "targeted-therapy") == ["her2-positive", "brca"])
        // Hormone therapy has no drugs here: its page says where it applies.
        #expect(guide.coveredCellTypes(of: "hormone-therapy") == nil)
        #expect(guide.cellTypes(for: guide.treatmentByID["hormone-therapy"]!) == ["her2-positive"])
    }

    @Test func approvalsAreListedNewestFirst() {
        let talazoparib = ModelFixture.page("Talazoparib", ModelFixture.drugFields.replacingOccurrences(of: "olaparib", with: "talazoparib")
            .replacingOccurrences(of: "Lynparza", with: "Talzenna").replacingOccurrences(of: "2018-01-12", with: "2018-10"))
        let guide = ModelFixture(["drugs/talazoparib.md": talazoparib]).build().0
        #expect(guide.approvalsByDate().map { "\($0.drug.id) \($0.date)" } == ["talazoparib 2018-10", "olaparib 2018-01-12", "trastuzumab 2018-01-12"])
    }
}
