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
    /// folder one per file. (Cloudflare Pages reads at most 100 rules.)
    public static func netlifyFile(paths: [String], fingerprinted: Set<String>) -> String {
        var text = "# Response headers for Netlify and Cloudflare Pages, written by guide build.\n\n/*\n"
        for header in everywhere { text += "  \(header.name): \(header.value)\n" }
        var rules: [(pattern: String, cacheControl: String)] = []
        var folders: [String: [String]] = [:]
        for path in paths where !hostFiles.contains(path) {
            if let slash = path.firstIndex(of: "/") {
                folders[String(path[..<slash]), default: []].append(path)
            } else {
                rules += urls(of: path).map { ($0, fingerprinted.contains(path) ? immutable : revalidate) }
            }
        }
        for (folder, files) in folders.sorted(by: { $0.key < $1.key }) {
            let hashed = files.filter(fingerprinted.contains)
            if hashed.isEmpty || hashed.count == files.count {
                rules.append(("/\(folder)/*", hashed.isEmpty ? revalidate : immutable))
            } else {
                for file in files { rules += urls(of: file).map { ($0, fingerprinted.contains(file) ? immutable : revalidate) } }
            }
        }
        for rule in rules.sorted(by: { $0.pattern < $1.pattern }) {
            text += "\n\(rule.pattern)\n  Cache-Control: \(rule.cacheControl)\n"
        }
        return text
    }

    /// A file's addresses: `drugs/index.html` is also served as `drugs/`.
    private static func urls(of path: String) -> [String] {
        guard path == "index.html" || path.hasSuffix("/index.html") else { return ["/" + path] }
        return ["/" + path.dropLast("index.html".count), "/" + path]
    }
}
