/// The HTTP response headers the site is meant to be served with, and `_headers`, the file that
/// Netlify and Cloudflare Pages read them from (the README shows the same for nginx and Apache).
public enum ResponseHeaders {
    public static let fileName = "_headers"

    /// On every response. The pages need nothing inline and nothing from another host, so the
    /// policy is the strict default; the rest keep the browser from sniffing types, sending the
    /// address of the page a reader was on to other sites, and lending the page device features.
    public static let everywhere: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    /// Fingerprinted files: new bytes get a new name, so a name's bytes never change.
    public static let immutable = "public, max-age=31536000, immutable"
    /// Everything else keeps its address when it changes: the browser or CDN asks again each time.
    public static let revalidate = "no-cache"

    /// Files of the output a host reads and does not serve.
    static let hostFiles: Set<String> = [fileName, "_redirects"]

    /// `_headers` for these published files. Netlify keeps one value of a header when several
    /// rules match and Cloudflare Pages joins them with commas, so the Cache-Control rules never
    /// overlap: a folder whose files are all fingerprinted (or none are) gets one rule, a mixed
    /// folder (the root, a translation's `es/`) one per file of its own and the same again for
    /// each folder in it. A file's rule ends in `*`, so it covers its `.gz` and `.br` copies.
    /// (Cloudflare Pages reads at most 100 rules.)
    public static func netlifyFile(paths: [String], fingerprinted: Set<String>) -> String {
        var text = "# Response headers for Netlify and Cloudflare Pages, written by guide build.\n\n/*\n"
        for header in everywhere { text += "  \(header.name): \(header.value)\n" }
        let rules = cacheRules(in: "", paths: paths.filter { !hostFiles.contains($0) }, fingerprinted: fingerprinted)
        for rule in rules.sorted(by: { $0.pattern < $1.pattern }) {
            text += "\n\(rule.pattern)\n  Cache-Control: \(rule.cacheControl)\n"
        }
        return text
    }

    /// The rules for the files below `folder` (`""` for the root, else ending in `/`).
    private static func cacheRules(in folder: String, paths: [String], fingerprinted: Set<String>) -> [(pattern: String, cacheControl: String)] {
        let hashed = paths.filter(fingerprinted.contains)
        if !folder.isEmpty, hashed.isEmpty || hashed.count == paths.count {
            return [("/\(folder)*", hashed.isEmpty ? revalidate : immutable)]
        }
        var rules: [(pattern: String, cacheControl: String)] = []
        var subfolders: [String: [String]] = [:]
        for path in paths {
            let rest = path.dropFirst(folder.count)
            if let slash = rest.firstIndex(of: "/") {
                subfolders[folder + rest[..<slash] + "/", default: []].append(path)
            } else {
                let cacheControl = fingerprinted.contains(path) ? immutable : revalidate
                if rest == "index.html" { rules.append(("/\(folder)", cacheControl)) }
                rules.append(("/\(path)*", cacheControl))
            }
        }
        for (subfolder, files) in subfolders.sorted(by: { $0.key < $1.key }) {
            rules += cacheRules(in: subfolder, paths: files, fingerprinted: fingerprinted)
        }
        return rules
    }
}
