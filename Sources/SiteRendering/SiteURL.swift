import Foundation

/// The one place that makes the site's addresses. Every link in the output is relative to the
/// page that holds it and names `index.html` explicitly, so the same files work at a domain root,
/// under any sub-path and opened from disk (`file://` does not look for `index.html` on its own).
public struct SiteURL: Sendable, Hashable {
    /// A folder of the site relative to its root, ending in `/`; empty for the root.
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    public static let root = SiteURL("")

    /// The printable handout of a cell type or treatment.
    public static func handout(_ id: String) -> SiteURL { SiteURL("handouts/\(id)/") }

    /// `../..` steps from this page's folder back to the site root, as a prefix ("" or "../../").
    public var rootPrefix: String {
        String(repeating: "../", count: path.split(separator: "/").count)
    }

    /// A link from this page to another page's folder (its `index.html`), with an optional fragment.
    public func link(to target: SiteURL, fragment: String? = nil) -> String {
        var link = target == self ? "index.html" : relative(to: target.path + "index.html")
        if let fragment, !fragment.isEmpty { link += "#" + fragment }
        return link
    }

    /// A link from this page to a file given relative to the site root (`css/site.css`).
    public func asset(_ rootRelative: String) -> String { relative(to: rootRelative) }

    /// The path of the base URL (`/guide/` of `https://example.org/guide/`), from which a page
    /// served at any depth (404.html) links by path; `/` without one. Never a scheme and host, so
    /// the links work on any host the files are copied to (a preview, staging, http or https).
    public static func basePath(of baseURL: String?) -> String {
        guard let baseURL, let path = URLComponents(string: baseURL)?.percentEncodedPath, path.hasPrefix("/") else { return "/" }
        return path
    }

    /// The absolute address for canonical links and the sitemap (pretty: the folder, no index.html).
    public func absolute(base: String) -> String { base + path }

    /// The file this page is written to.
    public var outputFile: String { path + "index.html" }

    /// The shared folders are the longest common prefix that ends in `/`; from there, one `../`
    /// for each folder left in this page's path. Compared as bytes: a page makes hundreds of links.
    private func relative(to rootRelative: String) -> String {
        let slash = UInt8(ascii: "/")
        var common = 0
        for (offset, (a, b)) in zip(path.utf8, rootRelative.utf8).enumerated() {
            guard a == b else { break }
            if a == slash { common = offset + 1 }
        }
        let ups = path.utf8.dropFirst(common).lazy.filter { $0 == slash }.count
        return String(repeating: "../", count: ups) + String(decoding: rootRelative.utf8.dropFirst(common), as: UTF8.self)
    }
}
