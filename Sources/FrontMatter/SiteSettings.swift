import Diagnostics
import Foundation
import Yams

/// Site-wide settings from `Content/site.yml`.
public struct SiteSettings: Sendable, Hashable {
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
        if let language = frontMatter.string("language", required: true) {
            settings.language = language.value
            if !isLanguageTag(language.value) {
                let names = ["english": "en", "spanish": "es", "español": "es", "espanol": "es", "french": "fr", "german": "de",
                             "chinese": "zh", "vietnamese": "vi", "arabic": "ar", "portuguese": "pt", "korean": "ko"]
                let tag = names[language.value.lowercased()] ?? names[language.value.lowercased().split(separator: " ").first.map(String.init) ?? ""]
                frontMatter.report(.error, "language '\(language.value)' is not a language tag", at: language,
                                   suggestion: tag.map { "did you mean '\($0)'? (or '\($0)-US' for a country)" } ?? "write a tag such as 'en', 'en-US' or 'es'")
            }
        }
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

    /// `en`, `en-US`, `es-419`: a BCP 47 tag as browsers and screen readers need it in `<html lang>`.
    public static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    public static func normalizeBaseURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }
}
