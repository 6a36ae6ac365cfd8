import FrontMatter
import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import SiteTemplates
import GuideModel
import ContentChecks
import Markdown

/// Where a build reads and writes, and how strict it is.
public struct BuildOptions: Sendable {
    public var contentFolder: URL
    public var templatesFolder: URL
    public var publicFolder: URL
    public var outputFolder: URL
    /// Overrides `base-url` from site.yml; feeds only canonical links and the sitemap.
    public var baseURL: String?
    /// Warnings count as errors.
    public var strict = false
    /// false for `guide check`: everything runs, nothing is written.
    public var write = true
    /// The build date, for stale-review warnings; fixed in tests so results do not drift.
    public var today = GuideDate.today()
    /// `integrity=` (SRI) on every stylesheet and script; off for a copy to open from disk,
    /// where Chromium refuses to load a file it cannot check.
    public var subresourceIntegrity = true
    /// Say so when there is no base URL, and the 404 page's links assume the domain root. On for
    /// `guide build` and `guide handouts`; the preview serves at the root, where they are right.
    public var warnsWithoutBaseURL = false
    /// Adds the addresses this build publishes to the content's ledger (`Content/addresses.txt`)
    /// once the output is written; the preview does not, so that a page tried out and renamed
    /// while writing needs no redirect.
    public var recordAddresses = true
    /// Writes a `.gz` and a `.br` copy beside every text file, for hosts that serve them as they are.
    public var precompress = true
    /// Writes the whole site as one zip to download (`offline/treatment-guide.zip`).
    public var offlineCopy = true

    public init(root: URL, output: URL? = nil) {
        contentFolder = root.appendingPathComponent("Content")
        templatesFolder = root.appendingPathComponent("Templates")
        publicFolder = root.appendingPathComponent("Public")
        outputFolder = output ?? root.appendingPathComponent("Output")
    }

    public init(content: URL, templates: URL, public: URL, output: URL) {
        contentFolder = content
        templatesFolder = templates
        publicFolder = `public`
        outputFolder = output
    }
}

public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic] = []
    public var pageCount = 0
    /// One entry per phase, in the order they ran.
    public var timings: [Phase] = []
    public var seconds: Double { timings.reduce(0) { $0 + $1.seconds } }

    public struct Phase: Sendable {
        public let name: String
        public let seconds: Double
        /// The process's peak resident memory at the end of the phase (Linux; 0 elsewhere).
        public let peakBytes: Int
    }
    /// True when the build had no errors (and, under --strict, no warnings) and the output was written.
    public var succeeded = false
    /// True when `isCancelled` stopped the build: it wrote nothing and says nothing of the content.
    public var cancelled = false
    /// Problems with the set-up rather than the content (bad folders, output not replaceable, disk errors).
    public var environmentError = false
    /// The model of the last build, for tools that look at it (reading level, handouts).
    public var guide: Guide?
    /// Each translated edition's model, by its folder (`es`).
    public var editionGuides: [(folder: String, guide: Guide)] = []
    /// The files this build wrote (site-relative paths, sorted): all of them, or for a preview
    /// rebuild only those whose inputs changed.
    public var written: [String] = []
}

/// The build: one driver over phases that take values and return values,
/// sources → model → link targets → output files → a writer.
///
/// What it makes is a list of formats (the site, its handouts, their PDFs), each a list of
/// output files; where they go is a writer (a staging folder swapped in whole, the preview's
/// folder updated in place, or memory). The preview runs this same build with a `BuildCache`, so
/// that unchanged files are neither parsed nor rendered again, and gets the same files and the
/// same diagnostics as a full build.
public struct SiteBuild: Sendable {
    public var options: BuildOptions
    public var formats: [OutputFormat]

    public init(options: BuildOptions, formats: [OutputFormat] = [SitePages(), HandoutPages()]) {
        self.options = options
        self.formats = formats
    }

    /// Builds everything into a staging folder and swaps it in (or, with `options.write` false,
    /// writes nothing).
    public func run() -> BuildReport {
        run(writer: options.write ? StagingWriter(folder: options.outputFolder) : nil, cache: nil)
    }

