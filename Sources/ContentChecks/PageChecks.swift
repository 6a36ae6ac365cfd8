import Foundation
import Diagnostics
import FrontMatter
import GuideModel
import Markdown

/// Checks of one page's text that the build would otherwise publish silently: each problem is a
/// diagnostic at its own line and column, with what to write instead.
struct PageChecks {
    let page: Page
    let allowRawHTML: Bool

    func check() -> [Diagnostic] {
        controlCharacters() + rawHTML() + unlinkedBrackets() + images() + topHeadings() + emptyBody() + placeholders() + summaryLinks()
    }

    /// A NUL or other control character is invisible in an editor and breaks pages and search.
    private func controlCharacters() -> [Diagnostic] {
        // Control characters are single bytes in UTF-8; most files have none at all.
        let text = page.file.text
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) else { return [] }
        var diagnostics: [Diagnostic] = []
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1; column = 1; continue }
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\r" || scalar.value == 0x7F {
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                diagnostics.append(page.file.error("the file contains an invisible control character (\(code))", line: line, column: column,
                                                   suggestion: "delete it; it often comes from copying text out of a PDF or a word processor"))
                if diagnostics.count == 5 { break }
            }
            column += 1
        }
        return diagnostics
    }

    /// Raw HTML is dropped when the site does not allow it, and with it the text it holds.
    private func rawHTML() -> [Diagnostic] {
        guard !allowRawHTML else { return [] }
        // One report per element: its opening tag (the closing one goes with it).
        return page.markdown.rawHTML.filter { !$0.html.hasPrefix("<!--") && !$0.html.hasPrefix("</") }.map { html in
            let tag = String(html.html.prefix { $0 != ">" && $0 != "\n" }.prefix(30)) + (html.html.contains(">") ? ">" : "")
            return page.diagnostic(.error, "HTML '\(tag)' is not published, and neither is the text inside it", at: html.position,
                                   suggestion: Self.markdownFor(tag))
        }
    }

    static func markdownFor(_ tag: String) -> String {
        let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
        switch name {
        case "b", "strong": return "write **bold text** instead"
        case "i", "em": return "write *italic text* instead"
        case "br": return "start a new paragraph with an empty line instead"
        case "a": return "write a link as [the words to click](address)"
        case "img": return "write an image as ![what the picture shows](../images/file.png)"
        case "ul", "ol", "li": return "write a list with '- ' at the start of each line"
        case "h1", "h2", "h3", "h4": return "write a heading as '## Heading'"
        case "table", "tr", "td", "th": return "write a table with | between cells"
        default: return "write it in Markdown; the README lists what Markdown can do"
        }
    }

    private func unlinkedBrackets() -> [Diagnostic] {
        page.markdown.unlinkedBrackets.map { found in
            let text = found.text
            let suggestion = text.contains("](")
                ? "a link needs its closing ')': [words](address)"
                : "add a line '[\(Self.label(in: text))]: https://…' below the paragraph, or write [words](address)"
            return page.diagnostic(.warning, "'\(text.prefix(40))' looks like a link but is not one", at: found.position, suggestion: suggestion)
        }
    }

    /// The label of `[x][label]`, for the suggestion.
    static func label(in text: String) -> String {
        guard let open = text.range(of: "]["), let close = text[open.upperBound...].firstIndex(of: "]") else { return "1" }
        let label = text[open.upperBound..<close]
        return label.isEmpty ? "1" : String(label)
    }

    private func images() -> [Diagnostic] {
        page.markdown.links.filter { $0.isImage && $0.text.trimmed.isEmpty }.map { image in
            page.diagnostic(.error, "image has no description for people who cannot see it", at: image.position,
                            suggestion: "write what the picture shows between the brackets: ![a diagram of …](\(image.destination))")
        }
    }

    /// The page title is the page's one top-level heading; a second one confuses screen readers.
    private func topHeadings() -> [Diagnostic] {
        page.markdown.headings.filter { $0.level == 1 }.map { heading in
            page.diagnostic(.warning, "'# \(heading.text)' is a second top-level heading; the title is the page's first", at: heading.position,
                            suggestion: "use '## \(heading.text)'")
        }
    }

    private func emptyBody() -> [Diagnostic] {
        guard page.template == nil, page.kind != .section, page.markdown.plainText().isEmpty, page.markdown.headings.isEmpty,
              page.markdown.links.isEmpty, page.markdown.rawHTML.isEmpty else { return [] }
        return [page.file.warning("page has front matter but no text", line: page.bodyLineOffset, column: 1,
                                  suggestion: "write the page's text below the closing '---', or delete the file")]
    }

    /// `guide new` writes TODO where text is still to come: such a page is not ready to publish.
    private func placeholders() -> [Diagnostic] {
        guard Self.containsTODO(page.file.text) else { return [] }
        var diagnostics: [Diagnostic] = []
        for line in 1...max(page.file.lineCount, 1) {
            guard let text = page.file.line(line), let range = text.range(of: "TODO") else { continue }
            let column = text.distance(from: text.startIndex, to: range.lowerBound) + 1
            diagnostics.append(page.file.warning("placeholder 'TODO' is still on the page", line: line, column: column,
                                                 suggestion: "replace it with the real text before publishing"))
        }
        return diagnostics
    }

    /// A byte search: the standard library's generic `firstRange(of:)`, and then a byte loop, were
    /// a quarter and a hundredth of the build's checks.
    static func containsTODO(_ text: String) -> Bool { ByteSearch.contains("TODO", in: text) }

    /// The summary is shown as plain text (cards, search, handouts): a link in it shows its brackets.
    private func summaryLinks() -> [Diagnostic] {
        guard page.summary.contains("](") else { return [] }
        let (line, column) = page.frontMatter.location(of: "summary")
        return [page.file.warning("the summary is plain text, so its link will show as brackets", line: line, column: column,
                                  suggestion: "keep links in the page's text and write the summary without them")]
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
