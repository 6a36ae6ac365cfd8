import CMarkGFM
import Foundation

/// Parser settings. `allowRawHTML` is off by default: raw HTML is then dropped (cmark's safe mode);
/// when an editor opts in, the GFM tag filter still disarms `<script>`, `<iframe>` and friends.
public struct MarkdownOptions: Sendable, Hashable {
    public var allowRawHTML: Bool
    public var smartPunctuation: Bool

    public init(allowRawHTML: Bool = false, smartPunctuation: Bool = false) {
        self.allowRawHTML = allowRawHTML
        self.smartPunctuation = smartPunctuation
    }
}

/// A 1-based position inside the Markdown text that was parsed (columns count bytes, as cmark does).
public struct MarkdownPosition: Sendable, Hashable {
    public let line: Int
    public let column: Int
}

public struct Heading: Sendable, Hashable {
    public let level: Int
    public let text: String
    public let id: String
    public let position: MarkdownPosition
}

public struct Link: Sendable, Hashable {
    public let destination: String
    public let isImage: Bool
    public let position: MarkdownPosition
    /// The link's text, or an image's description (alt text).
    public let text: String
}

/// HTML written in the Markdown: dropped unless the site allows raw HTML, and with it the text inside.
public struct RawHTML: Sendable, Hashable {
    public let html: String
    public let position: MarkdownPosition
}

/// One parsed Markdown text, owning its cmark-gfm tree.
///
/// Every heading gets a unique `id` and an anchor link when parsed; links can be rewritten and
/// glossary terms linked before `html()` renders the tree. Not thread-safe: use one per task.
public final class MarkdownDocument {
    /// Kept for its list of extensions, which rendering needs; nil after `renderOnce`.
    private var parser: OpaquePointer?
    /// The cmark tree; nil once `renderOnce` has rendered it and let it go.
    private var root: OpaquePointer?
    private let renderOptions: Int32
    public private(set) var headings: [Heading] = []
    public private(set) var links: [Link] = []
    public private(set) var rawHTML: [RawHTML] = []
    /// Text that looks like Markdown link syntax but did not become a link (`[x][1]` with no
    /// definition, `[x](y` without its `)`), with where it starts.
    public private(set) var unlinkedBrackets: [(text: String, position: MarkdownPosition)] = []
    private var headingsAnchored = false
    private var cachedPlainText: String?

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()
    /// Debian's cmark-gfm (0.29.0.gfm.6) keeps the inline parser's special-character table in a
    /// global that every parser with extensions rewrites while it parses (upstream PR #176 is the
    /// unmerged fix), so two parses at once drop autolinks and strikethrough at random. Parsing is
    /// a few per cent of a build; it runs one at a time, and rendering stays parallel.
    private static let parseLock = NSLock()