    /// Builds with `writer` (nil: render but write nothing). With a cache, pages whose text is
    /// unchanged are not parsed again and files whose inputs are unchanged are not rendered again.
    ///
    /// `isCancelled` is asked between phases and before each file is rendered; once it says true the
    /// build stops with `report.cancelled` and writes nothing: the output, and what `cache` knows of
    /// it, are as the last build left them. (It is not asked once writing has begun: that is short,
    /// and stopping halfway would leave a mixed folder.) The preview uses it to drop a build that a
    /// newer save or Ctrl-C has made pointless.
    public func run(writer: OutputWriter?, cache: BuildCache?, isCancelled: @escaping @Sendable () -> Bool = { false }) -> BuildReport {
        var report = BuildReport()
        var clock = PhaseClock()
        func stop() -> BuildReport {
            var stopped = BuildReport()
            stopped.cancelled = true
            stopped.timings = report.timings
            return stopped
        }

        if let problem = writer?.checkReplaceable() {
            report.diagnostics = [problem]
            report.environmentError = true
            return report
        }
        guard checkSetUp(&report) else { return report }

        // Sources: every file read and parsed, all templates compiled.
        let sources = SourceSet.read(options, baseURL: options.baseURL.flatMap(SiteSettings.normalizeBaseURL), cache: cache)
        report.diagnostics += sources.diagnostics
        clock.lap("load", into: &report)
        if isCancelled() { return stop() }

        // Model: typed entities and their relations, checked.
        let (guide, modelProblems) = GuideBuilder(settings: sources.settings, today: options.today).build(sources.pages)
        report.diagnostics += modelProblems + ContentChecks.run(guide)
        report.guide = guide
        clock.lap("model", into: &report)
        if isCancelled() { return stop() }

        // Link targets: every link to a page, heading or file; every page to one address.
        let pages = guide.pages
        let handoutPages = SiteRenderer.handoutPages(of: guide)
        let addresses = SiteAddresses(pages: pages, handoutPages: handoutPages)
        report.diagnostics += checkUniqueAddresses(pages)
        report.diagnostics += checkTemplatesExist(for: pages, in: sources.templates, baseURL: sources.settings.baseURL,
                                                  hasHandouts: !handoutPages.isEmpty, hasRedirects: !addresses.redirects.isEmpty)
        // The template name check: kept from the last build when what it reads did not change; else,
        // when the build renders every file (there is no output to update), recorded as the original
        // edition's pages render (`names`); else made on its own now. A build that was to record it
        // but stops before rendering makes it on its own then, so that all problems come at once.
        let previous = writer?.canUpdate == true ? cache?.outputs : nil
        let nameKey = cache.map { _ in BuildCache.nameCheckKey(guide, sources) }
        func checkNamesAlone() -> [Diagnostic] {
            let diagnostics = TemplateNameCheck.diagnostics(guide: guide, templates: sources.templates, wording: Wording(strings: sources.strings))
            if let nameKey { cache?.keep(nameCheck: diagnostics, for: nameKey) }
            return diagnostics
        }
        let names: TemplateNameCheck.Names?
        if let kept = nameKey.flatMap({ cache?.keptNameCheck(for: $0) }) {
            report.diagnostics += kept
            names = nil
        } else if previous == nil {
            names = TemplateNameCheck.Names(renders: true)
        } else {
            report.diagnostics += checkNamesAlone()
            names = nil
        }
        /// What a build that was to record the check, and stops before rendering, must still say.
        func namesBeforeStopping() -> [Diagnostic] { names == nil ? [] : checkNamesAlone() }
        let resolver = LinkResolver(pages: pages, allContentPaths: sources.contentPaths, publicFiles: Set(sources.publicFiles.keys).union(Publishing.linkable))
        let resolved = concurrentMap(pages, resolver.resolve)
        report.diagnostics += resolved.flatMap(\.diagnostics)
        // Translated editions: the original's facts in each edition's words.
        let editionModels = sources.editions.map { EditionModel.build($0, original: guide, sources: sources, today: options.today) }
        report.diagnostics += editionModels.flatMap(\.diagnostics)
        report.editionGuides = editionModels.map { ($0.edition.folder, $0.guide) }
        // Each edition's own addresses (its translations, their handouts, their old addresses), in its folder.
        let editionAddresses = editionModels.map { model in
            SiteAddresses(pages: model.guide.pages.filter { !$0.isUntranslated }, handoutPages: SiteRenderer.handoutPages(of: model.guide))
        }
        let allAddresses = zip(editionModels, editionAddresses).reduce(addresses) { $0.adding($1.1, under: $1.0.edition.folder + "/") }
        let ledger = AddressLedger(contentFolder: options.contentFolder)
        report.diagnostics += addresses.diagnostics + ledger.check(allAddresses, pages: pages)
        // Said once, and only where a handout template asks for a code it cannot have.
        let handoutTemplates = sources.templates.reached(from: ["handout"])
        let asksForQRCode = handoutTemplates.contains { sources.templates.files[$0]?.tags.contains { $0.name == "qrCode" } ?? false }
        if sources.settings.baseURL == nil, asksForQRCode, !handoutPages.isEmpty {
            report.diagnostics.append(Diagnostic(.warning, "the handouts have no QR code: without a base URL there is no full address to encode",
                                                 path: SiteBuild.displayPath(options.contentFolder.appendingPathComponent(SiteSettings.fileName)),
                                                 suggestion: "give the published address: --base-url https://example.org/guide/, or base-url: in site.yml"))
        }
        clock.lap("resolve", into: &report)
        if isCancelled() { return stop() }

        let stopsHere = report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0)
        if stopsHere { report.diagnostics += namesBeforeStopping() }
        report.diagnostics = report.diagnostics.sorted().capped()
        report.pageCount = pages.count + editionModels.reduce(0) { $0 + $1.guide.pages.filter { !$0.isUntranslated }.count }
        if stopsHere { return report }

