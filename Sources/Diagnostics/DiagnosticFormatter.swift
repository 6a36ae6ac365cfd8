/// Prints diagnostics as compilers do: the location and message, the source line, a caret under
/// the column, then the suggestion.
public struct DiagnosticFormatter: Sendable {
    public var colors: Bool

    public init(colors: Bool) {
        self.colors = colors
    }

    public func format(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sorted().map(format).joined(separator: "\n")
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let label = diagnostic.severity.rawValue + ":"
        let colouredLabel = diagnostic.severity == .error ? paint(label, "31;1") : paint(label, "33;1")
        var text = paint(location, "1") + colouredLabel + " " + paint(diagnostic.message, "1") + "\n"
        if let fullLine = diagnostic.sourceLine {
            let (sourceLine, column) = diagnostic.sourceColumn.map { (fullLine, $0) } ?? Self.window(fullLine, column: diagnostic.column)
            let gutter = diagnostic.line > 0 ? String(diagnostic.line) : ""
            let padding = String(repeating: " ", count: gutter.count)
            text += "\(padding) |\n\(gutter) | \(sourceLine)\n"
            if column > 0 {
                // Keep tabs so the caret lines up under the same character.
                let prefix = sourceLine.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
                text += "\(padding) | \(prefix)" + paint("^", "32;1") + "\n"
            }
        }
        if let suggestion = diagnostic.suggestion {
            text += "  " + paint("suggestion:", "36;1") + " \(suggestion)\n"
        }
        return text
    }

    /// At most `width` characters of `line` around `column`, with "…" where it is cut, and the
    /// column of the same character in what is kept: one long line must not fill the screen.
    static func window(_ line: String, column: Int, width: Int = 120) -> (text: String, column: Int) {
        let characters = Array(line)
        guard characters.count > width else { return (line, column) }
        let start = max(0, min(column - 1 - width / 2, characters.count - width))
        let end = start + width
        let text = (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
        return (text, column > 0 ? column - start + (start > 0 ? 1 : 0) : column)
    }

    private func paint(_ text: String, _ code: String) -> String {
        guard colors, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
