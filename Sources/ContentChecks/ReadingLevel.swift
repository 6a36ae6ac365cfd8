/// How hard plain text is to read. English: the Flesch–Kincaid grade level, 0.39 × words per
/// sentence + 11.8 × syllables per word − 15.59 (lower is easier). Spanish: the Szigriszt-Pazos
/// perspicuity that the INFLESZ scale reads, 206.835 − 62.3 × syllables per word − words per
/// sentence (higher is easier; 65–80 is "bastante fácil"). Syllables are counted by vowel groups,
/// as most readability tools do; the result is an estimate for comparing pages, not a verdict.
public struct ReadingLevel: Sendable, Hashable {
    public enum Language: Sendable, Hashable {
        case english, spanish

        /// The language of a BCP 47 tag (`es-US` is Spanish); English for any other.
        public init(tag: String) { self = tag.lowercased().hasPrefix("es") ? .spanish : .english }
    }

    public let words: Int
    public let sentences: Int
    public let syllables: Int
    public let language: Language

    /// The number the language's scale reads: the grade for English, the perspicuity for Spanish.
    public var score: Double { language == .spanish ? perspicuity : grade }

    /// Szigriszt-Pazos perspicuity (INFLESZ).
    public var perspicuity: Double {
        guard words > 0, sentences > 0 else { return 0 }
        return 206.835 - 62.3 * Double(syllables) / Double(words) - Double(words) / Double(sentences)
    }

    public var grade: Double {
        guard words > 0, sentences > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// `ignoring` holds lower-case words left out of the count, such as drug names: a reader
    /// cannot avoid "trastuzumab" and should not be scored as if the sentence were harder.
    public init(text: String, ignoring: Set<String> = [], language: Language = .english) {
        self.language = language
        var words = 0, syllables = 0, sentences = 0, wordsInSentence = 0
        // Blocks (headings, list items, paragraphs) are separated by blank lines and end a sentence.
        for block in text.components(separatedBy: "\n\n") {
            for token in block.split(whereSeparator: { $0.isWhitespace }) {
                let word = token.trimmingCharacters(in: .punctuationCharacters.union(.symbols)).lowercased()
                let endsSentence = token.last.map { ".!?".contains($0) } ?? false
                if word.contains(where: \.isLetter), !ignoring.contains(word) {
                    words += 1
                    wordsInSentence += 1
                    syllables += language == .spanish ? Self.spanishSyllables(in: word) : Self.syllables(in: word)
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

extension ReadingLevel {
    /// Spanish syllables: one per group of vowels, and one more for each pair of strong vowels
    /// (a, e, o, or an accented í or ú) side by side, which Spanish says apart ("le-e", "dí-a").
    /// A "y" that ends a word or comes before a consonant is a vowel ("muy", "hoy").
    static func spanishSyllables(in word: String) -> Int {
        let letters = Array(word.lowercased().filter(\.isLetter))
        guard !letters.isEmpty else { return 0 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ü"]
        let strong: Set<Character> = ["a", "e", "o", "á", "é", "ó", "í", "ú"]
        var count = 0
        var previous: Character?
        for (index, letter) in letters.enumerated() {
            let isYVowel = letter == "y" && (index == letters.count - 1 || !vowels.contains(letters[index + 1]))
            let isVowel = vowels.contains(letter) || isYVowel
            if isVowel {
                if let previous, vowels.contains(previous) {
                    if strong.contains(previous) && strong.contains(letter) { count += 1 }
                } else {
                    count += 1
                }
            }
            previous = isVowel ? (isYVowel ? "i" : letter) : letter
        }
        return max(count, 1)
    }
}

extension Array where Element == Double {
    public var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }
}
