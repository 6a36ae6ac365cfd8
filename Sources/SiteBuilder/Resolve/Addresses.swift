import Diagnostics
import Foundation
import FrontMatter
import GuideModel
import SiteRendering

/// Every address a build publishes (its pages, their handouts, and each old address a page's
/// `moved-from:` keeps), and the redirects from those old addresses.
struct SiteAddresses {
    /// Site paths ("", "drugs/olaparib/"), as `Page.sitePath`.
    let published: Set<String>
    let redirects: [Redirect]
    let diagnostics: [Diagnostic]

    init(pages: [Page], handoutPages: [Page]) {
        var current: [String: Page] = [:]
        for page in pages { current[page.sitePath] = current[page.sitePath] ?? page }
        for page in handoutPages { current[SiteURL.handout(page.id).path] = page }
        var redirects: [String: Redirect] = [:]
        var claimedBy: [String: Page] = [:]
        var diagnostics: [Diagnostic] = []
        let handouts = Set(handoutPages.map(\.contentPath))
        for page in pages {
            for written in page.movedFrom {
                guard let old = Self.sitePath(written.value) else {
                    diagnostics.append(page.file.error("moved-from '\(written.value)' is not an address of this site", line: written.line, column: written.column,
                                                       suggestion: "write the old address from the site root, as it was published: e.g. glossary/hospice/"))
                    continue
                }
                if let owner = current[old] {
                    diagnostics.append(page.file.error("moved-from '\(written.value)' is the address of \(owner === page ? "this page" : owner.file.path) now",
                                                       line: written.line, column: written.column,
                                                       suggestion: "remove it from moved-from: an address that is still a page needs no redirect"))
                    continue
                }
                if let other = claimedBy[old], other !== page {
                    diagnostics.append(page.file.error("moved-from '\(written.value)' is also claimed by \(other.file.path)", line: written.line, column: written.column,
                                                       suggestion: "an old address can lead to one page only: keep it on one of the two"))
                    continue
                }
                claimedBy[old] = page
                redirects[old] = Redirect(from: old, to: page.sitePath, title: page.title)
                // A cell type or treatment that moves takes its handout with it.
                let parts = old.split(separator: "/")
                if handouts.contains(page.contentPath), parts.count == 2, String(parts[0]) == page.kind.folder {
                    let oldHandout = SiteURL.handout(String(parts[1])).path
                    if current[oldHandout] == nil, redirects[oldHandout] == nil {
                        redirects[oldHandout] = Redirect(from: oldHandout, to: SiteURL.handout(page.id).path, title: page.title)
                    }
                }
            }
        }
        self.redirects = redirects.values.sorted { $0.from < $1.from }
        published = Set(current.keys).union(redirects.keys)
        self.diagnostics = diagnostics
    }

    private init(published: Set<String>, redirects: [Redirect], diagnostics: [Diagnostic]) {
        self.published = published
        self.redirects = redirects
        self.diagnostics = diagnostics
    }

    /// These addresses and a translated edition's, in its folder (`es/`). The edition's redirects
    /// are its own (rendered with it), and its problems are the original's, said once.
    func adding(_ edition: SiteAddresses, under folder: String) -> SiteAddresses {
        SiteAddresses(published: published.union(edition.published.map { folder + $0 }), redirects: redirects, diagnostics: diagnostics)
    }

    /// `glossary/hospice/` from what an editor writes (`/glossary/hospice`, `glossary/hospice/index.html`), or
    /// nil when it cannot be an address of the site.
    static func sitePath(_ written: String) -> String? {
        var path = written.trimmingCharacters(in: .whitespaces)
        if path.hasPrefix("/") { path.removeFirst() }
        if path.hasSuffix("index.html") { path.removeLast("index.html".count) }
        if !path.isEmpty, !path.hasSuffix("/") { path += "/" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.allSatisfy(allowed.contains) }) else { return nil }
        return path
    }
}

/// Every address the guide has ever published, kept in `Content/addresses.txt` and committed like a
/// lock file: `guide build` adds the new ones, and an address that no page has any more (nor a
/// `moved-from:`) fails the build, so a printed handout's address keeps working after a rename.
struct AddressLedger {
    static let fileName = "addresses.txt"
    static let header = """
        # Every address this guide has published, one a line, kept by `guide build`: it adds new ones.
        # An address that is no longer a page fails the build: add `moved-from: [its/old/address/]`
        # to the front matter of the page that took its place, and readers are sent there.

        """

