import Diagnostics
import Foundation
import Markdown
import Yams

/// A mistake in the front-matter text: line 1 is the first front-matter line; columns count characters.
public struct YAMLMistake {
    public var line: Int
    public var column: Int
    public var message: String
    public var suggestion: String?
}

/// The front-matter text read the way YAML reads it, well enough for front matter: where quotes,
/// brackets, comments and block text (`|`, `>`) start and end, and which lines start a field or a
/// list item. libyaml reports some mistakes lines after their cause, or reads them as text without
/// complaint; this finds them where the editor made them.
public struct YAMLText {
    /// Each line's text, without its line break.
    private let lineTexts: [Substring]
    /// Each line as one byte per Character: its ASCII code, or `other` for any other Character.
    /// The scan looks for ASCII marks only; bytes cost a fraction of what Characters do, and every
    /// page's front matter passes here.
    private let units: [[UInt8]]
    /// Add this to a line here to get the file line, for a message that names another line.
    private let lineOffset: Int
    /// Lines that start a field or a list item: not inside quotes, brackets or block text, nor continuing a value.
    private var entryLines: [Int] = []
    /// The first quote or bracket that is never closed, at the character that opened it.
    private var unclosed: YAMLMistake?
    /// The first anchor (`&name`) or alias (`*name`).
    private(set) var anchor: YAMLMistake?

    /// The unit of a Character that is not ASCII.
    private static let other: UInt8 = 0x80

    private struct Opener {
        let character: UInt8
        let line: Int
        let column: Int
        /// The column of the field name or '-' it belongs to: a later field or list item no further
        /// in is outside it, as YAML reads it.
        let indent: Int
    }

