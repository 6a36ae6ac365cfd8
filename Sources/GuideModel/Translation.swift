import FrontMatter
import Diagnostics
import Markdown

/// A translated page holds words only. Its facts (indications, brands, routes, dates, sources,
/// the lists that link pages) are read once, from the original, so that the editions cannot
/// disagree; a fact written in a translation is an error, not a second truth.
public enum Translation {
    /// The field that records which version of the original a translation follows: the
    /// original's `reviewed` date when it was translated.
    public static let followsKey = "translated-from"

    /// The fields a translation of a page of `kind` may hold (besides `translated-from`).
    public static func wordFields(for kind: PageKind, template: String?) -> [String] {
        let common = ["title", "summary"]
        switch kind {
        case .drug: return common + ["schedule", "class", "target", "boxed-warnings", "indication-notes", "form-notes", "off-label-note"]
        case .cellType: return common + ["questions"]
        case .treatment: return common + ["questions", "why"]
        case .sideEffect: return common + ["call-now"]
        case .term: return common + ["aliases", "other-senses"]
        case .page where template == "search": return common + ["synonyms"]
        case .home, .page, .section, .option: return common
        }
    }

    /// Lists whose items translate the original's items one for one.
    static let parallelLists = ["boxed-warnings", "questions"]
}

extension Page {
    /// Reads a translation of `original` (same place in the edition's folder as the original in
    /// the content folder). Problems with the translation itself come back as diagnostics on its
    /// file; the original's own problems are reported by the original's build, not again here.
    public static func loadTranslation(_ file: SourceFile, of original: Page, options: MarkdownOptions) -> (Page?, [Diagnostic]) {
        let split: SplitPage, words: FrontMatter
        switch read(file) {
        case .success(let value): (split, words) = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let allowed = Translation.wordFields(for: original.kind, template: original.template)
        var diagnostics: [Diagnostic] = []
        for field in words.fieldNames where field.value != Translation.followsKey && !allowed.contains(field.value) {
            if original.frontMatter.has(field.value) {
                diagnostics.append(file.error("'\(field.value)' is a fact, and facts come from the original page (\(original.file.path)); a translation holds only words",
                                              line: field.line, column: field.column,
                                              suggestion: "delete this field here; a translation of this page may hold \(allowed.joined(separator: ", ")) and translated-from"))
            } else {
                diagnostics.append(file.error("unknown field '\(field.value)' for a translation of a \(original.kind.rawValue) page", line: field.line, column: field.column,
                                              suggestion: Suggestion.didYouMean(field.value, in: allowed + [Translation.followsKey])
                                                ?? "a translation of this page may hold \(allowed.joined(separator: ", ")) and translated-from"))
            }
        }
        let follows = words.date(Translation.followsKey)
        if follows == nil && !words.has(Translation.followsKey) {
            diagnostics.append(file.error("missing '\(Translation.followsKey)': the original's review date this translation follows", line: 1, column: 1,
                                          suggestion: original.reviewed.map { "add 'translated-from: \($0)' (the 'reviewed' date of \(original.file.path)) if it matches that version" }
                                            ?? "add 'translated-from:' with the original's 'reviewed' date"))
        }
        for key in ["title", "summary"] where !words.has(key) {
            diagnostics.append(file.error("missing '\(key)': a translation says its own \(key)", line: 1, column: 1,
                                          suggestion: "add '\(key):' in the edition's language"))
        }
        for key in Translation.parallelLists where words.has(key) {
            let mine = words.strings(key), theirs = original.frontMatter.peekStrings(key)
            if mine.count != theirs.count {
                let (line, column) = words.location(of: key)
                diagnostics.append(file.error("'\(key)' has \(mine.count) items but the original has \(theirs.count); each item translates one of the original's, in order",
                                              line: line, column: column, suggestion: "translate every item of '\(key)' in \(original.file.path), no more and no fewer"))
            }
        }
        for (key, list) in FrontMatter.translatedNoteLists.sorted(by: { $0.key < $1.key }) where words.has(key) {
            let mine = words.itemCount(key), theirs = original.frontMatter.itemCount(list)
            if mine != theirs {
                let (line, column) = words.location(of: key)
                diagnostics.append(file.error("'\(key)' has \(mine) items but the original has \(theirs) in '\(list)'",
                                              line: line, column: column, suggestion: "give one item per entry of '\(list)', in order, and '~' for an entry without a note"))
            }
        }
        diagnostics += words.diagnostics
        let merged = original.frontMatter.overlaid(by: words, skipping: [Translation.followsKey])
        let page = Page(file: file, contentPath: original.contentPath, frontMatter: merged, frontMatterText: "\(original.frontMatterKey)\n" + split.yaml,
                        body: split.body, bodyLineOffset: split.bodyLineOffset, options: options, original: original, translatedFrom: follows)
        // The merged reader also holds the original's fields; what it finds wrong with them is the original's to report.
        if original.loadDiagnostics.isEmpty { diagnostics += page.loadDiagnostics }
        return (page, diagnostics)
    }
}
