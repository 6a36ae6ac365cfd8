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

    public init(guide: Guide) {
        var drugNames = Set<String>()
        for drug in guide.drugs {
            for name in [drug.generic, drug.page.title] + drug.brands {
                for word in name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }) { drugNames.insert(String(word)) }
                drugNames.insert(name.lowercased())
            }
        }
        rows = guide.pages.map { page in
            Row(path: page.file.path, kind: page.kind, level: ReadingLevel(text: page.markdown.plainText(), ignoring: drugNames))
        }
        .filter { $0.level.words >= Self.minimumWords }
    }

    public var median: Double { rows.map(\.level.grade).median }

    public func formatted() -> String {
        var lines = ["grade  words  page"]
        for row in rows.sorted(by: { $0.level.grade > $1.level.grade }) {
            lines.append(String(format: "%5.1f  %5d  %@", row.level.grade, row.level.words, row.path as NSString))
        }
        let byKind = Dictionary(grouping: rows, by: \.kind)
        lines.append("")
        for kind in PageKind.allCases where byKind[kind] != nil {
            let grades = byKind[kind]!.map(\.level.grade)
            lines.append(String(format: "median %5.1f  %@ (%d pages)", grades.median, kind.rawValue as NSString, grades.count))
        }
        lines.append(String(format: "median %5.1f  all pages (%d pages; Flesch-Kincaid grade, drug names left out)", median, rows.count))
        return lines.joined(separator: "\n")
    }
}
