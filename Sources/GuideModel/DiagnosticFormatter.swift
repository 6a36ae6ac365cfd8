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
        if let sourceLine = diagnostic.sourceLine {
            let gutter = diagnostic.line > 0 ? String(diagnostic.line) : ""
            let padding = String(repeating: " ", count: gutter.count)
            text += "\(padding) |\n\(gutter) | \(sourceLine)\n"
            if diagnostic.column > 0 {
                // Keep tabs so the caret lines up under the same character.
                let prefix = sourceLine.prefix(diagnostic.column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
                text += "\(padding) | \(prefix)" + paint("^", "32;1") + "\n"
            }
        }
        if let suggestion = diagnostic.suggestion {
            text += "  " + paint("suggestion:", "36;1") + " \(suggestion)\n"
        }
        return text
    }

    private func paint(_ text: String, _ code: String) -> String {
        guard colors, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