    public init(_ text: String, options: MarkdownOptions = MarkdownOptions()) {
        _ = Self.registered
        var flags = CMARK_OPT_FOOTNOTES | CMARK_OPT_GITHUB_PRE_LANG
        if options.allowRawHTML { flags |= CMARK_OPT_UNSAFE }
        if options.smartPunctuation { flags |= CMARK_OPT_SMART }
        renderOptions = flags
        // cmark counts lines on \n; CRLF and lone CR would shift every position.
        var scanned = text
        let hasCR = scanned.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 13, bytes.count) != nil } ?? false }
        let normalized = hasCR ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        (parser, root) = Self.parse(normalized, flags: flags, allowRawHTML: options.allowRawHTML)
        if options.allowRawHTML { sanitizeRawHTML() }
        collectLinks()
        collectHeadings()
        collectRawHTMLAndUnlinkedBrackets()
    }

    private static func parse(_ text: String, flags: Int32, allowRawHTML: Bool) -> (parser: OpaquePointer, root: OpaquePointer) {
        parseLock.lock()
        defer { parseLock.unlock() }
        let parser = cmark_parser_new(flags)!
        for name in extensionNames {
            if name == "tagfilter" && !allowRawHTML { continue }
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        text.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        return (parser, cmark_parser_finish(parser)!)
    }

    deinit {
        if let root { cmark_node_free(root) }
        if let parser { cmark_parser_free(parser) }
    }

    /// Renders the (possibly rewritten) tree as an HTML fragment.
    public func html() -> String {
        anchorHeadings()
        guard let parser else { return "" }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let root, let rendered = cmark_render_html(root, renderOptions, extensions) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Renders the page body once, then frees the tree, so a build holds one tree per core rather
    /// than one per page. Links for which `placeholder` is true, and the first use of each glossary
    /// term, become holes that `RenderedHTML.html(links:term:)` fills in when the page is rendered
    /// and every page is known. Plain text is kept for the search index.
    public func renderOnce(placeholder: (Link) -> Bool, terms: TermMatcher?) -> RenderedBody {
        _ = plainText()
        var termIDs: [String] = []
        if let terms {
            markFirstUse(of: terms) { id, _ in
                termIDs.append(id)
                return (RenderedHTML.termToken(termIDs.count - 1), "</a>")
            }
        }
        var placeholders: [Int] = []
        rewriteLinks { index, link in
            guard placeholder(link) else { return nil }
            placeholders.append(index)
            return RenderedHTML.linkToken(index)
        }
        let html = RenderedHTML(html(), terms: termIDs)
        let meaning = RenderedHTML(meaningParagraph(), terms: termIDs).html(links: [:], term: { _ in "" }, headingLink: "")
        if let root { cmark_node_free(root) }
        root = nil
        if let parser { cmark_parser_free(parser) }
        parser = nil
        return RenderedBody(html: html, meaning: meaning, words: SearchWords.distinct(plainText()).joined(separator: " "))
    }

    /// See `RenderedBody.meaning`. Unwraps links and terms in the paragraph it picks, so it runs
    /// only after the body is rendered.
    private func meaningParagraph() -> String {
        guard let root, let parser else { return "" }
        var firstHeading: OpaquePointer?
        walk { node, entering in
            // Headings are custom blocks once anchored; their rendered HTML opens with <h1>…<h6>.
            if entering, cmark_node_get_type(node) == CMARK_NODE_CUSTOM_BLOCK,
               let enter = cmark_node_get_on_enter(node).map({ String(cString: $0) }), enter.hasPrefix("<h") {
                firstHeading = node
                return false
            }
            return true
        }
        var candidates: [OpaquePointer] = []
        if let firstHeading, let next = cmark_node_next(firstHeading) { candidates.append(next) }
        if let first = cmark_node_first_child(root), first != firstHeading { candidates.append(first) }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        for node in candidates where cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH {
            if Self.plainText(of: node).hasSuffix(":") { continue }
            unwrapLinks(in: node)
            guard let rendered = cmark_render_html(node, renderOptions, extensions) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered).trimmed
        }
        return ""
    }

    /// Replaces every link and glossary term in `node` by its children.
    private func unwrapLinks(in node: OpaquePointer) {
        var wrappers: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(node) else { return }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_CUSTOM_INLINE { wrappers.append(child) }
        }
        cmark_iter_free(iterator)
        for wrapper in wrappers.reversed() {
            while let child = cmark_node_first_child(wrapper) {
                cmark_node_unlink(child)
                cmark_node_insert_before(wrapper, child)
            }
            cmark_node_unlink(wrapper)
            cmark_node_free(wrapper)
        }
    }

    /// The text a reader sees, without markup: for search, summaries and reading-level checks.
    /// Blocks are separated by blank lines so that sentences stay apart.
    public func plainText() -> String {
        if let cachedPlainText { return cachedPlainText }
        var output = ""
        walk { node, entering in
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if entering { output += String(cString: cmark_node_get_literal(node)) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if entering { output += " " }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_CUSTOM_BLOCK:
                if !entering && !output.hasSuffix("\n\n") { output += "\n\n" }
            default:
                if !entering, let name = cmark_node_get_type_string(node), strcmp(name, "table_cell") == 0, !output.hasSuffix("\n\n") {
                    output += "\n\n"
                }
            }
            return true
        }
        cachedPlainText = output.trimmed
        return cachedPlainText!
    }

    /// Replaces link destinations. `transform` receives each link with its index in `links` and
    /// returns the new destination, or nil to leave it alone.
    public func rewriteLinks(_ transform: (_ index: Int, _ link: Link) -> String?) {
        var index = 0
        walk { node, entering in
            let type = cmark_node_get_type(node)
            guard entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return true }
            defer { index += 1 }
            guard index < links.count, let destination = transform(index, links[index]) else { return true }
            cmark_node_set_url(node, destination)
            return true
        }
    }

    /// Wraps the first occurrence of each term in plain text (never inside a link, heading or code)
    /// with the HTML that `markup` returns for it. Returns the keys that were linked, in order.
    @discardableResult
    public func markFirstUse(of matcher: TermMatcher, markup: (_ key: String, _ matched: String) -> (open: String, close: String)) -> [String] {
        guard !matcher.isEmpty else { return [] }
        var done = Set<String>()
        var linked: [String] = []
        var textNodes: [OpaquePointer] = []
        var blocked = 0
        walk { node, entering in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HEADING || type == CMARK_NODE_CUSTOM_INLINE {
                blocked += entering ? 1 : -1
            } else if type == CMARK_NODE_TEXT, entering, blocked == 0 {
                textNodes.append(node)
            }
            return true
        }
        for node in textNodes {
            var current: OpaquePointer? = node
            while let textNode = current, let literal = cmark_node_get_literal(textNode) {
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
                guard let match = matcher.firstMatch(in: bytes, skipping: done) else { break }
                done.insert(match.key)
                linked.append(match.key)
                let before = String(decoding: bytes[..<match.range.lowerBound], as: UTF8.self)
                let matched = String(decoding: bytes[match.range], as: UTF8.self)
                let after = String(decoding: bytes[match.range.upperBound...], as: UTF8.self)
                let tags = markup(match.key, matched)
                cmark_node_set_literal(textNode, before)
                let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(wrapper, tags.open)
                cmark_node_set_on_exit(wrapper, tags.close)
                let inner = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(inner, matched)
                cmark_node_append_child(wrapper, inner)
                cmark_node_insert_after(textNode, wrapper)
                let rest = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(rest, after)
                cmark_node_insert_after(wrapper, rest)
                current = rest
            }
        }
        return linked
    }

    // MARK: - Tree work

    /// Visits every node; `visit` returns false to stop early.
    private func walk(_ visit: (OpaquePointer, Bool) -> Bool) {
        guard let root, let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if !visit(node, event == CMARK_EVENT_ENTER) { break }
        }
    }

    private func collectLinks() {
        var found: [Link] = []
        walk { node, entering in
            let type = cmark_node_get_type(node)
            if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                found.append(Link(destination: url, isImage: type == CMARK_NODE_IMAGE, position: Self.position(of: node),
                                  text: Self.plainText(of: node)))
            }
            return true
        }
        links = found
    }

    /// Raw HTML is published only through the allow-list (see `HTMLSanitizer`).
    private func sanitizeRawHTML() {
        walk { node, entering in
            let type = cmark_node_get_type(node)
            if entering, type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) {
                cmark_node_set_literal(node, HTMLSanitizer.sanitize(String(cString: literal)))
            }
            return true
        }
    }

    private func collectRawHTMLAndUnlinkedBrackets() {
        var html: [RawHTML] = []
        var brackets: [(text: String, position: MarkdownPosition)] = []
        // Text nodes of the current paragraph, heading or cell: cmark splits "[x][1]" into several.
        // Their literals are read as Swift text only for a run with a `]`: most runs have none.
        var run: [(literal: UnsafePointer<CChar>, node: OpaquePointer)] = []
        var runHasBracket = false
        func endRun() {
            defer { run.removeAll(keepingCapacity: true); runHasBracket = false }
            guard runHasBracket else { return }
            let run = run.map { (literal: String(cString: $0.literal), position: Self.position(of: $0.node)) }
            let text = run.map(\.literal).joined()
            guard let marker = text.range(of: "](") ?? text.range(of: "]["),
                  let open = text[..<marker.lowerBound].lastIndex(of: "[") else { return }
            var offset = text.utf8.distance(from: text.startIndex, to: open)
            for piece in run {
                let length = piece.literal.utf8.count
                if offset < length {
                    let end = text.index(marker.upperBound, offsetBy: 20, limitedBy: text.endIndex) ?? text.endIndex
                    brackets.append((String(text[open..<end]), MarkdownPosition(line: piece.position.line, column: piece.position.column + offset)))
                    return
                }
                offset -= length
            }
        }
        walk { node, entering in
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if entering {
                    let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                    html.append(RawHTML(html: literal.trimmed, position: Self.position(of: node)))
                }
            case CMARK_NODE_TEXT:
                if entering, let literal = cmark_node_get_literal(node) {
                    if strchr(literal, 93) != nil { runHasBracket = true } // "]"
                    run.append((literal, node))
                }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM:
                endRun()
            case CMARK_NODE_CODE, CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                // A real link or code between brackets ends what could be a broken link.
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_CODE { endRun() }
            default:
                if let name = cmark_node_get_type_string(node), strcmp(name, "table_cell") == 0 { endRun() }
            }
            return true
        }
        endRun()
        rawHTML = html
        unlinkedBrackets = brackets
    }

    private func headingNodes() -> [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        walk { node, entering in
            if entering, cmark_node_get_type(node) == CMARK_NODE_HEADING { nodes.append(node) }
            return true
        }
        return nodes
    }

    private func collectHeadings() {
        var slugs = HeadingSlugs()
        headings = headingNodes().map { node in
            let text = Self.plainText(of: node)
            return Heading(level: Int(cmark_node_get_heading_level(node)), text: text, id: slugs.unique(for: text), position: Self.position(of: node))
        }
    }

    /// Gives each heading its id and a visible anchor link, once, just before rendering (so that
    /// rewritten links inside headings are kept). Each heading is rendered on its own and replaced
    /// by a custom block holding that HTML, because safe mode would drop raw HTML.
    private func anchorHeadings() {
        guard !headingsAnchored, let parser else { return }
        headingsAnchored = true
        _ = plainText() // headings lose their text nodes below
        let extensions = cmark_parser_get_syntax_extensions(parser)
        for (node, heading) in zip(headingNodes(), headings) {
            guard let rendered = cmark_render_html(node, renderOptions, extensions) else { continue }
            var html = String(cString: rendered).trimmed
            free(rendered)
            let level = heading.level
            let label = HTML.escape(heading.text)
            if html.hasPrefix("<h\(level)>") { html = "<h\(level) id=\"\(heading.id)\">" + html.dropFirst(4) }
            if html.hasSuffix("</h\(level)>") {
                html = html.dropLast(5) + " <a class=\"heading-anchor\" href=\"#\(heading.id)\"><span class=\"visually-hidden\">\(RenderedHTML.headingLinkToken) \(label)</span><span aria-hidden=\"true\">#</span></a></h\(level)>"
            }
            let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(block, html)
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += String(cString: cmark_node_get_literal(child))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text.trimmed
    }

    private static func position(of node: OpaquePointer) -> MarkdownPosition {
        MarkdownPosition(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }
}
