import Foundation
import GuideModel
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
    /// Problems with the set-up rather than the content (bad folders, output not replaceable, disk errors).
    public var environmentError = false
    /// The model of the last build, for tools that look at it (reading level, handouts).
    public var guide: Guide?
    /// What a successful build read, for the preview to keep and update.
    var inputs: BuildInputs?
}

/// The build, as named phases over one direction of data flow:
/// load → model → resolve → render → write.
public struct SiteBuild {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() -> BuildReport {
        var report = BuildReport()
        let output = OutputFolder(url: options.outputFolder, displayName: Self.displayPath(options.outputFolder))
        var clock = PhaseClock()

        if options.write, let problem = output.checkReplaceable() {
            report.diagnostics = [problem]
            report.environmentError = true
            return report
        }

        // A missing folder or a bad --base-url is a set-up problem, said once, before anything is read.
        let folders = [(options.contentFolder, "content", "--content with the folder that holds site.yml"),
                       (options.templatesFolder, "templates", "--templates with the folder that holds layout.mustache")]
        for (folder, name, hint) in folders where !Self.isFolder(folder) {
            report.diagnostics.append(.error("\(name) folder '\(Self.displayPath(folder))' does not exist", suggestion: "pass \(hint)"))
        }
        var baseURL: String?
        if let given = options.baseURL {
            baseURL = SiteSettings.normalizeBaseURL(given)
            if baseURL == nil {
                report.diagnostics.append(.error("--base-url '\(given)' is not an absolute http(s) address", suggestion: "e.g. --base-url https://example.org/guide/"))
            }
        }
        if !report.diagnostics.isEmpty {
            report.environmentError = true
            return report
        }

        // Load: every file read and parsed, all templates compiled.
        let inputs = BuildInputs.read(options, baseURL: baseURL)
        report.diagnostics += inputs.diagnostics
        clock.lap("load", into: &report)

        // Model: typed entities and their relations, checked.
        let (guide, modelProblems) = GuideBuilder(settings: inputs.settings, today: options.today).build(inputs.pages)
        report.diagnostics += modelProblems
        report.guide = guide
        clock.lap("model", into: &report)

        // Resolve: every link to a page, heading or file; every page to one address.
        let pages = guide.pages
        report.diagnostics += checkUniqueAddresses(pages)
        report.diagnostics += checkTemplatesExist(for: pages, in: inputs.templates)
        report.diagnostics += TemplateNameCheck.diagnostics(guide: guide, templates: inputs.templates)
        let resolved = BuildInputs.resolveLinks(of: pages, inputs: inputs)
        report.diagnostics += resolved.flatMap(\.diagnostics)
        clock.lap("resolve", into: &report)

        report.diagnostics = report.diagnostics.sorted().capped()
        report.pageCount = pages.count
        let failed = report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0)
        if failed { return report }

        // Render and write into a staging folder; swap it in only when everything succeeded.
        var staging: URL?
        do {
            if options.write { staging = try output.makeStaging() }
            let sink = FileSink(root: staging)
            let renderer = SiteRenderer(guide: guide, templates: inputs.templates, baseURL: inputs.settings.baseURL)
            let problems = try render(pages: pages, rewrites: resolved.map(\.rewrites), renderer: renderer, sink: sink)
            clock.lap("render", into: &report)
            if !problems.isEmpty {
                report.diagnostics += problems
                if let staging { try? FileManager.default.removeItem(at: staging) }
                return report
            }
            if FileManager.default.fileExists(atPath: options.publicFolder.path) {
                _ = try sink.copyTree(from: options.publicFolder)
            }
            if let staging { try output.swap(in: staging) }
            clock.lap("write", into: &report)
            report.succeeded = true
            report.inputs = inputs
        } catch {
            if let staging { try? FileManager.default.removeItem(at: staging) }
            report.diagnostics.append(.error("could not write the site: \(error.localizedDescription)", path: output.displayName))
            report.environmentError = true
        }
        return report
    }

    /// Renders every page, handout and site file as independent jobs on all cores; the site-wide
    /// files (search index, model.json) are one job among them rather than a tail after them.
    private func render(pages: [Page], rewrites: [[Int: String]], renderer: SiteRenderer, sink: FileSink) throws -> [Diagnostic] {
        let lock = NSLock()
        var problems: [Diagnostic] = []
        var writeError: Error?
        func record(_ body: () throws -> Void) {
            do { try body() } catch {
                lock.lock(); writeError = writeError ?? error; lock.unlock()
            }
        }
        let guide = renderer.guide
        let handoutPages = SiteRenderer.handoutPages(of: guide)
        let files = SiteFiles(guide: guide, baseURL: renderer.baseURL)
        let siteJobs: [() throws -> Void] = [
            { try sink.write("search-index.js", files.searchIndex()) },
            { try sink.write("model.json", files.modelJSON()) },
            {
                if let notFound = renderer.renderNotFound() { try sink.write("404.html", notFound) }
                if let sitemap = files.sitemap(extraPaths: handoutPages.map { SiteURL.handout($0.id).path }) { try sink.write("sitemap.xml", sitemap) }
                try sink.write("robots.txt", files.robots())
            },
        ]
        let jobCount = siteJobs.count + pages.count + handoutPages.count
        DispatchQueue.concurrentPerform(iterations: jobCount) { job in
            if job < siteJobs.count {
                record(siteJobs[job])
            } else if job < siteJobs.count + pages.count {
                let index = job - siteJobs.count
                let page = pages[index]
                guard let html = renderer.render(page, linkRewrites: rewrites[index]) else {
                    lock.lock()
                    problems.append(.error("template '\(SiteRenderer.templateName(for: page))' could not render this page", path: page.file.path))
                    lock.unlock()
                    return
                }
                record { try sink.write(SiteURL(page.sitePath).outputFile, html) }
            } else {
                let page = handoutPages[job - siteJobs.count - pages.count]
                guard let html = renderer.renderHandout(for: page) else { return }
                record { try sink.write(SiteURL.handout(page.id).outputFile, html) }
            }
        }
        if let writeError { throw writeError }
        return problems.sorted()
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

    private func checkTemplatesExist(for pages: [Page], in templates: TemplateSet) -> [Diagnostic] {
        var neededBy: [String: String] = ["404": "404.html"]
        if pages.contains(where: { $0.kind == .cellType || $0.kind == .treatment }) { neededBy["handout"] = "the handouts" }
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
    static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
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
