/// A problem found in the content, the templates or the set-up, written for the editor who must fix it.
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    /// Path as the editor knows it (e.g. `Content/drugs/olaparib.md`); nil for problems with no file.
    public var path: String?
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based, in characters; 0 when unknown.
    public var column: Int
    public var message: String
    /// The source line the problem is on, shown under the message with a caret; for a long line,
    /// only a window of it around the column (see `sourceColumn`).
    public var sourceLine: String?
    /// The caret's column within `sourceLine` when that is a window of a longer line.
    public var sourceColumn: Int?
    /// What to do about it, e.g. "did you mean 'drugs/olaparib.md'?".
    public var suggestion: String?

    public init(_ severity: Severity, _ message: String, path: String? = nil, line: Int = 0, column: Int = 0,
                sourceLine: String? = nil, suggestion: String? = nil) {
        self.severity = severity
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
        self.suggestion = suggestion
    }

    public static func error(_ message: String, path: String? = nil, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, path: path, suggestion: suggestion)
    }

    /// `path:line:column: severity: message`, the form editors and IDEs recognise.
    public var description: String {
        "\(location)\(severity.rawValue): \(message)"
    }

    /// `path:line:column: `, as much of it as is known; empty for a problem with no file.
    public var location: String {
        guard let path else { return "" }
        var location = path
        if line > 0 { location += ":\(line)" }
        if line > 0 && column > 0 { location += ":\(column)" }
        return location + ": "
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let left = (lhs.path ?? "", lhs.line, lhs.column, lhs.message)
        let right = (rhs.path ?? "", rhs.line, rhs.column, rhs.message)
        return left < right
    }
}

extension Collection where Element == Diagnostic {
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

extension Array where Element == Diagnostic {
    /// At most `limit` diagnostics per file, then one line saying how many more: a thousand
    /// reports of one mistake hide the others and can fill a terminal for minutes. Expects the
    /// diagnostics sorted (by file), and keeps that order.
    public func capped(perFile limit: Int = 50) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var index = startIndex
        while index < endIndex {
            let path = self[index].path
            var end = index
            while end < endIndex && self[end].path == path { end += 1 }
            let group = self[index..<end]
            result += group.prefix(limit)
            let more = group.dropFirst(limit)
            if !more.isEmpty {
                result.append(Diagnostic(more.hasErrors ? .error : .warning, "and \(more.count) more problems in this file (the first \(limit) are shown)",
                                         path: path, suggestion: "fix the ones shown first; the rest are often the same mistake"))
            }
            index = end
        }
        return result
    }
}
