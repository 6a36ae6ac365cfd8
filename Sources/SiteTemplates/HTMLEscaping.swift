import Markdown
import Mustache

/// `{{name}}` escaping for HTML, as swift-mustache's own (`<`, `>`, `&`, `"`, `'`), done on UTF-8
/// bytes by `HTML.escape`: the library's looks each character up in a dictionary, and was a
/// twentieth of a build.
struct HTMLEscaping: MustacheContentType {
    /// The name templates are compiled with (`TemplateSet.compile`).
    static let name = "HTML-BYTES"

    /// Registered once, before the first template is compiled (the compiler looks the name up).
    static let registered: Void = MustacheContentTypes.register(HTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