    let url: URL
    /// nil when there is no ledger yet: the first build writes it.
    let file: SourceFile?
    /// Site paths with the line each is on.
    let entries: [(path: String, line: Int)]
    let diagnostics: [Diagnostic]

    init(contentFolder: URL) {
        url = contentFolder.appendingPathComponent(Self.fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            file = nil
            entries = []
            diagnostics = []
            return
        }
        let file = SourceFile(path: SiteBuild.displayPath(url), text: text)
        var entries: [(String, Int)] = []
        var diagnostics: [Diagnostic] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed == "/" {
                entries.append(("", index + 1))
            } else if trimmed.hasPrefix("/"), let path = SiteAddresses.sitePath(trimmed) {
                entries.append((path, index + 1))
            } else {
                diagnostics.append(file.error("'\(trimmed)' is not an address of this site", line: index + 1, column: 1,
                                              suggestion: "each line is an address from the site root, starting and ending with '/': /drugs/olaparib/"))
            }
        }
        self.file = file
        self.entries = entries
        self.diagnostics = diagnostics
    }

    /// An error for each address of the ledger that this build would not publish.
    func check(_ addresses: SiteAddresses, pages: [Page]) -> [Diagnostic] {
        guard let file else { return diagnostics }
        let pageByPath = Dictionary(pages.map { ($0.sitePath, $0) }) { first, _ in first }
        let vanished = Set(entries.map(\.path)).subtracting(addresses.published)
        var problems = diagnostics
        for (path, line) in entries where vanished.contains(path) {
            let parts = path.split(separator: "/").map(String.init)
            // A handout goes with its page: the page's own error says what brings both back.
            if parts.count == 2, parts[0] == "handouts",
               PageKind.allCases.contains(where: { $0.folder.map { vanished.contains("\($0)/\(parts[1])/") } ?? false }) { continue }
            let likely = likelyPage(for: path, among: pageByPath)
            let fix = "moved-from: [\(path)]"
            let suggestion = likely.flatMap { pageByPath[$0] }.map { "if it is now \($0.file.path), add `\(fix)` to that page's front matter" }
                ?? "add `\(fix)` to the front matter of the page that took its place"
            problems.append(file.error("address '/\(path)' was published before, and no page has it now", line: line, column: 1,
                                       suggestion: suggestion + "; readers who saved or printed the old address are then sent on"))
        }
        return problems
    }

    /// The page an address probably went to. A renamed page is new since the ledger was written,
    /// so first a new page in the same folder (the most similar, or the only one), then any page
    /// with a similar address, then the only new page.
    func likelyPage(for path: String, among pageByPath: [String: Page]) -> String? {
        let known = Set(entries.map(\.path))
        let new = pageByPath.keys.filter { !$0.isEmpty && !known.contains($0) }.sorted()
        func folder(_ path: String) -> String { (String(path.dropLast()) as NSString).deletingLastPathComponent }
        let newHere = new.filter { folder($0) == folder(path) }
        return Suggestion.closest(to: path, in: newHere)
            ?? (newHere.count == 1 ? newHere[0] : nil)
            ?? Suggestion.closest(to: path, in: pageByPath.keys.filter { !$0.isEmpty })
            ?? (new.count == 1 ? new[0] : nil)
    }

    /// The ledger with every published address, or nil when it already has them all.
    func text(recording addresses: SiteAddresses) -> String? {
        let all = addresses.published.union(entries.map(\.path))
        if file != nil, all.count == entries.count, Set(entries.map(\.path)) == all { return nil }
        return Self.header + all.sorted().map { "/" + $0 }.joined(separator: "\n") + "\n"
    }

    func record(_ addresses: SiteAddresses) -> Diagnostic? {
        guard let text = text(recording: addresses) else { return nil }
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            return nil
        } catch {
            return Diagnostic(.warning, "could not record the site's addresses in \(SiteBuild.displayPath(url)): \(error.localizedDescription)",
                              path: SiteBuild.displayPath(url), suggestion: "make the content folder writable, and build again")
        }
    }
}
