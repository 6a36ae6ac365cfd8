import FrontMatter
import Diagnostics
import Testing
@testable import GuideModel

/// One test per validation rule: each bad fixture gives one diagnostic at the value that is wrong.
@Suite struct ValidationTests {
    func single(_ changes: [String: String], today: String = "2026-11-28") throws -> Diagnostic {
        var fixture = ModelFixture(changes)
        fixture.today = GuideDate(today)!
        let (_, diagnostics) = fixture.build()
        #expect(diagnostics.count == 1, "got: \(diagnostics.map(\.description))")
        return try #require(diagnostics.first)
    }

    func line(_ text: String, containing needle: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func validFixtureHasNoDiagnostics() {
        #expect(ModelFixture().build().1.isEmpty)
    }

    @Test func unknownCellTypeSuggestsTheClosestOne() throws {
        let text = ModelFixture.page("Targeted therapy", "cell-types: [brca, her2-positive, her2-postive]\nwhy: [x]\n")
        let error = try single(["treatments/targeted-therapy.md": text])
        #expect(error.path == "Content/treatments/targeted-therapy.md")
        #expect((error.line, error.column) == (8, 35))
        #expect(error.message == "unknown cell type 'her2-postive'")
        #expect(error.suggestion == "did you mean 'her2-positive'?")
    }

    @Test func unknownTreatment() throws {
        let text = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "treatment: targeted-therapy", with: "treatment: targetted-therapy"))
        let error = try single(["drugs/olaparib.md": text])
        #expect((error.line, error.column) == (line(text, containing: "treatment:"), 12))
        #expect(error.message == "unknown treatment 'targetted-therapy'")
        #expect(error.suggestion == "did you mean 'targeted-therapy'?")
    }

    @Test func unknownSideEffect() throws {
        let text = ModelFixture.page("Yoga", "treatment: targeted-therapy\nside-effects: {common: [fatigeu]}\n")
        let error = try single(["options/yoga.md": text])
        #expect((error.line, error.column) == (9, 25))
        #expect(error.message == "unknown side effect 'fatigeu'")
        #expect(error.suggestion == "did you mean 'fatigue'?")
    }

    @Test func givenWithAMissingDrug() throws {
        let text = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    line: later\n    given-with: [talazoparib, fulvestrant]\n"))
        let error = try single(["drugs/olaparib.md": text])
        #expect((error.line, error.column) == (line(text, containing: "given-with"), 31))
        #expect(error.message == "'given-with' names a drug with no page: unknown drug 'fulvestrant'")
    }

    @Test func treatmentSaidToFitACellTypeNoIndicationCovers() throws {
        // Hormone therapy gets a drug whose only use needs HER2-positive results, yet says it fits BRCA.
        let hormone = ModelFixture.page("Hormone therapy", "cell-types: [her2-positive, brca]\nwhy: [Blocks hormones.]\n")
        let drug = ModelFixture.page("Letrozole", ModelFixture.drugFields.replacingOccurrences(of: "olaparib", with: "letrozole")
            .replacingOccurrences(of: "Lynparza", with: "Femara").replacingOccurrences(of: "targeted-therapy", with: "hormone-therapy")
            .replacingOccurrences(of: "{brca: [mutated], her2: [negative]}", with: "{her2: [positive], brca: [not-mutated]}"))
        let error = try single(["treatments/hormone-therapy.md": hormone, "drugs/letrozole.md": drug])
        #expect(error.path == "Content/treatments/hormone-therapy.md")
        #expect((error.line, error.column) == (8, 29))
        #expect(error.message == "treatment is said to fit cell type 'brca', but no indication of its drugs can fit that cell type")
        #expect(error.suggestion == "remove 'brca' from 'cell-types', or add the indication that covers it to the drug's page")
    }

    @Test func treatmentThatLeavesOutACellTypeItsDrugsFitIsWarned() throws {
        let targeted = ModelFixture.page("Targeted therapy", "cell-types: [her2-positive]\nwhy: [x]\n")
        let warning = try single(["treatments/targeted-therapy.md": targeted])
        #expect(warning.severity == .warning)
        #expect(warning.message == "the indications of this treatment's drugs fit cell type 'brca', but 'cell-types' does not list it")
        #expect(warning.suggestion == "add 'brca' to 'cell-types'")
    }

    @Test func indicationNeedsAnApprovalDateAndASource() throws {
        let noDate = ModelFixture.drugFields.replacingOccurrences(of: "    approved: 2018-01-12\n", with: "")
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", noDate)])
        #expect(error.message == "missing required field 'approved' (the FDA approval date, like 2025-12-15)")
        #expect((error.line, error.column) == (line(noDate, containing: "- needs:") + 7, 5))
        #expect(error.suggestion == "add 'approved:' to this entry")
        let noSource = ModelFixture.drugFields.replacingOccurrences(of: "    source: https://www.fda.gov/drugs/olaparib\n", with: "")
        #expect(try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", noSource)]).message.hasPrefix("missing required field 'source'"))
        let badDate = ModelFixture.drugFields.replacingOccurrences(of: "2018-01-12", with: "2018-13")
        let date = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", badDate)])
        #expect(date.message == "field 'approved' is not a date: there is no month 13")
    }

    @Test func approvalDatesMayBeAMonthOrAYear() {
        for written in ["2018-01", "2018", "by 2018-02"] {
            let fields = ModelFixture.drugFields.replacingOccurrences(of: "2018-01-12", with: written)
            let (guide, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)]).build()
            #expect(diagnostics.isEmpty)
            #expect(guide.drugByID["olaparib"]?.indications.first?.approved.written == written)
        }
    }

    @Test func unknownFieldInAnIndication() throws {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    line: later\n    gven-with: [talazoparib]\n")
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)])
        #expect(error.message == "unknown field 'gven-with' in an indication")
        #expect(error.suggestion == "did you mean 'given-with'?")
    }

    @Test func drugWithNoIndicationAndNoOffLabelNote() throws {
        let fields = ModelFixture.drugFields.components(separatedBy: "indications:")[0] + "indications: []\nboxed-warnings: []\nside-effects: {common: [fatigue]}\nstatus: approved\n"
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)])
        #expect(error.message == "drug has no 'indications' and no 'off-label' note")
        #expect((error.line, error.column) == (line(fields, containing: "indications") + 7, 1))
        let offLabel = fields.replacingOccurrences(of: "indications: []", with: "off-label: {note: Not FDA-approved for breast cancer.}")
        let (guide, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", offLabel)]).build()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(guide.drugByID["olaparib"]?.isOffLabel == true)
    }

    @Test func oldApprovalFieldsPointAtIndications() throws {
        let fields = ModelFixture.drugFields + "approved-for: [brca]\n"
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)])
        #expect(error.message == "'approved-for' is no longer a drug field: a drug lists its FDA-approved uses as 'indications'")
    }

    @Test func cellTypeThatNoIndicationCanFitIsWarned() throws {
        // PD-L1 positive and BRCA: no drug of the fixture needs those together with HER2 'zero'.
        let cellType = ModelFixture.page("Odd", "biomarkers: {her2: [zero], brca: [not-mutated]}\norder: 3\n")
        let targeted = ModelFixture.page("Targeted therapy", "cell-types: [brca, her2-positive]\nwhy: [Aims at the cancer.]\nside-effects: {common: [fatigue]}\n")
        let warning = try single(["cell-types/odd.md": cellType, "treatments/targeted-therapy.md": targeted])
        #expect(warning.severity == .warning)
        #expect(warning.path == "Content/cell-types/odd.md")
        #expect(warning.message == "no indication in the guide that needs test results can fit this cell type")
        #expect((warning.line, warning.column) == (8, 1))
    }

    @Test func proseThatNamesAPartnerTheIndicationsDoNot() throws {
        let body = "It is a pill.\nIt is often given with\ntalazoparib for some people.\n\nAfter treatment with Herceptin it may help.\n"
        let page = ModelFixture.page("Olaparib", ModelFixture.drugFields, body: body)
        let warning = try single(["drugs/olaparib.md": page])
        #expect(warning.severity == .warning)
        #expect((warning.line, warning.column) == (line(page, containing: "talazoparib for"), 1))
        #expect(warning.message == "the text says Olaparib is given with Talazoparib, but no indication of either drug names the other")
        let named = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    line: later\n    given-with: [talazoparib]\n"), body: body)
        #expect(ModelFixture(["drugs/olaparib.md": named]).build().1.isEmpty)
    }

    @Test func treatmentMustNotListItsDrugs() throws {
        let text = ModelFixture.page("Hormone therapy", "cell-types: [her2-positive]\nwhy: [x]\ndrugs: [olaparib]\n")
        let error = try single(["treatments/hormone-therapy.md": text])
        #expect((error.line, error.column) == (10, 1))
        #expect(error.message == "a treatment does not list its drugs: each one names its treatment")
    }

    @Test func requiredFieldMissingForTheKind() throws {
        let text = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "class: PARP inhibitor\n", with: ""))
        let error = try single(["drugs/olaparib.md": text])
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message == "missing required field 'class' (text)")
    }

    @Test func dateThatIsNotADate() throws {
        let error = try single(["side-effects/fatigue.md": ModelFixture.page("Fatigue", "call-now: x\n", reviewed: "2026-02-30")])
        #expect((error.line, error.column) == (4, 11))
        #expect(error.message == "field 'reviewed' is not a date: February 2026 has 28 days")
    }

    @Test func staleReviewIsAWarning() throws {
        let warning = try single(["side-effects/fatigue.md": ModelFixture.page("Fatigue", "call-now: x\n", reviewed: "2025-11-27")])
        #expect(warning.severity == .warning)
        #expect((warning.line, warning.column) == (4, 11))
        #expect(warning.message == "page was last reviewed on 2025-11-27, more than 12 months ago")
        let (_, fresh) = ModelFixture(["side-effects/fatigue.md": ModelFixture.page("Fatigue", "call-now: x\n", reviewed: "2025-11-28")]).build()
        #expect(fresh.isEmpty)
    }

    @Test func reviewDateInTheFuture() throws {
        let error = try single(["side-effects/fatigue.md": ModelFixture.page("Fatigue", "call-now: x\n", reviewed: "2027-01-01")])
        #expect(error.message == "'reviewed' date 2027-01-01 is in the future")
    }

    @Test func duplicateBrandNamesAcrossDrugs() throws {
        let text = ModelFixture.page("Talazoparib", ModelFixture.drugFields.replacingOccurrences(of: "olaparib", with: "talazoparib").replacingOccurrences(of: "[Lynparza]", with: "[Talzenna, lynparza]"))
        let error = try single(["drugs/talazoparib.md": text])
        #expect((error.line, error.column) == (line(text, containing: "brands"), 20))
        #expect(error.message == "brand name 'lynparza' is already used by Content/drugs/olaparib.md")
    }

    @Test func duplicateGenericNames() throws {
        let text = ModelFixture.page("Talazoparib", ModelFixture.drugFields.replacingOccurrences(of: "Lynparza", with: "Talzenna"))
        let error = try single(["drugs/talazoparib.md": text])
        #expect(error.message == "generic name 'olaparib' is already used by Content/drugs/olaparib.md")
    }

    @Test func duplicateIDsDifferingOnlyInCase() throws {
        let (_, diagnostics) = ModelFixture(["side-effects/Fatigue.md": ModelFixture.page("Tiredness", "call-now: x\n")]).build()
        #expect(diagnostics.contains { $0.message.hasPrefix("duplicate side-effect id 'fatigue'") || $0.message.hasPrefix("duplicate side-effect id 'Fatigue'") })
    }

    @Test func duplicateGlossaryTerms() throws {
        let error = try single(["glossary/parp-inhibitor.md": ModelFixture.page("PARP inhibitor")])
        #expect(error.message == "glossary term 'PARP inhibitor' is already defined by Content/glossary/parp.md")
    }

    @Test func unknownBiomarkerValue() throws {
        let error = try single(["cell-types/brca.md": ModelFixture.page("BRCA", "biomarkers: {brca: [mutant]}\n")])
        #expect((error.line, error.column) == (8, 21))
        #expect(error.message == "'mutant' is not a value of biomarker 'brca'")
        #expect(error.suggestion == "did you mean 'mutated'?")
    }

    @Test func unknownBiomarker() throws {
        let error = try single(["cell-types/brca.md": ModelFixture.page("BRCA", "biomarkers: {brac: [mutated]}\n")])
        #expect(error.message == "'brac' is not a known entry of 'biomarkers'")
        #expect(error.suggestion == "did you mean 'brca'?")
    }

    @Test func alternativesNeedAtLeastTwoEntriesWithKnownValues() throws {
        let one = ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    needs-one-of:\n      - {pik3ca: [mutated]}\n    line: later\n")
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", one)])
        #expect(error.message == "'needs-one-of' needs at least two alternatives")
        let bad = ModelFixture.drugFields.replacingOccurrences(of: "    line: later\n", with: "    needs-one-of:\n      - {pik3ca: [mutated]}\n      - {akt1-pten: [alterd]}\n    line: later\n")
        let value = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", bad)])
        #expect(value.message == "'alterd' is not a value of biomarker 'akt1-pten'")
        #expect(value.suggestion == "did you mean 'altered'?")
    }

    @Test func withdrawnDrugNeedsAYearAndNoIndications() throws {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "status: approved", with: "status: withdrawn")
        let (_, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)]).build()
        #expect(diagnostics.map(\.message) == ["a withdrawn drug has no current indications", "a withdrawn drug needs 'withdrawn-year'"])
    }

    @Test func unknownRoute() throws {
        let text = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "route: [pill]", with: "route: [pil]"))
        let error = try single(["drugs/olaparib.md": text])
        #expect(error.message == "unknown route 'pil'")
        #expect(error.suggestion == "did you mean 'pill'?")
    }

    @Test func sideEffectGroupsAreChecked() throws {
        let error = try single(["options/yoga.md": ModelFixture.page("Yoga", "treatment: targeted-therapy\nside-effects: {comon: [fatigue]}\n")])
        #expect(error.message == "'comon' is not a known entry of 'side-effects'")
        #expect(error.suggestion == "did you mean 'common'?")
    }

    @Test func missingSources() throws {
        let text = "---\ntitle: Fatigue\nsummary: x\nreviewed: 2026-11-01\ncall-now: x\n---\nText\n"
        let error = try single(["side-effects/fatigue.md": text])
        #expect(error.message.hasPrefix("missing required field 'sources'"))
    }
}
