import Diagnostics
import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import GuideModel
import GuideTestSupport
import Markdown
import Testing
@testable import SiteBuilder

/// The address link `index` of `page` becomes when the page is rendered; nil when it is left as written.
func href(_ result: (targets: [Int: LinkTarget], diagnostics: [Diagnostic]), _ index: Int, on page: Page) -> String? {
    result.targets[index]?.address(from: SiteURL(page.sitePath))
}

/// The links of one page checked against the fixture site (`FixturePages.site()`), loaded in memory
/// the way the build loads each file. Fixture pages put their body on line 9.
struct LinkCheck {
    /// Each link's new address, in the order of the page's links.
    let hrefs: [String?]
    let diagnostics: [Diagnostic]

    static let publicFiles: Set<String> = ["css/site.css", "files/leaflet.pdf", "files/form.html"]

    init(_ path: String, _ body: String, publicFiles: Set<String> = LinkCheck.publicFiles, unloadable: Set<String> = []) throws {
        var files = FixturePages.site().filter { $0.key.hasSuffix(".md") }
        files[path] = FixturePages.page("Test page", body)
        let (pages, _) = FixturePages.load(files)
        let resolver = LinkResolver(pages: pages, allContentPaths: Set(files.keys).union(unloadable), publicFiles: publicFiles)
        let page = try #require(pages.first { $0.contentPath == path })
        let result = resolver.resolve(page)
        hrefs = page.markdown.links.indices.map { href(result, $0, on: page) }
        diagnostics = result.diagnostics
    }

    /// The one problem of the page.
    func problem() throws -> Diagnostic {
        #expect(diagnostics.count == 1, "got: \(diagnostics.map(\.description))")
        return try #require(diagnostics.first)
    }
}

@Suite struct LinkResolverTests {
    // MARK: - Pages

    @Test func linksToPageFilesBecomeLinksToTheirBuiltPages() throws {
        let home = try LinkCheck("index.md", "[a](about.md) [b](drugs/olaparib.md) [c](drugs/index.md) [d](index.md)\n")
        #expect(home.diagnostics.isEmpty)
        #expect(home.hrefs == ["about/index.html", "drugs/olaparib/index.html", "drugs/index.html", "index.html"])
    }

