/// A page body rendered while loading, with holes for what is only known when its page is
/// rendered: the destinations of links between pages, the glossary terms' links, and the words of
/// the language the site is in. Holes name their targets (a link's index, a term's id);
/// `html(links:term:headingLink:)` fills them in.
public struct RenderedHTML: Sendable {
    enum Hole: Sendable {
        /// The destination of the link with this index in `MarkdownDocument.links`.
        case link(Int)
        /// The opening tag of the first use of the glossary term with this id.
        case term(String)
        /// The words before a heading's text in its anchor link, read out by screen readers.
        case headingLink
    }

    /// The HTML between holes; `segments.count == holes.count + 1`.
    private let segments: [String]
    private let holes: [Hole]

    /// A destination cmark writes as it is (letters, digits and hyphens need no escaping).
    static func linkToken(_ index: Int) -> String { "guide-link-\(index)-end" }
    /// Raw HTML in a custom inline; no text can render as `<`, so the page's words never match it.
    static func termToken(_ index: Int) -> String { "<guide-term-\(index)>" }
    /// Raw HTML too, written by the build only.
    static let headingLinkToken = "<guide-heading-link>"

    /// `terms` are the ids behind term tokens, by token index.
    init(_ html: String, terms: [String]) {
        var segments: [String] = []
        var holes: [Hole] = []
        var html = html
        html.withUTF8 { bytes in
            let link = Array("guide-link-".utf8), term = Array("<guide-term-".utf8), headingLink = Array(Self.headingLinkToken.utf8)
            let href = Array("href=\"".utf8), src = Array("src=\"".utf8)
            func matches(_ pattern: [UInt8], at position: Int) -> Bool {
                position >= 0 && position + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[position + $0] == pattern[$0] }
            }
            /// The number at `position` and where it ends.
            func number(at position: Int) -> (Int, Int)? {
                var end = position, value = 0
                while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { value = value * 10 + Int(bytes[end] - 48); end += 1 }
                return end > position ? (value, end) : nil
            }
            var start = 0, position = 0
            while position < bytes.count {
                let byte = bytes[position]
                // A link token only counts as a whole attribute value: text that spells one out stays text.
                if byte == 103, matches(link, at: position), matches(href, at: position - href.count) || matches(src, at: position - src.count),
                   let (index, end) = number(at: position + link.count), matches(Array("-end".utf8), at: end) {
                    segments.append(String(decoding: bytes[start..<position], as: UTF8.self))
                    holes.append(.link(index))
                    position = end + 4
                    start = position
                } else if byte == 60, matches(term, at: position), let (index, end) = number(at: position + term.count),
                          end < bytes.count, bytes[end] == 62, index < terms.count {
                    segments.append(String(decoding: bytes[start..<position], as: UTF8.self))
                    holes.append(.term(terms[index]))
                    position = end + 1
                    start = position
                } else if byte == 60, matches(headingLink, at: position) {
                    segments.append(String(decoding: bytes[start..<position], as: UTF8.self))
                    holes.append(.headingLink)
                    position += headingLink.count
                    start = position
                } else {
                    position += 1
                }
            }
            segments.append(String(decoding: bytes[start...], as: UTF8.self))
        }
        self.segments = segments
        self.holes = holes
    }

    /// The HTML with each link hole replaced by its destination (escaped for an attribute; empty
    /// when it has none), each term hole by the opening tag `term` makes for its id, and each
    /// heading's anchor link by `headingLink` ("Link to section:") in its language. `languages`
    /// names the language of a link's target where it differs from the page's (`hreflang`; the
    /// hole is inside the `href` attribute's quotes, so the attribute is added after them).
    public func html(links: [Int: String], languages: [Int: String] = [:], term: (String) -> String, headingLink: String) -> String {
        var output = segments[0]
        for (position, hole) in holes.enumerated() {
            switch hole {
            case .link(let index):
                output += HTML.escape(links[index] ?? "")
                if let language = languages[index] { output += "\" hreflang=\"" + HTML.escape(language) }
            case .term(let id): output += term(id)
            case .headingLink: output += HTML.escape(headingLink)
            }
            output += segments[position + 1]
        }
        return output
    }
}

/// What loading keeps of a page body once its tree is freed.
public struct RenderedBody: Sendable {
    public let html: RenderedHTML
    /// The paragraph that says what the page's subject means, for handouts: the first paragraph of
    /// the first section (pages open with a "What it means" section), else the first paragraph of
    /// the introduction; one that ends in a colon leads into a list and does not stand alone. Its
    /// links are unwrapped (a printed link is noise); empty when there is none.
    public let meaning: String
    /// Each word of the body once, in order of first use (SearchWords), between single spaces:
    /// found while the page loads, on every core, rather than for all pages at once when the one
    /// search index is made. One string, as a list of them would hold every page's words all build long.
    public let words: String
}
