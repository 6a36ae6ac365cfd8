import Crypto
import Diagnostics
import Foundation
import FrontMatter
@testable import SiteRendering
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// What a host gets: fingerprinted names with SRI, references rewritten, `_headers`, a checked
/// base URL, and Public/ published as it is (dotfiles too), never over a generated file.
@Suite struct PublishingTests {
    static let integrity = "sha384-" + Data(SHA384.hash(data: Data("body { color: black; }\n".utf8))).base64EncodedString()

    // MARK: - Fingerprints

    @Test func theHashGoesBeforeTheLastExtension() {
        #expect(Fingerprint.name("css/site.css", hash: "3f2a9c1b") == "css/site.3f2a9c1b.css")
        #expect(Fingerprint.name("search-index.js", hash: "00ff00ff") == "search-index.00ff00ff.js")
        #expect(Fingerprint.name("js/jquery.min.js", hash: "12345678") == "js/jquery.min.12345678.js")
        #expect(Fingerprint.name("css.d/x", hash: "12345678") == "css.d/x.12345678")
    }

    @Test func stylesheetsAndScriptsAreFingerprintedButNotInHiddenFolders() {
        #expect(OutputFile.Naming.byDefault(for: "css/site.css") == .fingerprinted)
        #expect(OutputFile.Naming.byDefault(for: "search-index.js") == .fingerprinted)
        #expect(OutputFile.Naming.byDefault(for: ".well-known/x.js") == .fixed)
        #expect(OutputFile.Naming.byDefault(for: "images/a.svg") == .fixed)
        #expect(OutputFile.Naming.byDefault(for: "index.html") == .fixed)
    }

