import FrontMatter
import Diagnostics
import Markdown

/// What a page is, decided by the folder it lives in. Everything the build knows about a kind is
/// its `descriptor`, one exhaustive switch: a new kind is one case there, one template and its tests.
public enum PageKind: String, Sendable, CaseIterable {
    case home, page, section
    case cellType = "cell-type"
    case treatment, drug, option
    case sideEffect = "side-effect"
    case term

    public struct Descriptor: Sendable {
        /// The folder under `Content/` that holds pages of this kind, if it has one of its own.
        public let folder: String?
        /// The template its pages are rendered with (a plain page may name another).
        public let template: String
        /// True when `guide new` can start a page of this kind.
        public let hasSkeleton: Bool
        /// True when the page shows its kind above its title ("Drug", "Side effect").
        public let showsKind: Bool
    }

    public var descriptor: Descriptor {
        switch self {
        case .home: return Descriptor(folder: nil, template: "home", hasSkeleton: false, showsKind: false)
        case .page: return Descriptor(folder: nil, template: "page", hasSkeleton: false, showsKind: false)
        case .section: return Descriptor(folder: nil, template: "section", hasSkeleton: false, showsKind: false)
        case .cellType: return Descriptor(folder: "cell-types", template: "cell-type", hasSkeleton: true, showsKind: true)
        case .treatment: return Descriptor(folder: "treatments", template: "treatment", hasSkeleton: true, showsKind: true)
        case .drug: return Descriptor(folder: "drugs", template: "drug", hasSkeleton: true, showsKind: true)
        case .option: return Descriptor(folder: "options", template: "option", hasSkeleton: true, showsKind: true)
        case .sideEffect: return Descriptor(folder: "side-effects", template: "side-effect", hasSkeleton: true, showsKind: true)
        case .term: return Descriptor(folder: "glossary", template: "term", hasSkeleton: true, showsKind: true)
        }
    }

    /// The kinds with a folder of their own, by that folder.
    public static let folders: [String: PageKind] = Dictionary(uniqueKeysWithValues: allCases.compactMap { kind in
        kind.descriptor.folder.map { ($0, kind) }
    })

    /// The folder under `Content/` for this kind, if it has one of its own.
    public var folder: String? { descriptor.folder }
}

public struct Source: Sendable, Hashable {
    public let title: String
    public let url: String
}

/// One Markdown file of the content tree: its place in the site, its common front matter and
/// its parsed body. Kind-specific fields are read by the model (see `Guide`).
///
/// Unchecked, because three members are not values, each written by one task only:
/// `body` is set once, by the task that loads the page (`PageBody.prerender`), before the page is
/// shared; the same render rewrites and frees `markdown`'s tree, after which only what parsing
/// collected (and the cached plain text) is read; `frontMatter` records what is read, during init
/// for loading's reader, and for each run of the model on a fresh copy (`forModel`) whose reader
/// one task uses at a time. To check it instead: render the body in init, keep a value outline
/// instead of the `MarkdownDocument`, and put the reader's records under a lock (Yams' `Node`,
/// which the reader holds, is not Sendable).
public final class Page: @unchecked Sendable {
    public let file: SourceFile
    /// Path relative to the content folder, with forward slashes: `drugs/olaparib.md`.
    public let contentPath: String
    public let kind: PageKind
    /// The file name without `.md` (`olaparib`); for section pages, the folder name.
    public let id: String
    /// Folder of the page in the site, relative to the root, ending in `/` (empty for the home page).
    public let sitePath: String
    /// The top-level folder (`drugs`), or nil for top-level pages.
    public let section: String?
    /// The reader of the front matter. A loaded page's reader holds what loading reported; the
    /// model reads a copy of the page (see `forModel`) so that loading's page stays as it was read.
    public let frontMatter: FrontMatter
    /// What reading the common fields found wrong, once, when the file was loaded.
    public let loadDiagnostics: [Diagnostic]
    private let loadKeys: Set<String>
    public let markdown: MarkdownDocument
    public let bodyLineOffset: Int
    /// A hash of the front matter's text: what the model reads of this page, and the pages that
    /// show its title, lists or links are made from.
    public let frontMatterKey: Int
    /// The body as HTML, rendered while loading (see `MarkdownDocument.renderOnce`), with holes
    /// for the links and glossary terms that are filled in when the page is rendered.
    public var body: RenderedBody?

    public let title: String
    public let summary: String
    public let reviewed: GuideDate?
    public let reviewedLocation: (line: Int, column: Int)
    public let sources: [Source]
    public let template: String?
    public let order: Int?
    /// For a page of a translated edition: the original (English) page it translates.
    public let original: Page?
    /// For a translated page: the original's `reviewed` date the translation follows (`translated-from`).
    public let translatedFrom: Located<GuideDate>?

    /// For a translation that follows an older version of its original: the review it follows and
    /// the original's newer one. The one rule for "out of date", wherever it is said.
    public var translationBehind: (follows: GuideDate, reviewed: GuideDate)? {
        guard let follows = translatedFrom?.value, let reviewed = original?.reviewed, follows < reviewed else { return nil }
        return (follows, reviewed)
    }
    /// Addresses this page had before (`glossary/hospice/`): each gets a page that sends readers on.
    public let movedFrom: [Located<String>]

