import Diagnostics
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

    public init(yaml: String, yamlFirstLine: Int, body: String, bodyLineOffset: Int) {
        self.yaml = yaml
        self.yamlFirstLine = yamlFirstLine
        self.body = body
        self.bodyLineOffset = bodyLineOffset
    }
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
    /// Where each field is in `mapping`, by its name (the first, if written twice): a page's
    /// fields are read one by one, and a walk of the mapping for each was most of the cost of
    /// reading them. Positions, not the values, so that every page keeps a small table.
    private let positions: [String: Int]
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
            // UTF-8 said outright: the default reads the whole environment on every call. The
            // basic resolver: every field is read as text here (FrontMatter's own `bool`, `int`,
            // dates), and the default one ran its regular expressions on every key to hash it.
            node = try Yams.compose(yaml: split.yaml, .basic, .default, .utf8)
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
        var positions: [String: Int] = [:]
        for (position, pair) in zip(mapping.indices, mapping) {
            if let key = pair.key.string, positions[key] == nil { positions[key] = position }
        }
        self.positions = positions
        self.lineOffset = lineOffset
        self.parent = parent
        self.start = start
    }

    /// The fields read so far, for a fresh reader that must not report them as unknown.
    public var keysRead: Set<String> { readKeys }

    /// A reader of the same fields that has recorded nothing yet, but knows `keys` were read: each
    /// run of the model reads a page afresh, so that a run never sees what an earlier one reported.
    public func fresh(knowing keys: Set<String>) -> FrontMatter {
        let reader = FrontMatter(file: file, mapping: mapping, lineOffset: lineOffset)
        reader.readKeys = keys
        return reader
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
        positions[key].map { position(mapping[$0].key) } ?? start
    }

    private func position(_ node: Node) -> (line: Int, column: Int) {
        guard let mark = node.mark else { return (1 + lineOffset, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    public func has(_ key: String) -> Bool { node(for: key) != nil }

    /// Text items of a field, read without recording it or reporting problems: for a look ahead
    /// (the glossary, read before the model) that the model's own read will check properly.
    public func peekStrings(_ key: String) -> [String] {
        guard let value = positions[key].map({ mapping[$0].value }) else { return [] }
        if let scalar = value.scalar { return [scalar.string] }
        return value.sequence?.compactMap { $0.scalar?.string } ?? []
    }

    private func node(for key: String) -> Node? {
        readKeys.insert(key)
        return positions[key].map { mapping[$0].value }
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

    // MARK: - Translations

    /// A translation's list of notes (`indication-notes`), one per entry of the original's list
    /// (`indications`), in order, `~` where the entry has none.
    public static let translatedNoteLists = ["indication-notes": "indications", "form-notes": "forms"]
    /// A translation's note of one entry of the original (`off-label-note` for `off-label`).
    public static let translatedNoteEntries = ["off-label-note": "off-label"]

    /// How many items the list `key` has (0 when it is missing or not a list), without reading it.
    public func itemCount(_ key: String) -> Int {
        positions[key].flatMap { mapping[$0].value.sequence?.count } ?? 0
    }

    /// The fields written in this front matter, with where each is written.
    public var fieldNames: [Located<String>] {
        mapping.compactMap { key, _ in key.string.map { Located($0, line: position(key).line, column: position(key).column) } }
    }

    /// The reader of a translated page: this (the original page's) front matter with the fields
    /// of `translation` in place of its own, and each `indication-notes` item as the `note` of the
    /// indication at the same place. Facts are read from here, words from the translation; the
    /// result reports against the translation's file, and is read only by the translated model.
    public func overlaid(by translation: FrontMatter, skipping ignored: Set<String>) -> FrontMatter {
        var merged = mapping
        for (key, value) in translation.mapping {
            guard let name = key.string, !ignored.contains(name) else { continue }
            if let list = FrontMatter.translatedNoteLists[name] {
                guard let notes = value.sequence, let items = merged[list]?.sequence else { continue }
                merged[list] = Node(items.enumerated().map { index, item in
                    guard var entry = item.mapping else { return item }
                    let note = index < notes.count ? notes[index] : nil
                    entry["note"] = note.flatMap { isNull($0) ? nil : $0 }
                    return Node.mapping(entry)
                })
            } else if let field = FrontMatter.translatedNoteEntries[name] {
                guard var entry = merged[field]?.mapping else { continue }
                entry["note"] = value
                merged[field] = Node.mapping(entry)
            } else {
                merged[name] = value
            }
        }
        return FrontMatter(file: translation.file, mapping: merged, lineOffset: translation.lineOffset)
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
    }
}
