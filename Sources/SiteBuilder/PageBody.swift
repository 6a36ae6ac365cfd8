import GuideModel
import Markdown

/// The glossary as the body renderer needs it: every term and alias, and where each term's page is.
/// It is read from the term pages before any other page is loaded, so that bodies can be rendered
/// (and their trees freed) while loading.
struct Glossary: Sendable {
    struct Entry: Sendable {
        let sitePath: String
        let definition: String
    }

    let matcher: TermMatcher
    let entries: [String: Entry]

    init(termPages: [Page]) {
        var phrases: [String: String] = [:]
        var otherSenses: [String: [String]] = [:]
        var entries: [String: Entry] = [:]
        for page in termPages.sorted(by: { $0.contentPath < $1.contentPath }) where page.kind == .term {
            entries[page.id] = Entry(sitePath: page.sitePath, definition: page.summary)
            for phrase in [page.title] + page.frontMatter.peekStrings("aliases") where phrases[phrase] == nil {
                phrases[phrase] = page.id
            }
            otherSenses[page.id] = page.frontMatter.peekStrings("other-senses")
        }
        matcher = TermMatcher(phrases, notWithin: otherSenses)
        self.entries = entries
    }

    /// The first use of a term links to its entry and carries the short definition, which the
    /// site's script shows in place.
    func markup(_ id: String, on page: Page) -> (open: String, close: String) {
        guard let entry = entries[id] else { return ("", "") }
        let href = SiteURL(page.sitePath).link(to: SiteURL(entry.sitePath))
        return ("<a class=\"term\" href=\"\(HTML.escape(href))\" data-term=\"\(HTML.escape(id))\" data-definition=\"\(HTML.escape(entry.definition))\">", "</a>")
    }
}

enum PageBody {
    /// Renders the page's body with placeholders for the links the resolver will rewrite, and
    /// glossary terms linked (not on a term's own page). Frees the page's Markdown tree.
    static func prerender(_ page: Page, glossary: Glossary) {
        guard page.renderedBody == nil else { return }
        page.renderedBody = page.markdown.renderOnce(
            placeholder: { LinkResolver.isRewritten($0.destination) },
            terms: page.kind == .term ? nil : glossary.matcher,
            markup: { id, _ in glossary.markup(id, on: page) })
    }
}
