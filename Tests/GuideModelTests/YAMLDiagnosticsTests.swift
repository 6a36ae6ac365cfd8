import Diagnostics
import Foundation
import Testing
@testable import GuideModel

/// Mistakes in the YAML of front matter are reported at their cause, in an editor's words.
@Suite struct YAMLDiagnosticsTests {
    /// The fatigue page's front matter, one field a line; line 1 of it is line 2 of the file.
    static let fields = [
        "title: Fatigue",
        "summary: Feeling tired.",
        "reviewed: 2026-11-01",
        "sources:",
        "  - title: NCI",
        "    url: https://www.cancer.gov/",
        "call-now: If you cannot get up.",
    ]

    static func page(_ yaml: [String]) -> String {
        "---\n" + yaml.joined(separator: "\n") + "\n---\nTired.\n"
    }

    /// The fatigue page with front-matter line `line` (2 to 8, as in the file) replaced by `text`.
    static func page(replacing line: Int, with text: String) -> String {
        var yaml = fields
        yaml[line - 2] = text
        return page(yaml)
    }

    /// The one diagnostic for the page at `path` (pages that name it report it missing, too).
    func single(_ text: String, path: String = "side-effects/fatigue.md") throws -> Diagnostic {
        let diagnostics = ModelFixture([path: text]).build().1.filter { $0.path == "Content/" + path }
        #expect(diagnostics.count == 1, "got: \(diagnostics.map(\.description))")
        return try #require(diagnostics.first)
    }

    func expect(_ text: String, _ line: Int, _ column: Int, _ message: String, _ suggestion: String?,
                path: String = "side-effects/fatigue.md", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let diagnostic = try single(text, path: path)
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
        #expect((diagnostic.line, diagnostic.column) == (line, column), sourceLocation: sourceLocation)
        #expect(diagnostic.message == message, sourceLocation: sourceLocation)
        #expect(diagnostic.suggestion == suggestion, sourceLocation: sourceLocation)
    }

    // MARK: 1. Unclosed quotes and brackets

    @Test func unclosedBracketIsReportedWhereItOpensNotWhereYAMLGivesUp() throws {
        try expect(Self.page(replacing: 3, with: "summary: [Feeling tired."), 3, 10,
                   "the list opened here with '[' is never closed", "add the closing ']'")
    }

    @Test func unclosedQuoteIsReportedWhereItOpensNotAtTheEndOfTheFrontMatter() throws {
        try expect(Self.page(replacing: 3, with: "summary: \"Feeling tired."), 3, 10,
                   "the quote opened here is never closed", "add the closing '\"' at the end of the value")
    }

    @Test func anOpenerAfterLettersBeyondASCIICountsCharacters() throws {
        // "Náusea" with a combining accent: the quote is the 19th character of the line (and the 20th scalar).
        try expect(Self.page(replacing: 3, with: "summary: [Na\u{301}usea, \"fatigué, muy]"), 3, 19,
                   "the quote opened here is never closed", "add the closing '\"' at the end of the value")
    }

    @Test func unclosedQuoteInAListItemThatYAMLWouldReadOnIntoTheNextField() throws {
        try expect(Self.page(replacing: 6, with: "  - title: 'NCI"), 6, 12,
                   "the quote opened here is never closed", "add the closing \"'\" at the end of the value; inside single quotes write an apostrophe twice (it''s)")
    }

    @Test func bracketClosedByTheWrongBracketIsTheOneNeverClosed() throws {
        let text = ModelFixture.page("BRCA", "biomarkers: {brca: [mutated}\norder: 2\n")
        try expect(text, 8, 20, "the list opened here with '[' is never closed", "add the closing ']'", path: "cell-types/brca.md")
    }

    @Test func quotesAndBracketsInsideTextAreNotOpeners() {
        let text = Self.page(replacing: 3, with: "summary: It's the most common [side effect] of \"chemo\". # it's")
        #expect(ModelFixture(["side-effects/fatigue.md": text]).build().1.isEmpty)
    }