    @Test func relativeLinksClimbOutOfTheirFolder() throws {
        let page = try LinkCheck("treatments/targeted-therapy.md", "[a](../drugs/olaparib.md) [b](../index.md) [c](targeted-therapy.md) [d](../drugs/index.md)\n")
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == ["../../drugs/olaparib/index.html", "../../index.html", "index.html", "../../drugs/index.html"])
    }

    @Test func dotSegmentsAndPercentEscapesAreResolved() throws {
        let page = try LinkCheck("drugs/olaparib.md", "[a](./index.md) [b](../treatments/../about.md) [c](../drugs/olap%61rib.md)\n")
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == ["../index.html", "../../about/index.html", "index.html"])
    }

    @Test func headingsOfOtherPagesAreKeptAsFragments() throws {
        let page = try LinkCheck("treatments/targeted-therapy.md", "[a](../drugs/olaparib.md#how-you-get-it) [b](../about.md#who-we-are-2)\n")
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == ["../../drugs/olaparib/index.html#how-you-get-it", "../../about/index.html#who-we-are-2"])
    }

    @Test func linksWithinThePageAreLeftAsWritten() throws {
        let page = try LinkCheck("about.md", "## Who we are\n\n[a](#who-we-are) [b](#fn-1) [c](#fnref-1)\n")
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == [nil, nil, nil])
    }

    @Test func imagesFollowTheSameRules() throws {
        let page = try LinkCheck("drugs/olaparib.md", "![A leaflet](../files/leaflet.pdf) ![Missing](../files/scan.png)\n")
        #expect(page.hrefs == ["../../files/leaflet.pdf", nil])
        #expect(try page.problem().message == "link to a missing file '../files/scan.png'")
    }

    // MARK: - Missing pages and headings

    @Test func missingPageSuggestsTheClosestPageRelativeToTheLink() throws {
        let error = try LinkCheck("treatments/targeted-therapy.md", "Intro.\n\nSee [it](../drugs/olaprib.md) now.\n").problem()
        #expect((error.line, error.column) == (11, 5))
        #expect(error.path == "Content/treatments/targeted-therapy.md")
        #expect(error.message == "link to a missing page '../drugs/olaprib.md'")
        #expect(error.suggestion == "did you mean '../drugs/olaparib.md'?")
    }

    @Test func aPageInAnotherFolderIsFoundByItsFileName() throws {
        let error = try LinkCheck("index.md", "[it](some/deeper/folder/olaparib.md)\n").problem()
        #expect(error.message == "link to a missing page 'some/deeper/folder/olaparib.md'")
        #expect(error.suggestion == "did you mean 'drugs/olaparib.md'?")
    }

    @Test func sectionPagesAreNotSuggestedForATypoOfAnotherName() throws {
        let error = try LinkCheck("index.md", "[it](drugs/inde.md)\n").problem()
        #expect(error.message == "link to a missing page 'drugs/inde.md'")
        #expect(error.suggestion == nil)
    }

    @Test func caseMattersAndTheRightCaseIsSuggested() throws {
        let page = try LinkCheck("index.md", "[a](Drugs/Olaparib.md) [b](CSS/Site.css)\n")
        #expect(page.hrefs == [nil, nil])
        #expect(page.diagnostics.map(\.message) == ["link to a missing page 'Drugs/Olaparib.md'", "link to a missing file 'CSS/Site.css'"])
        #expect(page.diagnostics.map(\.suggestion) == ["did you mean 'drugs/olaparib.md'?", "did you mean 'css/site.css'?"])
    }

    @Test func aPageThatFailedToLoadIsNotReportedAgain() throws {
        let page = try LinkCheck("index.md", "[it](drugs/broken.md)\n", unloadable: ["drugs/broken.md"])
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == [nil])
    }

    @Test func missingHeadingOnAnotherPageSuggestsTheClosest() throws {
        let error = try LinkCheck("index.md", "[how](drugs/olaparib.md#how-you-get)\n").problem()
        #expect((error.line, error.column) == (9, 1))
        #expect(error.message == "link to a missing heading '#how-you-get' on 'drugs/olaparib.md'")
        #expect(error.suggestion == "did you mean 'how-you-get-it'?")
    }

    @Test func missingHeadingWithNothingCloseListsTheHeadingsThere() throws {
        let page = try LinkCheck("index.md", "[a](about.md#zzzzzzzz) [b](side-effects/fatigue.md#when)\n")
        #expect(page.diagnostics.map(\.suggestion) == ["headings there: who-we-are, who-we-are-2", "that page has no headings"])
    }

    @Test func missingHeadingOnTheSamePage() throws {
        let error = try LinkCheck("about.md", "## Who we are\n\n[up](#who-were)\n").problem()
        #expect((error.line, error.column) == (11, 1))
        #expect(error.message == "link to a missing heading '#who-were' on this page")
        #expect(error.suggestion == "did you mean 'who-we-are'?")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try LinkCheck("about.md", "Côté [x](nope.md)\n").problem()
        #expect((error.line, error.column) == (9, 6))
    }

    @Test func aPageOfBrokenLinksReportsFortyAndCountsTheRest() throws {
        let page = try LinkCheck("about.md", (1...45).map { "[x](missing-\($0).md)" }.joined(separator: "\n") + "\n")
        #expect(page.diagnostics.count == LinkResolver.problemsPerPage + 1)
        #expect(page.diagnostics.last?.message == "and 5 more broken links on this page")
    }

    @Test func emptyDestination() throws {
        let error = try LinkCheck("about.md", "See [it]().\n").problem()
        #expect(error.message == "link has no destination")
    }

    // MARK: - Files under Public/

    @Test func publicFilesAreLinkedFromEveryDepth() throws {
        let home = try LinkCheck("index.md", "[a](css/site.css) [b](files/leaflet.pdf#page=2) [c](files/form.html)\n")
        let drug = try LinkCheck("drugs/olaparib.md", "[a](../css/site.css) [b](../files/leaflet.pdf#page=2) [c](../files/form.html)\n")
        #expect(home.diagnostics.isEmpty && drug.diagnostics.isEmpty, "\((home.diagnostics + drug.diagnostics).map(\.description))")
        #expect(home.hrefs == ["css/site.css", "files/leaflet.pdf#page=2", "files/form.html"])
        #expect(drug.hrefs == ["../../css/site.css", "../../files/leaflet.pdf#page=2", "../../files/form.html"])
    }

    @Test func missingFileSuggestsTheClosestOrWhereToPutIt() throws {
        let page = try LinkCheck("drugs/olaparib.md", "[a](../css/site.cs) [b](../images/chart-of-everything.png)\n")
        #expect(page.diagnostics.map(\.message) == ["link to a missing file '../css/site.cs'", "link to a missing file '../images/chart-of-everything.png'"])
        #expect(page.diagnostics.map(\.suggestion) == ["did you mean '../css/site.css'?", "put the file in Public/images/chart-of-everything.png"])
    }

    // MARK: - Addresses that are not page files

    @Test func linksOutsideTheContentFolderSayHowFarUpIsAllowed() throws {
        let top = try LinkCheck("about.md", "[x](../secret.md)\n").problem()
        #expect(top.message == "link '../secret.md' points outside the content folder")
        #expect(top.suggestion == "this page is at the top of the content folder: drop the '../'")
        let deep = try LinkCheck("drugs/olaparib.md", "[x](../../secret.md)\n").problem()
        #expect(deep.suggestion == "this page is 1 folder down, so at most 1 '../' stay inside the content folder")
        let deeper = try LinkCheck("drugs/more/page.md", "[x](../../../secret.md)\n").problem()
        #expect(deeper.suggestion == "this page is 2 folders down, so at most 2 '../' stay inside the content folder")
    }

    @Test func rootRelativeLinksSuggestTheRelativeFile() throws {
        let page = try LinkCheck("treatments/targeted-therapy.md",
                                 "[a](/drugs/olaparib.md) [b](/drugs/olaparib/) [c](/drugs/olaparib/index.html) [d](/) [e](/drugs/olaparib) [f](/css/site.css)\n")
        #expect(page.hrefs == [nil, nil, nil, nil, nil, nil])
        #expect(page.diagnostics.first?.message == "link '/drugs/olaparib.md' starts with '/', which breaks the site under a sub-path or from disk")
        #expect(page.diagnostics.map(\.suggestion) == [
            "link to the file relative to this page, e.g. '../drugs/olaparib.md'",
            "link to the file relative to this page, e.g. '../drugs/olaparib.md'",
            "link to the file relative to this page, e.g. '../drugs/olaparib.md'",
            "link to the file relative to this page, e.g. '../index.md'",
            "link to the file relative to this page, e.g. '../drugs/olaparib.md'",
            "link to the file relative to this page, e.g. '../css/site.css'",
        ])
    }

    @Test func folderLinksSuggestThePageFile() throws {
        let page = try LinkCheck("treatments/targeted-therapy.md", "[a](../drugs/) [b](../drugs) [c](../drugs/olaparib/) [d](../drugs/olaparib)\n")
        #expect(page.hrefs == [nil, nil, nil, nil])
        #expect(page.diagnostics.first?.message == "link '../drugs/' points at a folder or address, not at a page file")
        #expect(page.diagnostics.map(\.suggestion) == [
            "link to the Markdown file: '../drugs/index.md'",
            "link to the Markdown file: '../drugs/index.md'",
            "link to the Markdown file: '../drugs/olaparib.md'",
            "link to the Markdown file: '../drugs/olaparib.md'",
        ])
    }

    @Test func linksToBuiltPagesSuggestTheirMarkdownFile() throws {
        let page = try LinkCheck("treatments/targeted-therapy.md", "[a](../drugs/olaparib/index.html) [b](../index.html) [c](../about.html)\n")
        #expect(page.hrefs == [nil, nil, nil])
        #expect(page.diagnostics.first?.message == "link '../drugs/olaparib/index.html' points at a built page, not at its Markdown file")
        #expect(page.diagnostics.map(\.suggestion) == ["link to '../drugs/olaparib.md'", "link to '../index.md'", "link to '../about.md'"])
    }

    // MARK: - Addresses with a scheme

    @Test func externalAddressesAreLeftAsWritten() throws {
        let page = try LinkCheck("about.md", "[a](https://www.cancer.gov/types/breast) [b](http://example.org) [c](mailto:care@example.org) [d](tel:+15555550100) [e](https://localhost.example.org/)\n")
        #expect(page.diagnostics.isEmpty)
        #expect(page.hrefs == [nil, nil, nil, nil, nil])
    }

    @Test func scriptAndDataLinksAreRefusedWhateverTheirCase() throws {
        let page = try LinkCheck("about.md", "[a](javascript:alert(1)) [b](JavaScript:alert(1)) [c](data:text/html,hi) [d](vbscript:msgbox)\n")
        #expect(page.hrefs == [nil, nil, nil, nil])
        #expect(page.diagnostics.map(\.message) == [
            "'javascript:' links are not allowed: they can run code in a reader's browser",
            "'javascript:' links are not allowed: they can run code in a reader's browser",
            "'data:' links are not allowed: they can run code in a reader's browser",
            "'vbscript:' links are not allowed: they can run code in a reader's browser",
        ])
        #expect(page.diagnostics.allSatisfy { $0.suggestion == "link to a page or to an https:// address" })
    }

    @Test func linksToThisComputerAreRefused() throws {
        let page = try LinkCheck("about.md", "[a](http://localhost:8000/drugs/) [b](http://127.0.0.1:8000/) [c](https://guide.localhost/) [d](http://0.0.0.0/) [e](http://LOCALHOST/)\n")
        #expect(page.diagnostics.map(\.message) == [
            "link to 'localhost', the preview on your own computer, which readers cannot reach",
            "link to '127.0.0.1', the preview on your own computer, which readers cannot reach",
            "link to 'guide.localhost', the preview on your own computer, which readers cannot reach",
            "link to '0.0.0.0', the preview on your own computer, which readers cannot reach",
            "link to 'localhost', the preview on your own computer, which readers cannot reach",
        ])
        #expect(page.diagnostics.allSatisfy { $0.suggestion == "link to the page's Markdown file instead, e.g. '../drugs/olaparib.md'" })
    }

    // MARK: - The path helpers

    @Test func onlyRelativePathsAreRewritten() {
        #expect(LinkTarget.isResolved("../drugs/olaparib.md"))
        #expect(LinkTarget.isResolved("notes:2026.md") == false)
        #expect(LinkTarget.isResolved("drugs/a:b.md"))
        for destination in ["", "#top", "/drugs/", "https://www.fda.gov", "mailto:a@example.org"] {
            #expect(!LinkTarget.isResolved(destination), "\(destination)")
        }
    }

    @Test func normalizeResolvesDotsAndRefusesToClimbAboveTheRoot() {
        #expect(LinkResolver.normalize("a/./b/../c.md") == "a/c.md")
        #expect(LinkResolver.normalize("a//b/") == "a/b/")
        #expect(LinkResolver.normalize("a/..") == "")
        #expect(LinkResolver.normalize("../a.md") == nil)
        #expect(LinkResolver.normalize("a/../../b.md") == nil)
    }

    @Test func relativePathBetweenFolders() {
        #expect(LinkResolver.relativePath(from: "treatments", to: "drugs/olaparib.md") == "../drugs/olaparib.md")
        #expect(LinkResolver.relativePath(from: "", to: "drugs/olaparib.md") == "drugs/olaparib.md")
        #expect(LinkResolver.relativePath(from: "drugs", to: "drugs/index.md") == "index.md")
        #expect(LinkResolver.relativePath(from: "drugs/more", to: "about.md") == "../../about.md")
    }
}
