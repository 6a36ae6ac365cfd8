import Diagnostics
import FrontMatter
import GuideModel
import Foundation

/// Finds drug pages whose text says the drug is given with another drug that none of the uses
/// joining the two names ("given with pertuzumab" while no indication pairs them): the prose and
/// the data a reader's finder and handouts use would then disagree.
///
/// The text is read as an array of UTF-16 units, word by word: regular expressions and NSString
/// lookups over every drug page were a tenth of a 1,000-page build.
struct PartnerProse {
    let guide: Guide

    /// Words before "with" that make it name a partner: "given with", "used with", "in combination with" …
    static let partnerVerbs: Set<String> = ["given", "used", "taken", "combined", "together", "along", "paired", "combination"]
    /// Words after which a clause names earlier or other treatment, not a partner.
    static let clauseEnds: Set<String> = ["after", "before", "when", "if", "unless", "because", "instead", "once", "until"]
    static let negations: Set<String> = ["not", "never", "isn't", "aren't", "don't", "doesn't"]

    func check() -> [Diagnostic] {
        let names = nameIndex()
        let namedBy = guide.drugs.reduce(into: [String: Set<String>]()) { namedBy, drug in
            for partner in drug.givenWith { namedBy[partner, default: []].insert(drug.id) }
        }
        // Each drug page is read on its own, so they are read side by side.
        return concurrentMap(guide.drugs.filter { $0.status == .approved }) { drug -> [Diagnostic] in
            var diagnostics: [Diagnostic] = []
            // Partners named by the drug's own uses, and drugs whose uses name it (a regimen is one).
            let partners = Set(drug.givenWith).union(namedBy[drug.id] ?? [])
            let text = Self.proseOnly(Array(drug.page.file.text.utf16))
            let words = Self.words(in: text, from: Self.bodyStart(in: text, after: drug.page.bodyLineOffset))
            var reported: Set<String> = []
            for index in words.indices where Self.namesAPartner(words, at: index, in: text) {
                for (offset, id) in Self.names(in: Self.clause(after: index, in: words, text: text), of: text, index: names)
                where id != drug.id && !partners.contains(id) && reported.insert(id).inserted {
                    let (line, column) = Self.lineAndColumn(of: offset, in: text)
                    let other = guide.drugByID[id]!
                    diagnostics.append(drug.page.file.warning(
                        "the text says \(drug.page.title) is given with \(other.page.title), but no indication of either drug names the other",
                        line: line, column: column,
                        suggestion: "add '\(id)' to 'given-with' or 'given-with-one-of' of the indication that uses them together, or reword the sentence"))
                }
            }
            return diagnostics
        }.flatMap { $0 }
    }

    struct Word {
        let start: Int
        let end: Int

        func lowered(in text: [UInt16]) -> String {
            String(decoding: text[start..<end], as: UTF16.self).lowercased()
        }

        /// True when the word is `ascii` (lower-case letters), in any case: no string is made.
        func `is`(_ ascii: [UInt8], in text: [UInt16]) -> Bool {
            guard end - start == ascii.count else { return false }
            for offset in 0..<ascii.count where text[start + offset] | 0x20 != UInt16(ascii[offset]) { return false }
            return true
        }
    }

    private static let plus = Array("plus".utf8)
    private static let with = Array("with".utf8)

    /// "plus", or "with" after one of the partner verbs, and not after "not" or "never".
    static func namesAPartner(_ words: [Word], at index: Int, in text: [UInt16]) -> Bool {
        let word = words[index]
        let isPartnerWord = word.is(plus, in: text) || (word.is(with, in: text) && index > 0 && partnerVerbs.contains(words[index - 1].lowered(in: text)))
        guard isPartnerWord else { return false }
        return !words[max(0, index - 3)..<index].contains { negations.contains($0.lowered(in: text)) }
    }

    /// The words after the partner word, up to the end of the sentence, a blank line, or a word
    /// such as "after" that starts naming earlier treatment.
    static func clause(after index: Int, in words: [Word], text: [UInt16]) -> ArraySlice<Word> {
        var end = index + 1
        while end < words.count {
            let gap = text[words[end - 1].end..<words[end].start]
            if gap.contains(where: { ".;:!?".utf16.contains($0) }) || gap.filter({ $0 == 10 }).count > 1 { break }
            if clauseEnds.contains(words[end].lowered(in: text)) { break }
            end += 1
        }
        return words[(index + 1)..<end]
    }

    static func isWordUnit(_ unit: UInt16) -> Bool {
        if unit < 0x80 {
            return (unit >= 0x61 && unit <= 0x7A) || (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x30 && unit <= 0x39) || unit == 0x2D || unit == 0x27 || unit == 0x2F
        }
        guard let scalar = Unicode.Scalar(unit) else { return true }
        return CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "'" || scalar == "/"
    }

    static func words(in text: [UInt16], from start: Int) -> [Word] {
        var words: [Word] = []
        var index = start
        while index < text.count {
            while index < text.count, !isWordUnit(text[index]) { index += 1 }
            let begin = index
            while index < text.count, isWordUnit(text[index]) { index += 1 }
            guard index > begin else { break }
            words.append(Word(start: begin, end: index))
        }
        return words
    }

    /// The drug names among `words`, one to four words long, with where each starts.
    static func names(in words: ArraySlice<Word>, of text: [UInt16], index: [String: String]) -> [(Int, String)] {
        var found: [(Int, String)] = []
        var position = words.startIndex
        while position < words.endIndex {
            var matched = 1
            for length in stride(from: min(4, words.endIndex - position), through: 1, by: -1) {
                let first = words[position], last = words[position + length - 1]
                let phrase = String(decoding: text[first.start..<last.end], as: UTF16.self).lowercased()
                if let id = index[phrase] {
                    found.append((first.start, id))
                    matched = length
                    break
                }
            }
            position += matched
        }
        return found
    }

    /// Every generic name, page title and brand, lower-cased, with its drug.
    private func nameIndex() -> [String: String] {
        var names: [String: String] = [:]
        for drug in guide.drugs {
            for name in [drug.generic, drug.page.title] + drug.brands where name.count >= 4 { names[name.lowercased()] = drug.id }
        }
        return names
    }

    /// The file with link destinations blanked (same length), so that `(../drugs/pertuzumab.md)`
    /// is not read as prose and offsets still match the file.
    static func proseOnly(_ text: [UInt16]) -> [UInt16] {
        let (space, newline, open, close, bracket): (UInt16, UInt16, UInt16, UInt16, UInt16) = (0x20, 0x0A, 0x28, 0x29, 0x5D)
        var result = text
        var inDestination = false
        for index in text.indices {
            if inDestination {
                if text[index] == close { inDestination = false }
                if text[index] != newline { result[index] = space }
            } else if text[index] == open, index > 0, text[index - 1] == bracket {
                inDestination = true
                result[index] = space
            }
        }
        return result
    }

    /// Where the body starts: after the front matter's closing line.
    static func bodyStart(in text: [UInt16], after lines: Int) -> Int {
        var line = 1, index = 0
        while index < text.count, line <= lines {
            if text[index] == 10 { line += 1 }
            index += 1
        }
        return index
    }

    static func lineAndColumn(of offset: Int, in text: [UInt16]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where text[index] == 10 {
            line += 1
            lineStart = index + 1
        }
        return (line, String(decoding: text[lineStart..<offset], as: UTF16.self).count + 1)
    }
}
