import Foundation

/// A small JSON writer for the plain data the build makes (dictionaries, arrays, strings, numbers,
/// booleans, NSNull). Keys are sorted so output is deterministic. It exists because Foundation's
/// JSONSerialization spent a sixth of a large build on the search index alone.
enum JSONText {
    static func encode(_ value: Any, pretty: Bool = false) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(value, into: &output, indent: pretty ? 0 : nil)
        return output
    }

    /// For a `<script>` element. Every string is written with `</` as `<\\/` and `<!` as `<\\u0021`,
    /// so this is `encode`.
    static func scriptSafe(_ value: Any) -> String {
        encode(value)
    }

    /// For a JSON data block in a page (`<script type="application/json">`): `<`, `>` and `&` are
    /// also written as `\u003c`, `\u003e` and `\u0026`, so no words in it can end the element or read as markup.
    static func htmlSafe(_ value: Any) -> String {
        var output = ""
        for scalar in encode(value).unicodeScalars {
            switch scalar {
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func write(_ value: Any, into output: inout String, indent: Int?) {
        switch value {
        case let string as String:
            writeString(string, into: &output)
        case let bool as Bool:
            output += bool ? "true" : "false"
        case let int as Int:
            output += String(int)
        case let double as Double:
            output += double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let array as [Any]:
            if array.isEmpty { output += "[]"; return }
            output += "["
            for (index, item) in array.enumerated() {
                if index > 0 { output += "," }
                newline(into: &output, indent: indent.map { $0 + 1 })
                write(item, into: &output, indent: indent.map { $0 + 1 })
            }
            newline(into: &output, indent: indent)
            output += "]"
        case let dictionary as [String: Any]:
            if dictionary.isEmpty { output += "{}"; return }
            output += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                newline(into: &output, indent: indent.map { $0 + 1 })
                writeString(key, into: &output)
                output += indent == nil ? ":" : ": "
                write(dictionary[key]!, into: &output, indent: indent.map { $0 + 1 })
            }
            newline(into: &output, indent: indent)
            output += "}"
        default:
            output += "null"
        }
    }

    private static func newline(into output: inout String, indent: Int?) {
        guard let indent else { return }
        output += "\n" + String(repeating: "  ", count: indent)
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        // Most strings need no escaping: copy them whole rather than a scalar at a time.
        // `</` is written as `<\\/` so that the text can sit inside a <script> element, and `<!` as
        // `<\\u0021`: after `<!--`, a `<script` in the text would stop the element's own `</script>` ending it.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 || $0 == 0x3C }) {
            output += string
            output += "\""
            return
        }
        var previous: Unicode.Scalar = " "
        for scalar in string.unicodeScalars {
            defer { previous = scalar }
            if scalar == "/" && previous == "<" { output += "\\/"; continue }
            if scalar == "!" && previous == "<" { output += "\\u0021"; continue }
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
