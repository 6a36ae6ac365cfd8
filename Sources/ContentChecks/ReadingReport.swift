import Foundation
import GuideModel
import Markdown

/// Reading level per page of the guide, for `guide check --reading-level`. Drug names (generic
/// and brand) are left out of the count.
public struct ReadingReport: Sendable {
    public struct Row: Sendable {
        public let path: String
        public let kind: PageKind
        public let level: ReadingLevel
    }

    public let rows: [Row]
    /// Pages shorter than this are mostly lists and links; their score means little.
    public static let minimumWords = 40

    public let language: ReadingLevel.Language

    /// A translated edition's guide is scored by its own language; its untranslated pages are left out.
    public init(guide: Guide) {
        language = ReadingLevel.Language(tag: guide.settings.language)
        var drugNames = Set<String>()
        for drug in guide.drugs {
            for name in [drug.generic, drug.page.title] + drug.brands {
                for word in name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }) { drugNames.insert(String(word)) }
                drugNames.insert(name.lowercased())
            }
        }
        rows = guide.pages.filter { !$0.isUntranslated }.map { [language] page in
            Row(path: page.file.path, kind: page.kind, level: ReadingLevel(text: page.markdown.plainText(), ignoring: drugNames, language: language))
        }
        .filter { $0.level.words >= Self.minimumWords }
    }

    /// The median of the language's score (grade for English, perspicuity for Spanish).
    public var median: Double { rows.map(\.level.score).median }

    public func formatted() -> String {
        let spanish = language == .spanish
        var lines = [spanish ? "INFLESZ words  page" : "grade  words  page"]
        // Hardest first: the highest grade, the lowest perspicuity.
        for row in rows.sorted(by: { spanish ? $0.level.score < $1.level.score : $0.level.score > $1.level.score }) {
            lines.append(String(format: "%5.1f  %5d  %@", row.level.score, row.level.words, row.path as NSString))
        }
        let byKind = Dictionary(grouping: rows, by: \.kind)
        lines.append("")
        for kind in PageKind.allCases where byKind[kind] != nil {
            let scores = byKind[kind]!.map(\.level.score)
            lines.append(String(format: "median %5.1f  %@ (%d pages)", scores.median, kind.rawValue as NSString, scores.count))
        }
        let scale = spanish ? "Szigriszt-Pazos perspicuity on the INFLESZ scale, higher is easier" : "Flesch-Kincaid grade"
        let scores = rows.map(\.level.score)
        lines.append(String(format: "median %5.1f  all pages (%d pages, lowest %.1f, highest %.1f; %@, drug names left out)",
                            median, rows.count, scores.min() ?? 0, scores.max() ?? 0, scale as NSString))
        return lines.joined(separator: "\n")
    }
}
