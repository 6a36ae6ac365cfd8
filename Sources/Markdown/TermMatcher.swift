/// Finds glossary phrases in text in one pass over its words, instead of searching the text once
/// per phrase: with dozens of terms and thousands of pages the difference is most of a build.
/// Matching ignores ASCII case and needs a word boundary on both sides; the longest phrase wins.
public struct TermMatcher: Sendable {
    struct Phrase: Sendable {
        let scalars: [Unicode.Scalar]
        let key: String
    }

    /// Phrases by their first scalar (folded), longest first.
    private let phrasesByFirst: [Unicode.Scalar: [Phrase]]

    public init(_ terms: [String: String]) {
        var index: [Unicode.Scalar: [Phrase]] = [:]
        for (phrase, key) in terms {
            let scalars = phrase.unicodeScalars.map(Self.fold)
            guard let first = scalars.first else { continue }
            index[first, default: []].append(Phrase(scalars: scalars, key: key))
        }
        phrasesByFirst = index.mapValues { $0.sorted { ($0.scalars.count, $1.key) > ($1.scalars.count, $0.key) } }
    }

    public var isEmpty: Bool { phrasesByFirst.isEmpty }

    /// The first phrase in `text` whose key is not in `done`, as a range of unicode-scalar offsets.
    func firstMatch(in text: [Unicode.Scalar], skipping done: Set<String>) -> (key: String, range: Range<Int>)? {
        var position = 0
        while position < text.count {
            if Self.isWordScalar(text[position]) && (position == 0 || !Self.isWordScalar(text[position - 1])),
               let candidates = phrasesByFirst[Self.fold(text[position])] {
                for phrase in candidates where !done.contains(phrase.key) && matches(phrase.scalars, in: text, at: position) {
                    return (phrase.key, position..<position + phrase.scalars.count)
                }
            }
            position += 1
        }
        return nil
    }

    private func matches(_ phrase: [Unicode.Scalar], in text: [Unicode.Scalar], at start: Int) -> Bool {
        let end = start + phrase.count
        guard end <= text.count else { return false }
        for offset in 0..<phrase.count where Self.fold(text[start + offset]) != phrase[offset] { return false }
        return end == text.count || !Self.isWordScalar(text[end])
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// Letters, digits and hyphens belong to a word, so "HER2" does not match inside "HER2-low".
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 {
            return (97...122).contains(value) || (65...90).contains(value) || (48...57).contains(value) || value == 45
        }
        return scalar.properties.isAlphabetic
    }
}
