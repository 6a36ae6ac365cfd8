import Foundation
import GuideModel
import Markdown

/// The build behind `guide serve`: a full `SiteBuild` first, and again for any change it cannot
/// narrow down; in between, it keeps the parsed pages and compiled templates so that the usual
/// edits rewrite only the files they reach:
///
/// - a page whose front matter is the same text (only its body changed): that page, its handout,
///   and the search index;
/// - a template that pages use directly (`drug.mustache`, `handout.mustache`, `404.mustache`):
///   the pages rendered with it;
/// - an existing file under Public/: that file, copied.
///
/// The model and the link checks still run over every page (a few milliseconds), so diagnostics
/// are those of a full build. A failed build writes nothing, as `SiteBuild` does, and what it
/// did not write is written by the next build that succeeds. Anything else (a file added or
/// removed, front matter, `site.yml`, the layout or a partial) is a full build: rendering every
/// page is where the time goes (a few hundred milliseconds for the real guide, against a few tens
/// for a partial build).
public final class IncrementalBuild {
    public enum Scope: Equatable, Sendable {
        /// Everything was rebuilt and swapped in.
        case full
        /// Only these files of the output were written (site-relative paths).
        case partial([String])
    }

    public let options: BuildOptions
    /// What the pages, templates and Public/ files were when the output was last written in full.
    private var cache: Cache?
    /// The guide the last full build made, to check that the cache read the same files.
    private var lastFullBuild: Guide?
    /// Changes that a failed build did not write yet.
    private var unwritten = Changes()

    public init(options: BuildOptions) {
        self.options = options
    }

    /// A path as editors see it: relative to the working directory when it is inside it.
    public static func displayPath(_ url: URL) -> String {
        SiteBuild.displayPath(url)
    }

    /// Builds after `changed` (absolute paths of files that changed); nil builds everything.
    public func build(changed: Set<String>?) -> (report: BuildReport, scope: Scope) {
        if let changed, let cache, let changes = classify(changed, in: cache) {
            return buildPartially(changes, cache: cache)
        }
        return (buildFully(), .full)
    }

    /// Reads and parses everything again for the next partial build; call it when the build is idle
    /// (after the browser has been told to reload), so the first edit is as fast as the others.
    public func prepare() {
        if cache != nil { return }
        guard let guide = lastFullBuild else { return }
        let fresh = Cache(options: options)
        // A file that changed between the full build and now would make the cache disagree with the
        // output; the next change then builds in full.
        let built = Dictionary(guide.pages.map { ($0.contentPath, $0.file.text) }, uniquingKeysWith: { first, _ in first })
        let read = Dictionary(fresh.pages.map { ($0.contentPath, $0.file.text) }, uniquingKeysWith: { first, _ in first })
        if built == read && fresh.isUsable { cache = fresh }
        lastFullBuild = nil
    }

    // MARK: - Full

    private func buildFully() -> BuildReport {
        cache = nil
        let report = SiteBuild(options: options).run()
        unwritten = Changes()
        lastFullBuild = report.succeeded ? report.guide : nil
        return report
    }

    // MARK: - Partial

    /// What changed, sorted by what it reaches in the output.
    struct Changes {
        var pages: Set<String> = []
        var templates: Set<String> = []
        var publicFiles: Set<String> = []

        mutating func formUnion(_ other: Changes) {
            pages.formUnion(other.pages)
            templates.formUnion(other.templates)
            publicFiles.formUnion(other.publicFiles)
        }
    }