        // Output files: each format's list; rendered only when new or when what they are made of changed.
        let originalEdition = Editions.Edition(language: sources.settings.language, folder: "", sitePaths: Set(pages.map(\.sitePath)))
        let allEditions = [originalEdition] + editionModels.map(\.descriptor)
        let editions = { (current: Editions.Edition) in allEditions.count > 1 ? Editions(all: allEditions, current: current) : nil }
        let site = ResolvedSite(guide: guide, sources: sources, options: options,
                                links: Dictionary(uniqueKeysWithValues: zip(pages.map(\.contentPath), resolved.map(\.targets))),
                                editions: editions(originalEdition), names: names, redirects: addresses.redirects,
                                allRedirects: addresses.redirects + zip(editionModels, editionAddresses).flatMap { model, edition in
                                    edition.redirects.map { $0.moved(under: model.edition.folder + "/") }
                                })
        let sites = [site] + editionModels.indices.map { index in
            let model = editionModels[index]
            return ResolvedSite(guide: model.guide, sources: sources, options: options, links: model.links, edition: model.edition,
                                editions: editions(allEditions[index + 1]), redirects: editionAddresses[index].redirects)
        }
        // Each edition's files in its folder (a translation's under es/).
        let (made, conflicts) = Self.merge(sites.flatMap { site in formats.flatMap { $0.files(for: site) }.map { $0.moved(under: site.folder) } },
                                           publicFolder: Self.displayPath(options.publicFolder))
        report.diagnostics += conflicts + notFoundPageAssumptions(sources.settings)
        if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) {
            report.diagnostics = (report.diagnostics + namesBeforeStopping()).sorted()
            return report
        }
        if isCancelled() { return stop() }
        // Between rendering and writing: assets renamed by their hash, references to them rewritten.
        let fingerprinted = AssetFingerprints(integrity: options.subresourceIntegrity,
                                              basePath: SiteURL.basePath(of: sources.settings.baseURL),
                                              known: cache?.fingerprints).apply(to: made)
        if !fingerprinted.problems.isEmpty {
            report.diagnostics = (report.diagnostics + fingerprinted.problems + namesBeforeStopping()).sorted()
            return report
        }
        var files: [String: OutputFile] = [:]
        for file in fingerprinted.files { files[file.path] = file }
        clock.lap("fingerprint", into: &report)
        let todo = files.values.filter { previous?[$0.path] != $0.key }.sorted { $0.path < $1.path }
        var written: [String] = []
        let publishing = Publishing(options: options)
        var digests = previous == nil ? [:] : (cache?.digests ?? [:]).filter { files[$0.key] != nil }
        do {
            guard let (streamed, kept, madeDigests, renderProblems) = try render(todo, into: writer, publishing: publishing, isCancelled: isCancelled) else {
                writer?.abandon()
                return stop()
            }
            clock.lap("render", into: &report)
            // The last look: after this the files are published, and the cache learns what they are.
            if isCancelled() {
                writer?.abandon()
                return stop()
            }
            var nameProblems: [Diagnostic] = []
            if let names {
                if names.hasEverything(of: guide) {
                    nameProblems = names.diagnostics(templates: sources.templates)
                    if let nameKey { cache?.keep(nameCheck: nameProblems, for: nameKey) }
                } else {
                    nameProblems = checkNamesAlone()
                }
            }
            if !renderProblems.isEmpty || !nameProblems.isEmpty {
                writer?.abandon()
                report.diagnostics = (report.diagnostics + renderProblems + nameProblems.sorted().capped()).sorted()
                return report
            }
            guard let writer else {
                report.succeeded = true
                return report
            }
            written = kept.isEmpty ? streamed : try write(kept, to: writer)
            digests.merge(madeDigests) { $1 }
            // Made from every finished file, so after all of them (and before the PDFs, which are not in them).
            var siteFiles: [String] = []
            for (path, body) in try publishing.siteFiles(digests: digests, guide: guide, writer: writer) {
                for file in try publishing.finish(path, body).files {
                    siteFiles.append(file.path)
                    // The preview's folder keeps a file that did not change, as it does the rendered ones.
                    if previous != nil, let old = try? writer.read(file.path), old == (try file.body.bytes()) { continue }
                    try writer.write(file.path, file.body)
                    written.append(file.path)
                }
            }
            for format in formats {
                for site in sites { try format.finish(in: writer, site: site, report: &report) }
            }
            if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) {
                writer.abandon()
                return report
            }
            let keeping = Set(files.keys.flatMap(publishing.paths(for:))).union(siteFiles)
            try writer.commit(keeping: keeping, removing: Set(previous.map { Array($0.keys) } ?? []).subtracting(keeping))
        } catch {
            writer?.abandon()
            cache?.outputs = nil
            report.diagnostics.append(.error("could not write the site: \(error.localizedDescription)", path: Self.displayPath(options.outputFolder)))
            report.environmentError = true
            return report
        }
        clock.lap("write", into: &report)
        if options.recordAddresses, let problem = ledger.record(allAddresses) { report.diagnostics.append(problem) }
        cache?.outputs = fingerprinted.keysAfterRendering()
        cache?.digests = digests
        report.written = written
        report.succeeded = true
        return report
    }

    /// The files of every format, one per path: a later format's file takes the place of an
    /// earlier one's, but a Public/ file never replaces a generated one (it would silently drop a
    /// page, the sitemap or model.json): that is an error naming both.
    static func merge(_ made: [OutputFile], publicFolder: String) -> ([OutputFile], [Diagnostic]) {
        var files: [String: OutputFile] = [:]
        var order: [String] = []
        var problems: [Diagnostic] = []
        for file in made {
            if let earlier = files[file.path] {
                switch (earlier.origin, file.origin) {
                case (.generated, .publicFolder(let copied)):
                    problems.append(Self.publicReplaces(copied, generated: earlier, in: publicFolder))
                    continue
                case (.publicFolder(let copied), .generated):
                    problems.append(Self.publicReplaces(copied, generated: file, in: publicFolder))
                default: break
                }
            } else {
                order.append(file.path)
            }
            files[file.path] = file
        }
        if files[OutputFolder.markerName] != nil {
            let path = "\(publicFolder)/\(OutputFolder.markerName)"
            problems.append(.error("'\(path)' would replace the marker guide writes into the output folder", path: path, suggestion: "remove it from the public folder"))
        }
        return (order.compactMap { files[$0] }, problems)
    }

    private static func publicReplaces(_ copied: String, generated: OutputFile, in publicFolder: String) -> Diagnostic {
        let madeFrom: String?
        if case .generated(let from) = generated.origin { madeFrom = from } else { madeFrom = nil }
        return .error("'\(publicFolder)/\(copied)' would replace the generated '\(generated.path)'\(madeFrom.map { " (made from \($0))" } ?? "")",
                      path: "\(publicFolder)/\(copied)",
                      suggestion: madeFrom.map { "remove or rename '\(publicFolder)/\(copied)'; to change '\(generated.path)', edit \($0)" }
                        ?? "remove or rename '\(publicFolder)/\(copied)': the build writes '\(generated.path)' itself")
    }

    /// 404.html is served at any depth, so its links are paths from the base URL's; without one
    /// they assume the domain root, which a site under a sub-path does not have.
    private func notFoundPageAssumptions(_ settings: SiteSettings) -> [Diagnostic] {
        guard options.warnsWithoutBaseURL, settings.baseURL == nil else { return [] }
        return [Diagnostic(.warning, "no base URL: 404.html links to its stylesheet and pages by paths from the domain root ('/css/…', '/index.html'), which work only for a site published at the root",
                           path: Self.displayPath(options.contentFolder.appendingPathComponent(SiteSettings.fileName)),
                           suggestion: "pass --base-url with the address the site is published at (e.g. --base-url https://example.org/guide/), or set base-url in site.yml")]
    }

    /// A missing folder or a bad --base-url is a set-up problem, said once, before anything is
    /// read; false when the build cannot start.
    private func checkSetUp(_ report: inout BuildReport) -> Bool {
        let folders = [(options.contentFolder, "content", "--content with the folder that holds site.yml"),
                       (options.templatesFolder, "templates", "--templates with the folder that holds layout.mustache")]
        for (folder, name, hint) in folders where !Self.isFolder(folder) {
            report.diagnostics.append(.error("\(name) folder '\(Self.displayPath(folder))' does not exist", suggestion: "pass \(hint)"))
        }
        if let given = options.baseURL, let problem = SiteSettings.baseURLProblem(given) {
            report.diagnostics.append(.error("--base-url '\(given)' \(problem.reason)", suggestion: problem.suggestion))
        }
        report.environmentError = !report.diagnostics.isEmpty
        return report.diagnostics.isEmpty
    }

    /// Renders files on all cores (the site-wide files are jobs among the pages, not a tail after
    /// them) and hands them to `writer`; returns the paths written and the files that could not be
    /// made. A writer that publishes only on commit gets each file as soon as it is rendered, so
    /// memory holds a page per core rather than the site; one that replaces files in place gets
    /// them only once all are rendered, so a failed render writes nothing.
    /// nil when `isCancelled` said true before every file was rendered (the files not yet started are skipped).
    private func render(_ files: [OutputFile], into writer: OutputWriter?, publishing: Publishing, isCancelled: @Sendable () -> Bool) throws
        -> (written: [String], kept: [(path: String, body: RenderedFile)], digests: [String: UInt32], problems: [Diagnostic])? {
        let streams = writer?.publishesOnCommit ?? true
        if streams { try writer?.begin() }
        let results = concurrentMap(files) { file -> Rendered in
            if isCancelled() { return .cancelled }
            guard let body = file.render() else { return file.failure.map(Rendered.failed) ?? .absent }
            // Without a writer (guide check) nothing is published, so nothing is compressed.
            guard let writer else { return .kept(Publishing.Finished(files: [(file.path, body)], digest: 0)) }
            do {
                let finished = try publishing.finish(file.path, body)
                guard streams else { return .kept(finished) }
                for part in finished.files { try writer.write(part.path, part.body) }
                // Only the names are kept: holding the bytes of every file written would hold the whole site.
                return .written(paths: finished.files.map(\.path), digest: finished.digest)
            } catch { return .writeError(error) }
        }
        var kept: [(path: String, body: RenderedFile)] = []
        var written: [String] = []
        var digests: [String: UInt32] = [:]
        var problems: [Diagnostic] = []
        for (file, result) in zip(files, results) {
            switch result {
            case .written(let paths, let digest):
                written += paths
                digests[file.path] = digest
            case .kept(let finished):
                kept += finished.files
                digests[file.path] = finished.digest
            case .absent: break
            case .failed(let problem): problems.append(problem)
            case .writeError(let error): throw error
            case .cancelled: return nil
            }
        }
        return (written, kept, digests, problems.sorted())
    }

    /// Files kept until all were rendered, written now (see `render`).
    private func write(_ kept: [(path: String, body: RenderedFile)], to writer: OutputWriter) throws -> [String] {
        try writer.begin()
        try concurrentForEach(kept) { try writer.write($0.path, $0.body) }
        return kept.map(\.path)
    }

    private enum Rendered: Sendable {
        case written(paths: [String], digest: UInt32), kept(Publishing.Finished), absent, failed(Diagnostic), writeError(Error), cancelled
    }

    /// `about.md` and `about/index.md` would both become `about/`.
    private func checkUniqueAddresses(_ pages: [Page]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (sitePath, same) in Dictionary(grouping: pages, by: \.sitePath) where same.count > 1 {
            let sorted = same.sorted { $0.contentPath < $1.contentPath }
            for page in sorted.dropFirst() {
                diagnostics.append(page.file.error("page address '/\(sitePath)' is also claimed by \(sorted[0].file.path)", line: 1, column: 1,
                                                   suggestion: "rename or move one of the two files"))
            }
        }
        return diagnostics
    }

    private func checkTemplatesExist(for pages: [Page], in templates: TemplateSet, baseURL: String?, hasHandouts: Bool, hasRedirects: Bool) -> [Diagnostic] {
        var neededBy: [String: String] = ["404": "404.html"]
        if baseURL != nil { neededBy["feed"] = "feed.xml" }
        if hasHandouts { neededBy["handout"] = "the handouts" }
        if hasRedirects { neededBy["redirect"] = "the pages' moved-from" }
        for page in pages where neededBy[SiteRenderer.templateName(for: page)] == nil {
            neededBy[SiteRenderer.templateName(for: page)] = page.file.path
        }
        var diagnostics: [Diagnostic] = []
        for (name, user) in neededBy.sorted(by: { $0.key < $1.key }) where !templates.names.contains(name) && !templates.failedNames.contains(name) {
            diagnostics.append(.error("missing template '\(name).mustache' (needed by \(user))",
                                      path: templates.displayName + "/\(name).mustache",
                                      suggestion: Suggestion.didYouMean(name, in: templates.names) ?? "create \(templates.displayName)/\(name).mustache"))
        }
        return diagnostics
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// A path relative to the working directory when it is inside it, as editors think of it.
    public static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}

