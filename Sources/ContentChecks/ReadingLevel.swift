/// Flesch–Kincaid grade level of plain text: 0.39 × words per sentence + 11.8 × syllables per
/// word − 15.59. Syllables are counted by vowel groups, as most readability tools do; the
/// result is an estimate for comparing pages, not a verdict.
public struct ReadingLevel: Sendable, Hashable {
    public let words: Int
    public let sentences: Int
    public let syllables: Int

    public var grade: Double {
        guard words > 0, sentences > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// `ignoring` holds lower-case words left out of the count, such as drug names: a reader
    /// cannot avoid "trastuzumab" and should not be scored as if the sentence were harder.
    public init(text: String, ignoring: Set<String> = []) {
        var words = 0, syllables = 0, sentences = 0, wordsInSentence = 0
        // Blocks (headings, list items, paragraphs) are separated by blank lines and end a sentence.
        for block in text.components(separatedBy: "\n\n") {
            for token in block.split(whereSeparator: { $0.isWhitespace }) {
                let word = token.trimmingCharacters(in: .punctuationCharacters.union(.symbols)).lowercased()
                let endsSentence = token.last.map { ".!?".contains($0) } ?? false
                if word.contains(where: \.isLetter), !ignoring.contains(word) {
                    words += 1
                    wordsInSentence += 1
                    syllables += Self.syllables(in: word)
                }
                if endsSentence && wordsInSentence > 0 { sentences += 1; wordsInSentence = 0 }
            }
            if wordsInSentence > 0 { sentences += 1; wordsInSentence = 0 }
        }
        self.words = words
        self.sentences = sentences
        self.syllables = syllables
    }

    /// Vowel groups, less a silent final "e"; hyphenated words count each part.
    static func syllables(in word: String) -> Int {
        word.split(separator: "-").reduce(0) { total, part in
            let letters = Array(part.filter(\.isLetter))
            guard !letters.isEmpty else { return total }
            let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
            var count = 0
            var previousWasVowel = false
            for letter in letters {
                let isVowel = vowels.contains(letter)
                if isVowel && !previousWasVowel { count += 1 }
                previousWasVowel = isVowel
            }
            if letters.count > 2, letters.last == "e", !vowels.contains(letters[letters.count - 2]), letters[letters.count - 2] != "l", count > 1 {
                count -= 1
            }
            return total + max(count, 1)
        }
    }
}

extension Array where Element == Double {
    public var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }
}