    /// nil when the change needs a full build.
    private func classify(_ paths: Set<String>, in cache: Cache) -> Changes? {
        let content = options.contentFolder.standardizedFileURL.path + "/"
        let templates = options.templatesFolder.standardizedFileURL.path + "/"
        let publicFolder = options.publicFolder.standardizedFileURL.path + "/"
        var changes = Changes()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // A temp file that came and went (`sed -i`, an editor's safe write) changes nothing;
                // a file the build knew has been deleted.
                if cache.knows(path) { return nil }
                continue
            }
            guard !isDirectory.boolValue else { return nil }
            if path.hasPrefix(content) {
                let relative = String(path.dropFirst(content.count))
                guard let page = cache.page(relative), cache.sameFrontMatter(page, as: path) else { return nil }
                changes.pages.insert(relative)
            } else if path.hasPrefix(templates) {
                let relative = String(path.dropFirst(templates.count))
                guard relative.hasSuffix(".mustache") else { return nil }
                let name = String(relative.dropLast(".mustache".count))
                guard cache.rendersDirectly(name) else { return nil }
                changes.templates.insert(name)
            } else if path.hasPrefix(publicFolder) {
                let relative = String(path.dropFirst(publicFolder.count))
                guard cache.publicFiles.contains(relative) else { return nil }
                changes.publicFiles.insert(relative)
            } else {
                return nil
            }
        }
        return changes
    }

    private func buildPartially(_ changes: Changes, cache: Cache) -> (report: BuildReport, scope: Scope) {
        var report = BuildReport()
        var clock = PhaseClock()
        for contentPath in changes.pages.sorted() where !cache.reload(contentPath) {
            // Unreadable now (deleted between the event and here, or not UTF-8): the full build says why.
            return (buildFully(), .full)
        }
        if !changes.templates.isEmpty { cache.reloadTemplates() }
        clock.lap("load", into: &report)

        let (guide, modelProblems) = GuideBuilder(settings: cache.settings, today: options.today).build(cache.pages)
        report.guide = guide
        clock.lap("model", into: &report)

        let resolver = LinkResolver(pages: guide.pages, allContentPaths: cache.contentPaths, publicFiles: cache.publicFiles)
        let pages = guide.pages
        var resolved = [(rewrites: [Int: String], diagnostics: [Diagnostic])](repeating: ([:], []), count: pages.count)
        resolved.withUnsafeMutableBufferPointer { buffer in
            DispatchQueue.concurrentPerform(iterations: pages.count) { buffer[$0] = resolver.resolve(pages[$0]) }
        }
        clock.lap("resolve", into: &report)

        report.diagnostics = (cache.loadDiagnostics + cache.templateDiagnostics + modelProblems + resolved.flatMap(\.diagnostics)).sorted()
        report.pageCount = pages.count
        unwritten.formUnion(changes)
        if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) { return (report, .partial([])) }

        // Render what the changes reach, in the order SiteBuild renders (pages, then handouts, then
        // the generated files), and replace each file of the output on its own.
        let todo = unwritten
        let renderer = SiteRenderer(guide: guide, templates: cache.templates, baseURL: cache.settings.baseURL)
        let handoutPages = SiteRenderer.handoutPages(of: guide)
        let handoutIDs = Set(handoutPages.filter { todo.pages.contains($0.contentPath) || todo.templates.contains("handout") }.map(\.contentPath))
        let chosen = pages.indices.filter { index in
            let page = pages[index]
            return todo.pages.contains(page.contentPath) || todo.templates.contains(SiteRenderer.templateName(for: page))
                || handoutIDs.contains(page.contentPath)
        }
        var files: [(path: String, data: Data)] = []
        var problems: [Diagnostic] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: chosen.count) { position in
            let page = pages[chosen[position]]
            let html = renderer.render(page, linkRewrites: resolved[chosen[position]].rewrites)
            lock.lock(); defer { lock.unlock() }
            if let html {
                files.append((SiteURL(page.sitePath).outputFile, Data(html.utf8)))
            } else {
                problems.append(.error("template '\(SiteRenderer.templateName(for: page))' could not render this page", path: page.file.path))
            }
        }
        for page in handoutPages where handoutIDs.contains(page.contentPath) {
            if let html = renderer.renderHandout(for: page) { files.append((SiteURL.handout(page.id).outputFile, Data(html.utf8))) }
        }
        if todo.templates.contains("404"), let notFound = renderer.renderNotFound() { files.append(("404.html", Data(notFound.utf8))) }
        if !todo.pages.isEmpty {
            files.append(("search-index.js", Data(SiteFiles(guide: guide, baseURL: cache.settings.baseURL).searchIndex().utf8)))
        }
        clock.lap("render", into: &report)
        if !problems.isEmpty {
            report.diagnostics = (report.diagnostics + problems).sorted()
            return (report, .partial([]))
        }

        do {
            for relative in todo.publicFiles.sorted() {
                files.append((relative, try Data(contentsOf: options.publicFolder.appendingPathComponent(relative))))
            }
            for file in files {
                let url = options.outputFolder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Atomic, so that the preview never serves half a file.
                try file.data.write(to: url, options: .atomic)
            }
        } catch {
            self.cache = nil
            report.diagnostics.append(.error("could not write the site: \(error.localizedDescription)",
                                             path: SiteBuild.displayPath(options.outputFolder)))
            report.environmentError = true
            return (report, .partial([]))
        }
        clock.lap("write", into: &report)
        unwritten = Changes()
        report.succeeded = true
        return (report, .partial(files.map(\.path).sorted()))
    }
}

/// The inputs of the last full build, kept parsed. Rendering does not change a page (its body was
/// rendered while loading, with link placeholders), so a page is parsed again only when it changes.
private final class Cache {
    let options: BuildOptions
    let settings: SiteSettings
    let loadDiagnostics: [Diagnostic]
    let contentPaths: Set<String>
    let publicFiles: Set<String>
    private(set) var pages: [Page]
    /// Terms and their pages, as the last full load read them (a change to a term's front matter builds in full).
    let glossary: Glossary
    private(set) var templates: TemplateSet
    private(set) var templateDiagnostics: [Diagnostic]
    private let contentDisplayName: String
    let isUsable: Bool

