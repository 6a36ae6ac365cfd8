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
    /// Where site.yml says `base-url`, for a message about it (0 when it does not).
    public var baseURLLine = 0, baseURLColumn = 0
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
            (settings.baseURLLine, settings.baseURLColumn) = (base.line, base.column)
            if let problem = baseURLProblem(base.value) {
                frontMatter.report(.error, "base-url '\(base.value)' \(problem.reason)", at: base, suggestion: problem.suggestion)
            } else {
                settings.baseURL = base.value
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

    /// The base URL as given when it is an absolute http(s) address whose path ends in `/`, with
    /// nothing else; nil otherwise (`baseURLProblem` says why).
    public static func normalizeBaseURL(_ text: String) -> String? {
        baseURLProblem(text) == nil ? text : nil
    }

    /// Why `text` cannot be the base URL, and what would do, or nil when it can. Canonical links,
    /// the sitemap and the 404 page's paths are made by appending to it, so a query, a fragment or
    /// a path without its last `/` would end up in the middle of every address; user info would
    /// publish a password.
    public static func baseURLProblem(_ text: String) -> (reason: String, suggestion: String)? {
        let example = "e.g. https://example.org/guide/"
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return ("contains a space or a control character",
                    trimmed != text && baseURLProblem(trimmed) == nil ? "did you mean '\(trimmed)'?" : "write spaces as %20, \(example)")
        }
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), let parts = URLComponents(string: text),
              let host = parts.host, !host.isEmpty else {
            return ("is not an absolute http(s) address", example)
        }
        if parts.user != nil || parts.password != nil {
            return ("has user info before the host ('…@'), which every page would publish", "leave it out: \(Self.without(parts, \.user, \.password))")
        }
        if parts.query != nil { return ("has a query ('?…')", "leave it out: \(Self.without(parts, \.query))") }
        if parts.fragment != nil { return ("has a fragment ('#…')", "leave it out: \(Self.without(parts, \.fragment))") }
        let segments = parts.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast()
        if segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return ("has an empty, '.' or '..' part in its path", example)
        }
        if !parts.percentEncodedPath.hasSuffix("/") {
            return ("must end in '/' (the folder the site is published in)", "did you mean '\(text)/'?")
        }
        return nil
    }

    private static func without(_ parts: URLComponents, _ fields: WritableKeyPath<URLComponents, String?>...) -> String {
        var parts = parts
        for field in fields { parts[keyPath: field] = nil }
        return parts.string ?? ""
    }
}
