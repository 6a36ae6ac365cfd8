import Foundation
import Yams

/// Site-wide settings from `Content/site.yml`.
public struct SiteSettings: Sendable {
    public var title: String
    public var language: String
    public var description: String
    /// Absolute address where the site is published, ending in `/`; only canonical links and the sitemap use it.
    public var baseURL: String?
    public var allowRawHTML: Bool

    public init(title: String = "Guide", language: String = "en", description: String = "", baseURL: String? = nil, allowRawHTML: Bool = false) {
        self.title = title
        self.language = language
        self.description = description
        self.baseURL = baseURL
        self.allowRawHTML = allowRawHTML
    }

    public static let fileName = "site.yml"

    public static func load(_ file: SourceFile) -> (SiteSettings, [Diagnostic]) {
        var settings = SiteSettings()
        let split = SplitPage(yaml: file.text, yamlFirstLine: 1, body: "", bodyLineOffset: 0)
        let frontMatter: FrontMatter
        switch FrontMatter.parse(split, in: file) {
        case .success(let value): frontMatter = value
        case .failure(let diagnostic): return (settings, [diagnostic])
        }
        settings.title = frontMatter.string("title", required: true)?.value ?? settings.title
        settings.language = frontMatter.string("language", required: true)?.value ?? settings.language
        settings.description = frontMatter.string("description")?.value ?? ""
        if let base = frontMatter.string("base-url") {
            settings.baseURL = normalizeBaseURL(base.value)
            if settings.baseURL == nil {
                frontMatter.report(.error, "base-url must be an absolute http(s) address", at: base, suggestion: "e.g. https://example.org/guide/")
            }
        }
        settings.allowRawHTML = frontMatter.bool("raw-html")?.value ?? false
        frontMatter.rejectUnknownKeys(kind: "site settings")
        return (settings, frontMatter.diagnostics)
    }

    public static func normalizeBaseURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }
}
