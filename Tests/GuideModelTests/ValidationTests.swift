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
        let text = ModelFixture.page("Olaparib", ModelFixture.drugFields.replacingOccurrences(of: "given-with: []", with: "given-with: [talazoparib, fulvestrant]"))
        let error = try single(["drugs/olaparib.md": text])
        #expect((error.line, error.column) == (line(text, containing: "given-with"), 27))
        #expect(error.message == "'given-with' names a drug with no page: unknown drug 'fulvestrant'")
    }

    @Test func drugApprovedForACellTypeItsTreatmentDoesNotApplyTo() throws {
        let text = ModelFixture.page("Targeted therapy", "cell-types: [her2-positive]\nwhy: [x]\n")
        let (_, diagnostics) = ModelFixture(["treatments/targeted-therapy.md": text]).build()
        // Both PARP drugs are approved for 'brca'; each is reported where it says so.
        #expect(diagnostics.count == 2)
        let error = try #require(diagnostics.first)
        #expect(error.path == "Content/drugs/olaparib.md")
        #expect((error.line, error.column) == (line(ModelFixture.base["drugs/olaparib.md"]!, containing: "approved-for"), 16))
        #expect(error.message == "drug is approved for cell type 'brca', but its treatment 'targeted-therapy' does not apply to it")
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
        #expect(error.message == "field 'reviewed' is not a date: '2026-02-30'")
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
        let one = ModelFixture.drugFields + "biomarkers-any-of:\n  - {pik3ca: [mutated]}\n"
        let error = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", one)])
        #expect(error.message == "'biomarkers-any-of' needs at least two alternatives")
        let bad = ModelFixture.drugFields + "biomarkers-any-of:\n  - {pik3ca: [mutated]}\n  - {akt1-pten: [alterd]}\n"
        let value = try single(["drugs/olaparib.md": ModelFixture.page("Olaparib", bad)])
        #expect(value.message == "'alterd' is not a value of biomarker 'akt1-pten'")
        #expect(value.suggestion == "did you mean 'altered'?")
    }

    @Test func withdrawnDrugNeedsAYearAndNoApprovals() throws {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "status: approved", with: "status: withdrawn")
        let (_, diagnostics) = ModelFixture(["drugs/olaparib.md": ModelFixture.page("Olaparib", fields)]).build()
        #expect(diagnostics.map(\.message) == ["a withdrawn drug cannot be approved for a cell type", "a withdrawn drug needs 'withdrawn-year'"])
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
