import Foundation
import FrontMatter
import GuideModel

/// How much of the original a translated edition covers, for `guide check --translations`:
/// the pages it lacks and the translations older than their originals.
public struct TranslationReport: Sendable {
    public let folder: String
    public let translated: Int
    public let total: Int
    /// Originals without a translation, by content path.
    public let missing: [String]
    /// Translations that follow an older version of their original.
    public let stale: [(path: String, follows: GuideDate, reviewed: GuideDate)]

    public init(folder: String, edition: Guide) {
        self.folder = folder
        let pages = edition.pages
        total = pages.count
        translated = pages.filter { !$0.isUntranslated }.count
        missing = pages.filter(\.isUntranslated).map(\.file.path).sorted()
        stale = pages.compactMap { page in page.translationBehind.map { (page.file.path, $0.follows, $0.reviewed) } }.sorted { $0.path < $1.path }
    }

    public var coverage: Double { total == 0 ? 1 : Double(translated) / Double(total) }

    public func formatted() -> String {
        var lines = [String(format: "%@/: %d of %d pages translated (%.1f%%), %d out of date", folder as NSString, translated, total, coverage * 100, stale.count)]
        for path in missing { lines.append("  missing      \(path)") }
        for page in stale { lines.append("  out of date  \(page.path): follows \(page.follows), the original was reviewed \(page.reviewed)") }
        return lines.joined(separator: "\n")
    }
}
