import FrontMatter
import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import SiteTemplates
import GuideModel
import Markdown

/// The first phase: everything a build reads, parsed. Site settings (with any `--base-url`), the
/// pages with their bodies rendered, the glossary, the templates and the files under Public/.
/// Values only: the phases after it read it and never change it.
struct SourceSet: Sendable {
    var settings: SiteSettings
    var pages: [Page]
    /// Every page file found, including those that failed to load.
    var contentPaths: Set<String>
    var glossary: Glossary
    var diagnostics: [Diagnostic]
    var templates: TemplateSet
    /// The words of the site's language, from the templates folder.
    var strings: Strings
    /// Each file under Public/ (relative path) with a hash of its bytes.
    var publicFiles: [String: Int]
    /// The translated editions (`Content/es/`), in folder order.
    var editions: [EditionSource] = []

    /// Reads the three folders; pages whose text is what `cache` holds are taken from it instead
    /// of parsed again. `baseURL` is already checked and normalised; it replaces site.yml's.
    static func read(_ options: BuildOptions, baseURL: String?, cache: BuildCache?) -> SourceSet {
        let loaded = ContentLoader(folder: options.contentFolder, displayName: SiteBuild.displayPath(options.contentFolder)).load(cache: cache?.pages)
        var settings = loaded.settings
        if let baseURL { settings.baseURL = baseURL }
        let (templates, templateDiagnostics) = cache?.templates(in: options.templatesFolder) ?? TemplateSet.load(
            from: options.templatesFolder, displayName: SiteBuild.displayPath(options.templatesFolder))
        // Every edition's table needs the words the templates use, not only the model's.
        let requiredKeys = Wording.requiredKeys(templates: templates)
        let (strings, stringProblems) = Strings.load(from: options.templatesFolder, displayName: SiteBuild.displayPath(options.templatesFolder),
                                                     // A language that is no tag is reported already; the English words stand in.
                                                     language: SiteSettings.isLanguageTag(settings.language) ? settings.language : "en", required: requiredKeys)
        var publicFiles: [String: Int] = [:]
        let listed = SourceFolder.files(in: options.publicFolder, hidden: true)
        for path in listed.files {
            // Every byte: Data's own hashValue reads only the first 80, so an edit further in went unseen.
            var hasher = Hasher()
            if let data = try? Data(contentsOf: options.publicFolder.appendingPathComponent(path)) {
                data.withUnsafeBytes { hasher.combine(bytes: $0) }
            }
            publicFiles[path] = hasher.finalize()
        }
        // Everything in Public/ is published: a link out of it would publish whatever it points at.
        let publicProblems = listed.outside.map {
            SourceFolder.linkLeadsOut($0, displayName: SiteBuild.displayPath(options.publicFolder), folderName: "public", consequence: "it is not published")
        }
        var editionProblems: [Diagnostic] = []
        let originals = Dictionary(loaded.pages.map { ($0.contentPath, $0) }, uniquingKeysWith: { first, _ in first })
        let editions = ContentLoader.editionFolders(in: options.contentFolder).map { folder in
            let edition = EditionSource.read(folder, options: options, original: settings, originals: originals, requiredKeys: requiredKeys)
            editionProblems += edition.diagnostics
            return edition
        }
        return SourceSet(settings: settings, pages: loaded.pages, contentPaths: loaded.contentPaths, glossary: loaded.glossary,
                         diagnostics: loaded.diagnostics + templateDiagnostics + stringProblems + publicProblems + editionProblems,
                         templates: templates, strings: strings, publicFiles: publicFiles, editions: editions)
    }
}

/// A translated edition as read: its settings, its words (`Templates/strings/<language>.yml`)
/// and its pages, each the translation of the original page at the same path.
struct EditionSource: Sendable {
    /// The folder under Content/ and in the site (`es`).
    let folder: String
    var settings: SiteSettings
    var pages: [Page]
    var contentPaths: Set<String>
    var glossary: Glossary
    var strings: Strings
    var diagnostics: [Diagnostic]

    static func read(_ folder: String, options: BuildOptions, original: SiteSettings, originals: [String: Page], requiredKeys: [String]) -> EditionSource {
        let url = options.contentFolder.appendingPathComponent(folder)
        let displayName = SiteBuild.displayPath(url)
        let loaded = ContentLoader(folder: url, displayName: displayName, originals: originals).load(cache: nil)
        var settings = loaded.settings
        var diagnostics = loaded.diagnostics
        // An edition lives at a folder of the site: its address follows from the original's.
        if settings.baseURL != nil {
            diagnostics.append(Diagnostic(.error, "an edition's site.yml has no 'base-url': the edition is published at \(folder)/ below the site's own",
                                          path: displayName + "/" + SiteSettings.fileName, line: settings.baseURLLine, column: settings.baseURLColumn,
                                          suggestion: "delete 'base-url' here; set it in the content folder's site.yml or with --base-url"))
        }
        settings.baseURL = original.baseURL.map { $0 + folder + "/" }
        settings.allowRawHTML = original.allowRawHTML
        let language = SiteSettings.isLanguageTag(settings.language) ? settings.language : folder
        let (strings, stringProblems) = Strings.load(from: options.templatesFolder, displayName: SiteBuild.displayPath(options.templatesFolder),
                                                     language: language, required: requiredKeys)
        return EditionSource(folder: folder, settings: settings, pages: loaded.pages, contentPaths: loaded.contentPaths, glossary: loaded.glossary,
                             strings: strings, diagnostics: diagnostics + stringProblems)
    }
}

/// Parsed pages kept between builds by the preview, by content path. A page is reused when its
/// file has the same text and, for pages that link glossary terms, the glossary the same words.
final class ParsedPages: Sendable {
    struct Entry: Sendable {
        let text: String
        let glossary: [String: String]?
        let rawHTML: Bool
        let page: Page?
        let problems: [Diagnostic]
    }

    // Used by one build at a time (the preview's rebuild queue); the lock is for the loader's
    // parallel reads within that build.
    private let entries = Locked<[String: Entry]>([:])

    func entry(_ path: String, text: String, glossary: [String: String]?, rawHTML: Bool) -> Entry? {
        guard let entry = entries.withLock({ $0[path] }), entry.text == text, entry.glossary == glossary, entry.rawHTML == rawHTML else { return nil }
        return entry
    }

    func store(_ path: String, _ entry: Entry) {
        entries.withLock { $0[path] = entry }
    }

    typealias GlossaryPages = (pages: [Page], problems: [Diagnostic], glossary: Glossary)
    private struct KeptGlossary: Sendable {
        let texts: [String?]
        let rawHTML: Bool
        let loaded: [Page], problems: [Diagnostic], glossary: Glossary
    }
    private let keptGlossary = Locked<KeptGlossary?>(nil)

    /// The glossary's pages as last loaded, when their texts (in path order) are the same.
    func glossary(texts: [String?], rawHTML: Bool) -> GlossaryPages? {
        guard let kept = keptGlossary.current, kept.texts == texts, kept.rawHTML == rawHTML else { return nil }
        return (kept.loaded, kept.problems, kept.glossary)
    }

    func storeGlossary(texts: [String?], rawHTML: Bool, _ loaded: GlossaryPages) {
        keptGlossary.withLock { $0 = KeptGlossary(texts: texts, rawHTML: rawHTML, loaded: loaded.pages, problems: loaded.problems, glossary: loaded.glossary) }
    }

    /// Forgets files that are gone, so the cache holds no more than the content folder.
    func keep(only paths: Set<String>) {
        entries.withLock { $0 = $0.filter { paths.contains($0.key) } }
    }
}
