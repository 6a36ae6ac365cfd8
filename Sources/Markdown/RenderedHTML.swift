/// HTML of a page body in which some link destinations are still to be filled in: the body is
/// rendered while pages load, and links between pages are only known once every page has.
public struct RenderedHTML: Sendable {
    /// The HTML between placeholders; `segments.count == indexes.count + 1`.
    private let segments: [String]
    /// For each placeholder, the index of its link in `MarkdownDocument.links`.
    private let indexes: [Int]

    /// A destination cmark writes as it is (letters, digits and hyphens need no escaping).
    static func token(_ index: Int) -> String { "guide-link-\(index)-end" }

    init(_ html: String, placeholders: [Int]) {
        var segments: [String] = []
        var indexes: [Int] = []
        var html = html
        html.withUTF8 { bytes in
            var start = 0
            // Placeholders appear in document order, as the links do; search on from the last one.
            for index in placeholders {
                let token = Array(Self.token(index).utf8)
                guard let found = Self.find(token, in: bytes, from: start) else { continue }
                segments.append(String(decoding: bytes[start..<found], as: UTF8.self))
                indexes.append(index)
                start = found + token.count
            }
            segments.append(String(decoding: bytes[start...], as: UTF8.self))
        }
        self.segments = segments
        self.indexes = indexes
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            if haystack[position] == first {
                var offset = 1
                while offset < needle.count && haystack[position + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return position }
            }
            position += 1
        }
        return nil
    }

    /// The HTML with each placeholder replaced by its destination (escaped for an attribute); a
    /// placeholder with no destination is left empty.
    public func html(destinations: [Int: String]) -> String {
        var output = segments[0]
        for (position, index) in indexes.enumerated() {
            output += HTML.escape(destinations[index] ?? "")
            output += segments[position + 1]
        }
        return output
    }
}
