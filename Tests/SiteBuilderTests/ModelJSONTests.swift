import Foundation
import Testing
@testable import SiteBuilder

@Suite struct ModelJSONTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/model.json")

    /// The open-data file for the fixture must match, byte for byte, the reviewed copy in Golden/.
    /// After an intended change of shape, regenerate it with GUIDE_UPDATE_GOLDEN=1 and review the diff.
    @Test func modelJSONMatchesTheGoldenFile() throws {
        let fixture = try Fixture()
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
