import Foundation
import Testing
import Diagnostics
@testable import Markdown

@Suite struct MarkdownDocumentTests {
    @Test func rendersGFMTables() {
        let html = MarkdownDocument("| a | b |\n|---|---|\n| 1 | 2 |\n").html()
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>a</th>"))
        #expect(html.contains("<td>2</td>"))
    }

    @Test func rendersStrikethrough() {
        #expect(MarkdownDocument("~~old~~ new").html().contains("<del>old</del>"))
    }

    @Test func rendersBareAddressesAsLinks() {
        #expect(MarkdownDocument("See https://www.cancer.gov today.").html().contains("<a href=\"https://www.cancer.gov\">https://www.cancer.gov</a>"))
    }

    @Test func rendersTaskLists() {
        let html = MarkdownDocument("- [x] done\n- [ ] to do\n").html()
        #expect(html.contains("type=\"checkbox\""))
        #expect(html.contains("checked=\"\""))
    }

    @Test func rendersFootnotes() {
        let html = MarkdownDocument("A claim.[^1]\n\n[^1]: The source.\n").html()
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("The source."))
    }

    @Test func escapesAngleBracketsAndAmpersands() {
        let html = MarkdownDocument("Fever < 38 & chills > 1 day").html()
        #expect(html.contains("Fever &lt; 38 &amp; chills &gt; 1 day"))
    }

    @Test func dropsRawHTMLByDefault() {
        let html = MarkdownDocument("Hi <script>alert(1)</script> <b>bold</b>\n\n<div>block</div>\n").html()
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func scriptTagsAreDroppedWhenRawHTMLIsAllowed() {
        let html = MarkdownDocument("Hi <b>bold</b> <script>alert(1)</script>", options: MarkdownOptions(allowRawHTML: true)).html()
        #expect(html.contains("<b>bold</b>"))
        // Inline, cmark gives each tag on its own: the tags go and the words stay as harmless text.
        #expect(!html.contains("<script") && !html.contains("&lt;script"))
    }

    @Test func headingsGetUniqueIDsAndAnchors() {
        let document = MarkdownDocument("## Side effects\n\n## Side effects\n\n### Côté *bold*\n")
        #expect(document.headings.map(\.id) == ["side-effects", "side-effects-2", "cote-bold"])
        let html = document.html()
        #expect(html.contains("<h2 id=\"side-effects\">Side effects <a class=\"heading-anchor\" href=\"#side-effects\">"))
        #expect(html.contains("<h2 id=\"side-effects-2\">"))
        #expect(html.contains("<h3 id=\"cote-bold\">Côté <em>bold</em>"))
    }

    @Test func headingIDsSurviveSafeMode() {
        #expect(MarkdownDocument("# Title\n").html().hasPrefix("<h1 id=\"title\">"))
    }

    @Test func crlfInputKeepsLinePositions() {
        let document = MarkdownDocument("First line\r\n\r\nSee [a](a.md) and\r\n[b](b.md).\r\n")
        #expect(document.links.map(\.position) == [MarkdownPosition(line: 3, column: 5), MarkdownPosition(line: 4, column: 1)])
        #expect(!document.html().contains("\r"))
    }

    @Test func linksCarryPositions() {
        let document = MarkdownDocument("# T\n\n- one [x](x.md#frag)\n\n| a |\n|---|\n| [y](y.md) |\n")
        #expect(document.links.map(\.destination) == ["x.md#frag", "y.md"])
        #expect(document.links.map(\.position.line) == [3, 7])
        #expect(document.links[0].position.column == 7)
    }

    @Test func rewritesLinkDestinations() {
        let document = MarkdownDocument("[a](a.md) [b](https://example.org) ![c](c.png)")
        document.rewriteLinks { index, link in link.destination.hasSuffix(".md") ? "../a/index.html" : nil }
        let html = document.html()
        #expect(html.contains("<a href=\"../a/index.html\">a</a>"))
        #expect(html.contains("<a href=\"https://example.org\">b</a>"))
        #expect(html.contains("<img src=\"c.png\""))
    }

    @Test func marksOnlyTheFirstUseOfATermOutsideLinksAndHeadings() {
        let document = MarkdownDocument("## HER2 basics\n\nSee [HER2](her2.md). HER2 is a protein. Her2 again, and HER2-low too.\n")
        let linked = document.markFirstUse(of: TermMatcher(["HER2": "her2", "HER2-low": "her2-low"])) { key, _ in ("<a class=\"term\" data-term=\"\(key)\">", "</a>") }
        let html = document.html()
        #expect(linked == ["her2", "her2-low"])
        #expect(html.contains("<a class=\"term\" data-term=\"her2\">HER2</a> is a protein. Her2 again"))
        #expect(html.contains("<a class=\"term\" data-term=\"her2-low\">HER2-low</a>"))
        #expect(html.contains("<h2 id=\"her2-basics\">HER2 basics"))
    }

    @Test func termsNeedWordBoundaries() {
        let document = MarkdownDocument("Stage IVB is not the same as IV drip.")
        let linked = document.markFirstUse(of: TermMatcher(["IV": "iv"])) { _, _ in ("<b>", "</b>") }
        #expect(linked == ["iv"])
        #expect(document.html().contains("as <b>IV</b> drip"))
    }

    @Test func plainTextKeepsBlocksApart() {
        let text = MarkdownDocument("# Title\n\nOne *two*.\n\n- three\n- four\n").plainText()
        #expect(text == "Title\n\nOne two.\n\nthree\n\nfour")
    }
}

