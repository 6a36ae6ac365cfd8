import Mustache

/// `{{name}}` escaping for HTML, as swift-mustache's own (`<`, `>`, `&`, `"`, `'`), done on UTF-8
/// bytes: the library's looks each character up in a dictionary, and was a twentieth of a build.
/// A value with nothing to escape (most are) is returned as it is, without a copy.
struct HTMLEscaping: MustacheContentType {
    /// The name templates are compiled with (`TemplateSet.compile`).
    static let name = "HTML-BYTES"

    /// Registered once, before the first template is compiled (the compiler looks the name up).
    static let registered: Void = MustacheContentTypes.register(HTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String {
        let special = text.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        guard special else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped += "&lt;".utf8
            case UInt8(ascii: ">"): escaped += "&gt;".utf8
            case UInt8(ascii: "&"): escaped += "&amp;".utf8
            case UInt8(ascii: "\""): escaped += "&quot;".utf8
            case UInt8(ascii: "'"): escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
