import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import GuideModel
import Markdown

/// Checks every link in every page and works out what it becomes in the site. Links to other
/// pages are written as relative paths to their `.md` files, so they also work when the Markdown
/// is read on its own; here they turn into links between the pages' folders.
struct LinkResolver {
    let pagesByContentPath: [String: Page]
    /// Files under Public/, relative to the site root, that a link may point at.
    let publicFiles: Set<String>
    /// Pages that exist but could not be loaded; their own diagnostics already say why.
    let brokenPages: Set<String>
    /// Pages by their address in the site (`drugs/olaparib/`), to suggest the file for a link to an address.
    let pagesBySitePath: [String: Page]
    /// The heading ids of each page, by content path: a page of 40,000 headings linking to its own
    /// headings must not look through them all for each link.
    let headingIDs: [String: Set<String>]

    init(pages: [Page], allContentPaths: Set<String>, publicFiles: Set<String>) {
        pagesByContentPath = Dictionary(pages.map { ($0.contentPath, $0) }, uniquingKeysWith: { first, _ in first })
        pagesBySitePath = Dictionary(pages.map { ($0.sitePath, $0) }, uniquingKeysWith: { first, _ in first })
        brokenPages = allContentPaths.subtracting(pagesByContentPath.keys)
        headingIDs = pagesByContentPath.mapValues { Set($0.markdown.headings.map(\.id)) }
        self.publicFiles = publicFiles
    }

    /// For one page: the target of each of its links to pages and files (by position in `markdown.links`), and the problems.
    func resolve(_ page: Page) -> (targets: [Int: LinkTarget], diagnostics: [Diagnostic]) {
        var targets: [Int: LinkTarget] = [:]
        var diagnostics: [Diagnostic] = []
        var problems = 0
        for (index, link) in page.markdown.links.enumerated() {
            switch target(of: link, on: page) {
            case .leave:
                break
            case .target(let target):
                targets[index] = target
            case .problem(let message, let suggestion):
                problems += 1
                // Each diagnostic holds its source line: a page of 200,000 broken links must not hold
                // 200,000 copies. The suggestion (a search of every heading or page) is made only for those shown.
                if problems <= Self.problemsPerPage {
                    diagnostics.append(page.diagnostic(.error, message, at: link.position, suggestion: suggestion()))
                }
            }
        }
        if problems > Self.problemsPerPage {
            diagnostics.append(Diagnostic(.error, "and \(problems - Self.problemsPerPage) more broken links on this page", path: page.file.path,
                                               suggestion: "fix the ones above first; the rest are often the same mistake"))
        }
        return (targets, diagnostics)
    }

    private enum Outcome {
        case leave
        case target(LinkTarget)
        /// The message, and how to work out the suggestion.
        case problem(String, () -> String?)
    }

    private func target(of link: Link, on page: Page) -> Outcome {
        let destination = link.destination
        if destination.isEmpty {
            return .problem("link has no destination", { "write the target between the parentheses: [text](../drugs/olaparib.md)" })
        }
        if LinkTarget.hasScheme(destination) { return checkScheme(destination) }
        let (rawPath, fragment) = Self.splitFragment(destination)
        if rawPath.isEmpty {
            guard let fragment else { return .leave }
            return checkFragment(fragment, in: page, linkedFrom: page)
        }
        if rawPath.hasPrefix("/") {
            return .problem("link '\(destination)' starts with '/', which breaks the site under a sub-path or from disk",
                            { "link to the file relative to this page, e.g. \(suggestRelative(for: String(rawPath.dropFirst()), from: page))" })
        }
        // Foundation's decoding, and its path functions, only where they can change something.
        let path = rawPath.utf8.contains(UInt8(ascii: "%")) ? rawPath.removingPercentEncoding ?? rawPath : rawPath
        let folder = page.contentPath.lastIndex(of: "/").map { String(page.contentPath[..<$0]) } ?? ""
        guard let resolved = Self.normalize(folder.isEmpty ? path : folder + "/" + path) else {
            let depth = folder.split(separator: "/").count
            return .problem("link '\(destination)' points outside the content folder",
                            { depth == 0 ? "this page is at the top of the content folder: drop the '../'"
                                : "this page is \(plural(depth, "folder")) down, so at most \(depth) '../' stay inside the content folder" })
        }
        if resolved.hasSuffix(".md") {
            if brokenPages.contains(resolved) { return .leave }
            guard let target = pagesByContentPath[resolved] else {
                return .problem("link to a missing page '\(path)'", {
                    // Section pages (index.md) share a name and would be suggested for every typo.
                    let linksToIndex = resolved.hasSuffix("index.md")
                    let candidates = pagesByContentPath.keys.sorted().filter { linksToIndex || !$0.hasSuffix("index.md") }
                    let closest = Suggestion.closest(to: resolved, in: candidates)
                        ?? candidates.first { ($0 as NSString).lastPathComponent == (resolved as NSString).lastPathComponent }
                    return closest.map { "did you mean '\(Self.relativePath(from: folder, to: $0))'?" }
                })
            }
            if let fragment {
                if case .problem(let message, let suggestion) = checkFragment(fragment, in: target, linkedFrom: page) {
                    return .problem(message, suggestion)
                }
            }
            return .target(.page(target.sitePath, fragment: fragment))
        }
        if resolved.hasSuffix("/") || pagesByContentPath[resolved + "/index.md"] != nil || pagesByContentPath[resolved + ".md"] != nil {
            let base = resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
            let page = pagesByContentPath[base + "/index.md"] != nil ? base + "/index.md" : base + ".md"
            return .problem("link '\(destination)' points at a folder or address, not at a page file",
                            { "link to the Markdown file: '\(Self.relativePath(from: folder, to: page))'" })
        }
        // `../drugs/olaparib/index.html` (or `olaparib.html`): the built page, which does not exist when the Markdown is read
        // on its own. Any other `.html` may be a file in Public/.
        if resolved.hasSuffix(".html"), let built = pagesBySitePath[Self.builtAddress(resolved)] {
            return .problem("link '\(destination)' points at a built page, not at its Markdown file",
                            { "link to '\(Self.relativePath(from: folder, to: built.contentPath))'" })
        }
        guard publicFiles.contains(resolved) else {
            return .problem("link to a missing file '\(path)'", {
                Suggestion.closest(to: resolved, in: publicFiles).map { "did you mean '\(Self.relativePath(from: folder, to: $0))'?" }
                    ?? "put the file in Public/\(resolved)"
            })
        }
        return .target(.file(resolved, fragment: fragment))
    }

