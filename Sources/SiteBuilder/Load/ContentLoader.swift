import FrontMatter
import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import GuideModel
import Markdown

/// Finds and reads every page under the content folder. Files are parsed in parallel; the result
/// is sorted by path so that the rest of the build sees the same order every time.
struct ContentLoader {
    let folder: URL
    /// How the folder is named in messages (`Content`), so paths read as the editor typed them.
    let displayName: String
    /// For a translated edition (`Content/es/`): the original pages by content path. Each file of
    /// the folder translates the original at the same path.
    var originals: [String: Page]? = nil

    /// The folders of translated editions: a folder directly under the content folder that holds
    /// its own site.yml (`Content/es/site.yml`). Their files are not pages of the original edition.
    static func editionFolders(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent(SiteSettings.fileName).path)
        }.sorted()
    }

    struct Loaded {
        var settings: SiteSettings
        var pages: [Page]
        /// Every page file found, including those that failed to load, so links to them are not reported twice.
        var contentPaths: Set<String>
        var glossary: Glossary
        var diagnostics: [Diagnostic]
    }

    /// Pages whose text `cache` already holds parsed are taken from it.
    func load(cache: ParsedPages? = nil) -> Loaded {
        var diagnostics: [Diagnostic] = []
        var settings = SiteSettings()
        let settingsURL = folder.appendingPathComponent(SiteSettings.fileName)
        let settingsPath = displayName + "/" + SiteSettings.fileName
        if FileManager.default.fileExists(atPath: settingsURL.path) {
            switch SourceFile.read(settingsURL, displayPath: settingsPath) {
            case .success(let file):
                let (loaded, problems) = SiteSettings.load(file)
                settings = loaded
                diagnostics += problems
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            }
        } else {
            diagnostics.append(.error("site settings file is missing", path: settingsPath,
                                      suggestion: "create it with 'title:', 'language:' and 'description:'"))
        }

        let (listed, outside, listingProblems) = markdownFiles()
        let allPaths = listed + outside
        diagnostics += listingProblems
        let (paths, nameProblems) = Self.checkNames(listed, displayName: displayName)
        diagnostics += nameProblems
        let options = MarkdownOptions(allowRawHTML: settings.allowRawHTML)
        // The glossary first: every other body links the first use of its terms while loading.
        let glossaryFolder = PageKind.term.folder! + "/"
        let glossaryPaths = paths.filter { $0.hasPrefix(glossaryFolder) }
        // The glossary's pages are rendered with the glossary they make (its index page links terms
        // too), so they are kept only all together: when none of their texts changed.
        let glossaryTexts = glossaryPaths.map { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        let glossaryPages: [Page], glossaryProblems: [Diagnostic], glossary: Glossary
        if let kept = cache?.glossary(texts: glossaryTexts, rawHTML: options.allowRawHTML) {
            (glossaryPages, glossaryProblems, glossary) = kept
        } else {
            (glossaryPages, glossaryProblems) = loadPages(glossaryPaths, options: options, glossary: nil, cache: nil)
            glossary = Glossary(termPages: glossaryPages)
            for page in glossaryPages { PageBody.prerender(page, glossary: glossary) }
            cache?.storeGlossary(texts: glossaryTexts, rawHTML: options.allowRawHTML, (glossaryPages, glossaryProblems, glossary))
        }
        let (otherPages, otherProblems) = loadPages(paths.filter { !$0.hasPrefix(glossaryFolder) }, options: options, glossary: glossary, cache: cache)
        cache?.keep(only: Set(paths))
        diagnostics += glossaryProblems + otherProblems
        let pages = (glossaryPages + otherPages).sorted { $0.contentPath < $1.contentPath }
        return Loaded(settings: settings, pages: pages, contentPaths: Set(allPaths), glossary: glossary, diagnostics: diagnostics)
    }

    /// A file name becomes a page id and part of addresses, attributes and scripts, so it may use
    /// only lower-case letters, digits and hyphens; other files are reported and not loaded.
    static func checkNames(_ paths: [String], displayName: String) -> (valid: [String], [Diagnostic]) {
        var valid: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let components = path.dropLast(3).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if components.allSatisfy(isValidName) {
                valid.append(path)
                continue
            }
            let suggested = components.map(validName).joined(separator: "/") + ".md"
            diagnostics.append(Diagnostic(.error, "file name '\(path)' may use only lower-case letters, digits and hyphens; the page is not published",
                                          path: displayName + "/" + path, suggestion: "rename it to '\(suggested)'"))
        }
        return (valid, diagnostics)
    }

    /// `Zq"><img src=x>` becomes `zq-img-src-x`: accents dropped, every other run of marks one hyphen.
    static func validName(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var result = ""
        for byte in folded.utf8 {
            if isValidName(String(UnicodeScalar(byte))) && byte != 45 {
                result.append(Character(UnicodeScalar(byte)))
            } else if !result.isEmpty && !result.hasSuffix("-") {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "page" : result
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// Reads and parses pages on all cores; with a glossary, also renders each body and lets its
    /// tree go, so memory holds one tree per core.
    private func loadPages(_ paths: [String], options: MarkdownOptions, glossary: Glossary?, cache: ParsedPages?) -> ([Page], [Diagnostic]) {
        let results = concurrentMap(paths) { contentPath -> (Page?, [Diagnostic]) in
            let url = folder.appendingPathComponent(contentPath)
            switch SourceFile.read(url, displayPath: displayName + "/" + contentPath) {
            case .success(let file):
                if let entry = cache?.entry(contentPath, text: file.text, glossary: glossary?.phrases, rawHTML: options.allowRawHTML) {
                    return (entry.page, entry.problems)
                }
                let (page, problems): (Page?, [Diagnostic])
                if let originals {
                    guard let original = originals[contentPath] else {
                        return (nil, [file.error("'\(contentPath)' translates no page: there is no \(contentPath) in the original content folder", line: 1, column: 1,
                                                 suggestion: Suggestion.closest(to: contentPath, in: originals.keys).map { "did you mean '\($0)'? a translation has the path of the page it translates" } ?? "give it the path of the page it translates")])
                    }
                    (page, problems) = Page.loadTranslation(file, of: original, options: options)
                } else {
                    (page, problems) = Page.load(file, contentPath: contentPath, options: options)
                }
                if let page, let glossary { PageBody.prerender(page, glossary: glossary) }
                cache?.store(contentPath, .init(text: file.text, glossary: glossary?.phrases, rawHTML: options.allowRawHTML,
                                                page: page, problems: problems))
                return (page, problems)
            case .failure(let diagnostic):
                return (nil, [diagnostic])
            }
        }
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        for (page, problems) in results {
            if let page { pages.append(page) }
            diagnostics += problems
        }
        return (pages, diagnostics)
    }

    /// True when a link, followed to the end, lands inside `folder` (a missing target counts as
    /// inside, so reading it reports the broken link).
    static func staysInside(_ link: URL, folder: URL) -> Bool {
        SourceFolder.staysInside(link, folder: folder)
    }

    /// Every `.md` file below the folder, as sorted forward-slash paths relative to it, and links
    /// that lead out of it (reported, never read).
    private func markdownFiles() -> ([String], outside: [String], [Diagnostic]) {
        var paths: [String] = []
        var outside: [String] = []
        var diagnostics: [Diagnostic] = []
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else {
            return ([], [], [.error("cannot list the content folder", path: displayName)])
        }
        let base = folder.standardizedFileURL.path
        let editions = originals == nil ? Self.editionFolders(in: folder).map { $0 + "/" } : []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: Set(keys))
            // A broken link is kept so that reading it reports the problem instead of dropping a page.
            guard values?.isRegularFile == true || values?.isSymbolicLink == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            if editions.contains(where: relative.hasPrefix) { continue }
            if values?.isSymbolicLink == true, relative.hasSuffix(".md"), !Self.staysInside(url, folder: folder) {
                // Named by the link only: the target may be any file on the machine.
                diagnostics.append(.error("'\(relative)' is a symbolic link to a file outside the content folder; it is not read",
                                          path: displayName + "/" + relative,
                                          suggestion: "copy the page into the content folder instead of linking to it"))
                outside.append(relative)
                continue
            }
            if relative.hasSuffix(".md") {
                paths.append(relative)
            } else if values?.isRegularFile == true, relative != SiteSettings.fileName, relative != AddressLedger.fileName, !relative.hasSuffix("~"), !relative.hasSuffix(".swp") {
                diagnostics.append(Diagnostic(.warning, "file is not a page (.md) and is not published", path: displayName + "/" + relative,
                                              suggestion: "put images and other files in Public/"))
            }
        }
        return (paths.sorted(), outside, diagnostics)
    }
}
