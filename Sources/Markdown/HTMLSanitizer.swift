/// Raw HTML that an editor opted into (`raw-html: true`) is cut down to an allow-list before it is
/// published: known elements, a few attributes each, no event handlers, no `style`, and links and
/// images only to relative, http(s) or mailto addresses. Script, style and frame elements go with
/// everything inside them. Anything not on the list is dropped, never escaped into the page.
public enum HTMLSanitizer {
    public static let elements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul",
    ]
    /// Attributes any allowed element may keep.
    public static let commonAttributes: Set<String> = ["class", "id", "lang", "dir", "title"]
    public static let attributes: [String: Set<String>] = [
        "a": ["href"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"],
        "ol": ["start"], "time": ["datetime"], "details": ["open"], "q": ["cite"], "blockquote": ["cite"],
    ]
    /// Dropped with their content, not only their tags.
    static let removedWithContent: Set<String> = ["script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "title", "svg", "math"]

    public static func sanitize(_ html: String) -> String {
        var output = ""
        var rest = Substring(html)
        var skipping: String?
        while let open = rest.firstIndex(of: "<") {
            if skipping == nil { output += rest[..<open] }
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                // Comments are kept out of the page: they are notes for editors.
                guard let end = rest.range(of: "-->") else { return output }
                rest = rest[end.upperBound...]
                continue
            }
            guard let close = tagEnd(in: rest) else {
                // A '<' that starts no tag is text.
                if skipping == nil { output += "&lt;" }
                rest = rest.dropFirst()
                continue
            }
            let tag = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            let isClosing = tag.hasPrefix("/")
            let name = (isClosing ? tag.dropFirst() : tag).prefix { $0.isLetter || $0.isNumber }.lowercased()
            if let skipped = skipping {
                if isClosing && name == skipped { skipping = nil }
                continue
            }
            if removedWithContent.contains(name) {
                if !isClosing && !tag.hasSuffix("/") { skipping = name }
                continue
            }
            guard elements.contains(name) else { continue }
            output += isClosing ? "</\(name)>" : "<\(name)\(keptAttributes(of: name, in: tag.dropFirst(name.count)))>"
        }
        if skipping == nil { output += rest }
        return output
    }

    /// The `>` that ends the tag starting at `text` (quotes respected), or nil when it is not a tag.
    static func tagEnd(in text: Substring) -> Substring.Index? {
        let second = text.index(after: text.startIndex)
        guard second < text.endIndex, text[second].isLetter || text[second] == "/" else { return nil }
        var quote: Character?
        var index = second
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    static func keptAttributes(of element: String, in text: Substring) -> String {
        let allowed = commonAttributes.union(attributes[element] ?? [])
        var kept = ""
        for (name, value) in parseAttributes(text) where allowed.contains(name) {
            if (name == "href" || name == "src" || name == "cite"), !isSafeAddress(value) { continue }
            kept += " \(name)=\"\(HTML.escape(value))\""
        }
        return kept
    }

    /// `a="1" b='2' c=3 d` as name and value pairs, names lower-cased.
    static func parseAttributes(_ text: Substring) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var index = text.startIndex
        func skipSpace() { while index < text.endIndex, text[index].isWhitespace || text[index] == "/" { index = text.index(after: index) } }
        while true {
            skipSpace()
            guard index < text.endIndex else { return pairs }
            let nameStart = index
            while index < text.endIndex, !text[index].isWhitespace, text[index] != "=", text[index] != "/" { index = text.index(after: index) }
            let name = text[nameStart..<index].lowercased()
            skipSpace()
            var value = ""
            if index < text.endIndex, text[index] == "=" {
                index = text.index(after: index)
                skipSpace()
                if index < text.endIndex, text[index] == "\"" || text[index] == "'" {
                    let quote = text[index]
                    index = text.index(after: index)
                    let valueStart = index
                    while index < text.endIndex, text[index] != quote { index = text.index(after: index) }
                    value = String(text[valueStart..<index])
                    if index < text.endIndex { index = text.index(after: index) }
                } else {
                    let valueStart = index
                    while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
                    value = String(text[valueStart..<index])
                }
            }
            if !name.isEmpty { pairs.append((name, decodeEntities(value))) }
        }
    }

    /// Relative addresses, `#fragments`, and http, https or mailto: never `javascript:` or `data:`,
    /// however they are spelled (entities, tabs, capitals).
    public static func isSafeAddress(_ address: String) -> Bool {
        let squeezed = String(address.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        guard let colon = squeezed.firstIndex(of: ":") else { return true }
        if let boundary = squeezed.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), boundary < colon { return true }
        return ["http", "https", "mailto"].contains(String(squeezed[..<colon]))
    }

    /// `&#106;` and `&colon;` as what they stand for, so that a disguised scheme is seen.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n", "sol": "/"]
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            let body = rest.prefix { $0 != ";" && !$0.isWhitespace }
            var decoded: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if body.hasPrefix("#") {
                decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                decoded = named[body.lowercased()]
            }
            if let decoded {
                output += decoded
                rest = rest.dropFirst(body.count)
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                output += "&"
            }
        }
        return output + rest
    }
}
