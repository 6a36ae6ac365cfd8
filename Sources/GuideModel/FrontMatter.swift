import Foundation
import Markdown
import Yams

/// A value from front matter with the place it was written, so that later checks can point at it.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let line: Int
    public let column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A page split into its YAML front matter and its Markdown body.
public struct SplitPage: Sendable {
    public let yaml: String
    /// File line of the first YAML line.
    public let yamlFirstLine: Int
    public let body: String
    /// Add this to a body line to get the file line.
    public let bodyLineOffset: Int
}

public enum FrontMatterSplitter {
    /// Front matter must open on line 1 with `---` and close with `---` (or `...`) on its own line.
    public static func split(_ file: SourceFile) -> Result<SplitPage, Diagnostic> {
        if file.text.utf8.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            return .failure(file.error("file is empty", line: 1, column: 1,
                                       suggestion: "start the page with front matter (---, title: …, ---) and some text, or delete the file"))
        }
        // Only the front matter is split into lines; the body can be long and is passed on whole.
        let bytes = Array(file.text.utf8)
        var lineStart = 0, lineNumber = 1
        var yamlLines: [String] = []
        var closing: (line: Int, bodyStart: Int)?
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 10 && bytes[lineEnd] != 13 { lineEnd += 1 }
            // LF, CRLF, or a lone CR (old Mac files) ends a line.
            var nextLine = lineEnd + 1
            if lineEnd + 1 < bytes.count && bytes[lineEnd] == 13 && bytes[lineEnd + 1] == 10 { nextLine += 1 }
            let line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
            if lineNumber == 1 {
                guard line.trimmed == "---" else {
                    return .failure(file.error("page has no front matter", line: 1, column: 1,
                                               suggestion: "begin the file with a line '---', then 'title: …', 'summary: …', then another '---'"))
                }
            } else if line == "---" || line == "..." {
                closing = (lineNumber, min(nextLine, bytes.count))
                break
            } else {
                yamlLines.append(line)
            }
            lineStart = nextLine
            lineNumber += 1
        }
        guard let closing else {
            return .failure(file.error("front matter is never closed", line: 1, column: 1,
                                       suggestion: "add a line with only '---' after the last front-matter field"))
        }
        let yaml = yamlLines.joined(separator: "\n")
        let body = String(decoding: bytes[closing.bodyStart...], as: UTF8.self)
        return .success(SplitPage(yaml: yaml, yamlFirstLine: 2, body: body, bodyLineOffset: closing.line))
    }
}

/// The YAML mapping at the top of a page, read through accessors that record a diagnostic for
/// every missing, mistyped or unknown field instead of stopping at the first.
public final class FrontMatter {
    public let file: SourceFile
    private let mapping: Node.Mapping
    private let lineOffset: Int
    private var readKeys: Set<String> = []
    public private(set) var diagnostics: [Diagnostic] = []
    /// For an entry inside the front matter (one of `indications:`): the front matter it is in,
    /// which keeps every diagnostic.
    private let parent: FrontMatter?
    /// Where this mapping starts (the whole front matter: line 1).
    public let start: (line: Int, column: Int)

