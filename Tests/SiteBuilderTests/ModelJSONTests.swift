import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideTestSupport
@testable import SiteBuilder

@Suite struct ModelJSONTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/model.json")

    /// The open-data file for the fixture must match, byte for byte, the reviewed copy in Golden/.
    /// After an intended change of shape, regenerate it with GUIDE_UPDATE_GOLDEN=1 and review the diff.
    @Test func modelJSONMatchesTheGoldenFile() throws {
        // The minimal site, plus a drug used off-label and a second form of olaparib.
        var files = Fixture.minimalSite
        files["drugs/olaparib.md"] = files["drugs/olaparib.md"]!.replacingOccurrences(of: "boxed-warnings: []", with: """
            forms:
              - name: Olaparib tablets
                route: pill
                note: A tablet form.
                approved: 2017-08
                source: https://www.fda.gov/olaparib-tablets
            boxed-warnings: []
            """)
        files["drugs/carboplatin.md"] = Fixture.page("Carboplatin", "A drip.\n", extra: """
            generic: carboplatin
            brands: [Paraplatin]
            treatment: targeted-therapy
            class: Platinum drug
            route: [iv]
            schedule: Every 3 weeks
            off-label:
              note: Not FDA-approved for breast cancer. Some doctors use it with olaparib.
              needs: {brca: [mutated]}
              given-with: [olaparib]
            boxed-warnings: []
            side-effects: {common: [fatigue]}
            status: approved

            """)
        let fixture = try Fixture(files)
        #expect(fixture.build().succeeded)
        let written = try fixture.read("model.json")
        if ProcessInfo.processInfo.environment["GUIDE_UPDATE_GOLDEN"] == "1" {
            try written.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        #expect(written == (try String(contentsOf: Self.golden, encoding: .utf8)))
    }

    @Test func strictTurnsWarningsIntoAFailure() throws {
        var files = Fixture.minimalSite
        files["about.md"] = Fixture.page("About").replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2024-01-01")
        let fixture = try Fixture(files)
        let lenient = fixture.build()
        #expect(lenient.succeeded)
        #expect(lenient.diagnostics.map(\.severity) == [.warning])
        try FileManager.default.removeItem(at: fixture.output)
        let strict = fixture.build(strict: true)
        #expect(!strict.succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }
}
