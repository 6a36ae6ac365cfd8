import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import GuideModel
import GuideTestSupport
import Testing
@testable import SiteBuilder

/// The HTML handouts: what a handout says comes from the model, through the real handout template.
@Suite struct HandoutTests {
    @Test func cellTypeHandoutListsEveryApprovedDrugWithBrandRouteAndSchedule() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("Olaparib</span> (Lynparza)"))
        #expect(handout.contains("Pill by mouth"))
        #expect(handout.contains("Twice a day, every day"))
        #expect(handout.contains("Nab-paclitaxel</span> (Abraxane)"))
        // Grouped under the drug's treatment.
        #expect(handout.contains("<th colspan=\"3\" scope=\"colgroup\">Targeted therapy</th>"))
    }

    @Test func drugThatNeedsAnotherResultIsNamedUnderThatResult() throws {
        let fixture = try HandoutFixture()
        // The cell type no longer fixes HER2: olaparib's use needs HER2-negative on top.
        try fixture.site.write("Content/cell-types/brca-positive.md", HandoutFixture.content["cell-types/brca-positive.md"]!
            .replacingOccurrences(of: "{brca: [mutated], her2: [negative]}", with: "{brca: [mutated]}"))
        let handout = try fixture.buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("<li><strong>If HER2: negative:</strong> Olaparib (Lynparza)</li>"))
        #expect(!handout.contains("Olaparib</span> (Lynparza)"))
        #expect(handout.contains("Nab-paclitaxel</span> (Abraxane)"))
    }

    @Test func genericNameIsShownOnlyWhenItDiffersFromTheTitle() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("generic name: paclitaxel protein-bound"))
        #expect(!handout.contains("generic name: olaparib"))
    }

    @Test func urgentSideEffectsCarryTheirCallNowWordsAndOthersOnlyTheirName() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("Call your care team right away"))
        #expect(handout.contains("<dt>Fever and infection</dt><dd>Call at once for a temperature of 100.4 °F (38 °C) or higher.</dd>"))
        #expect(handout.contains("<li>Fatigue</li>"))
        #expect(!handout.contains("If you cannot get out of bed."))
    }

    @Test func treatmentsWithoutDrugsAreNamedWithTheirOptions() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("Radiation therapy (Stereotactic radiation)"))
    }

    @Test func handoutHasMeaningQuestionsNotesReviewDateDisclaimerAndNoSiteNavigation() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("<p class=\"handout-summary\">About BRCA mutation.</p>"))
        #expect(handout.contains("<p>BRCA genes fix DNA. A change can be inherited.</p>"))
        #expect(handout.contains("<li>Should my family be tested?</li>"))
        #expect(handout.contains("class=\"handout-lines\""))
        #expect(handout.contains("Reviewed 1 November 2026."))
        #expect(handout.contains("not medical advice"))
        #expect(handout.contains("<title>BRCA mutation: patient handout · Test Guide</title>"))
        #expect(handout.contains("<html lang=\"en-US\">"))
        #expect(!handout.contains("<nav>"), "the site's navigation partial must not be on a handout")
        #expect(handout.contains("<nav class=\"handout-tools\" aria-label=\"Handout\">"))
    }

    @Test func oldestReviewOfTheQuotedPagesIsNamedWhenOlderThanThePage() throws {
        let fixture = try HandoutFixture()
        try fixture.site.write("Content/side-effects/fatigue.md", Fixture.page("Fatigue", "Tired.\n",
            extra: "call-now: If you cannot get out of bed.\nurgent: false\n").replacingOccurrences(of: "2026-11-01", with: "2026-03-02"))
        let handout = try fixture.buildAndRead("handouts/brca-positive/index.html")
        #expect(handout.contains("Some details come from pages last reviewed 2 March 2026."))
    }

    @Test func fullPageAddressIsTheSitePathWithoutBaseURLAndAbsoluteWithIt() throws {
        let fixture = try HandoutFixture()
        let relative = try fixture.buildAndRead("handouts/brca-positive/index.html")
        #expect(relative.contains("<a class=\"handout-address\" href=\"../../cell-types/brca-positive/index.html\">cell-types/brca-positive/</a>"))
        #expect(!relative.contains("<style"), "a Content-Security-Policy would block it")
        #expect(try fixture.site.readAsset("css/handouts/brca-positive.css").contains("cell-types/brca-positive/\"; }"), "the footer margin box names the address")
        let absolute = try fixture.buildAndRead("handouts/brca-positive/index.html", baseURL: "https://example.org/guide/")
        #expect(absolute.contains(">https://example.org/guide/cell-types/brca-positive/</a>"))
    }

    @Test func treatmentHandoutListsDrugsWithdrawnDrugsWhyAndSideEffectGroups() throws {
        let handout = try HandoutFixture().buildAndRead("handouts/chemotherapy/index.html")
        #expect(handout.contains("Nab-paclitaxel</span> (Abraxane)"))
        #expect(handout.contains("No longer approved for breast cancer: <span class=\"handout-other-item\">Oldmab (Oldbrand), since 2011</span>."))
        #expect(handout.contains("<li>It can shrink cancer quickly.</li>"))
        #expect(handout.contains("<h3>Serious or rare</h3>"))
        #expect(handout.contains("<dt>Fever and infection</dt>"))
        #expect(handout.contains("<strong>May be used for:</strong> BRCA mutation."))
    }

    @Test func everyCellTypeAndTreatmentHasAHandout() throws {
        let fixture = try HandoutFixture()
        let report = fixture.site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        for id in ["brca-positive", "chemotherapy", "targeted-therapy", "radiation-therapy"] {
            #expect(FileManager.default.fileExists(atPath: fixture.site.output.appendingPathComponent("handouts/\(id)/index.html").path), "\(id)")
        }
    }

    // MARK: - Pieces

    @Test func cssStringEscapesQuotesBackslashesAndMarkup() {
        #expect(HandoutContent.cssString("A \"b\" \\ c") == "\"A \\\"b\\\" \\\\ c\"")
        #expect(HandoutContent.cssString("</style><b>") == "\"\\3C /style\\3E \\3C b\\3E \"")
        // A form feed (or any control character) would end the CSS string and let the rest be CSS.
        #expect(HandoutContent.cssString("Olaparib\u{0C}} body { display: none") == "\"Olaparib } body { display: none\"")
        #expect(!HandoutContent.cssString("a\u{0}\u{1B}\u{7F}b").unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(HandoutContent.cssString("two\nlines") == "\"two lines\"")
    }
}

/// The fixture site of the handout tests, with the real handout template and stylesheet.
