import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
@testable import SiteBuilder

/// JSONText writes model.json and the data inside the pages' <script> elements.
@Suite struct JSONTextTests {
    /// What a standard JSON reader makes of the text.
    func decoded(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(JSONText.encode("say \"hi\"") == #""say \"hi\"""#)
        #expect(JSONText.encode(#"C:\path"#) == #""C:\\path""#)
        #expect(JSONText.encode("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONText.encode("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
    }

    @Test func otherTextIsWrittenAsItIs() {
        #expect(JSONText.encode("Olaparib (Lynparza) — 100 mg / day") == "\"Olaparib (Lynparza) — 100 mg / day\"")
        #expect(JSONText.encode("café 副作用 👍") == "\"café 副作用 👍\"")
        #expect(JSONText.encode("") == "\"\"")
    }

    @Test func everyStringReadsBackTheSame() throws {
        let strings = ["plain", "say \"hi\"", "back\\slash", "line\nbreak", "\u{0}\u{7}\u{1B}", "</script>", "<!-- x -->",
                       "a\u{2028}b\u{2029}c", "café — 👍🏽", "<", "<\\", "\\/", "\"\u{2028}<!"]
        for string in strings {
            let text = JSONText.encode([string])
            #expect(try decoded(text) as? [String] == [string], "\(text)")
        }
    }

    @Test func keysAreSortedAtEveryDepthSoOutputIsDeterministic() {
        let one: [String: Any] = ["b": 1, "a": ["z": true, "y": false], "B": "upper", "c": [["k2": 2, "k1": 1]]]
        #expect(JSONText.encode(one) == #"{"B":"upper","a":{"y":false,"z":true},"b":1,"c":[{"k1":1,"k2":2}]}"#)
        // The same data built in the other order.
        var other: [String: Any] = [:]
        for key in ["c", "B", "a", "b"] { other[key] = one[key] }
        #expect(JSONText.encode(other) == JSONText.encode(one))
        #expect(JSONText.encode(other, pretty: true) == JSONText.encode(one, pretty: true))
    }

    @Test func arraysKeepTheirOrder() {
        #expect(JSONText.encode(["b", "a", "c"]) == #"["b","a","c"]"#)
    }

    @Test func numbersBooleansAndNull() {
        #expect(JSONText.encode([0, -7, 42, Int.max] as [Any]) == "[0,-7,42,9223372036854775807]")
        #expect(JSONText.encode([2.0, -3.0, 2.5, -0.25] as [Any]) == "[2,-3,2.5,-0.25]")
        #expect(JSONText.encode([true, 1, false, 0] as [Any]) == "[true,1,false,0]")
        #expect(JSONText.encode([NSNull(), Optional<String>.none as Any, "x"] as [Any]) == #"[null,null,"x"]"#)
    }

    @Test func largeAndTinyDoublesStayValidJSON() throws {
        for value in [1e20, 1.5e-7, 123456789012345.5] {
            #expect(try decoded(JSONText.encode([value])) as? [Double] == [value])
        }
    }

    @Test func typedSwiftCollectionsAreWrittenLikeAnyOthers() {
        let drugs: [String: [String]] = ["olaparib": ["Lynparza"], "anastrozole": []]
        #expect(JSONText.encode(drugs) == #"{"anastrozole":[],"olaparib":["Lynparza"]}"#)
        #expect(JSONText.encode([[1, 2], [3]]) == "[[1,2],[3]]")
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let value: [String: Any] = ["version": 2, "drugs": [["id": "olaparib", "brands": ["Lynparza"]]], "empty": [String: Any](), "none": [Any]()]
        #expect(JSONText.encode(value, pretty: true) == """
            {
              "drugs": [
                {
                  "brands": [
                    "Lynparza"
                  ],
                  "id": "olaparib"
                }
              ],
              "empty": {},
              "none": [],
              "version": 2
            }
            """)
    }

    @Test func prettyAndCompactSayTheSame() throws {
        let value: [String: Any] = ["a": [1, "two", ["three": 3.5]], "b": ["</", true]]
        func canonical(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
        let compact = try canonical(decoded(JSONText.encode(value)))
        #expect(try canonical(decoded(JSONText.encode(value, pretty: true))) == compact)
        #expect(try canonical(value) == compact)
    }

    // MARK: - Inside a <script> element

    @Test func scriptSafeTextCannotCloseTheScriptElement() {
        let text = JSONText.scriptSafe(["html": "</script><script>alert(1)</script>", "upper": "</SCRIPT>", "</script>": "key"])
        #expect(!text.contains("<") && !text.contains(">"))
        #expect(text.contains(#"\u003c/script\u003e"#))
    }

    /// `<!--` then `<script` would leave the parser in a state where the element's own `</script>`
    /// no longer ends it, and the rest of the page would run as script.
    @Test func scriptSafeTextCannotOpenAnHTMLComment() {
        let text = JSONText.scriptSafe(["title": "<!-- <script>"])
        #expect(text == #"{"title":"\u003c!-- \u003cscript\u003e"}"#)
    }

    @Test func scriptSafeTextEscapesAmpersandsAndReadsBackTheSame() throws {
        let strings = ["Tom & Jerry", "a<b>c", "&amp;", "<!-- <script>", "\u{2028}<&>"]
        for string in strings {
            let text = JSONText.scriptSafe([string])
            #expect(!text.contains("&") && !text.contains("<") && !text.contains(">"), "\(text)")
            #expect(try decoded(text) as? [String] == [string], "\(text)")
        }
        #expect(JSONText.scriptSafe(["&"]) == #"["\u0026"]"#)
    }

    /// model.json is a file of its own: its text stays as written.
    @Test func plainJSONKeepsAngleBracketsAndAmpersands() {
        #expect(JSONText.encode(["a < b & c > d"]) == #"["a < b & c > d"]"#)
    }

    /// JavaScript before ES2019 ends a string at these two characters.
    @Test func scriptSafeTextHasNoLineOrParagraphSeparators() {
        let text = JSONText.scriptSafe(["a\u{2028}b\u{2029}c"])
        #expect(!text.unicodeScalars.contains("\u{2028}") && !text.unicodeScalars.contains("\u{2029}"))
        #expect(text == #"["a\u2028b\u2029c"]"#)
    }
}
