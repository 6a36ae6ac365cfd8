import Diagnostics
import Foundation
@testable import Markdown
import Mustache
@testable import SiteTemplates
@testable import SiteRendering
import Testing
@testable import SiteBuilder

/// The hot paths that work on bytes instead of Characters, Foundation or regular expressions
/// (issue 17) must give what the slower code gave.
@Suite struct ByteLevelTextTests {
    static let samples = ["plain words", "", "a < b > c & d", #"say "hi" and 'bye'"#, "é < ü — “quotes” & 🙂", "&amp; stays escaped once more", "<script>alert(1)</script>"]

    @Test(arguments: samples) func templatesEscapeAsSwiftMustacheDoes(_ value: String) throws {
        let ours = try TemplateSet.compile("<p title=\"{{x}}\">{{x}}</p>\n").render(["x": value])
        let library = try MustacheTemplate(string: "<p title=\"{{x}}\">{{x}}</p>\n").render(["x": value])
        #expect(ours == library)
    }

    @Test func theEscapingLineRendersAsNothingAndPartialsEscapeToo() throws {
        let library = MustacheLibrary(templates: ["page": try TemplateSet.compile("{{> part}}\nend\n"), "part": try TemplateSet.compile("<b>{{x}}</b>\n")])
        #expect(library.render(["x": "1 < 2"], withTemplate: "page") == "<b>1 &lt; 2</b>\nend\n")
    }

    @Test func theOfflineCopyDropsIntegrityHashesOnly() {
        let page = #"<link rel="stylesheet" href="css/site.1a2b.css" integrity="sha384-AbC+/9=="><script src="js/x.js" integrity="sha256-xyz="></script><p integrity="md5-abc">integrity="sha384-</p>"#
        let disk = String(decoding: OfflineCopy.forDisk("a/index.html", Data(page.utf8)), as: UTF8.self)
        #expect(disk == #"<link rel="stylesheet" href="css/site.1a2b.css"><script src="js/x.js"></script><p integrity="md5-abc">integrity="sha384-</p>"#)
        let manifest = #"{"css/site.css":{"path":"css/site.1a2b.css","integrity":"sha384-Ab\/c="}}"#
        let diskManifest = String(decoding: OfflineCopy.forDisk(AssetManifest.path, Data(manifest.utf8)), as: UTF8.self)
        #expect(diskManifest == #"{"css/site.css":{"path":"css/site.1a2b.css","integrity":null}}"#)
        #expect(OfflineCopy.forDisk("css/site.css", Data(page.utf8)) == Data(page.utf8))
    }

    @Test func relativeLinksShareOnlyWholeFolders() {
        #expect(SiteURL("ab/").asset("a/x.css") == "../a/x.css")
        #expect(SiteURL("drugs/").asset("drugs") == "../drugs")
        #expect(SiteURL("a/b/").asset("a/b/c/d.js") == "c/d.js")
        #expect(SiteURL("a/b/").asset("") == "../../")
        #expect(SiteURL("es/drugs/x/").link(to: SiteURL("es/")) == "../../index.html")
    }

    @Test func formatFillsEachPlaceholderOnce() {
        let strings = Strings(table: ["t": "{a} and {b}, {unknown} {", "u": "{a}{a}"], months: [])
        #expect(strings.format("t", ["a": "{b}", "b": "2"]) == "{b} and 2, {unknown} {")
        #expect(strings.format("u", ["a": "é"]) == "éé")
    }

    /// An edition's templates have its `{{text.…}}` words written in (TemplateSet.filled): they
    /// must render as the unfilled templates do with the words in the context.
    @Test func templatesWithTheirWordsWrittenInRenderAsBefore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("partials"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<h1>{{ text.page.title }}</h1>{{{text.page.raw}}} {{&text.page.raw}}\n{{#items}}\n  <li>{{text.page.item}} {{name}}</li>\n{{/items}}\n  {{> partials/part}}\n{{text.page.brace}}|{{text.page.missing}}|{{#text.page.title}}[{{.}}]{{/text.page.title}}\n"
            .write(to: folder.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try "<p>{{text.page.item}}</p>\n<p>{{name}}</p>\n".write(to: folder.appendingPathComponent("partials/part.mustache"), atomically: true, encoding: .utf8)
        let (templates, problems) = TemplateSet.load(from: folder, displayName: "Templates")
        #expect(problems.isEmpty)
        let strings = Strings(table: ["text.page.title": "Tom & \"Jerry\"", "text.page.raw": "<b>bold</b>", "text.page.item": "Item:",
                                      "text.page.brace": "{{name}} {stays}"], months: [])
        let context: [String: Any] = ["text": strings.nested("text"), "items": [["name": "a <1>"], ["name": "b"]], "name": "top"]
        let filled = templates.filled(with: strings)
        #expect(TemplateSet.filling(templates.files["page"]!.source.text, tags: templates.files["page"]!.tags) { strings.optional($0) }?.contains("Tom &amp; &quot;Jerry&quot;") == true)
        #expect(filled.render(context, with: "page") == templates.render(context, with: "page"))
        #expect(filled.render(context, with: "page")?.contains("{{name}} {stays}") == true)
        // Kept by the words they were made with: another table gets its own words, not the first's.
        let other = Strings(table: ["text.page.title": "Otro", "text.page.raw": "<i>x</i>", "text.page.item": "Uno:", "text.page.brace": "b"], months: [])
        let otherContext = context.merging(["text": other.nested("text")]) { $1 }
        #expect(templates.filled(with: other).render(otherContext, with: "page") == templates.render(otherContext, with: "page"))
        #expect(templates.filled(with: other).render(otherContext, with: "page")?.contains("<h1>Otro</h1>") == true)
    }

    @Test func byteSearchFindsWhatANaiveSearchFinds() {
        let texts = ["", "T", "TOD", "TODO", "xTODO", "TTODO", "TOTODO", "TODTODO", "a TODO b TODO", "é TODO", "no placeholder here"]
        for text in texts {
            let bytes = Array(text.utf8), pattern = Array("TODO".utf8)
            for start in 0...bytes.count {
                let naive = start + pattern.count > bytes.count ? nil : (start...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
                let found = bytes.withUnsafeBytes { haystack in pattern.withUnsafeBytes { ByteSearch.firstIndex(of: $0, in: haystack, from: start) } }
                #expect(found == naive, "\(text) from \(start)")
            }
        }
    }

    @Test func theSearchIndexWordSetKeepsEachByteStringOnce() {
        var set = SearchWords.ByteStringSet()
        var reference = Set<[UInt8]>()
        // Enough words to grow the table several times, with repeats and near misses.
        for number in 0..<5000 {
            let word = Array("w\(number % 1700)-\(number % 3)".utf8)
            #expect(set.insert(word) == reference.insert(word).inserted)
        }
        #expect(SearchWords.distinct("Café cafe\u{301} CAFÉ a, A; b. a") == ["café", "cafÉ", "a", "b"])
    }
}