@Suite struct TermMatcherBoundaryTests {
    @Test func curlyQuotesAndDashesEndAWordButAccentedLettersDoNot() {
        let document = MarkdownDocument("HER2’s role — and HER2é is not it. Then HER2—again.")
        let linked = document.markFirstUse(of: TermMatcher(["HER2": "her2"])) { _, _ in ("<b>", "</b>") }
        #expect(linked == ["her2"])
        #expect(document.html().contains("<b>HER2</b>’s role"))
    }

    @Test func anAccentedLetterBeforeATermBlocksIt() {
        let document = MarkdownDocument("éIV is not IV.")
        document.markFirstUse(of: TermMatcher(["IV": "iv"])) { _, _ in ("<b>", "</b>") }
        #expect(document.html().contains("éIV is not <b>IV</b>."))
    }

    @Test func aTermIsNotMatchedInAPhraseOfAnotherSense() {
        let matcher = TermMatcher(["spread": "metastatic"], notWithin: ["metastatic": ["infection can spread"]])
        let document = MarkdownDocument("An Infection can spread fast. Cancer that has spread is metastatic.")
        let linked = document.markFirstUse(of: matcher) { _, _ in ("<b>", "</b>") }
        #expect(linked == ["metastatic"])
        #expect(document.html().contains("An Infection can spread fast. Cancer that has <b>spread</b> is"))
        // Only the whole phrase counts: "disinfection can spread" is not "infection can spread".
        let other = MarkdownDocument("Disinfection can spread.")
        #expect(other.markFirstUse(of: matcher) { _, _ in ("<b>", "</b>") } == ["metastatic"])
    }
}

/// cmark-gfm keeps a table of special characters in a global that every parse rewrites; parsing
/// on every core at once must still give what one parse at a time gives.
@Suite struct ParallelParsingTests {
    @Test func parsesTheSameOnEveryCoreAsOneAtATime() {
        let texts = (0..<4_000).map { index in
            "Page \(index): see https://www.cancer.gov/\(index) and ~~old \(index)~~ new, *emphasis* and www.fda.gov.\n\n| a | b |\n|---|---|\n| \(index) | ~~x~~ |\n"
        }
        let serial = texts.map { MarkdownDocument($0).html() }
        let parallel = concurrentMap(texts) { MarkdownDocument($0).html() }
        let differing = zip(serial, parallel).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(texts.count) documents rendered differently in parallel")
        #expect(serial.allSatisfy { $0.contains("<a href=\"https://www.cancer.gov/") && $0.contains("<del>") })
    }
}

