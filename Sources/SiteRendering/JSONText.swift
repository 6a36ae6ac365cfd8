import Foundation

/// A small JSON writer for the plain data the build makes (dictionaries, arrays, strings, numbers,
/// booleans, NSNull). Keys are sorted so output is deterministic. It exists because Foundation's
/// JSONSerialization spent a sixth of a large build on the search index alone.
public struct JSONText {
    public static func encode(_ value: Any, pretty: Bool = false) -> String {
        var writer = JSONText(forScript: false)
        writer.write(value, indent: pretty ? 0 : nil)
        return writer.output
    }

    /// For a `<script>` element (JSON-LD, the finder's table) or a script file: `<`, `>` and `&`
    /// are written as `\u003c`, `\u003e` and `\u0026`, so no text can end the element (`</script>`),
    /// open a comment that stops it ending (`<!-- <script>`), or read as a character reference.
    public static func scriptSafe(_ value: Any) -> String {
        var writer = JSONText(forScript: true)
        writer.write(value, indent: nil)
        return writer.output
    }

    private let forScript: Bool
    private var output = ""

    private init(forScript: Bool) {
        self.forScript = forScript
        output.reserveCapacity(4096)
    }

    private mutating func write(_ value: Any, indent: Int?) {
        // The build's own types first, by their exact type: casting a list of dictionaries to
        // `[Any]` copies it, and every cast that fails asks the runtime about conformances.
        let exact = type(of: value)
        if exact == String.self { return writeString(value as! String) }
        if exact == [String: Any].self { return writeObject(value as! [String: Any], indent: indent) }
        if exact == [[String: Any]].self { return writeArray(value as! [[String: Any]], indent: indent) }
        if exact == [String].self { return writeArray(value as! [String], indent: indent) }
        if exact == [Any].self { return writeArray(value as! [Any], indent: indent) }
        if exact == Bool.self { output += value as! Bool ? "true" : "false"; return }
        if exact == Int.self { output += String(value as! Int); return }
        if exact == [String: String].self { return writeObject(value as! [String: String], indent: indent) }
        if exact == [[String: String]].self { return writeArray(value as! [[String: String]], indent: indent) }
        switch value {
        case let string as String:
            writeString(string)
        case let bool as Bool:
            output += bool ? "true" : "false"
        case let int as Int:
            output += String(int)
        case let double as Double:
            output += double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let array as [Any]:
            writeArray(array, indent: indent)
        case let dictionary as [String: Any]:
            writeObject(dictionary, indent: indent)
        default:
            output += "null"
        }
    }

    private mutating func writeArray<Items: Collection>(_ array: Items, indent: Int?) {
        if array.isEmpty { output += "[]"; return }
        output += "["
        for (index, item) in array.enumerated() {
            if index > 0 { output += "," }
            newline(indent: indent.map { $0 + 1 })
            write(item, indent: indent.map { $0 + 1 })
        }
        newline(indent: indent)
        output += "]"
    }

    private mutating func writeObject<Value>(_ dictionary: [String: Value], indent: Int?) {
        if dictionary.isEmpty { output += "{}"; return }
        output += "{"
        for (index, (key, value)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { output += "," }
            newline(indent: indent.map { $0 + 1 })
            writeString(key)
            output += indent == nil ? ":" : ": "
            write(value, indent: indent.map { $0 + 1 })
        }
        newline(indent: indent)
        output += "}"
    }

    private mutating func newline(indent: Int?) {
        guard let indent else { return }
        output += "\n"
        for _ in 0..<indent { output += "  " }
    }

    private mutating func writeString(_ string: String) {
        output += "\""
        // Most strings need no escaping: copy them whole rather than a scalar at a time.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 || (forScript && ($0 == 0x3C || $0 == 0x3E || $0 == 0x26)) }) {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            // JavaScript before ES2019 ends a string at these two.
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            case "<" where forScript: output += "\\u003c"
            case ">" where forScript: output += "\\u003e"
            case "&" where forScript: output += "\\u0026"
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