/// What the preview keeps from one build to the next: the parsed pages, and the key of every file
/// in its output folder (see `OutputFile.key`). Used by one build at a time.
public final class BuildCache: Sendable {
    let pages = ParsedPages()
    let fingerprints = FingerprintCache()
    /// nil when the output folder's files are not known (before the first build, after a failed write).
    private let knownOutputs = Locked<[String: Int]?>(nil)
    var outputs: [String: Int]? {
        get { knownOutputs.current }
        set { knownOutputs.withLock { $0 = newValue } }
    }

    /// A fingerprint of the bytes of every file the last build left (see `Publishing`).
    private let knownDigests = Locked<[String: UInt32]>([:])
    var digests: [String: UInt32] {
        get { knownDigests.current }
        set { knownDigests.withLock { $0 = newValue } }
    }

    public init() {}

    /// True when the output folder holds what the last build wrote, so a build can replace only what changed.
    public var knowsOutput: Bool { outputs != nil }

    private struct KeptTemplates: Sendable {
        let texts: [String: String]
        let set: TemplateSet
        let diagnostics: [Diagnostic]
    }
    private let keptTemplates = Locked<KeptTemplates?>(nil)

    /// The templates, compiled again only when a file of the folder changed.
    func templates(in folder: URL) -> (TemplateSet, [Diagnostic]) {
        let texts = Dictionary(uniqueKeysWithValues: FileSink.listFiles(in: folder).map { path in
            (path, (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? "")
        })
        if let kept = keptTemplates.current, kept.texts == texts { return (kept.set, kept.diagnostics) }
        let (set, diagnostics) = TemplateSet.load(from: folder, displayName: SiteBuild.displayPath(folder))
        keptTemplates.withLock { $0 = KeptTemplates(texts: texts, set: set, diagnostics: diagnostics) }
        return (set, diagnostics)
    }

    private let keptNameCheck = Locked<(key: Int, diagnostics: [Diagnostic])?>(nil)

    /// The last template name check's problems, when what it read (`key`) did not change.
    func keptNameCheck(for key: Int) -> [Diagnostic]? {
        keptNameCheck.current.flatMap { $0.key == key ? $0.diagnostics : nil }
    }

    func keep(nameCheck diagnostics: [Diagnostic], for key: Int) {
        keptNameCheck.withLock { $0 = (key, diagnostics) }
    }

    /// What the template name check reads: the templates, the words, every page's front matter
    /// and its headings (a page's table of contents).
    static func nameCheckKey(_ guide: Guide, _ sources: SourceSet) -> Int {
        var hasher = Hasher()
        hasher.combine(sources.settings)
        hasher.combine(sources.strings.key)
        for name in sources.templates.names.sorted() {
            hasher.combine(name)
            hasher.combine(sources.templates.files[name]?.source.text)
        }
        for page in guide.pages {
            hasher.combine(page.contentPath)
            hasher.combine(page.frontMatterKey)
            hasher.combine(page.markdown.headings.map(\.level))
        }
        return hasher.finalize()
    }
}

struct PhaseClock {
    private var last = DispatchTime.now()

    mutating func lap(_ phase: String, into report: inout BuildReport) {
        let now = DispatchTime.now()
        report.timings.append(BuildReport.Phase(name: phase, seconds: Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9,
                                                peakBytes: Self.peakResidentBytes()))
        last = now
    }

    /// VmHWM from /proc/self/status: the most memory the process has held so far.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