/// Raw HTML an editor opts into goes through an allow-list: no script, handlers, style or unsafe URLs.
@Suite struct HTMLSanitizerTests {
    func render(_ markdown: String) -> String {
        MarkdownDocument(markdown, options: MarkdownOptions(allowRawHTML: true)).html()
    }

    @Test func eventHandlersAndStyleAreDropped() {
        let html = render("<img src=\"x.png\" alt=\"A chart\" onerror=\"alert(1)\" style=\"position:fixed\">\n")
        #expect(html.contains("<img src=\"x.png\" alt=\"A chart\">"))
        #expect(!html.contains("onerror") && !html.contains("style"))
        let details = render("<details open ontoggle=alert(1)><summary>More</summary>\n\nText\n\n</details>\n")
        #expect(details.contains("<details open=\"\">") && !details.contains("ontoggle"))
    }

    @Test func scriptAndDataAddressesAreDropped() {
        for address in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)", "jav&#x61;script&colon;alert(1)", "data:text/html,<script>alert(1)</script>"] {
            let html = render("<a href=\"\(address)\">click</a>\n")
            #expect(html.contains("<a>click</a>"), "\(address): \(html)")
        }
        #expect(render("<a href=\"https://www.cancer.gov/?a=1&b=2\">NCI</a>\n").contains("href=\"https://www.cancer.gov/?a=1&amp;b=2\""))
        #expect(render("<a href=\"../drugs/olaparib/\">it</a>\n").contains("href=\"../drugs/olaparib/\""))
    }

    @Test func scriptElementsGoWithTheirContent() {
        let html = render("<div>\n<script>alert(1)</script>\n<p>kept</p>\n</div>\n")
        #expect(!html.contains("alert") && !html.contains("script"))
        #expect(html.contains("<p>kept</p>"))
    }

    @Test func unknownElementsAreDroppedAndTextKept() {
        #expect(render("Some <font color=red>red</font> <b>bold</b> text\n").contains("Some red <b>bold</b> text"))
    }

    // MARK: - The body as loading keeps it

    func meaning(_ markdown: String) -> String {
        MarkdownDocument(markdown).renderOnce(placeholder: { _ in true }, terms: TermMatcher(["HER2": "her2"])).meaning
    }

    @Test func meaningIsTheFirstParagraphOfTheFirstSectionWithLinksAndTermsUnwrapped() {
        #expect(meaning("Intro that repeats the summary.\n\n## What it means\n\nIt means [this](x.md) and HER2.\n\nMore.\n")
                == "<p>It means this and HER2.</p>")
    }

    @Test func meaningSkipsAParagraphThatLeadsIntoAListAndFallsBackToTheIntroduction() {
        #expect(meaning("Intro.\n\n## A\n\nTrials can test:\n\n- x\n") == "<p>Intro.</p>")
        #expect(meaning("## A\n\n- x\n") == "")
        #expect(meaning("Only *text*.\n") == "<p>Only <em>text</em>.</p>")
    }

    @Test func holesNameTheirTargetsAndAreFilledWhenRendered() {
        let body = MarkdownDocument("HER2 is in [a page](a.md) and ![a scan](scan.png); HER2 again.\n")
            .renderOnce(placeholder: { !$0.destination.hasPrefix("http") }, terms: TermMatcher(["HER2": "her2"]))
        let html = body.html.html(links: [0: "../a/index.html", 1: "../scan.png"], term: { "<a data-term=\"\($0)\">" }, headingLink: "Link to section:")
        #expect(html == "<p><a data-term=\"her2\">HER2</a> is in <a href=\"../a/index.html\">a page</a> and <img src=\"../scan.png\" alt=\"a scan\" />; HER2 again.</p>\n")
    }

    @Test func textThatSpellsOutAHoleStaysText() {
        let body = MarkdownDocument("Write guide-link-0-end or `<guide-term-0>` here.\n").renderOnce(placeholder: { _ in true }, terms: nil)
        #expect(body.html.html(links: [0: "x"], term: { _ in "T" }, headingLink: "Link to section:") == "<p>Write guide-link-0-end or <code>&lt;guide-term-0&gt;</code> here.</p>\n")
    }
}
