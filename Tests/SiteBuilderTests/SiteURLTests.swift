@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideTestSupport
@testable import SiteBuilder

@Suite struct SiteURLTests {
    @Test func linksBetweenNestedPagesAreRelative() {
        let olaparib = SiteURL("drugs/olaparib/")
        #expect(olaparib.link(to: SiteURL("treatments/targeted-therapy/")) == "../../treatments/targeted-therapy/index.html")
        #expect(olaparib.link(to: SiteURL("drugs/tamoxifen/")) == "../tamoxifen/index.html")
        #expect(olaparib.link(to: SiteURL("drugs/")) == "../index.html")
        #expect(olaparib.link(to: .root) == "../../index.html")
        #expect(olaparib.link(to: olaparib, fragment: "side-effects") == "index.html#side-effects")
    }

    @Test func linksFromTheRoot() {
        #expect(SiteURL.root.link(to: SiteURL("about/")) == "about/index.html")
        #expect(SiteURL.root.link(to: .root) == "index.html")
        #expect(SiteURL.root.asset("css/site.css") == "css/site.css")
        #expect(SiteURL.root.rootPrefix == "")
    }

    @Test func assetsAndRootPrefix() {
        let page = SiteURL("side-effects/fatigue/")
        #expect(page.asset("css/site.css") == "../../css/site.css")
        #expect(page.rootPrefix == "../../")
        #expect(page.outputFile == "side-effects/fatigue/index.html")
    }

    @Test func absoluteAddressesUseTheBaseURL() {
        #expect(SiteURL("drugs/olaparib/").absolute(base: "https://example.org/guide/") == "https://example.org/guide/drugs/olaparib/")
    }
}
