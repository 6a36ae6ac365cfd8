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
        var diagnostics: [Diagnostic] = []
        for drug in guide.drugs where drug.status == .approved {
            let partners = partners(of: drug)
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
                for (name, id) in names where id != drug.id && !partners.contains(id) && !reported.contains(id) {
                    let found = text.range(of: name, options: [.caseInsensitive], range: clause)
                    guard found.location != NSNotFound, Self.isWholeWord(found, in: text) else { continue }
                    let offset = found.location
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

    /// Partners named by the drug's own uses, and drugs whose uses name it (a regimen is one).
    private func partners(of drug: Drug) -> Set<String> {
        var partners = Set(drug.givenWith)
        for other in guide.drugs where other.givenWith.contains(drug.id) { partners.insert(other.id) }
        return partners
    }

    /// Every generic name, page title and brand, lower-cased, longest first, with its drug.
    private func nameIndex() -> [(String, String)] {
        var names: [String: String] = [:]
        for drug in guide.drugs {
            for name in [drug.generic, drug.page.title] + drug.brands where name.count >= 4 { names[name.lowercased()] = drug.id }
        }
        return names.sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }.map { ($0.key, $0.value) }
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

    static func isWholeWord(_ range: NSRange, in text: NSString) -> Bool {
        func isWordCharacter(_ index: Int) -> Bool {
            guard index >= 0, index < text.length, let scalar = Unicode.Scalar(text.character(at: index)) else { return false }
            return CharacterSet.alphanumerics.contains(scalar) || scalar == "-"
        }
        return !isWordCharacter(range.location - 1) && !isWordCharacter(range.location + range.length)
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