    // MARK: 2. Invisible characters

    @Test func tabUsedForIndentation() throws {
        try expect(Self.page(replacing: 6, with: "\t- title: NCI"), 6, 1, "the line is indented with a tab", "indent with spaces")
    }

    @Test func noBreakSpaceInTheIndentationIsNamed() throws {
        // YAML would read it as the first letter of a field '\u{A0}summary'.
        try expect(Self.page(replacing: 3, with: "\u{A0}summary: Feeling tired."), 3, 1,
                   "there is a no-break space (U+00A0) here", "replace it with a normal space")
    }

    @Test func noBreakSpaceAfterTheColonIsNamed() throws {
        try expect(Self.page(replacing: 2, with: "title:\u{A0}Fatigue"), 2, 7,
                   "there is a no-break space (U+00A0) here", "replace it with a normal space")
    }

    @Test func zeroWidthSpaceInsideAFieldName() throws {
        try expect(Self.page(replacing: 3, with: "sum\u{200B}mary: Feeling tired."), 3, 4,
                   "there is a zero-width space (U+200B) here", "delete it")
    }

    @Test func byteOrderMarkInsideTheText() throws {
        try expect(Self.page(replacing: 4, with: "\u{FEFF}reviewed: 2026-11-01"), 4, 1,
                   "there is a byte-order mark (U+FEFF) here", "delete it")
    }

    @Test func controlCharacterInAValue() throws {
        try expect(Self.page(replacing: 3, with: "summary: Feeling\u{07} tired."), 3, 17,
                   "there is a control character (U+0007) here", "delete it")
    }

    @Test func noBreakSpaceInsideAValueIsOnlyText() {
        let text = Self.page(replacing: 3, with: "summary: Tired after 5\u{A0}mg.")
        #expect(ModelFixture(["side-effects/fatigue.md": text]).build().1.isEmpty)
    }

    @Test func columnsCountCharactersNotUnicodeScalars() throws {
        // "é" as e + combining accent: two scalars for libyaml, one character for the editor.
        try expect(Self.page(replacing: 2, with: "title: Cafe\u{301}: fatigue"), 2, 12, "a ':' inside a value",
                   "a value with ': ' in it must be quoted: write title: \"Cafe\u{301}: fatigue\"")
    }

    // MARK: 3. Duplicate fields

    @Test func duplicateFieldPointsAtTheSecondOne() throws {
        var yaml = Self.fields
        yaml.insert("summary: Feeling very tired.", at: 6)
        try expect(Self.page(yaml), 8, 1, "field 'summary' appears twice", "keep one of them (the other is on line 3)")
    }

