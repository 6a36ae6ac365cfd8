import Foundation
import Testing
import GuideTestSupport
import QRCode
@testable import SiteBuilder

/// A QR code on every handout, beside the address it encodes; none, and one warning, without a base URL.
@Suite struct QRCodeTests {
    @Test func theCodeIsAnSVGOfDarkModulesOnAQuietZone() throws {
        let svg = try #require(QRCode.svg(for: "https://example.org/guide/cell-types/her2-low/", label: "QR code"))
        // 46 bytes at level M need version 4 (version 3 holds 42): 33 modules, and 4 of quiet zone on each side.
        #expect(svg.hasPrefix(#"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41" role="img" aria-label="QR code""#))
        #expect(svg.contains(##"<path fill="#000" d="M4 4h7v1h-7z"##), "the top-left finder pattern starts with a run of seven")
        #expect(!svg.contains("style"))
        #expect(svg == QRCode.svg(for: "https://example.org/guide/cell-types/her2-low/", label: "QR code"))
    }

    static let handoutTemplate = #"<html><body><footer><a href="{{#handout}}{{fullPageURL}}">{{address}}</a>{{#qrCode}}<div class="handout-qr">{{{qrCode}}}</div>{{/qrCode}}{{/handout}}</footer></body></html>"#

    func fixture() throws -> Fixture {
        try Fixture(templates: Fixture.templates.merging(["handout.mustache": Self.handoutTemplate]) { $1 })
    }

    @Test func withABaseURLEveryHandoutCarriesTheCodeOfItsPage() throws {
        let fixture = try fixture()
        let report = fixture.build(baseURL: "https://example.org/guide/")
        #expect(report.succeeded && report.diagnostics.isEmpty, "\(report.diagnostics)")
        for id in ["brca-positive", "targeted-therapy"] {
            let handout = try fixture.read("handouts/\(id)/index.html")
            let address = id == "brca-positive" ? "https://example.org/guide/cell-types/brca-positive/" : "https://example.org/guide/treatments/targeted-therapy/"
            #expect(handout.contains(">\(address)</a><div class=\"handout-qr\"><svg class=\"qr-code\""))
            #expect(handout.contains(QRCode.svg(for: address, label: "QR code: \(address)")!))
        }
    }

    @Test func withoutABaseURLTheHandoutsHaveNoCodeAndTheBuildSaysSoOnce() throws {
        let fixture = try fixture()
        let report = fixture.build()
        #expect(report.succeeded)
        let warnings = report.diagnostics.filter { $0.message.contains("QR code") }
        #expect(warnings.count == 1 && warnings[0].severity == .warning)
        #expect(warnings.first?.path?.hasSuffix("Content/site.yml") == true)
        #expect(warnings.first?.suggestion?.contains("--base-url") == true)
        #expect(!(try fixture.read("handouts/brca-positive/index.html")).contains("<svg"))
    }

    @Test func aHandoutTemplateWithoutACodeNeedsNoBaseURL() throws {
        #expect(try Fixture().build().diagnostics.isEmpty)
    }
}
