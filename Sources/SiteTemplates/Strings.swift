import Diagnostics
import FrontMatter
import Foundation
import Yams

/// The words of one language that the renderer puts around the model's values, read from
/// `Templates/strings/<language>.yml` (the language of site.yml, without its region). Keys are the
/// file's nested names joined with dots: `routes.pill`.
public struct Strings: Sendable {
    private let table: [String: String]
    public let months: [String]
    /// Changes when any of the words do: every page uses some of them.
    public let key: Int

    public init(table: [String: String], months: [String]) {
        self.table = table
        self.months = months
        var hasher = Hasher()
        for (name, words) in table.sorted(by: { $0.key < $1.key }) { hasher.combine(name); hasher.combine(words) }
        hasher.combine(months)
        key = hasher.finalize()
    }

    public subscript(_ key: String) -> String { table[key] ?? key }

    /// The name of month 1…12 (its number when the table, already reported, lacks it).
    public func month(_ number: Int) -> String { months.indices.contains(number - 1) ? months[number - 1] : String(number) }

    /// The text of an optional key.
    public func optional(_ key: String) -> String? { table[key] }

    /// The keys under `group` (`text`) as nested dictionaries, as templates read them (`{{text.drug.generic}}`).
    public func nested(_ group: String) -> [String: Any] {
        var tree: [String: Any] = [:]
        func insert(_ path: ArraySlice<String>, _ words: String, into node: inout [String: Any]) {
            guard let first = path.first else { return }
            if path.count == 1 {
                node[first] = words
            } else {
                var child = node[first] as? [String: Any] ?? [:]
                insert(path.dropFirst(), words, into: &child)
                node[first] = child
            }
        }
        for (key, words) in table where key.hasPrefix(group + ".") {
            insert(key.dropFirst(group.count + 1).split(separator: ".").map(String.init)[...], words, into: &tree)
        }
        return tree
    }

    /// The keys directly under `group` (`text.script`), by their last name.
    public func flat(_ group: String) -> [String: String] {
        var words: [String: String] = [:]
        for (key, text) in table where key.hasPrefix(group + ".") && !key.dropFirst(group.count + 1).contains(".") {
            words[String(key.dropFirst(group.count + 1))] = text
        }
        return words
    }

    /// `key`'s text with each `{name}` replaced.
    public func format(_ key: String, _ values: [String: String]) -> String {
        // One pass: a value that itself holds `{…}` is left as written.
        var rest = self[key][...]
        var result = ""
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let name = rest[rest.index(after: open)...].prefix { $0 != "}" }
            if let value = values[String(name)], name.endIndex < rest.endIndex {
                result += value
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }

    /// The table for `language` (`en-US` reads `en.yml`); a missing file or key is an error.
    /// `required` are the keys that must have words (see `Wording.requiredKeys`).
    public static func load(from templates: URL, displayName: String, language: String, required: [String]) -> (Strings, [Diagnostic]) {
        let name = String(language.lowercased().prefix { $0 != "-" && $0 != "_" })
        let path = displayName + "/strings/\(name).yml"
        let url = templates.appendingPathComponent("strings/\(name).yml")
        let empty = Strings(table: [:], months: [])
        guard FileManager.default.fileExists(atPath: url.path) else {
            return (empty, [.error("no words for the site's language '\(language)': strings/\(name).yml is missing", path: path,
                                   suggestion: "copy \(displayName)/strings/en.yml to strings/\(name).yml and translate its values")])
        }
        guard SourceFolder.staysInside(url, folder: templates) else {
            return (empty, [.error("'strings/\(name).yml' is a symbolic link to something outside the templates folder; it is not read", path: path,
                                   suggestion: "copy the file into the templates folder instead of linking to it")])
        }
        let file: SourceFile
        switch SourceFile.read(url, displayPath: path) {
        case .success(let read): file = read
        case .failure(let diagnostic): return (empty, [diagnostic])
        }
        let node: Node?
        do { node = try Yams.compose(yaml: file.text) } catch {
            // Said at its cause and in an editor's words, as front matter is.
            guard let error = error as? YamlError else {
                return (empty, [file.error("this table of words cannot be read: \(error)", line: 1, column: 1)])
            }
            let mistake = YAMLText(file.text).explain(error)
            return (empty, [file.error(mistake.message, line: mistake.line, column: mistake.column, suggestion: mistake.suggestion)])
        }
        var table: [String: String] = [:]
        var months: [String] = []
        // Where each group (`routes`) is written, so a missing key is reported under its group.
        var groups: [String: (line: Int, column: Int)] = [:]
        func flatten(_ node: Node, _ prefix: String) {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    let name = prefix.isEmpty ? key.string ?? "" : prefix + "." + (key.string ?? "")
                    if let mark = key.mark { groups[name] = (mark.line, mark.column) }
                    flatten(value, name)
                }
            } else if let sequence = node.sequence, prefix == "dates.months" {
                months = sequence.compactMap(\.scalar?.string)
            } else if let scalar = node.scalar {
                table[prefix] = scalar.string
            }
        }
        if let node { flatten(node, "") }
        var diagnostics = required.filter { table[$0] == nil }.map { key in
            // Under the innermost group the table has: 'generic:' under 'text.drug:', or 'drug.generic:' under 'text:'.
            let parts = key.split(separator: ".")
            let group = (1..<max(parts.count, 1)).reversed().map { parts.prefix($0).joined(separator: ".") }.first { groups[$0] != nil }
                ?? String(parts.first ?? "")
            let (line, column) = groups[group] ?? (1, 1)
            return file.error("missing the words for '\(key)'", line: line, column: column,
                              suggestion: "add '\(key.dropFirst(group.count + 1)):' under '\(group):', as in \(displayName)/strings/en.yml")
        }
        if months.count != 12 {
            let (line, column) = groups["dates.months"] ?? groups["dates"] ?? (1, 1)
            diagnostics.append(file.error("'dates.months' must list the 12 months, January first", line: line, column: column,
                                          suggestion: "write them as a list: months: [January, February, …]"))
        }
        return (Strings(table: table, months: months), diagnostics)
    }
}