    @Test func duplicateFieldInAnIndicationPointsAtTheSecondOne() throws {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "    approved: 2018-01-12\n", with: "    approved: 2018-01-12\n    approved: 2019-01-12\n")
        let text = ModelFixture.page("Olaparib", fields)
        let lines = text.components(separatedBy: "\n")
        let first = lines.firstIndex { $0.contains("approved: 2018") }! + 1
        try expect(text, first + 1, 5, "field 'approved' appears twice", "keep one of them (the other is on line \(first))", path: "drugs/olaparib.md")
    }

    @Test func duplicateFieldInTheSecondItemOfAList() throws {
        var yaml = Self.fields
        yaml.insert(contentsOf: ["  - title: FDA", "    url: https://www.fda.gov/", "    url: https://www.fda.gov/drugs"], at: 6)
        try expect(Self.page(yaml), 10, 5, "field 'url' appears twice", "keep one of them (the other is on line 9)")
    }

    // MARK: 4. No space after ':'

    @Test func missingSpaceAfterTheColonWhereYAMLFails() throws {
        try expect(Self.page(replacing: 2, with: "title:Fatigue"), 2, 6, "missing space after ':' in 'title:Fatigue'", "write 'title: Fatigue'")
    }

    @Test func missingSpaceAfterTheColonInTheMiddle() throws {
        try expect(Self.page(replacing: 4, with: "reviewed:2026-11-01"), 4, 9, "missing space after ':' in 'reviewed:2026-11-01'", "write 'reviewed: 2026-11-01'")
    }

    @Test func missingSpaceAfterTheColonThatYAMLReadsAsText() throws {
        // Alone, the line is one piece of text to YAML, not a field.
        try expect("---\ntitle:Fatigue\n---\nTired.\n", 2, 6, "missing space after ':' in 'title:Fatigue'", "write 'title: Fatigue'")
    }

    @Test func addressesAreNotMissingASpace() {
        let text = Self.page(replacing: 7, with: "    url: https://www.cancer.gov/publications/dictionaries/cancer-terms/def/fatigue")
        #expect(ModelFixture(["side-effects/fatigue.md": text]).build().1.isEmpty)
    }

    // MARK: 5. Impossible dates

    @Test(arguments: [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2100-02-29", "February 2100 has 28 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10", "there is no month 0"),
        ("2026-05-00", "there is no day 0"),
        ("2026-2-3", "'2026-2-3'"),
    ])
    func reviewDateSaysWhyItIsNoDate(written: String, why: String) throws {
        try expect(Self.page(replacing: 4, with: "reviewed: \(written)"), 4, 11, "field 'reviewed' is not a date: \(why)",
                   "write the date as YYYY-MM-DD, e.g. 2026-11-28")
    }

    @Test func leapDaysAreDates() {
        for written in ["2028-02-29", "2000-02-29"] {
            let diagnostics = ModelFixture(["side-effects/fatigue.md": Self.page(replacing: 4, with: "reviewed: \(written)")]).build().1
            #expect(!diagnostics.contains { $0.message.contains("not a date") }, "\(written): \(diagnostics)")
        }
    }

    @Test(arguments: [
        ("2018-13", "there is no month 13"),
        ("2018-02-30", "February 2018 has 28 days"),
        ("by 2019-02-29", "February 2019 has 28 days"),
        ("by 2018-00", "there is no month 0"),
        ("12 January 2018", "'12 January 2018'"),
    ])
    func approvalDateSaysWhyItIsNoDate(written: String, why: String) throws {
        let fields = ModelFixture.drugFields.replacingOccurrences(of: "approved: 2018-01-12", with: "approved: \(written)")
        let text = ModelFixture.page("Olaparib", fields)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("approved:") }! + 1
        try expect(text, line, 15, "field 'approved' is not a date: \(why)",
                   "write YYYY-MM-DD, e.g. 2025-12-15; YYYY-MM or YYYY when the source gives only that; 'by 1996-01' when a dated report shows only that it was approved by then",
                   path: "drugs/olaparib.md")
    }

    // MARK: 6. libyaml's words translated

    struct Broken: Sendable, CustomTestStringConvertible {
        let line: Int
        let text: String
        let at: (line: Int, column: Int)
        let message: String
        let suggestion: String
        var testDescription: String { text }
    }

    static let broken: [Broken] = [
        Broken(line: 2, text: "title: Fatigue: tired", at: (2, 15), message: "a ':' inside a value",
               suggestion: "a value with ': ' in it must be quoted: write title: \"Fatigue: tired\""),
        Broken(line: 3, text: "  summary: Feeling tired.", at: (3, 3),
               message: "this line is indented further than the one above, so it reads as part of that value",
               suggestion: "line 'summary:' up with the fields above it"),
        Broken(line: 3, text: "Feeling tired.", at: (3, 1), message: "a line that is not 'name: value'",
               suggestion: "add the field name ('name: …'), or indent it under the field it belongs to"),
        Broken(line: 7, text: "   url: https://www.cancer.gov/", at: (7, 4), message: "a line in a list that does not start with '- '",
               suggestion: "start a new item with '- ', or line it up with the fields of the item above"),
        Broken(line: 3, text: "summary: @home", at: (3, 10), message: "a value cannot start with '@'",
               suggestion: "put the whole value in quotes"),
        Broken(line: 3, text: "summary: `tired`", at: (3, 10), message: "a value cannot start with '`'",
               suggestion: "put the whole value in quotes"),
        Broken(line: 3, text: "summary: \"Feeling\" tired.", at: (3, 20), message: "more text after the closing quote",
               suggestion: "put the whole value inside the quotes"),
        Broken(line: 3, text: "summary: 'Patient's tiredness'", at: (3, 19), message: "more text after the closing quote",
               suggestion: "put the whole value inside the quotes; inside single quotes write an apostrophe twice (it''s)"),
        Broken(line: 3, text: "summary: [Feeling] tired.", at: (3, 20), message: "more text after the closing ']'",
               suggestion: "put the text inside the brackets, or remove it"),
        Broken(line: 3, text: "summary: - Feeling tired.", at: (3, 10), message: "a list item cannot start on the same line as its field",
               suggestion: "put each item on its own line below the field: '  - item'"),
        Broken(line: 3, text: "- Feeling tired.", at: (3, 1), message: "a list item where a 'name: value' field is expected",
               suggestion: "indent the list under its field: 'name:', then '  - item' on the lines below"),
        Broken(line: 3, text: "summary: [Feeling, , tired]", at: (3, 20), message: "a value is missing here",
               suggestion: "write the value, or remove the extra ',' or '-'"),
        Broken(line: 3, text: "summary: [Feeling, \"tired\" now]", at: (3, 28), message: "the list in [brackets] needs ',' or ']' here",
               suggestion: "separate the items with ', '; put an item in quotes if it contains ':', quotes or brackets"),
        Broken(line: 3, text: "summary: \"C:\\path\\tired\"", at: (3, 13),
               message: "inside double quotes, a '\\' must start a special character like \\n",
               suggestion: "use single quotes around the value, or write '\\\\' for a backslash"),
    ]

    @Test(arguments: broken)
    func yamlErrorsAreSaidInAnEditorsWords(_ broken: Broken) throws {
        try expect(Self.page(replacing: broken.line, with: broken.text), broken.at.line, broken.at.column, broken.message, broken.suggestion)
    }

    @Test func noMessageUsesLibyamlsWords() throws {
        let words = ["flow", "stream", "mapping", "scalar", "simple key", "token", "indicator", "YAML", "block", "node", "context"]
        var texts = Self.broken.map { Self.page(replacing: $0.line, with: $0.text) }
        texts += [Self.page(replacing: 3, with: "summary: [Feeling tired."), Self.page(replacing: 3, with: "summary: {a: b"),
                  Self.page(replacing: 3, with: "summary: \"tired"), Self.page(replacing: 3, with: "? summary"),
                  Self.page(replacing: 3, with: "summary: |\n  tired\n bad")]
        for text in texts {
            let diagnostic = try single(text)
            for word in words {
                #expect(!diagnostic.message.contains(word) && !(diagnostic.suggestion ?? "").contains(word), "\(diagnostic.message) / \(diagnostic.suggestion ?? "")")
            }
        }
    }

    // MARK: 7. Long lines

    @Test func longLineIsShownAsAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 100_000) + "X" + String(repeating: "b", count: 99_999)
        let file = SourceFile(path: "Content/a.md", text: "---\n\(line)\n")
        let text = DiagnosticFormatter(colors: false).format(file.error("something is wrong here", line: 2, column: 100_001, suggestion: "fix it"))
        let window = "…" + String(repeating: "a", count: 60) + "X" + String(repeating: "b", count: 59) + "…"
        #expect(text == """
            Content/a.md:2:100001: error: something is wrong here
              |
            2 | \(window)
              | \(String(repeating: " ", count: 61))^
              suggestion: fix it

            """)
    }

    @Test func longLineCutOnlyAtTheEndWhenTheColumnIsNearTheStart() {
        let line = "\tsee " + String(repeating: "x", count: 200_000)
        let file = SourceFile(path: "Content/a.md", text: line)
        let text = DiagnosticFormatter(colors: false).format(file.error("here", line: 1, column: 3))
        #expect(text == "Content/a.md:1:3: error: here\n  |\n1 | \tsee \(String(repeating: "x", count: 115))…\n  | \t ^\n")
    }

    @Test func longFrontMatterLineInAMistakeIsQuotedShort() throws {
        let long = "title:" + String(repeating: "Fatigue ", count: 25_000)
        let diagnostic = try single(Self.page(replacing: 2, with: long))
        #expect((diagnostic.line, diagnostic.column) == (2, 6))
        #expect(diagnostic.message == "missing space after ':' in 'title:Fatigue Fatigue Fatigue Fatigue Fa…'")
        #expect(diagnostic.suggestion == "write 'title: Fatigue Fatigue Fatigue Fatigue Fatigue…'")
        #expect(DiagnosticFormatter(colors: false).format(diagnostic).count < 400)
    }

    // MARK: 8. No space after '-'

    @Test func listItemWithoutASpaceThatYAMLReadsAsText() throws {
        let text = ModelFixture.page("BRCA", "biomarkers: {brca: [mutated]}\norder: 2\nquestions:\n  -Should my family be tested?\n")
        try expect(text, 11, 3, "list item needs a space after '-'", "write '- Should my family be tested?'", path: "cell-types/brca.md")
    }

    @Test func listItemWithoutASpaceThatBreaksTheList() throws {
        let text = ModelFixture.page("BRCA", "biomarkers: {brca: [mutated]}\norder: 2\nquestions:\n  - Should my family be tested?\n  -Ask about testing\n")
        try expect(text, 12, 3, "list item needs a space after '-'", "write '- Ask about testing'", path: "cell-types/brca.md")
    }

    // MARK: 9. Line endings

    @Test func loneCarriageReturnsEndLinesLikeLineFeeds() throws {
        let text = ModelFixture.page("Fatigue", "call-now: If you cannot get up.\n").replacingOccurrences(of: "\n", with: "\r")
        let (guide, diagnostics) = ModelFixture(["side-effects/fatigue.md": text]).build()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(guide.sideEffects.contains { $0.page.title == "Fatigue" })
    }

    @Test func mistakeInALoneCarriageReturnFileShowsItsOwnLine() throws {
        let text = Self.page(replacing: 2, with: "title: Fatigue: tired").replacingOccurrences(of: "\n", with: "\r")
        let diagnostic = try single(text)
        #expect((diagnostic.line, diagnostic.column) == (2, 15))
        #expect(diagnostic.sourceLine == "title: Fatigue: tired")
    }

    // MARK: 10. Anchors and aliases

    @Test func aliasBombUsedAsAKeyIsRefusedBeforeYAMLExpandsIt() throws {
        let levels = "abcdefghi".map(String.init)
        var yaml = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for (previous, name) in zip(levels, levels.dropFirst()) {
            yaml.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        yaml.append("*i : boom")
        let clock = ContinuousClock()
        let start = clock.now
        try expect(Self.page(Self.fields + yaml), 9, 4, "front matter cannot use YAML anchors or aliases ('&' / '*')",
                   "write the value out in full; if the '&' is part of the text, put the whole value in quotes")
        #expect(clock.now - start < .seconds(5))
    }

    @Test func markdownEmphasisAtTheStartOfAValueIsAnAlias() throws {
        try expect(Self.page(replacing: 3, with: "summary: *Very* tired."), 3, 10, "front matter cannot use YAML anchors or aliases ('&' / '*')",
                   "write the value out in full; if the '*' is part of the text, put the whole value in quotes")
    }

    @Test func ampersandsAndStarsInsideTextAreText() {
        let text = Self.page(replacing: 3, with: "summary: Tired & weak, 5* a day, \"&\" and '*'.")
        #expect(ModelFixture(["side-effects/fatigue.md": text]).build().1.isEmpty)
    }
}