    public init(_ text: String, lineOffset: Int = 0) {
        self.lineOffset = lineOffset
        // Lines end at LF, CR and CRLF, as they do for Characters.
        var lineTexts: [Substring] = []
        var units: [[UInt8]] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        func endLine(at end: String.Index) {
            let line = text[start..<end]
            lineTexts.append(line)
            units.append(line.utf8.allSatisfy { $0 < 0x80 } ? Array(line.utf8) : line.map { $0.asciiValue ?? Self.other })
        }
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                endLine(at: index)
                index = utf8.index(after: index)
                if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { index = utf8.index(after: index) }
                start = index
            } else {
                index = utf8.index(after: index)
            }
        }
        endLine(at: utf8.endIndex)
        self.lineTexts = lineTexts
        self.units = units
        let (space, tab, hash) = (UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "#"))
        var flow: [Opener] = []                  // open brackets
        var quote: Opener?
        var blockTextIndent: Int?                // inside `|` or `>` text: the lines indented further than this
        var valueIndent: Int?                    // a value ended its line: lines indented further than this continue it
        var keyIndent = 0                        // the column of the innermost field name or '-'
        var atNodeStart = true                   // where a value, a quote, a bracket or an anchor may start
        for (index, chars) in units.enumerated() {
            let number = index + 1
            let indent = chars.prefix { $0 == space }.count
            if chars.allSatisfy({ $0 == space || $0 == tab }) { continue }
            if let limit = blockTextIndent {
                if indent > limit { continue }
                blockTextIndent = nil
            }
            // Still inside a quote or bracket from a line above, a line that starts a field or a list
            // item no further in than the field it opened in means it was never closed.
            if let outer = flow.first ?? quote, let inner = quote ?? flow.last, Self.startsEntry(characters(number)), indent <= outer.indent {
                if unclosed == nil { unclosed = Self.neverClosed(inner) }
                (flow, quote) = ([], nil)
            }
            var i = 0
            if flow.isEmpty && quote == nil {
                if let valueIndent, indent > valueIndent { continue }
                valueIndent = nil
                if chars.first(where: { $0 != space && $0 != tab }) == hash { continue }
                entryLines.append(number)
                (i, atNodeStart) = (indent, true)
            }
            var nodeStart = i
            while i < chars.count {
                let c = chars[i]
                let next: UInt8? = i + 1 < chars.count ? chars[i + 1] : nil
                if let open = quote {
                    if c == UInt8(ascii: "\\") && open.character == UInt8(ascii: "\"") { i += 2; continue }
                    if c == open.character {
                        if c == UInt8(ascii: "'") && next == UInt8(ascii: "'") { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let inFlow = !flow.isEmpty
                // A token ends at a space, at the end of the line, and inside brackets at a bracket or ','.
                let endsHere = next == nil || next == space || next == tab || (inFlow && Self.isFlowMark(next!))
                if c == space || c == tab { i += 1; continue }
                if c == hash && (i == 0 || chars[i - 1] == space || chars[i - 1] == tab) { break }
                if atNodeStart {
                    switch c {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = Opener(character: c, line: number, column: i + 1, indent: keyIndent)
                        (nodeStart, atNodeStart) = (i, false)
                        i += 1
                        continue
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flow.append(Opener(character: c, line: number, column: i + 1, indent: keyIndent))
                        i += 1
                        continue
                    case UInt8(ascii: "&") where !endsHere, UInt8(ascii: "*") where !endsHere:
                        if anchor == nil {
                            anchor = YAMLMistake(line: number, column: i + 1, message: "front matter cannot use YAML anchors or aliases ('&' / '*')",
                                                 suggestion: "write the value out in full; if the '\(Character(Unicode.Scalar(c)))' is part of the text, put the whole value in quotes")
                        }
                        atNodeStart = c == UInt8(ascii: "&")
                        while i < chars.count && chars[i] != space && !(inFlow && Self.isFlowMark(chars[i])) { i += 1 }
                        continue
                    case UInt8(ascii: "-") where !inFlow && endsHere:
                        keyIndent = i
                        i += 1
                        continue
                    case UInt8(ascii: "?") where endsHere:
                        i += 1
                        continue
                    case UInt8(ascii: "|") where !inFlow, UInt8(ascii: ">") where !inFlow:
                        blockTextIndent = keyIndent
                        i = chars.count
                        continue
                    default:
                        break
                    }
                }
                if inFlow && (c == UInt8(ascii: "]") || c == UInt8(ascii: "}")) {
                    let open = flow.removeLast()
                    if (open.character == UInt8(ascii: "[")) != (c == UInt8(ascii: "]")) {
                        if unclosed == nil { unclosed = Self.neverClosed(open) }
                        flow = []
                    }
                    (atNodeStart, i) = (false, i + 1)
                    continue
                }
                if inFlow && (c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{")) {
                    if c != UInt8(ascii: ",") { flow.append(Opener(character: c, line: number, column: i + 1, indent: keyIndent)) }
                    (atNodeStart, i) = (true, i + 1)
                    continue
                }
                if c == UInt8(ascii: ":") && endsHere {
                    if !inFlow { keyIndent = nodeStart }
                    (atNodeStart, i) = (true, i + 1)
                    continue
                }
                if atNodeStart { (atNodeStart, nodeStart) = (false, i) }
                i += 1
            }
            valueIndent = flow.isEmpty && quote == nil && !atNodeStart ? keyIndent : nil
        }
        if unclosed == nil, let inner = quote ?? flow.last { unclosed = Self.neverClosed(inner) }
    }

    /// `,`, `[`, `]`, `{` or `}`: inside brackets, where a token ends.
    private static func isFlowMark(_ unit: UInt8) -> Bool {
        unit == UInt8(ascii: ",") || unit == UInt8(ascii: "[") || unit == UInt8(ascii: "]") || unit == UInt8(ascii: "{") || unit == UInt8(ascii: "}")
    }

    /// Line `number` as Characters, for the checks and messages that need them (rarely: most lines are plain ASCII).
    private func characters(_ number: Int) -> [Character] { Array(lineTexts[number - 1]) }

    /// The first mistake in the text, up to where YAML gave up if it did.
    func firstMistake(upTo limit: (line: Int, column: Int)? = nil) -> YAMLMistake? {
        var found = unclosed.map { [$0] } ?? []
        for number in entryLines where number <= limit?.line ?? .max {
            found += lineMistakes(number)
        }
        return found.filter { limit == nil || ($0.line, $0.column) <= limit! }.min { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Mistakes at the start of a field or list item: where YAML looks for indentation, a field name, ':' and '-'.
    private func lineMistakes(_ number: Int) -> [YAMLMistake] {
        guard Self.mayHaveMistakes(units[number - 1]) else { return [] }
        let chars = characters(number)
        var found: [YAMLMistake] = []
        if let tab = chars.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t") {
            found.append(YAMLMistake(line: number, column: tab + 1, message: "the line is indented with a tab", suggestion: "indent with spaces"))
        }
        // Invisible characters matter in the indentation, the field name and just after its ':';
        // inside a value (a no-break space in '5 mg') they are only text.
        let leading = chars.prefix { $0 == " " || $0 == "\t" || $0 == "-" || $0.invisibleName != nil }.count
        let structure = chars.firstIndex(of: ":").map { max($0 + 2, leading) } ?? leading
        if let invisible = chars.prefix(structure).firstIndex(where: { $0.invisibleName != nil }) {
            let character = chars[invisible]
            found.append(YAMLMistake(line: number, column: invisible + 1, message: "there is \(character.invisibleName!) here",
                                     suggestion: character.isSpaceLike ? "replace it with a normal space" : "delete it"))
        }
        // `title:Olaparib` is one piece of text to YAML, not a field.
        let name = chars.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        if chars.first?.isLetter == true, name.count + 1 < chars.count, chars[name.count] == ":",
           !" \t:/".contains(chars[name.count + 1]), chars[name.count + 1].invisibleName == nil {
            let written = Self.excerpt(chars)
            found.append(YAMLMistake(line: number, column: name.count + 1, message: "missing space after ':' in '\(written)'",
                                     suggestion: "write '\(String(name)): \(Self.excerpt(chars[(name.count + 1)...]))'"))
        }
        // `-Ask about X` is text to YAML, not a list item.
        let start = chars.prefix { $0 == " " }.count
        if start + 1 < chars.count, chars[start] == "-", !" \t-".contains(chars[start + 1]), chars[start + 1].invisibleName == nil {
            found.append(YAMLMistake(line: number, column: start + 1, message: "list item needs a space after '-'",
                                     suggestion: "write '- \(Self.excerpt(chars[(start + 1)...]))'"))
        }
        return found
    }

    /// False when `lineMistakes` would find nothing: a line of printable ASCII (no tab, nothing
    /// invisible) with neither `name:value` nor `-item` at its start. Most lines; the rest are read as Characters.
    private static func mayHaveMistakes(_ line: [UInt8]) -> Bool {
        if line.contains(where: { $0 < 0x20 || $0 > 0x7E }) { return true }
        func isNameUnit(_ unit: UInt8) -> Bool {
            (unit >= 0x30 && unit <= 0x39) || (unit | 0x20 >= 0x61 && unit | 0x20 <= 0x7A) || unit == UInt8(ascii: "-") || unit == UInt8(ascii: "_")
        }
        let name = line.prefix(while: isNameUnit).count
        if let first = line.first, first | 0x20 >= 0x61 && first | 0x20 <= 0x7A, name + 1 < line.count, line[name] == UInt8(ascii: ":"),
           !" \t:/".utf8.contains(line[name + 1]) {
            return true
        }
        let start = line.prefix { $0 == UInt8(ascii: " ") }.count
        return start + 1 < line.count && line[start] == UInt8(ascii: "-") && !" \t-".utf8.contains(line[start + 1])
    }

    // MARK: libyaml's errors in an editor's words

    /// The cause of a YAML error: a mistake found in the text before the point where libyaml gave
    /// up, or else libyaml's own account, translated.
    public func explain(_ error: YamlError) -> YAMLMistake {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let at = position(mark)
            return firstMistake(upTo: at) ?? translate(problem, context: context.map { ($0.text, position($0.mark)) }, at: at)
        case let .duplicatedKeysInMapping(duplicates, context):
            let name = duplicates.first ?? ""
            let first = position(context.mark)
            guard let second = secondOccurrence(of: name, after: first) else {
                return YAMLMistake(line: first.line, column: first.column, message: "field '\(name)' appears twice", suggestion: "keep one of them")
            }
            return firstMistake(upTo: second)
                ?? YAMLMistake(line: second.line, column: second.column, message: "field '\(name)' appears twice",
                               suggestion: "keep one of them (the other is on line \(first.line + lineOffset))")
        case let .reader(_, _, value, _):
            // libyaml refuses some characters outright, most of them invisible.
            for (index, line) in lineTexts.enumerated() {
                let chars = Array(line)
                guard let column = chars.firstIndex(where: { $0.unicodeScalars.contains { Int32($0.value) == value } }) else { continue }
                let name = chars[column].invisibleName ?? String(format: "a character that cannot be used (U+%04X)", value)
                return YAMLMistake(line: index + 1, column: column + 1, message: "there is \(name) here", suggestion: "delete it")
            }
            return YAMLMistake(line: 1, column: 1, message: "front matter has a character that cannot be used", suggestion: "delete it")
        default:
            return YAMLMistake(line: 1, column: 1, message: "front matter cannot be read", suggestion: nil)
        }
    }

    private func translate(_ problem: String, context: (text: String, at: (line: Int, column: Int))?, at: (line: Int, column: Int)) -> YAMLMistake {
        func mistake(_ message: String, _ suggestion: String?, at place: (line: Int, column: Int) = at) -> YAMLMistake {
            YAMLMistake(line: place.line, column: place.column, message: message, suggestion: suggestion)
        }
        let chars = at.line >= 1 && at.line <= lineTexts.count ? characters(at.line) : []
        let here: Character? = at.column - 1 < chars.count ? chars[at.column - 1] : nil
        let before = chars.prefix(at.column - 1).last { $0 != " " && $0 != "\t" }
        if problem.hasPrefix("mapping values are not allowed") {
            if !entryLines.contains(at.line) {
                let start = chars.prefix { $0 == " " }.count
                let name = Self.excerpt(chars[start...].prefix { $0 != ":" })
                return mistake("this line is indented further than the one above, so it reads as part of that value",
                               "line '\(name):' up with the fields above it", at: (at.line, start + 1))
            }
            return mistake("a ':' inside a value", Self.quotingSuggestion(chars))
        }
        if problem.hasPrefix("could not find expected ':'") {
            return mistake("a line that is not 'name: value'", "add the field name ('name: …'), or indent it under the field it belongs to",
                           at: context?.at ?? at)
        }
        if problem.hasPrefix("did not find expected key") {
            if here == "-" { return mistake("a list item where a 'name: value' field is expected", "indent the list under its field: 'name:', then '  - item' on the lines below") }
            if let before, "\"'".contains(before) {
                return mistake("more text after the closing quote", before == "'"
                    ? "put the whole value inside the quotes; inside single quotes write an apostrophe twice (it''s)"
                    : "put the whole value inside the quotes")
            }
            if let before, "]}".contains(before) { return mistake("more text after the closing '\(before)'", "put the text inside the brackets, or remove it") }
            return mistake("a line that is not 'name: value'", "write each field on its own line as 'name: value'")
        }
        if problem.hasPrefix("did not find expected '-' indicator") {
            return mistake("a line in a list that does not start with '- '", "start a new item with '- ', or line it up with the fields of the item above")
        }
        if problem.contains("tab character") || (problem.hasPrefix("found character that cannot start any token") && here == "\t") {
            return mistake("the line is indented with a tab", "indent with spaces")
        }
        if problem.hasPrefix("found character that cannot start any token"), let here {
            return mistake("a value cannot start with '\(here)'", "put the whole value in quotes")
        }
        if problem.hasPrefix("found unknown escape character") {
            return mistake("inside double quotes, a '\\' must start a special character like \\n", "use single quotes around the value, or write '\\\\' for a backslash")
        }
        if problem.hasPrefix("block sequence entries are not allowed") {
            return mistake("a list item cannot start on the same line as its field", "put each item on its own line below the field: '  - item'")
        }
        if problem.contains("end of stream"), let context, context.text.contains("quoted scalar") {
            return mistake("the quote opened here is never closed", "add the closing quote at the end of the value", at: context.at)
        }
        if problem.contains("expected ',' or ']'") {
            return mistake("the list in [brackets] needs ',' or ']' here", "separate the items with ', '; put an item in quotes if it contains ':', quotes or brackets")
        }
        if problem.contains("expected ',' or '}'") {
            return mistake("the group in {braces} needs ',' or '}' here", "separate the 'name: value' pairs with ', '")
        }
        if problem.hasPrefix("did not find expected node content") {
            return mistake("a value is missing here", "write the value, or remove the extra ',' or '-'")
        }
        return mistake("front matter cannot be read here", "write each field as 'name: value' on its own line; put a value that contains ':', '#', quotes or brackets in quotes")
    }

    // MARK: Helpers

    /// libyaml counts columns in Unicode scalars; editors count characters.
    private func position(_ mark: Mark) -> (line: Int, column: Int) {
        guard mark.line >= 1, mark.line <= lineTexts.count else { return (mark.line, mark.column) }
        let chars = characters(mark.line)
        var scalars = 0
        for (index, character) in chars.enumerated() {
            scalars += character.unicodeScalars.count
            if scalars >= mark.column { return (mark.line, index + 1) }
        }
        return (mark.line, chars.count + 1 + max(0, mark.column - 1 - scalars))
    }

    /// The later field `name` of the mapping whose first field `name` is at `first`.
    private func secondOccurrence(of name: String, after first: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        for number in entryLines where number > first.line {
            let chars = characters(number)
            let start = Self.contentStart(chars)
            // A line that starts further out, or a '-' further out (the next item of a list), ends the mapping.
            if chars.prefix(while: { $0 == " " }).count < first.column - 1 || chars.prefix(min(start, first.column - 1)).contains("-") {
                return nil
            }
            let field = String(chars[start...].prefix { $0 != ":" }).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            if start == first.column - 1 && field == name { return (number, start + 1) }
        }
        return nil
    }

    /// Where the text of a line starts, after its indentation and any '- '.
    private static func contentStart(_ chars: [Character]) -> Int {
        var i = 0
        while i < chars.count && (chars[i] == " " || (chars[i] == "-" && (i + 1 == chars.count || chars[i + 1] == " "))) { i += 1 }
        return i
    }

    /// `name: …` or `- …`: how a field or a list item starts.
    private static func startsEntry(_ chars: [Character]) -> Bool {
        let start = chars.prefix { $0 == " " }.count
        if start < chars.count && chars[start] == "-" && (start + 1 == chars.count || chars[start + 1] == " ") { return true }
        let name = chars[start...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let end = start + name.count
        return !name.isEmpty && end < chars.count && chars[end] == ":" && (end + 1 == chars.count || chars[end + 1] == " ")
    }

    private static func neverClosed(_ opener: Opener) -> YAMLMistake {
        let (message, suggestion) = switch Character(Unicode.Scalar(opener.character)) {
        case "[": ("the list opened here with '[' is never closed", "add the closing ']'")
        case "{": ("the group opened here with '{' is never closed", "add the closing '}'")
        case "\"": ("the quote opened here is never closed", "add the closing '\"' at the end of the value")
        default: ("the quote opened here is never closed", "add the closing \"'\" at the end of the value; inside single quotes write an apostrophe twice (it''s)")
        }
        return YAMLMistake(line: opener.line, column: opener.column, message: message, suggestion: suggestion)
    }

    /// `write title: "About: us"` for the line `title: About: us`.
    private static func quotingSuggestion(_ chars: [Character]) -> String {
        let start = contentStart(chars)
        let text = String(chars[start...])
        if let colon = text.range(of: ": "), text.count <= 80 {
            let value = text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
            if !value.contains("\"") { return "a value with ': ' in it must be quoted: write \(text[..<colon.lowerBound]): \"\(value)\"" }
        }
        // Too long to quote back whole, or already holding quotes: name the field, not a canned example.
        let key = text.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces)
        return "a value with ': ' in it must be quoted: put the value of '\(key)' between single quotes ('…'), doubling any ' inside it"
    }

    /// Text quoted back to the editor, cut short if long.
    private static func excerpt<C: Collection<Character>>(_ chars: C) -> String {
        let text = String(chars).trimmingCharacters(in: .whitespaces)
        return text.count > 40 ? text.prefix(40).trimmingCharacters(in: .whitespaces) + "…" : text
    }
}

extension Character {
    /// What to call a character that YAML does not take for the space or letter it looks like, or
    /// that cannot be seen at all: "a no-break space (U+00A0)". Nil for every other character.
    var invisibleName: String? {
        // Printable ASCII is by far the most common case, and never invisible.
        if let ascii = asciiValue, ascii >= 0x20 && ascii < 0x7F || ascii == 0x09 || ascii == 0x0A || ascii == 0x0D { return nil }
        for scalar in unicodeScalars {
            let code = String(format: "(U+%04X)", scalar.value)
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20: continue
            case 0xA0: return "a no-break space \(code)"
            case 0x202F: return "a narrow no-break space \(code)"
            case 0x200B: return "a zero-width space \(code)"
            case 0x200C: return "a zero-width non-joiner \(code)"
            case 0x200D: return "a zero-width joiner \(code)"
            case 0x2060: return "a word joiner \(code)"
            case 0xFEFF: return "a byte-order mark \(code)"
            case 0xAD: return "a soft hyphen \(code)"
            default: break
            }
            switch scalar.properties.generalCategory {
            case .spaceSeparator: return "an unusual space \(code)"
            case .control: return "a control character \(code)"
            case .format: return "an invisible formatting character \(code)"
            case .lineSeparator, .paragraphSeparator: return "a line separator \(code)"
            default: continue
            }
        }
        return nil
    }

    /// A space in all but name: replaced with a normal space rather than deleted.
    var isSpaceLike: Bool { unicodeScalars.contains { $0.properties.generalCategory == .spaceSeparator && $0 != " " } }
}
