import Foundation
import Testing

@testable import Mustache

/// The lookup's fast paths (exact types of a `[String: Any]` context, names without a dot) must
/// render what the library's own paths render. The same data is given twice: as the plain types,
/// and wrapped in types that only the library's casts understand.
@Suite struct LookupTests {
    /// A context object the fast paths do not know: reached through `MustacheParent`.
    struct Parent: MustacheParent {
        let values: [String: Any]
        func child(named name: String) -> Any? { values[name] }
    }

    /// A value rendered through `MustacheCustomRenderable`, as the library renders non-strings.
    struct Words: MustacheCustomRenderable {
        let text: String
        var renderText: String { text }
    }

    static let template = """
        {{title}} · {{site.title}} · {{{raw}}} · {{&raw}} · {{missing}}|{{site.missing}}|{{missing.deeper}}
        {{#items}}<li class="{{key}}">{{name}} in {{site.title}} ({{count}}){{#current}} now{{/current}}{{^current}} later{{/current}}</li>
        {{/items}}{{#canonical}}<link href="{{canonical}}">{{.}} {{title}} {{length}}{{/canonical}}
        {{#site}}{{title}}/{{language}}{{/site}} {{^empty}}none{{/empty}} {{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}
        {{#nested}}{{#inner}}{{value}} {{title}} {{site.title}}{{/inner}}{{/nested}} {{word}} {{numbers}}
          {{> partial}}
        """

    static let partial = """
        <p>
        {{title}}
        {{#items}}{{name}}{{/items}}
        </p>

        """

    static func render(_ context: Any) throws -> String {
        let library = MustacheLibrary(templates: [
            "page": try MustacheTemplate(string: template),
            "partial": try MustacheTemplate(string: partial),
        ])
        return try #require(library.render(context, withTemplate: "page"))
    }

    /// The plain context, which takes the fast paths.
    static func plain() -> [String: Any] {
        [
            "title": "A <b>title</b> & \"more\"", "raw": "<em>raw</em>", "word": "crème",
            "site": ["title": "Guide", "language": "en"] as [String: Any],
            "items": [["key": "a", "name": "First", "count": 1, "current": true],
                      ["key": "b", "name": "Second", "count": 2, "current": false]] as [[String: Any]],
            "canonical": "https://example.org/a?b=1&c=2",
            "empty": [[String: Any]](), "flag": false, "numbers": [1, 2, 3],
            "nested": ["inner": ["value": "deep"] as [String: Any]] as [String: Any],
        ]
    }

    /// The same data in types the fast paths do not take.
    static func wrapped() -> Any {
        Parent(values: [
            "title": Words(text: "A <b>title</b> & \"more\""), "raw": Words(text: "<em>raw</em>"), "word": Substring("crème"),
            "site": Parent(values: ["title": Substring("Guide"), "language": Words(text: "en")]),
            "items": [Parent(values: ["key": Substring("a"), "name": Words(text: "First"), "count": 1, "current": true]),
                      Parent(values: ["key": "b" as NSString, "name": Substring("Second"), "count": 2, "current": false])] as [Any],
            "canonical": Substring("https://example.org/a?b=1&c=2"),
            "empty": [Any](), "flag": false, "numbers": [1, 2, 3],
            "nested": Parent(values: ["inner": Parent(values: ["value": Substring("deep")])]),
        ])
    }

    @Test func theFastPathsRenderWhatTheLibrarysPathsRender() throws {
        let fast = try Self.render(Self.plain())
        #expect(fast == (try Self.render(Self.wrapped())))
        // What both must render, so that two equal mistakes cannot pass.
        #expect(fast.hasPrefix("A &lt;b&gt;title&lt;/b&gt; &amp; &quot;more&quot; · Guide · <em>raw</em> · <em>raw</em> · ||\n"))
        #expect(fast.contains(#"<li class="a">First in Guide (1) now</li>"#))
        #expect(fast.contains(#"<li class="b">Second in Guide (2) later</li>"#))
        // Inside a string's section, `.` is the string, and other names are looked up further out.
        #expect(fast.contains(#"<link href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2 A &lt;b&gt;title"#))
        #expect(fast.contains("Guide/en none no\ndeep A &lt;b&gt;title&lt;/b&gt; &amp; &quot;more&quot; Guide crème [1, 2, 3]"))
        // The partial is indented on every line it writes.
        #expect(fast.hasSuffix("\n  <p>\n  A &lt;b&gt;title&lt;/b&gt; &amp; &quot;more&quot;\n  FirstSecond\n  </p>\n"))
    }

    @Test func aLongTemplateParsesAndAnUnclosedTagAtItsEndIsStillAnError() throws {
        // Parsing measured the rest of the template at every tag (quadratic in its length).
        let long = String(repeating: "<p>{{title}} {{#flag}}{{site.title}}{{/flag}}</p>\n", count: 5_000)
        let rendered = try MustacheTemplate(string: long).render(["title": "T", "flag": true, "site": ["title": "S"]])
        #expect(rendered == String(repeating: "<p>T S</p>\n", count: 5_000))
        #expect(throws: MustacheTemplate.ParserError.self) { try MustacheTemplate(string: long + "{{title") }
        // The closing `}}` runs past the end: one character is left of the two.
        #expect(throws: MustacheTemplate.ParserError.self) { try MustacheTemplate(string: long + "{{title}") }
        #expect(try MustacheTemplate(string: long + "{{title}}").render(["title": "end"]).hasSuffix("</p>\nend"))
    }
}
