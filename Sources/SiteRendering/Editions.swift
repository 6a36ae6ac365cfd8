import GuideModel

/// The site's editions, the original at the root and each translation in its folder (`es/`),
/// as one edition's pages see them: for `hreflang` alternates, the language switcher, and the
/// assets every edition shares.
public struct Editions: Sendable {
    public struct Edition: Sendable {
        /// The BCP 47 tag of its pages (`es-US`).
        public let language: String
        /// Its folder in the site, ending in `/`; empty for the original.
        public let folder: String
        /// The pages it has, by their site paths within the edition (`drugs/olaparib/`).
        public let sitePaths: Set<String>

        public init(language: String, folder: String, sitePaths: Set<String>) {
            self.language = language
            self.folder = folder
            self.sitePaths = sitePaths
        }

        /// The language without its region (`es`), as `hreflang` and the switcher name it.
        public var code: String { String(language.prefix { $0 != "-" }) }
    }

    /// The original first, then the translations.
    public let all: [Edition]
    /// The one being rendered.
    public let current: Edition

    public init(all: [Edition], current: Edition) {
        self.all = all
        self.current = current
    }

    /// A site of one edition.
    public static func single(language: String) -> Editions {
        let only = Edition(language: language, folder: "", sitePaths: [])
        return Editions(all: [only], current: only)
    }

    public var isTranslation: Bool { !current.folder.isEmpty }

    /// From a page of the current edition to the site's root, where the shared assets (css/, js/) are.
    public func assetsRoot(from here: SiteURL) -> String {
        here.rootPrefix + (isTranslation ? Page.otherEdition : "")
    }

    /// The same page in every edition that has it (this one included), as a link from `here`:
    /// absolute with a base URL (of the original edition), relative without.
    public func alternates(of sitePath: String, from here: SiteURL, baseURL: String?) -> [(edition: Edition, url: String)] {
        all.filter { $0.sitePaths.contains(sitePath) }.map { edition in
            (edition, address(of: sitePath, in: edition, from: here, baseURL: baseURL))
        }
    }

    /// `baseURL` is the current edition's (`…/es/` for a translation).
    func address(of sitePath: String, in edition: Edition, from here: SiteURL, baseURL: String?) -> String {
        if let baseURL {
            let siteBase = isTranslation ? String(baseURL.dropLast(current.folder.count)) : baseURL
            return siteBase + edition.folder + sitePath
        }
        return assetsRoot(from: here) + edition.folder + sitePath + "index.html"
    }
}