    init(file: SourceFile, contentPath: String, frontMatter: FrontMatter, frontMatterText: String, body: String, bodyLineOffset: Int,
         options: MarkdownOptions, original: Page? = nil, translatedFrom: Located<GuideDate>? = nil) {
        self.file = file
        self.original = original
        self.translatedFrom = translatedFrom
        frontMatterKey = frontMatterText.hashValue
        self.contentPath = contentPath
        self.frontMatter = frontMatter
        self.bodyLineOffset = bodyLineOffset
        let (kind, id, sitePath, section) = Page.place(contentPath)
        self.kind = kind
        self.id = id
        self.sitePath = sitePath
        self.section = section
        markdown = MarkdownDocument(body, options: options)

        title = frontMatter.string("title", required: true)?.value ?? id
        summary = frontMatter.string("summary", required: true)?.value ?? ""
        let reviewed = frontMatter.date("reviewed", required: true)
        self.reviewed = reviewed?.value
        reviewedLocation = reviewed.map { ($0.line, $0.column) } ?? frontMatter.location(of: "reviewed")
        let records = frontMatter.records("sources", fields: ["title", "url"], required: ["title", "url"])
        if !frontMatter.has("sources") {
            frontMatter.report(.error, "missing required field 'sources' (where the facts on this page come from)", line: 1, column: 1,
                               suggestion: "add 'sources:' with at least one '- title: …' and 'url: …'")
        } else if records.isEmpty {
            let (line, column) = frontMatter.location(of: "sources")
            frontMatter.report(.error, "'sources' is empty: every page needs at least one source", line: line, column: column,
                               suggestion: "add '- title: …' and 'url: …' for the label, paper or NCI page the facts come from")
        }
        sources = records.compactMap { record in
            guard let title = record.fields["title"], let url = record.fields["url"] else { return nil }
            if !(url.value.hasPrefix("https://") || url.value.hasPrefix("http://")) {
                frontMatter.report(.error, "source URL must start with https:// or http://", at: url,
                                   suggestion: "copy the full address from the browser, e.g. https://www.cancer.gov/…")
            }
            return Source(title: title.value, url: url.value)
        }
        template = frontMatter.string("template")?.value
        order = frontMatter.int("order")?.value
        movedFrom = frontMatter.strings("moved-from")
        loadDiagnostics = frontMatter.diagnostics
        loadKeys = frontMatter.keysRead
    }

    /// The same page with a front-matter reader that has recorded nothing: what one run of the model reads.
    private init(copying page: Page, sitePath: String? = nil) {
        file = page.file
        contentPath = page.contentPath
        kind = page.kind
        id = page.id
        self.sitePath = sitePath ?? page.sitePath
        original = page.original
        translatedFrom = page.translatedFrom
        section = page.section
        frontMatter = page.frontMatter.fresh(knowing: page.loadKeys)
        loadDiagnostics = page.loadDiagnostics
        loadKeys = page.loadKeys
        markdown = page.markdown
        bodyLineOffset = page.bodyLineOffset
        frontMatterKey = page.frontMatterKey
        body = page.body
        title = page.title
        summary = page.summary
        reviewed = page.reviewed
        reviewedLocation = page.reviewedLocation
        sources = page.sources
        template = page.template
        order = page.order
        movedFrom = page.movedFrom
    }

    /// A copy for one run of the model, which records its findings on the copy's reader.
    func forModel() -> Page { Page(copying: self) }

    /// This page as a translated edition lists it when it has no translation: the original, at its
    /// address one folder up (`../drugs/olaparib/` from the edition's root), so links to it leave
    /// the edition for the original's page.
    public func untranslated() -> Page { Page(copying: self, sitePath: Page.otherEdition + sitePath) }

    /// The prefix of the addresses of untranslated pages in an edition.
    public static let otherEdition = "../"

    /// True for an original page listed by a translated edition that has no translation of it.
    public var isUntranslated: Bool { sitePath.hasPrefix(Page.otherEdition) }

    /// Where a content file goes: `drugs/olaparib.md` is the drug `olaparib` at `drugs/olaparib/`.
    static func place(_ contentPath: String) -> (PageKind, String, String, String?) {
        var components = contentPath.split(separator: "/").map(String.init)
        let fileName = components.removeLast()
        let stem = String(fileName.dropLast(3))
        let section = components.first
        if stem == "index" {
            let sitePath = components.isEmpty ? "" : components.joined(separator: "/") + "/"
            return (components.isEmpty ? .home : .section, components.last ?? "index", sitePath, section)
        }
        let sitePath = (components + [stem]).joined(separator: "/") + "/"
        let kind = components.count == 1 ? (PageKind.folders[components[0]] ?? .page) : .page
        return (kind, stem, sitePath, section)
    }

    /// The body line in the file, for positions that cmark reports relative to the body.
    public func fileLine(_ bodyLine: Int) -> Int { bodyLine + bodyLineOffset }

    public func diagnostic(_ severity: Diagnostic.Severity, _ message: String, at position: MarkdownPosition, suggestion: String? = nil) -> Diagnostic {
        let line = fileLine(position.line)
        return file.diagnostic(severity, message, line: line, column: file.characterColumn(line: line, byteColumn: position.column), suggestion: suggestion)
    }
}

extension Page {
    /// Reads one content file into a page. All problems come back as diagnostics; a page is
    /// returned whenever its front matter could be parsed at all, so that later checks still run.
    public static func load(_ file: SourceFile, contentPath: String, options: MarkdownOptions) -> (Page?, [Diagnostic]) {
        let split: SplitPage, frontMatter: FrontMatter
        switch read(file) {
        case .success(let value): (split, frontMatter) = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let page = Page(file: file, contentPath: contentPath, frontMatter: frontMatter, frontMatterText: split.yaml, body: split.body,
                        bodyLineOffset: split.bodyLineOffset, options: options)
        return (page, [])
    }
}

extension Page {
    /// A file's front matter and body, split and parsed; the first mistake that stops reading.
    static func read(_ file: SourceFile) -> Result<(SplitPage, FrontMatter), Diagnostic> {
        FrontMatterSplitter.split(file).flatMap { split in FrontMatter.parse(split, in: file).map { (split, $0) } }
    }
}