    @Test func thePublishedNameAndIntegrityComeFromTheBytes() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let hash = Data(SHA384.hash(data: Data("body { color: black; }\n".utf8))).prefix(4).map { String(format: "%02x", $0) }.joined()
        #expect(try fixture.publishedPath(of: "css/site.css") == "css/site.\(hash).css")
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("css/site.css").path))
        let page = try fixture.read("drugs/olaparib/index.html")
        #expect(page.contains("<link rel=\"stylesheet\" href=\"../../css/site.\(hash).css\" integrity=\"\(Self.integrity)\">"))
    }

    @Test func withoutIntegrityTheNamesStillCarryTheHash() throws {
        let fixture = try Fixture()
        var options = fixture.options()
        options.subresourceIntegrity = false
        #expect(SiteBuild(options: options).run().succeeded)
        let page = try fixture.read("index.html")
        #expect(page.contains("href=\"css/site.") && !page.contains("integrity="))
        #expect(try !fixture.read("asset-manifest.js").contains("integrity"))
    }

    static let names: [String: PublishedNames.Asset] = [
        "css/site.css": .init(path: "css/site.11111111.css", integrity: "sha384-A"),
        "js/site.js": .init(path: "js/site.22222222.js", integrity: "sha384-B"),
    ]

    @Test func referencesAreRewrittenFromAnyDepthWithTheirIntegrity() {
        let references = AssetReferences(names: Self.names, basePath: "/")
        let html = """
            <link rel="stylesheet" href="../../css/site.css" media="print"><script src="../../js/site.js" defer></script>
            <a href="../../css/site.css#x">the stylesheet</a><a href="../../drugs/index.html">drugs</a>
            """
        let (rewritten, referenced) = references.rewrite(html, in: "drugs/olaparib/index.html")
        #expect(rewritten == """
            <link rel="stylesheet" href="../../css/site.11111111.css" integrity="sha384-A" media="print"><script src="../../js/site.22222222.js" integrity="sha384-B" defer></script>
            <a href="../../css/site.11111111.css#x">the stylesheet</a><a href="../../drugs/index.html">drugs</a>
            """)
        #expect(referenced == ["css/site.css", "js/site.js", "css/site.css"])
    }

    @Test func referencesByPathFromTheBasePathAreRewrittenAndOthersLeftAlone() {
        let references = AssetReferences(names: Self.names, basePath: "/guide/")
        let html = """
            <link rel="stylesheet" href="/guide/css/site.css"><link rel="stylesheet" href="/css/site.css">\
            <script src="https://cdn.example.org/js/site.js"></script><script src="js/site.js" integrity="sha384-kept"></script>
            """
        let (rewritten, _) = references.rewrite(html, in: "404.html")
        #expect(rewritten == """
            <link rel="stylesheet" href="/guide/css/site.11111111.css" integrity="sha384-A"><link rel="stylesheet" href="/css/site.css">\
            <script src="https://cdn.example.org/js/site.js"></script><script src="js/site.22222222.js" integrity="sha384-kept"></script>
            """)
    }

    @Test func textThatLooksLikeAReferenceIsNotTouched() {
        let references = AssetReferences(names: Self.names, basePath: "/")
        let html = #"<p>Write href="css/site.css" in a page.</p><script type="application/ld+json">{"a":"src=\"js/site.js\""}</script>"#
        #expect(references.rewrite(html, in: "index.html").html == html)
    }

    @Test func theAssetManifestNamesEveryFingerprintedFile() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let manifest = try fixture.read("asset-manifest.js")
        let published = try fixture.publishedPath(of: "search-index.js")
        #expect(manifest.contains(#""search-index.js":{"integrity":"sha384-"#) && manifest.contains(#""path":"\#(published)""#))
        #expect(manifest.contains(#""css/site.css":{"integrity":"\#(Self.integrity)""#))
    }

    // MARK: - _headers

    @Test func headersCacheFingerprintedFoldersForeverAndEverythingElseAgainEachTime() {
        let text = ResponseHeaders.netlifyFile(
            paths: ["404.html", "_headers", "css/site.11111111.css", "drugs/index.html", "drugs/x/index.html", "images/a.png",
                    "images/b.11111111.css", "index.html", "search-index.22222222.js"],
            fingerprinted: ["css/site.11111111.css", "images/b.11111111.css", "search-index.22222222.js"])
        #expect(text.contains("/*\n  Content-Security-Policy: default-src 'self';"))
        // A file's rule ends in `*`, so that it covers its .gz and .br copies.
        for (pattern, value) in [("/", "no-cache"), ("/index.html*", "no-cache"), ("/404.html*", "no-cache"), ("/drugs/*", "no-cache"),
                                 ("/css/*", "public, max-age=31536000, immutable"), ("/search-index.22222222.js*", "public, max-age=31536000, immutable"),
                                 ("/images/a.png*", "no-cache"), ("/images/b.11111111.css*", "public, max-age=31536000, immutable")] {
            #expect(text.contains("\n\(pattern)\n  Cache-Control: \(value)\n"), "\(pattern)")
        }
        #expect(!text.contains("/images/*") && !text.contains("/_headers"))
    }

    @Test func headersOfAMixedFolderGoOneLevelDeeperNotFilePerFile() {
        // A translation's folder holds pages and its own hashed search index: its folders still get one rule each.
        let text = ResponseHeaders.netlifyFile(
            paths: ["index.html", "es/index.html", "es/search-index.33333333.js", "es/drugs/index.html", "es/drugs/x/index.html",
                    "es/css/handouts/x.44444444.css"],
            fingerprinted: ["es/search-index.33333333.js", "es/css/handouts/x.44444444.css"])
        for (pattern, value) in [("/es/", "no-cache"), ("/es/index.html*", "no-cache"), ("/es/search-index.33333333.js*", "public, max-age=31536000, immutable"),
                                 ("/es/drugs/*", "no-cache"), ("/es/css/*", "public, max-age=31536000, immutable")] {
            #expect(text.contains("\n\(pattern)\n  Cache-Control: \(value)\n"), "\(pattern)")
        }
        #expect(!text.contains("/es/drugs/x/"))
    }

    // MARK: - Base URL

    @Test(arguments: [
        ("https://example.org/guide/", nil),
        ("http://127.0.0.1:8000/", nil),
        ("https://example.org/a%20b/", nil),
        ("https://example.org", "must end in '/'"),
        ("https://example.org/guide", "must end in '/'"),
        ("https://example.org/guide/?a=1", "has a query"),
        ("https://example.org/guide/#x", "has a fragment"),
        ("https://me:pw@example.org/", "has user info"),
        ("https://me@example.org/", "has user info"),
        (" https://example.org/", "contains a space"),
        ("https://example.org/a b/", "contains a space"),
        ("https://example.org//", "has an empty, '.' or '..' part"),
        ("https://example.org/a/../", "has an empty, '.' or '..' part"),
        ("mailto:me@example.org", "is not an absolute http(s) address"),
        ("example.org/guide/", "is not an absolute http(s) address"),
        ("https:///guide/", "is not an absolute http(s) address"),
    ] as [(String, String?)])
    func aBaseURLIsAnHTTPAddressOfAFolderAndNothingElse(address: String, problem: String?) {
        let found = SiteSettings.baseURLProblem(address)
        if let problem {
            #expect(found?.reason.hasPrefix(problem) == true, "\(address): \(found?.reason ?? "accepted")")
        } else {
            #expect(found == nil, "\(address): \(found?.reason ?? "")")
        }
    }

    @Test func theSuggestionIsTheAddressThatWouldDo() {
        #expect(SiteSettings.baseURLProblem("https://example.org/guide")?.suggestion == "did you mean 'https://example.org/guide/'?")
        #expect(SiteSettings.baseURLProblem("https://example.org/guide/?utm=x")?.suggestion == "leave it out: https://example.org/guide/")
        #expect(SiteSettings.baseURLProblem("https://example.org/ ")?.suggestion == "did you mean 'https://example.org/'?")
    }

    @Test func aBadBaseURLInSiteSettingsIsAContentErrorWhereItIsWritten() throws {
        let fixture = try Fixture()
        let settings = try fixture.folder.read("Content/site.yml")
        try fixture.write("Content/site.yml", settings + "base-url: https://example.org/guide?x=1\n")
        let report = fixture.build()
        let error = try only(report, "Content/site.yml")
        #expect(error.message == "base-url 'https://example.org/guide?x=1' has a query ('?…')")
        #expect(error.line > 0 && !report.environmentError)
    }

    // MARK: - Public/

    @Test func litterIsKnownByName() {
        for name in [".DS_Store", "Thumbs.db", "desktop.ini", "site.css~", ".site.css.swp", ".site.css.swo", "#notes.md#", ".#notes.md", "._site.css", ".git", ".gitignore"] {
            #expect(SourceFolder.isLitter(name), "\(name)")
        }
        for name in [".well-known", ".htaccess", "security.txt", "site.css", ".nojekyll", "swap.css"] {
            #expect(!SourceFolder.isLitter(name), "\(name)")
        }
    }

    @Test func dotfilesArePublishedAndLitterIsNot() throws {
        let fixture = try Fixture()
        try fixture.write("Public/.well-known/security.txt", "Contact: mailto:security@example.org\n")
        try fixture.write("Public/.nojekyll", "")
        try fixture.write("Public/.DS_Store", "x")
        try fixture.write("Public/css/.site.css.swp", "x")
        try fixture.write("Public/css/site.css~", "x")
        #expect(fixture.build().succeeded)
        #expect(try fixture.read(".well-known/security.txt") == "Contact: mailto:security@example.org\n")
        #expect(try fixture.read(".nojekyll") == "")
        for litter in [".DS_Store", "css/.site.css.swp", "css/site.css~"] {
            #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(litter).path), "\(litter)")
        }
    }

    @Test func aPublicFileInPlaceOfAGeneratedOneIsAnErrorNamingBoth() throws {
        let fixture = try Fixture()
        try fixture.write("Public/404.html", "mine")
        try fixture.write("Public/about/index.html", "mine")
        let report = fixture.build()
        #expect(!report.succeeded)
        let messages = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages.count == 2, "\(messages)")
        // The folders are named as the build was given them (here, absolute paths).
        #expect(messages.contains { $0.contains("Public/404.html: error: '") && $0.contains("Public/404.html' would replace the generated '404.html' (made from ") && $0.hasSuffix("Templates/404.mustache)") })
        #expect(messages.contains { $0.contains("Public/about/index.html' would replace the generated 'about/index.html' (made from ") && $0.hasSuffix("Content/about.md)") })
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }

    @Test func aPublicFileCannotTakeTheOutputMarkersPlace() throws {
        let fixture = try Fixture()
        try fixture.write("Public/.guide-output", "mine")
        let report = fixture.build()
        #expect(report.diagnostics.contains { $0.message.contains("would replace the marker guide writes") })
    }

    // MARK: - 404.html

    @Test func the404PageLinksByPathFromTheBaseURLWithoutItsHost() throws {
        let fixture = try Fixture()
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        let page = try fixture.read("404.html")
        #expect(page.contains("href=\"/guide/css/site."))
        #expect(!page.contains("example.org"))
    }

    @Test func withoutABaseURLOnlyAPublishingBuildWarnsWhatThe404PageAssumes() throws {
        let fixture = try Fixture()
        #expect(fixture.build().diagnostics.isEmpty)
        var options = fixture.options()
        options.warnsWithoutBaseURL = true
        let report = SiteBuild(options: options).run()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.severity) == [.warning])
        #expect(report.diagnostics.first?.message.contains("404.html links to its stylesheet and pages by paths from the domain root") == true)
        options.baseURL = "https://example.org/guide/"
        #expect(SiteBuild(options: options).run().diagnostics.isEmpty)
    }
}
