import Diagnostics
import FrontMatter
import GuideModel
import SiteRendering

/// A translated edition's model and link targets. Its pages are the translations, and for each
/// page without one, the original (`Page.untranslated`), so that lists and links in the edition
/// are whole and lead to the original where a translation is missing.
struct EditionModel: Sendable {
    let edition: EditionSource
    let guide: Guide
    /// The targets of each translation's links, by content path.
    let links: [String: [Int: LinkTarget]]
    let diagnostics: [Diagnostic]

    static func build(_ edition: EditionSource, original: Guide, sources: SourceSet, today: GuideDate) -> EditionModel {
        let translated = Set(edition.pages.map(\.contentPath))
        let untranslated = original.pages.filter { !translated.contains($0.contentPath) }.map { $0.untranslated() }
        // The facts are the original's, checked by the original's model: what this run would find is said there.
        let (guide, _) = GuideBuilder(settings: edition.settings, today: today).build(edition.pages + untranslated)
        let resolver = LinkResolver(pages: guide.pages, allContentPaths: edition.contentPaths.union(sources.contentPaths),
                                    publicFiles: Set(sources.publicFiles.keys))
        let translations = guide.pages.filter { !$0.isUntranslated }
        let resolved = concurrentMap(translations, resolver.resolve)
        // Files under Public/ are at the site's root, one folder up from the edition's.
        let links = resolved.map { $0.targets.mapValues(\.fromEdition) }
        return EditionModel(edition: edition, guide: guide, links: Dictionary(uniqueKeysWithValues: zip(translations.map(\.contentPath), links)),
                            diagnostics: ages(of: edition.pages) + resolved.flatMap(\.diagnostics))
    }

    /// A translation that follows an older version of its original is out of date: said on every
    /// build (an error under --strict) until it is brought up to date.
    static func ages(of translations: [Page]) -> [Diagnostic] {
        translations.compactMap { page in
            guard let original = page.original, let follows = page.translatedFrom, let reviewed = original.reviewed else { return nil }
            if page.translationBehind != nil {
                return page.file.diagnostic(.warning, "translation is out of date: it follows the original of \(follows.value), but \(original.file.path) was reviewed on \(reviewed)",
                                            line: follows.line, column: follows.column,
                                            suggestion: "bring it up to date with \(original.file.path), then set 'translated-from: \(reviewed)'")
            }
            if reviewed < follows.value {
                return page.file.diagnostic(.warning, "'translated-from: \(follows.value)' is later than the original's review date (\(reviewed) in \(original.file.path))",
                                            line: follows.line, column: follows.column,
                                            suggestion: "set it to the 'reviewed' date of the version you translated, 'translated-from: \(reviewed)'")
            }
            return nil
        }
    }

    /// The edition as the renderers see it, beside the others.
    var descriptor: Editions.Edition {
        Editions.Edition(language: edition.settings.language, folder: edition.folder + "/",
                         sitePaths: Set(guide.pages.filter { !$0.isUntranslated }.map(\.sitePath)))
    }
}
