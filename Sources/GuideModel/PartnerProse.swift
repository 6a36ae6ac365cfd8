import Foundation

/// Finds drug pages whose text says the drug is given with another drug that none of the uses
/// joining the two names ("given with pertuzumab" while no indication pairs them): the prose and
/// the data a reader's finder and handouts use would then disagree.
struct PartnerProse {
    let guide: Guide

    /// "given with", "used with", "plus", "in combination with" …: the words that name a partner.
    private static let partnerWords = try! NSRegularExpression(
        pattern: #"\b(?:(?:given|used|taken|combined|together|along|paired)\s+with|plus|in\s+combination\s+with)\b"#,
        options: [.caseInsensitive])

    /// Words after which a clause names earlier or other treatment, not a partner.
    private static let clauseEnd = try! NSRegularExpression(
        pattern: #"\b(?:after|before|when|if|unless|because|instead\s+of|once|until)\b"#, options: [.caseInsensitive])

    func check() -> [Diagnostic] {
        let names = nameIndex()
        var namedBy: [String: Set<String>] = [:]
        for drug in guide.drugs {
            for partner in drug.givenWith { namedBy[partner, default: []].insert(drug.id) }
        }
        var diagnostics: [Diagnostic] = []
        for drug in guide.drugs where drug.status == .approved {
            // Partners named by the drug's own uses, and drugs whose uses name it (a regimen is one).
            let partners = Set(drug.givenWith).union(namedBy[drug.id] ?? [])
            let body = Self.proseOnly(drug.page.file.text)
            let text = body as NSString
            var reported: Set<String> = []
            for match in Self.partnerWords.matches(in: body, range: NSRange(location: 0, length: text.length)) {
                // The clause after the words, up to the end of its sentence.
                let start = match.range.location + match.range.length
                var end = start
                while end < text.length, !".;:!?\n".utf16.contains(text.character(at: end)) || (text.character(at: end) == 10 && end + 1 < text.length && text.character(at: end + 1) != 10) {
                    end += 1
                }
                // "given with a CDK4/6 inhibitor after letrozole": what comes after "after" was tried first.
                let stops = Self.clauseEnd.firstMatch(in: body, range: NSRange(location: start, length: end - start))
                let clause = NSRange(location: start, length: (stops?.range.location ?? end) - start)
                // "It is not given with tamoxifen" names a drug it must not be given with.
                let before = text.substring(with: NSRange(location: max(0, match.range.location - 12), length: min(12, match.range.location))).lowercased()
                if before.contains("not ") || before.contains("never ") || before.contains("n't ") { continue }
                for (offset, id) in Self.names(in: clause, of: text, index: names) where id != drug.id && !partners.contains(id) && !reported.contains(id) {
                    guard offset >= drug.page.bodyOffset(in: text) else { continue }
                    reported.insert(id)
                    let (line, column) = Self.lineAndColumn(of: offset, in: text)
                    let other = guide.drugByID[id]!
                    diagnostics.append(drug.page.file.warning(
                        "the text says \(drug.page.title) is given with \(other.page.title), but no indication of either drug names the other",
                        line: line, column: column,
                        suggestion: "add '\(id)' to 'given-with' or 'given-with-one-of' of the indication that uses them together, or reword the sentence"))
                }
            }
        }
        return diagnostics
    }

    /// Every generic name, page title and brand, lower-cased, with its drug.
    private func nameIndex() -> [String: String] {
        var names: [String: String] = [:]
        for drug in guide.drugs {
            for name in [drug.generic, drug.page.title] + drug.brands where name.count >= 4 { names[name.lowercased()] = drug.id }
        }
        return names
    }

    /// The drug names in a stretch of text, one to four words long, with where each starts: a
    /// lookup per word, so a guide with thousands of drugs is checked as fast as one with ten.
    static func names(in range: NSRange, of text: NSString, index: [String: String]) -> [(Int, String)] {
        var words: [NSRange] = []
        var start: Int?
        for position in range.location...(range.location + range.length) {
            let isWord = position < range.location + range.length && isWordCharacter(text.character(at: position))
            if isWord, start == nil { start = position }
            if !isWord, let begin = start { words.append(NSRange(location: begin, length: position - begin)); start = nil }
        }
        var found: [(Int, String)] = []
        var index0 = 0
        while index0 < words.count {
            var matched = 0
            for length in stride(from: min(4, words.count - index0), through: 1, by: -1) {
                let first = words[index0], last = words[index0 + length - 1]
                let phrase = text.substring(with: NSRange(location: first.location, length: last.location + last.length - first.location))
                if let id = index[phrase.lowercased()] {
                    found.append((first.location, id))
                    matched = length
                    break
                }
            }
            index0 += max(matched, 1)
        }
        return found
    }

    static func isWordCharacter(_ unit: unichar) -> Bool {
        guard let scalar = Unicode.Scalar(unit) else { return false }
        return CharacterSet.alphanumerics.contains(scalar) || scalar == "-"
    }

    /// The file with link destinations and front matter blanked (same length), so that
    /// `(../drugs/pertuzumab.md)` is not read as prose and offsets still match the file.
    static func proseOnly(_ text: String) -> String {
        var result = ""
        var inDestination = false
        var previous: Character = " "
        for character in text {
            if inDestination {
                if character == ")" { inDestination = false }
                result.append(character == "\n" ? "\n" : " ")
            } else {
                if character == "(" && previous == "]" { inDestination = true; result.append(" ") } else { result.append(character) }
            }
            previous = character
        }
        return result
    }

    static func lineAndColumn(of offset: Int, in text: NSString) -> (Int, Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where text.character(at: index) == 10 {
            line += 1
            lineStart = index + 1
        }
        let prefix = text.substring(with: NSRange(location: lineStart, length: offset - lineStart))
        return (line, prefix.count + 1)
    }
}

extension Page {
    /// Where the body starts in the file's UTF-16 text: prose checks skip the front matter.
    func bodyOffset(in text: NSString) -> Int {
        var line = 1, index = 0
        while index < text.length, line <= bodyLineOffset {
            if text.character(at: index) == 10 { line += 1 }
            index += 1
        }
        return index
    }
}
