import Foundation

/// A text file as read from disk, able to point at its own lines for diagnostics.
public struct SourceFile: Sendable {
    /// The path shown to editors, relative to where `guide` runs when possible.
    public let path: String
    public let text: String
    /// UTF-8 offset of the start of each line.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var text = text
        // Over the contiguous bytes: iterating `text.utf8` costs several times more a byte, and every source file passes here.
        text.withUTF8 { bytes in
            var afterCR = false
            for (index, byte) in bytes.enumerated() {
                // LF, CRLF, and a lone CR (old Mac files) all end a line, as they do for cmark and the front-matter splitter.
                switch byte {
                case 10 where afterCR: starts[starts.count - 1] = index + 1
                case 10, 13: starts.append(index + 1)
                default: break
                }
                afterCR = byte == 13
            }
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based `line`, without its line break.
    public func line(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : text.utf8.count
        // Only this line's bytes: a build with many problems asks for many lines.
        var bytes = text.utf8.dropFirst(start).prefix(end - start)
        while let last = bytes.last, last == 10 || last == 13 { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// cmark counts columns in UTF-8 bytes; editors count characters.
    public func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard let text = self.line(line), byteColumn > 1 else { return max(byteColumn, 1) }
        let bytes = Array(text.utf8.prefix(byteColumn - 1))
        return (String(decoding: bytes, as: UTF8.self).count) + 1
    }

    public func diagnostic(_ severity: Diagnostic.Severity, _ message: String, line: Int, column: Int, suggestion: String? = nil) -> Diagnostic {
        var diagnostic = Diagnostic(severity, message, path: path, line: line, column: column, sourceLine: self.line(line), suggestion: suggestion)
        // A diagnostic keeps a window of a long line, not the line: 10,000 problems on one
        // 200,000-character line must not hold 10,000 copies of it.
        if let full = diagnostic.sourceLine, full.utf8.count > 1_000 {
            let (window, caret) = DiagnosticFormatter.window(full, column: column)
            diagnostic.sourceLine = window
            diagnostic.sourceColumn = caret
        }
        return diagnostic
    }

    public func error(_ message: String, line: Int = 1, column: Int = 1, suggestion: String? = nil) -> Diagnostic {
        diagnostic(.error, message, line: line, column: column, suggestion: suggestion)
    }

    public func warning(_ message: String, line: Int = 1, column: Int = 1, suggestion: String? = nil) -> Diagnostic {
        diagnostic(.warning, message, line: line, column: column, suggestion: suggestion)
    }
}

extension SourceFile {
    /// Reads a file as strict UTF-8. Invalid bytes become a diagnostic pointing at the first one.
    public static func read(_ url: URL, displayPath: String) -> Result<SourceFile, Diagnostic> {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return .failure(Diagnostic(.error, "cannot read file: \(reason)", path: displayPath,
                                       suggestion: "check that the file exists and that you may read it"))
        }
        return decode(data, displayPath: displayPath)
    }

    public static func decode(_ data: Data, displayPath: String) -> Result<SourceFile, Diagnostic> {
        if let text = String(validatingUTF8Data: data) {
            // A byte-order mark is invisible to editors but would break front matter detection.
            let clean = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            return .success(SourceFile(path: displayPath, text: clean))
        }
        let (offset, line, column) = firstInvalidUTF8(in: data)
        let byte = String(format: "0x%02X", data[offset])
        let decodedPrefix = String(decoding: data.prefix(offset), as: UTF8.self)
        let lineText = decodedPrefix.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init)
        return .failure(Diagnostic(.error, "file is not valid UTF-8: byte \(byte) cannot start or continue a character",
                                   path: displayPath, line: line, column: column, sourceLine: lineText,
                                   suggestion: "save the file as UTF-8 in your editor (it may be Latin-1 or Windows-1252)"))
    }

    private static func firstInvalidUTF8(in data: Data) -> (offset: Int, line: Int, column: Int) {
        let bytes = [UInt8](data)
        var index = 0, line = 1, column = 1
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (index, line, column)
            }
            if index + length > bytes.count { return (index, line, column) }
            if length > 1, String(validatingUTF8Data: Data(bytes[index..<index + length])) == nil { return (index, line, column) }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            index += length
        }
        return (max(bytes.count - 1, 0), line, column)
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
