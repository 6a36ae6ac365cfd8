/// Finds glossary phrases in text in one pass over its bytes, instead of searching the text once
/// per phrase: with dozens of terms and thousands of pages the difference is most of a build.
/// Matching ignores ASCII case and needs a word boundary on both sides; the longest phrase wins.
public struct TermMatcher: Sendable {
    struct Phrase: Sendable {
        /// UTF-8 bytes, ASCII letters lower-cased.
        let bytes: [UInt8]
        let key: String
    }

    /// Phrases by their first byte (folded), longest first.
    private let phrasesByFirst: [[Phrase]]
    /// For each key, the phrases (folded bytes) inside which it is not matched.
    private let exclusions: [String: [[UInt8]]]
    public let isEmpty: Bool

    /// `notWithin` lists, by key, phrases in which the term means something else: with
    /// `["metastatic": ["infection can spread"]]`, "spread" is not matched in "an infection can spread".
    public init(_ terms: [String: String], notWithin: [String: [String]] = [:]) {
        var index = [[Phrase]](repeating: [], count: 256)
        for (phrase, key) in terms {
            let bytes = phrase.utf8.map(Self.fold)
            guard let first = bytes.first else { continue }
            index[Int(first)].append(Phrase(bytes: bytes, key: key))
        }
        phrasesByFirst = index.map { $0.sorted { ($0.bytes.count, $1.key) > ($1.bytes.count, $0.key) } }
        exclusions = notWithin.mapValues { phrases in phrases.map { $0.utf8.map(Self.fold) }.filter { !$0.isEmpty } }.filter { !$0.value.isEmpty }
        isEmpty = terms.isEmpty
    }

    /// The first phrase in `text` whose key is not in `done`, as a range of byte offsets.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>, skipping done: Set<String>) -> (key: String, range: Range<Int>)? {
        var position = 0
        while position < text.count {
            let byte = text[position]
            if byte < 0x80 || byte >= 0xC0, Self.isWord(text, at: position) && !Self.isWord(text, before: position) {
                for phrase in phrasesByFirst[Int(Self.fold(byte))] where matches(phrase.bytes, in: text, at: position) && !done.contains(phrase.key) {
                    let range = position..<position + phrase.bytes.count
                    if !isExcluded(phrase.key, range, in: text) { return (phrase.key, range) }
                }
            }
            position += 1
        }
        return nil
    }

    /// Whether a phrase in which the term means something else covers `range`. Checked only when
    /// a term has matched, so the usual pass over the text stays one look per byte.
    private func isExcluded(_ key: String, _ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let phrases = exclusions[key] else { return false }
        for phrase in phrases where phrase.count >= range.count {
            for start in max(0, range.upperBound - phrase.count)...range.lowerBound
            where !Self.isWord(text, before: start) && matches(phrase, in: text, at: start) {
                return true
            }
        }
        return false
    }

    private func matches(_ phrase: [UInt8], in text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let end = start + phrase.count
        guard end <= text.count else { return false }
        for offset in 0..<phrase.count where Self.fold(text[start + offset]) != phrase[offset] { return false }
        return !Self.isWord(text, at: end)
    }

    /// Whether the character starting at `offset` is part of a word (false at the end).
    static func isWord(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset < text.count else { return false }
        let byte = text[offset]
        if byte < 0x80 { return isWordByte(byte) }
        var end = offset + 1
        while end < text.count && text[end] & 0xC0 == 0x80 { end += 1 }
        return isLetter(text[offset..<end])
    }

    /// Whether the character that ends just before `offset` is part of a word (false at the start).
    static func isWord(_ text: UnsafeBufferPointer<UInt8>, before offset: Int) -> Bool {
        guard offset > 0 else { return false }
        if text[offset - 1] < 0x80 { return isWordByte(text[offset - 1]) }
        var start = offset - 1
        while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
        return isLetter(text[start..<offset])
    }

    /// Accented letters join words; dashes, curly quotes and other marks do not.
    private static func isLetter(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.first?.properties.isAlphabetic ?? false
    }

    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// ASCII letters, digits and hyphens belong to a word, so "HER2" does not match inside "HER2-low".
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45
    }
}
