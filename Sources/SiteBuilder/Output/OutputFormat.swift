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

/// A file's bytes: text the build rendered, bytes it has already read, or a file copied as it is.
public enum RenderedFile: Sendable {
    case text(String)
    case data(Data)
    case copy(URL)

    /// The bytes, reading a copied file.
    public func bytes() throws -> Data {
        switch self {
        case .text(let text): return Data(text.utf8)
        case .data(let data): return data
        case .copy(let source): return try Data(contentsOf: source)
        }
    }
}

/// One file of the output: where it goes, a key of everything it is made from, and how to make it.
public struct OutputFile: Sendable {
    /// Relative to the site root: `drugs/olaparib/index.html`. After `AssetFingerprints`, the name it is published under.
    public let path: String
    /// Equal keys mean equal bytes: the preview renders a file again only when its key changed.
    /// Made from the parts of the sources the file reads (see `ResolvedSite`).
    public let key: Int
    /// What it is made from, for messages that name it.
    public let origin: Origin
    /// Whether `AssetFingerprints` puts a hash of its bytes in its name.
    public let naming: Naming
    /// nil when it could not be made; `failure` then says why (no failure: there is no such file).
    let make: @Sendable (PublishedNames) -> RenderedFile?
    /// True when `make` reads the published names (and so the file changes when they do).
    let readsNames: Bool
    let failure: Diagnostic?

    public enum Origin: Sendable, Hashable {
        /// Made by the build, from a content file or template when one is named.
        case generated(madeFrom: String?)
        /// Copied from Public/ (the path inside it).
        case publicFolder(String)
    }

    public enum Naming: Sendable, Hashable {
        /// Published under its own path.
        case fixed
        /// Published as `css/site.3f2a9c1b.css`, and referred to by that name and its SRI hash.
        case fingerprinted

        /// Stylesheets and scripts (the search index too) are fingerprinted, except in hidden
        /// folders (`.well-known/`), whose addresses others rely on.
        public static func byDefault(for path: String) -> Naming {
            guard path.hasSuffix(".css") || path.hasSuffix(".js") else { return .fixed }
            return path.split(separator: "/").contains { $0.hasPrefix(".") } ? .fixed : .fingerprinted
        }
    }

    public init(path: String, key: Int, origin: Origin = .generated(madeFrom: nil), naming: Naming? = nil, failure: Diagnostic? = nil,
                make: @escaping @Sendable () -> RenderedFile?) {
        self.init(path: path, key: key, origin: origin, naming: naming ?? .byDefault(for: path), failure: failure, readsNames: false) { _ in make() }
    }

    /// A file made from the names every other file is published under (the asset manifest,
    /// `_headers`, a list for a service worker). It keeps its own name.
    public init(path: String, key: Int, origin: Origin = .generated(madeFrom: nil), failure: Diagnostic? = nil,
                madeFromNames make: @escaping @Sendable (PublishedNames) -> RenderedFile?) {
        self.init(path: path, key: key, origin: origin, naming: .fixed, failure: failure, readsNames: true, make: make)
    }

    init(path: String, key: Int, origin: Origin, naming: Naming, failure: Diagnostic?, readsNames: Bool,
         make: @escaping @Sendable (PublishedNames) -> RenderedFile?) {
        self.path = path
        self.key = key
        self.origin = origin
        self.naming = naming
        self.failure = failure
        self.readsNames = readsNames
        self.make = make
    }

    /// The file's bytes: for a file that reads no names, or one whose names `AssetFingerprints` has given it.
    func render() -> RenderedFile? { make(.none) }
}

/// The names the files are published under: each fingerprinted file's published path and SRI
/// hash by the path it was made at, and every file's published path.
public struct PublishedNames: Sendable {
    public struct Asset: Sendable, Hashable {
        /// `css/site.3f2a9c1b.css`
        public let path: String
        /// `sha384-…`, or nil when the build leaves integrity out (`--no-integrity`).
        public let integrity: String?
    }

    /// By the path the file was made at (`css/site.css`).
    public let assets: [String: Asset]
    /// Every file of the output as published, sorted.
    public let paths: [String]
    /// Equal keys, equal names.
    public let key: Int

    public init(assets: [String: Asset], paths: [String]) {
        self.assets = assets
        self.paths = paths
        var hasher = Hasher()
        for (source, asset) in assets.sorted(by: { $0.key < $1.key }) {
            hasher.combine(source)
            hasher.combine(asset)
        }
        hasher.combine(paths)
        key = hasher.finalize()
    }

    /// Before the fingerprints are known; what the fingerprinted files themselves are made with.
    static let none = PublishedNames(assets: [:], paths: [])
}

extension OutputFile {
    /// The same file in a folder of the site (a translated edition's `es/`).
    func moved(under folder: String) -> OutputFile {
        folder.isEmpty ? self : OutputFile(path: folder + path, key: key, origin: origin, naming: naming, failure: failure, readsNames: readsNames, make: make)
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
    /// This edition's old addresses, whose redirect pages it renders.
    let redirects: [Redirect]
    /// Every edition's, each in its folder: the original's `_redirects` lists them all.
    let allRedirects: [Redirect]
    /// The pages that get a handout, in the guide's order.
    public var handoutPages: [Page] { SiteRenderer.handoutPages(of: guide) }
    /// Everything every page reads: settings, every page's front matter and place, the list of
    /// Public/ files. A page's own body is not in it.
    let sharedKey: Int
    /// Each page's whole text, by content path.
    let bodyKeys: [String: Int]
    private let templateKeys: [String: Int]

    /// The edition's folder in the site (`es/`), before every path of its files; empty for the original.
    public let folder: String
    /// True for a translated edition, which has its pages, handouts, search and 404 page but
    /// shares the original's assets, sitemap and model.
    public var isTranslation: Bool { !folder.isEmpty }

    /// `edition` is nil for the original edition; `editions` lists them all, for links between them;
    /// `names`, when set, records its pages' contexts for the template name check.
    init(guide: Guide, sources: SourceSet, options: BuildOptions, links: [String: [Int: LinkTarget]],
         edition: EditionSource? = nil, editions: Editions? = nil, names: TemplateNameCheck.Names? = nil,
         redirects: [Redirect] = [], allRedirects: [Redirect]? = nil) {
        self.guide = guide
        self.redirects = redirects
        self.allRedirects = allRedirects ?? redirects
        templates = sources.templates
        folder = edition.map { $0.folder + "/" } ?? ""
        let strings = edition?.strings ?? sources.strings
        renderer = SiteRenderer(guide: guide, templates: sources.templates.filled(with: strings), baseURL: edition?.settings.baseURL ?? sources.settings.baseURL,
                                wording: Wording(strings: strings), editions: editions, names: names)
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
        shared.combine(edition?.strings.key)
        // Pages link to their translations, so every page depends on which pages each edition has.
        for other in editions?.all ?? [] { shared.combine(other.sitePaths.sorted()) }
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
