/// An address a page had before (its `moved-from:`), kept working: a page there sends readers on,
/// and `_redirects` tells hosts that read it to answer 301.
public struct Redirect: Sendable, Hashable {
    /// Site paths, as `Page.sitePath`: `glossary/hospice/` → `glossary/hospice-care/`.
    public let from: String
    public let to: String
    /// The title of the page it leads to.
    public let title: String

    /// The same redirect in a folder of the site (a translated edition's `es/`).
    public func moved(under folder: String) -> Redirect { Redirect(from: folder + from, to: folder + to, title: title) }

    public init(from: String, to: String, title: String) {
        self.from = from
        self.to = to
        self.title = title
    }
}

extension SiteRenderer {
    /// The page at an old address: a refresh at once, the canonical address, and a plain link
    /// for readers whose browser does not follow the refresh.
    public func renderRedirect(_ redirect: Redirect) -> String? {
        let here = SiteURL(redirect.from), target = SiteURL(redirect.to)
        var context = siteContext(here: here)
        context["page"] = ["title": redirect.title]
        context["targetURL"] = here.link(to: target)
        context["canonical"] = baseURL.map(target.absolute(base:)) ?? here.link(to: target)
        return templates.render(context, with: "redirect")
    }
}

extension SiteFiles {
    /// Netlify's (and Cloudflare Pages') `_redirects`: a 301 from each old address to the page's.
    /// `!` because a redirect page is at the old address, and such hosts serve a file over a rule otherwise.
    public func redirects(_ redirects: [Redirect]) -> String {
        let prefix = baseURL.flatMap { URLPath.of($0) } ?? "/"
        var text = "# Old addresses of the guide's pages (their front matter's moved-from), written by guide build.\n"
        for redirect in redirects {
            text += "\(prefix)\(redirect.from) \(prefix)\(redirect.to) 301!\n"
        }
        return text
    }
}

enum URLPath {
    /// The path of an absolute address, ending in `/`: `/guide/` for `https://example.org/guide/`.
    static func of(_ address: String) -> String? {
        guard let schemeEnd = address.range(of: "://") else { return nil }
        let rest = address[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }
}