    /// Parses `split.yaml`. A mistake in the YAML itself is reported at its cause, in an editor's words.
    public static func parse(_ split: SplitPage, in file: SourceFile) -> Result<FrontMatter, Diagnostic> {
        let offset = split.yamlFirstLine - 1
        func failure(_ mistake: YAMLMistake) -> Result<FrontMatter, Diagnostic> {
            .failure(file.error(mistake.message, line: mistake.line + offset, column: mistake.column, suggestion: mistake.suggestion))
        }
        let text = YAMLText(split.yaml, lineOffset: offset)
        // Yams expands aliases as it reads: a few hundred bytes of them used as a key run for minutes.
        if let anchor = text.anchor { return failure(anchor) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: split.yaml)
        } catch let error as YamlError {
            return failure(text.explain(error))
        } catch {
            return .failure(file.error("front matter cannot be read: \(error)", line: split.yamlFirstLine, column: 1))
        }
        // Some mistakes YAML reads without complaint, as text where a field or a list item was meant.
        if let mistake = text.firstMistake() { return failure(mistake) }
        guard let node else {
            return .failure(file.error("front matter is empty", line: 1, column: 1,
                                       suggestion: "add at least 'title:', 'summary:', 'reviewed:' and 'sources:'"))
        }
        guard let mapping = node.mapping else {
            let mark = node.mark
            return .failure(file.error("front matter must be a list of 'key: value' fields",
                                       line: (mark?.line ?? 1) + offset, column: mark?.column ?? 1,
                                       suggestion: "write each field on its own line as 'name: value'"))
        }
        return .success(FrontMatter(file: file, mapping: mapping, lineOffset: offset))
    }

    init(file: SourceFile, mapping: Node.Mapping, lineOffset: Int, parent: FrontMatter? = nil, start: (line: Int, column: Int) = (1, 1)) {
        self.file = file
        self.mapping = mapping
        self.lineOffset = lineOffset
        self.parent = parent
        self.start = start
    }

    /// A field holding `name: value` fields of its own (`off-label:`), read with the same accessors.
    public func entry(_ key: String) -> FrontMatter? {
        guard let node = node(for: key), !isNull(node) else { return nil }
        guard let mapping = node.mapping else { wrongType(key, node, expected: "a set of 'name: value' fields"); return nil }
        return FrontMatter(file: file, mapping: mapping, lineOffset: lineOffset, parent: self, start: position(node))
    }

    /// A list of such entries (`indications:`), each read with the same accessors.
    public func entries(_ key: String) -> [FrontMatter] {
        guard let node = node(for: key), !isNull(node) else { return [] }
        guard let sequence = node.sequence else { wrongType(key, node, expected: "a list of entries starting with '- '"); return [] }
        return sequence.compactMap { item in
            guard let mapping = item.mapping else { wrongType(key, item, expected: "a list of entries with 'name: value' fields"); return nil }
            return FrontMatter(file: file, mapping: mapping, lineOffset: lineOffset, parent: self, start: position(item))
        }
    }

    // MARK: - Positions

    public func location(of key: String) -> (line: Int, column: Int) {
        for (keyNode, _) in mapping where keyNode.string == key {
            return position(keyNode)
        }
        return start
    }

    private func position(_ node: Node) -> (line: Int, column: Int) {
        guard let mark = node.mark else { return (1 + lineOffset, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    public func has(_ key: String) -> Bool { node(for: key) != nil }

    /// Text items of a field, read without recording it or reporting problems: for a look ahead
    /// (the glossary, read before the model) that the model's own read will check properly.
    public func peekStrings(_ key: String) -> [String] {
        for (keyNode, value) in mapping where keyNode.string == key {
            if let scalar = value.scalar { return [scalar.string] }
            return value.sequence?.compactMap { $0.scalar?.string } ?? []
        }
        return []
    }

    private func node(for key: String) -> Node? {
        readKeys.insert(key)
        for (keyNode, value) in mapping where keyNode.string == key { return value }
        return nil
    }

    public func report(_ severity: Diagnostic.Severity, _ message: String, line: Int, column: Int, suggestion: String? = nil) {
        if let parent { return parent.report(severity, message, line: line, column: column, suggestion: suggestion) }
        diagnostics.append(file.diagnostic(severity, message, line: line, column: column, suggestion: suggestion))
    }

    public func report<T>(_ severity: Diagnostic.Severity, _ message: String, at value: Located<T>, suggestion: String? = nil) {
        report(severity, message, line: value.line, column: value.column, suggestion: suggestion)
    }

    private func missing(_ key: String, _ expected: String) {
        report(.error, "missing required field '\(key)' (\(expected))", line: start.line, column: start.column,
               suggestion: parent == nil ? "add '\(key):' to the front matter" : "add '\(key):' to this entry")
    }

    private func wrongType(_ key: String, _ node: Node, expected: String) {
        let (line, column) = position(node)
        let written = node.scalar != nil ? "a single value" : node.sequence != nil ? "a list" : "a set of 'name: value' fields"
        report(.error, "field '\(key)' must be \(expected)", line: line, column: column,
               suggestion: "here it is written as \(written)")
    }

    // MARK: - Typed reads

    public func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let node = node(for: key), !isNull(node) else {
            if required { missing(key, "text") }
            return nil
        }
        guard let scalar = node.scalar else { wrongType(key, node, expected: "text"); return nil }
        let (line, column) = position(node)
        let text = scalar.string.trimmed
        if required && text.isEmpty {
            report(.error, "field '\(key)' is empty", line: line, column: column, suggestion: "write a value after '\(key):'")
            return nil
        }
        return Located(text, line: line, column: column)
    }

    public func strings(_ key: String, required: Bool = false) -> [Located<String>] {
        guard let node = node(for: key), !isNull(node) else {
            if required { missing(key, "a list") }
            return []
        }
        return strings(in: node, key: key)
    }

    private func strings(in node: Node, key: String) -> [Located<String>] {
        if let scalar = node.scalar {
            // A single value where a list is expected is almost always meant as a one-item list.
            let (line, column) = position(node)
            return scalar.string.isEmpty ? [] : [Located(scalar.string, line: line, column: column)]
        }
        guard let sequence = node.sequence else { wrongType(key, node, expected: "a list, e.g. [a, b]"); return [] }
        var values: [Located<String>] = []
        for item in sequence {
            guard let scalar = item.scalar else { wrongType(key, item, expected: "a list of text items"); continue }
            let (line, column) = position(item)
            values.append(Located(scalar.string, line: line, column: column))
        }
        return values
    }

    public func bool(_ key: String) -> Located<Bool>? {
        guard let node = node(for: key), !isNull(node) else { return nil }
        let (line, column) = position(node)
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return Located(true, line: line, column: column)
        case "false", "no": return Located(false, line: line, column: column)
        default: wrongType(key, node, expected: "true or false"); return nil
        }
    }

    public func int(_ key: String) -> Located<Int>? {
        guard let node = node(for: key), !isNull(node) else { return nil }
        guard let text = node.scalar?.string, let value = Int(text) else { wrongType(key, node, expected: "a whole number"); return nil }
        let (line, column) = position(node)
        return Located(value, line: line, column: column)
    }

    public func date(_ key: String, required: Bool = false) -> Located<GuideDate>? {
        guard let node = node(for: key), !isNull(node) else {
            if required { missing(key, "a date like 2026-11-28") }
            return nil
        }
        let (line, column) = position(node)
        guard let text = node.scalar?.string, let date = GuideDate(text) else {
            let written = node.scalar?.string ?? "…"
            report(.error, "field '\(key)' is not a date: \(GuideDate.whyNotADay(written) ?? "'\(written)'")", line: line, column: column,
                   suggestion: "write the date as YYYY-MM-DD, e.g. 2026-11-28")
            return nil
        }
        return Located(date, line: line, column: column)
    }

    /// An FDA approval date: a day, or only the month or year when that is all a source confirms.
    public func approvalDate(_ key: String, required: Bool = false) -> Located<ApprovalDate>? {
        guard let node = node(for: key), !isNull(node) else {
            if required { missing(key, "the FDA approval date, like 2025-12-15") }
            return nil
        }
        let (line, column) = position(node)
        guard let text = node.scalar?.string, let date = ApprovalDate(text) else {
            let written = node.scalar?.string ?? "…"
            report(.error, "field '\(key)' is not a date: \(ApprovalDate.whyNotADate(written) ?? "'\(written)'")", line: line, column: column,
                   suggestion: "write YYYY-MM-DD, e.g. 2025-12-15; YYYY-MM or YYYY when the source gives only that; 'by 1996-01' when a dated report shows only that it was approved by then")
            return nil
        }
        return Located(date, line: line, column: column)
    }

    /// A mapping of names to lists, e.g. `side-effects: {common: [a], serious: [b]}`.
    public func listMap(_ key: String, allowedKeys: [String]? = nil) -> [(key: Located<String>, values: [Located<String>])] {
        guard let node = node(for: key), !isNull(node) else { return [] }
        return listMap(node, key: key, allowedKeys: allowedKeys)
    }

    /// A list of such mappings, e.g. `biomarkers-any-of: [{pik3ca: [mutated]}, {akt1-pten: [altered]}]`.
    public func listMaps(_ key: String, allowedKeys: [String]? = nil) -> [[(key: Located<String>, values: [Located<String>])]] {
        guard let node = node(for: key), !isNull(node) else { return [] }
        guard let sequence = node.sequence else { wrongType(key, node, expected: "a list of entries starting with '- '"); return [] }
        return sequence.map { listMap($0, key: key, allowedKeys: allowedKeys) }
    }

    private func listMap(_ node: Node, key: String, allowedKeys: [String]?) -> [(key: Located<String>, values: [Located<String>])] {
        guard let mapping = node.mapping else { wrongType(key, node, expected: "a set of 'name: [values]' fields"); return [] }
        var result: [(key: Located<String>, values: [Located<String>])] = []
        for (keyNode, value) in mapping {
            let (line, column) = position(keyNode)
            let name = keyNode.string ?? ""
            if let allowedKeys, !allowedKeys.contains(name) {
                report(.error, "'\(name)' is not a known entry of '\(key)'", line: line, column: column,
                       suggestion: Suggestion.didYouMean(name, in: allowedKeys) ?? "use one of: \(allowedKeys.joined(separator: ", "))")
                continue
            }
            result.append((Located(name, line: line, column: column), isNull(value) ? [] : strings(in: value, key: "\(key).\(name)")))
        }
        return result
    }

    /// A list of mappings, e.g. `sources: [{title: …, url: …}]`.
    public func records(_ key: String, fields: [String], required: [String]) -> [(line: Int, column: Int, fields: [String: Located<String>])] {
        guard let node = node(for: key), !isNull(node) else { return [] }
        guard let sequence = node.sequence else { wrongType(key, node, expected: "a list of entries starting with '- '"); return [] }
        var result: [(line: Int, column: Int, fields: [String: Located<String>])] = []
        for item in sequence {
            let (line, column) = position(item)
            guard let mapping = item.mapping else { wrongType(key, item, expected: "a list of entries with \(required.joined(separator: " and "))"); continue }
            var values: [String: Located<String>] = [:]
            for (keyNode, value) in mapping {
                let (keyLine, keyColumn) = position(keyNode)
                let name = keyNode.string ?? ""
                guard fields.contains(name) else {
                    report(.error, "unknown field '\(name)' in '\(key)'", line: keyLine, column: keyColumn,
                           suggestion: Suggestion.didYouMean(name, in: fields) ?? "use: \(fields.joined(separator: ", "))")
                    continue
                }
                guard let scalar = value.scalar else { wrongType("\(key).\(name)", value, expected: "text"); continue }
                let (valueLine, valueColumn) = position(value)
                values[name] = Located(scalar.string, line: valueLine, column: valueColumn)
            }
            for name in required where values[name] == nil {
                report(.error, "entry in '\(key)' has no '\(name)'", line: line, column: column, suggestion: "add '\(name): …' to this entry")
            }
            result.append((line, column, values))
        }
        return result
    }

    /// Reports every field no reader asked for: a typo ("sumary") would otherwise vanish silently.
    public func rejectUnknownKeys(kind: String) {
        let known = readKeys
        for (keyNode, _) in mapping {
            let name = keyNode.string ?? ""
            guard !known.contains(name) else { continue }
            let (line, column) = position(keyNode)
            report(.error, parent == nil ? "unknown field '\(name)' for a \(kind) page" : "unknown field '\(name)' in \(kind)", line: line, column: column,
                   suggestion: Suggestion.didYouMean(name, in: known) ?? "known fields: \(known.sorted().joined(separator: ", "))")
        }
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
    }
}

