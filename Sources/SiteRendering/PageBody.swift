import GuideModel
import Markdown

/// The glossary's words, by the term each names: what a body needs while loading, where the first
/// use of each term becomes a hole that names it. Read from the term pages before any other page.
public struct Glossary: Sendable {
    public let matcher: TermMatcher
    /// Every phrase and its term, for knowing when loaded bodies must be marked again.
    public let phrases: [String: String]

    public init(termPages: [Page]) {
        var phrases: [String: String] = [:]
        var otherSenses: [String: [String]] = [:]
        for page in termPages.sorted(by: { $0.contentPath < $1.contentPath }) where page.kind == .term {
            for phrase in [page.title] + page.frontMatter.peekStrings("aliases") where phrases[phrase] == nil {
                phrases[phrase] = page.id
            }
            otherSenses[page.id] = page.frontMatter.peekStrings("other-senses")
        }
        matcher = TermMatcher(phrases, notWithin: otherSenses)
        // The phrases a term must not match change the marking too, so they join the cache's key
        // (as "not in: …", which no term's text can be).
        for (id, senses) in otherSenses { for sense in senses { phrases["not in: " + sense] = id } }
        self.phrases = phrases
    }
}

public enum PageBody {
    /// Renders the page's body with holes for the links the resolver resolves and for glossary
    /// terms (not on a term's own page). Frees the page's Markdown tree.
    public static func prerender(_ page: Page, glossary: Glossary?) {
        guard page.body == nil else { return }
        page.body = page.markdown.renderOnce(placeholder: { LinkTarget.isResolved($0.destination) },
                                             terms: page.kind == .term ? nil : glossary?.matcher)
    }

    /// The first use of a term links to its entry and carries the short definition, which the
    /// site's script shows in place.
    static func termLink(_ id: String, from here: SiteURL, in guide: Guide) -> String {
        guard let term = guide.termByID[id] else { return "" }
        let href = here.link(to: SiteURL(term.page.sitePath))
        return "<a class=\"term\" href=\"\(HTML.escape(href))\" data-term=\"\(HTML.escape(id))\" data-definition=\"\(HTML.escape(term.page.summary))\">"
    }
}
