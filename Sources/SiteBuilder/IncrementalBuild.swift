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

    // MARK: - Full

    private func buildFully() -> BuildReport {
        cache = nil
        let report = SiteBuild(options: options).run()
        unwritten = Changes()
        // The build's own parse is kept: what the output was made from is what the cache holds.
        cache = report.inputs.map { Cache(options: options, inputs: $0) }
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

        let inputs = cache.inputs
        let (guide, modelProblems) = GuideBuilder(settings: inputs.settings, today: options.today).build(inputs.pages)
        report.guide = guide
        clock.lap("model", into: &report)

        let pages = guide.pages
        let resolved = BuildInputs.resolveLinks(of: pages, inputs: inputs)
        clock.lap("resolve", into: &report)

        // A template edited on its own is checked here too, so `{{generc}}` cannot blank the preview.
        let templateNames = TemplateNameCheck.diagnostics(guide: guide, templates: inputs.templates)
        report.diagnostics = (inputs.diagnostics + modelProblems + resolved.flatMap(\.diagnostics) + templateNames).sorted().capped()
        report.pageCount = pages.count
        unwritten.formUnion(changes)
        if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) { return (report, .partial([])) }

        // Render what the changes reach, in the order SiteBuild renders (pages, then handouts, then
        // the generated files), and replace each file of the output on its own.
        let todo = unwritten
        let renderer = SiteRenderer(guide: guide, templates: inputs.templates, baseURL: inputs.settings.baseURL)
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
            files.append(("search-index.js", Data(SiteFiles(guide: guide, baseURL: inputs.settings.baseURL).searchIndex().utf8)))
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
    private(set) var inputs: BuildInputs
    private let contentDisplayName: String

    init(options: BuildOptions, inputs: BuildInputs) {
        self.options = options
        self.inputs = inputs
        contentDisplayName = SiteBuild.displayPath(options.contentFolder)
    }

    var publicFiles: Set<String> { inputs.publicFiles }

    func page(_ contentPath: String) -> Page? {
        inputs.pages.first { $0.contentPath == contentPath }
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
            return known(inContent, in: inputs.contentPaths) || inContent == SiteSettings.fileName
        }
        if let inPublic = relative(to: options.publicFolder) { return known(inPublic, in: publicFiles) }
        if let inTemplates = relative(to: options.templatesFolder), inTemplates.hasSuffix(".mustache") {
            return inputs.templates.names.contains(String(inTemplates.dropLast(".mustache".count)))
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
        (inputs.templates, inputs.templateDiagnostics) = TemplateSet.load(from: options.templatesFolder,
                                                                         displayName: SiteBuild.displayPath(options.templatesFolder))
    }

    /// True when `name` is a template pages are rendered with, and no other template includes it
    /// (the layout and partials reach every page: those changes build in full).
    func rendersDirectly(_ name: String) -> Bool {
        let direct = Set(inputs.pages.map(SiteRenderer.templateName(for:))).union(["handout", "404"])
        return inputs.templates.names.contains(name) && direct.contains(name) && !inputs.templates.includedNames.contains(name)
    }

    private func replace(_ contentPath: String, with file: SourceFile) -> Bool {
        let (page, _) = Page.load(file, contentPath: contentPath, options: MarkdownOptions(allowRawHTML: inputs.settings.allowRawHTML))
        if let page { PageBody.prerender(page, glossary: inputs.glossary) }
        guard let page, let index = inputs.pages.firstIndex(where: { $0.contentPath == contentPath }) else { return false }
        inputs.pages[index] = page
        return true
    }
}
