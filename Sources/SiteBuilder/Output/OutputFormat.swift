import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import SiteTemplates
import GuideModel
import Markdown

/// One kind of output of the build (the site's pages, the handouts, their PDFs): the files it
/// makes from the resolved guide. The driver renders every format with the same loop and hands
/// the files to one writer, so a new output is a new format, not a new build.
public protocol OutputFormat: Sendable {
    /// The files of this format; each is rendered only when its key is new.
    func files(for site: ResolvedSite) -> [OutputFile]
    /// Work on the written files before they are published (printing PDFs from the handouts);
    /// problems go into `report`, whose errors stop the output from being published.
    func finish(in writer: OutputWriter, site: ResolvedSite, report: inout BuildReport) throws
}

extension OutputFormat {
    public func finish(in writer: OutputWriter, site: ResolvedSite, report: inout BuildReport) throws {}
}

/// A file's bytes: text the build rendered, a file copied as it is, or bytes made from another file.
public enum RenderedFile: Sendable {
    case text(String)
    case copy(URL)
    case data(Data)

    public func bytes() throws -> Data {
        switch self {
        case .text(let text): return Data(text.utf8)
        case .copy(let source): return try Data(contentsOf: source)
        case .data(let data): return data
        }
    }
}

/// One file of the output: where it goes, a key of everything it is made from, and how to make it.
public struct OutputFile: Sendable {
    /// Relative to the site root: `drugs/olaparib/index.html`.
    public let path: String
    /// Equal keys mean equal bytes: the preview renders a file again only when its key changed.
    /// Made from the parts of the sources the file reads (see `ResolvedSite`).
    public let key: Int
    /// nil when it could not be made; `failure` then says why (no failure: there is no such file).
    let make: @Sendable () -> RenderedFile?
    let failure: Diagnostic?

    public init(path: String, key: Int, failure: Diagnostic? = nil, make: @escaping @Sendable () -> RenderedFile?) {
        self.path = path
        self.key = key
        self.failure = failure
        self.make = make
    }
}

/// Everything the formats render from: the model, the templates, each page's link targets, and
/// the keys that say what each file depends on.
public struct ResolvedSite: Sendable {
    public let guide: Guide
    let templates: TemplateSet
    let renderer: SiteRenderer
    /// The targets of each page's links, by the page's content path.
    let links: [String: [Int: LinkTarget]]
    let publicFolder: URL
    let publicFiles: [String: Int]
    /// Where the output is published (for messages about its files).
    public let outputFolder: URL
    /// The old addresses of pages (their `moved-from:`) and where they lead.
    let redirects: [Redirect]
    /// The pages that get a handout, in the guide's order.
    public var handoutPages: [Page] { SiteRenderer.handoutPages(of: guide) }
    /// Everything every page reads: settings, every page's front matter and place, the list of
    /// Public/ files. A page's own body is not in it.
    let sharedKey: Int
    /// Each page's whole text, by content path.
    let bodyKeys: [String: Int]
    private let templateKeys: [String: Int]

    init(guide: Guide, sources: SourceSet, options: BuildOptions, links: [String: [Int: LinkTarget]], redirects: [Redirect]) {
        self.guide = guide
        self.redirects = redirects
        templates = sources.templates
        renderer = SiteRenderer(guide: guide, templates: sources.templates, baseURL: sources.settings.baseURL, wording: Wording(strings: sources.strings))
        self.links = links
        publicFolder = options.publicFolder
        outputFolder = options.outputFolder
        publicFiles = sources.publicFiles
        var shared = Hasher()
        shared.combine(sources.settings)
        for page in guide.pages {
            shared.combine(page.contentPath)
            shared.combine(page.frontMatterKey)
        }
        shared.combine(sources.contentPaths.sorted())
        shared.combine(sources.publicFiles.keys.sorted())
        shared.combine(sources.strings.key)
        sharedKey = shared.finalize()
        bodyKeys = Dictionary(uniqueKeysWithValues: guide.pages.map { ($0.contentPath, $0.file.text.hashValue) })
        var templateKeys: [String: Int] = [:]
        for name in sources.templates.names {
            var hasher = Hasher()
            for reached in sources.templates.reached(from: [name]).sorted() {
                hasher.combine(reached)
                hasher.combine(sources.templates.files[reached]?.source.text)
            }
            templateKeys[name] = hasher.finalize()
        }
        self.templateKeys = templateKeys
    }

    /// The key of a file made with `template` from the shared inputs and the bodies of `pages`.
    func key(_ path: String, template: String? = nil, bodies pages: [Page] = []) -> Int {
        var hasher = Hasher()
        hasher.combine(path)
        hasher.combine(sharedKey)
        if let template { hasher.combine(templateKeys[template]) }
        for page in pages { hasher.combine(bodyKeys[page.contentPath]) }
        return hasher.finalize()
    }
}