    init(options: BuildOptions) {
        self.options = options
        contentDisplayName = SiteBuild.displayPath(options.contentFolder)
        let loaded = ContentLoader(folder: options.contentFolder, displayName: contentDisplayName).load()
        var settings = loaded.settings
        var usable = loaded.pages.count == loaded.contentPaths.count
        if let baseURL = options.baseURL {
            settings.baseURL = SiteSettings.normalizeBaseURL(baseURL)
            usable = usable && settings.baseURL != nil
        }
        self.settings = settings
        loadDiagnostics = loaded.diagnostics
        contentPaths = loaded.contentPaths
        pages = loaded.pages
        glossary = loaded.glossary
        (templates, templateDiagnostics) = TemplateSet.load(from: options.templatesFolder,
                                                           displayName: SiteBuild.displayPath(options.templatesFolder))
        publicFiles = Set(FileSink.listFiles(in: options.publicFolder))
        isUsable = usable
    }

    func page(_ contentPath: String) -> Page? {
        pages.first { $0.contentPath == contentPath }
    }

    /// True when `path` (absolute) is an input the last full build read.
    func knows(_ path: String) -> Bool {
        func relative(to folder: URL) -> String? {
            let base = folder.standardizedFileURL.path + "/"
            return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
        }
        // A folder is known when a known file was in it.
        func known(_ relative: String, in files: Set<String>) -> Bool {
            files.contains(relative) || files.contains { $0.hasPrefix(relative + "/") }
        }
        if let inContent = relative(to: options.contentFolder) {
            return known(inContent, in: contentPaths) || inContent == SiteSettings.fileName
        }
        if let inPublic = relative(to: options.publicFolder) { return known(inPublic, in: publicFiles) }
        if let inTemplates = relative(to: options.templatesFolder), inTemplates.hasSuffix(".mustache") {
            return templates.names.contains(String(inTemplates.dropLast(".mustache".count)))
        }
        return true
    }

    /// True when the file at `path` still has exactly the front matter `page` was parsed from, so
    /// the model, and every other page, is what it was.
    func sameFrontMatter(_ page: Page, as path: String) -> Bool {
        guard case .success(let file) = SourceFile.read(URL(fileURLWithPath: path), displayPath: page.file.path),
              case .success(let new) = FrontMatterSplitter.split(file),
              case .success(let old) = FrontMatterSplitter.split(page.file) else { return false }
        return new.yaml == old.yaml && new.yamlFirstLine == old.yamlFirstLine && new.bodyLineOffset == old.bodyLineOffset
    }

    /// Parses one page again from disk; false when it can no longer be read or parsed.
    func reload(_ contentPath: String) -> Bool {
        let url = options.contentFolder.appendingPathComponent(contentPath)
        guard case .success(let file) = SourceFile.read(url, displayPath: contentDisplayName + "/" + contentPath) else { return false }
        return replace(contentPath, with: file)
    }

    func reloadTemplates() {
        (templates, templateDiagnostics) = TemplateSet.load(from: options.templatesFolder,
                                                           displayName: SiteBuild.displayPath(options.templatesFolder))
    }

    /// True when `name` is a template pages are rendered with, and no other template includes it
    /// (the layout and partials reach every page: those changes build in full).
    func rendersDirectly(_ name: String) -> Bool {
        guard templates.names.contains(name) else { return false }
        let direct = Set(pages.map(SiteRenderer.templateName(for:))).union(["handout", "404"])
        guard direct.contains(name) else { return false }
        let pattern = "\\{\\{\\s*[<>]\\s*" + NSRegularExpression.escapedPattern(for: name) + "\\s*\\}\\}"
        for other in FileSink.listFiles(in: options.templatesFolder) where other.hasSuffix(".mustache") {
            guard let text = try? String(contentsOf: options.templatesFolder.appendingPathComponent(other), encoding: .utf8) else { return false }
            if text.range(of: pattern, options: .regularExpression) != nil { return false }
        }
        return true
    }

    private func replace(_ contentPath: String, with file: SourceFile) -> Bool {
        let (page, _) = Page.load(file, contentPath: contentPath, options: MarkdownOptions(allowRawHTML: settings.allowRawHTML))
        if let page { PageBody.prerender(page, glossary: glossary) }
        guard let page, let index = pages.firstIndex(where: { $0.contentPath == contentPath }) else { return false }
        pages[index] = page
        return true
    }
}