// MARK: - Mistakes in the YAML text

/// A mistake in the front-matter text: line 1 is the first front-matter line; columns count characters.
struct YAMLMistake {
    var line: Int
    var column: Int
    var message: String
    var suggestion: String?
}

/// The front-matter text read the way YAML reads it, well enough for front matter: where quotes,
/// brackets, comments and block text (`|`, `>`) start and end, and which lines start a field or a
/// list item. libyaml reports some mistakes lines after their cause, or reads them as text without
/// complaint; this finds them where the editor made them.
struct YAMLText {
    private let lines: [[Character]]
    /// Add this to a line here to get the file line, for a message that names another line.
    private let lineOffset: Int
    /// Lines that start a field or a list item: not inside quotes, brackets or block text, nor continuing a value.
    private var entryLines: [Int] = []
    /// The first quote or bracket that is never closed, at the character that opened it.
    private var unclosed: YAMLMistake?
    /// The first anchor (`&name`) or alias (`*name`).
    private(set) var anchor: YAMLMistake?

    private struct Opener {
        let character: Character
        let line: Int
        let column: Int
        /// The column of the field name or '-' it belongs to: a later field or list item no further
        /// in is outside it, as YAML reads it.
        let indent: Int
    }

    init(_ text: String, lineOffset: Int = 0) {
        self.lineOffset = lineOffset
        lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.map(Array.init)
        var flow: [Opener] = []                  // open brackets
        var quote: Opener?
        var blockTextIndent: Int?                // inside `|` or `>` text: the lines indented further than this
        var valueIndent: Int?                    // a value ended its line: lines indented further than this continue it
        var keyIndent = 0                        // the column of the innermost field name or '-'
        var atNodeStart = true                   // where a value, a quote, a bracket or an anchor may start
        for (index, chars) in lines.enumerated() {
            let number = index + 1
            let indent = chars.prefix { $0 == " " }.count
            if chars.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if let limit = blockTextIndent {
                if indent > limit { continue }
                blockTextIndent = nil
            }
            // Still inside a quote or bracket from a line above, a line that starts a field or a list
            // item no further in than the field it opened in means it was never closed.
            if let outer = flow.first ?? quote, let inner = quote ?? flow.last, Self.startsEntry(chars), indent <= outer.indent {
                if unclosed == nil { unclosed = Self.neverClosed(inner) }
                (flow, quote) = ([], nil)
            }
            var i = 0
            if flow.isEmpty && quote == nil {
                if let valueIndent, indent > valueIndent { continue }
                valueIndent = nil
                if chars.first(where: { $0 != " " && $0 != "\t" }) == "#" { continue }
                entryLines.append(number)
                (i, atNodeStart) = (indent, true)
            }
            var nodeStart = i
            while i < chars.count {
                let c = chars[i]
                let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if let open = quote {
                    if c == "\\" && open.character == "\"" { i += 2; continue }
                    if c == open.character {
                        if c == "'" && next == "'" { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let inFlow = !flow.isEmpty
                // A token ends at a space, at the end of the line, and inside brackets at a bracket or ','.
                let endsHere = next == nil || next == " " || next == "\t" || (inFlow && ",[]{}".contains(next!))
                if c == " " || c == "\t" { i += 1; continue }
                if c == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") { break }
                if atNodeStart {
                    switch c {
                    case "\"", "'":
                        quote = Opener(character: c, line: number, column: i + 1, indent: keyIndent)
                        (nodeStart, atNodeStart) = (i, false)
                        i += 1
                        continue
                    case "[", "{":
                        flow.append(Opener(character: c, line: number, column: i + 1, indent: keyIndent))
                        i += 1
                        continue
                    case "&" where !endsHere, "*" where !endsHere:
                        if anchor == nil {
                            anchor = YAMLMistake(line: number, column: i + 1, message: "front matter cannot use YAML anchors or aliases ('&' / '*')",
                                                 suggestion: "write the value out in full; if the '\(c)' is part of the text, put the whole value in quotes")
                        }
                        atNodeStart = c == "&"
                        while i < chars.count && chars[i] != " " && !(inFlow && ",[]{}".contains(chars[i])) { i += 1 }
                        continue
                    case "-" where !inFlow && endsHere:
                        keyIndent = i
                        i += 1
                        continue
                    case "?" where endsHere:
                        i += 1
                        continue
                    case "|" where !inFlow, ">" where !inFlow:
                        blockTextIndent = keyIndent
                        i = chars.count
                        continue
                    default:
                        break
                    }
                }
                if inFlow && (c == "]" || c == "}") {
                    let open = flow.removeLast()
                    if (open.character == "[") != (c == "]") {
                        if unclosed == nil { unclosed = Self.neverClosed(open) }
                        flow = []
                    }
                    (atNodeStart, i) = (false, i + 1)
                    continue
                }
                if inFlow && (c == "," || c == "[" || c == "{") {
                    if c != "," { flow.append(Opener(character: c, line: number, column: i + 1, indent: keyIndent)) }
                    (atNodeStart, i) = (true, i + 1)
                    continue
                }
                if c == ":" && endsHere {
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
        let chars = lines[number - 1]
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

    // MARK: libyaml's errors in an editor's words

    /// The cause of a YAML error: a mistake found in the text before the point where libyaml gave
    /// up, or else libyaml's own account, translated.
    func explain(_ error: YamlError) -> YAMLMistake {
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
            for (index, chars) in lines.enumerated() {
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
        let chars = at.line >= 1 && at.line <= lines.count ? lines[at.line - 1] : []
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
        guard mark.line >= 1, mark.line <= lines.count else { return (mark.line, mark.column) }
        var scalars = 0
        for (index, character) in lines[mark.line - 1].enumerated() {
            scalars += character.unicodeScalars.count
            if scalars >= mark.column { return (mark.line, index + 1) }
        }
        return (mark.line, lines[mark.line - 1].count + 1 + max(0, mark.column - 1 - scalars))
    }

    /// The later field `name` of the mapping whose first field `name` is at `first`.
    private func secondOccurrence(of name: String, after first: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        for number in entryLines where number > first.line {
            let chars = lines[number - 1]
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
        let (message, suggestion) = switch opener.character {
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
        return "a value with ': ' in it must be quoted, e.g. title: \"Olaparib: a PARP inhibitor\""
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
