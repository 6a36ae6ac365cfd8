import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideTestSupport
@testable import SiteBuilder

@Suite struct EndToEndTests {
    @Test func buildsEveryPageWithRelativeLinks() throws {
        let fixture = try Fixture()
        let report = fixture.build()
        #expect(report.succeeded, "\(report.diagnostics.map(\.description))")
        #expect(report.pageCount == 8)
        let home = try fixture.read("index.html")
        #expect(home.contains("<a href=\"drugs/olaparib/index.html#how-you-get-it\">olaparib</a>"))
        #expect(home.contains("<a href=\"about/index.html\">about</a>"))
        let stylesheet = try fixture.publishedPath(of: "css/site.css")
        #expect(home.contains("href=\"\(stylesheet)\""))
        let drug = try fixture.read("drugs/olaparib/index.html")
        #expect(drug.contains("<a href=\"../../index.html\">home</a>"))
        #expect(drug.contains("href=\"../../\(stylesheet)\""))
        #expect(drug.contains("<a class=\"treatment\" href=\"../../treatments/targeted-therapy/index.html\">Targeted therapy</a>"))
        #expect(drug.contains("<p class=\"brands\">Lynparza</p>"))
        for file in ["about/index.html", "drugs/index.html", "404.html", "robots.txt", try fixture.publishedPath(of: "search-index.js"), "model.json",
                     "handouts/brca-positive/index.html", "asset-manifest.js", "_headers"] {
            #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func everyRelativeLinkPointsAtAWrittenFile() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        for path in FileSink.listFiles(in: fixture.output) where path.hasSuffix(".html") && path != "404.html" {
            let html = try fixture.read(path)
            let folder = (path as NSString).deletingLastPathComponent
            for link in hrefs(in: html) where !link.contains(":") && !link.hasPrefix("#") {
                let target = String(link.split(separator: "#", omittingEmptySubsequences: false)[0])
                let resolved = ((folder as NSString).appendingPathComponent(target) as NSString).standardizingPath
                #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(resolved).path), "\(path) → \(link)")
            }
        }
    }

    @Test func firstUseOfAGlossaryTermLinksToItsEntry() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let drug = try fixture.read("drugs/olaparib/index.html")
        #expect(drug.contains("<a class=\"term\" href=\"../../glossary/brca/index.html\" data-term=\"brca\" data-definition=\"About BRCA.\">BRCA</a> matters. BRCA again."))
    }

    @Test func notFoundPageLinksByPathFromTheBaseURL() throws {
        let fixture = try Fixture()
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        #expect(try fixture.read("404.html").contains("href=\"/guide/\(fixture.publishedPath(of: "css/site.css"))\""))
    }

    private func hrefs(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }
}