    /// Addresses with a scheme are left as written, except those a reader cannot or must not follow.
    private func checkScheme(_ destination: String) -> Outcome {
        let scheme = destination.prefix { $0 != ":" }.lowercased()
        if scheme == "javascript" || scheme == "data" || scheme == "vbscript" {
            return .problem("'\(scheme):' links are not allowed: they can run code in a reader's browser", { "link to a page or to an https:// address" })
        }
        if ["http", "https"].contains(scheme), let host = URL(string: destination)?.host?.lowercased(),
           ["localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"].contains(host) || host.hasSuffix(".localhost") {
            return .problem("link to '\(host)', the preview on your own computer, which readers cannot reach",
                            { "link to the page's Markdown file instead, e.g. '../drugs/olaparib.md'" })
        }
        return .leave
    }

    private func checkFragment(_ fragment: String, in target: Page, linkedFrom page: Page) -> Outcome {
        if headingIDs[target.contentPath]?.contains(fragment) == true || fragment.hasPrefix("fn-") || fragment.hasPrefix("fnref-") { return .leave }
        let where_ = target === page ? "this page" : "'\(target.contentPath)'"
        return .problem("link to a missing heading '#\(fragment)' on \(where_)", {
            let ids = target.markdown.headings.map(\.id)
            return Suggestion.didYouMean(fragment, in: ids) ?? (ids.isEmpty ? "that page has no headings" : "headings there: \(ids.prefix(6).joined(separator: ", "))")
        })
    }

    private func suggestRelative(for rootRelative: String, from page: Page) -> String {
        let folder = (page.contentPath as NSString).deletingLastPathComponent
        // `/drugs/olaparib/` is a page's address: suggest the file it is made from.
        let address = rootRelative.hasSuffix("index.html") ? String(rootRelative.dropLast("index.html".count)) : rootRelative
        if let target = pagesBySitePath[address.hasSuffix("/") || address.isEmpty ? address : address + "/"] {
            return "'\(Self.relativePath(from: folder, to: target.contentPath))'"
        }
        var target = rootRelative.hasSuffix("/") ? rootRelative + "index.md" : rootRelative
        if !target.hasSuffix(".md"), pagesByContentPath[target + ".md"] != nil { target += ".md" }
        return "'\(Self.relativePath(from: folder, to: target))'"
    }

    static let problemsPerPage = 40

    /// The page address an `.html` path would be built from: `drugs/olaparib/index.html` and `drugs/olaparib.html` are `drugs/olaparib/`.
    static func builtAddress(_ htmlPath: String) -> String {
        htmlPath.hasSuffix("/index.html") || htmlPath == "index.html" ? String(htmlPath.dropLast("index.html".count)) : String(htmlPath.dropLast(".html".count)) + "/"
    }

    static func splitFragment(_ destination: String) -> (String, String?) {
        guard let hash = destination.firstIndex(of: "#") else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[destination.index(after: hash)...]))
    }

    /// Resolves `.` and `..`; nil when the path climbs above the root.
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/") + (path.hasSuffix("/") && !parts.isEmpty ? "/" : "")
    }

    /// `drugs/olaparib.md` as seen from the folder `treatments` is `../drugs/olaparib.md`.
    static func relativePath(from folder: String, to target: String) -> String {
        let from = folder.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to.dropFirst(common).map(String.init)).joined(separator: "/")
    }
}
