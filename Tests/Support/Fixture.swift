import FrontMatter
import Diagnostics
import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideModel
@testable import SiteBuilder

/// A small site declared in code and written to a temporary folder: Content/, Templates/, Public/.
public struct Fixture {
    public let folder: SiteFolder
    public var root: URL { folder.root }
    public static let today = GuideDate("2026-11-28")!

    public init(_ files: [String: String] = Fixture.minimalSite, templates: [String: String] = Fixture.templates) throws {
        folder = try SiteFolder(prefix: "guide-test", files: SiteFolder.files(files, in: "Content")
            .merging(SiteFolder.files(templates, in: "Templates")) { $1 }
            .merging(["Public/css/site.css": "body { color: black; }\n"]) { $1 })
    }

    public func write(_ path: String, _ text: String) throws { try folder.write(path, text) }
    public func write(_ path: String, _ data: Data) throws { try folder.write(path, data) }
    public func remove(_ path: String) throws { try folder.remove(path) }

    public var output: URL { root.appendingPathComponent("Output") }

    public func options(write: Bool = true, baseURL: String? = nil, strict: Bool = false) -> BuildOptions {
        var options = BuildOptions(root: root)
        options.write = write
        options.baseURL = baseURL
        options.strict = strict
        options.today = Fixture.today
        return options
    }

    public func build(write: Bool = true, baseURL: String? = nil, strict: Bool = false) -> BuildReport {
        SiteBuild(options: options(write: write, baseURL: baseURL, strict: strict)).run()
    }

    public func read(_ outputPath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(outputPath), encoding: .utf8)
    }

    /// A fingerprinted file of the output by the name it was made at: `css/site.css` reads
    /// `css/site.3f2a9c1b.css`, whatever its hash.
    public func readAsset(_ outputPath: String) throws -> String {
        try read(publishedPath(of: outputPath))
    }

    /// The name a fingerprinted file is published under.
    public func publishedPath(of outputPath: String) throws -> String {
        let url = output.appendingPathComponent(outputPath)
        let (folder, name) = (url.deletingLastPathComponent(), url.deletingPathExtension().lastPathComponent)
        let pattern = "^" + NSRegularExpression.escapedPattern(for: name) + "\\.[0-9a-f]{8}\\." + url.pathExtension + "$"
        let found = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.range(of: pattern, options: .regularExpression) != nil }
        guard found.count == 1 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path]) }
        return (outputPath as NSString).deletingLastPathComponent.isEmpty ? found[0] : (outputPath as NSString).deletingLastPathComponent + "/" + found[0]
    }

    /// Every file of the output with its bytes, for byte-for-byte comparisons.
    public func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileSink.listFiles(in: output) {
            files[path] = try Data(contentsOf: output.appendingPathComponent(path))
        }
        return files
    }

    /// A published path with the hash taken out of a fingerprinted name (`css/site.3f2a9c1b.css` → `css/site.css`).
    public static func unhashed(_ path: String) -> String {
        path.replacingOccurrences(of: #"\.[0-9a-f]{8}(\.(css|js))(\.gz|\.br)?$"#, with: "$1$3", options: .regularExpression)
    }

    public static func page(_ title: String, _ body: String = "Some text.\n", extra: String = "") -> String {
        FixturePages.page(title, body, extra: extra)
    }

    public static let minimalSite: [String: String] = FixturePages.site()

    /// A minimal template set: the real templates change with the design; these test the engine.
    public static let templates: [String: String] = {
        let kinds = ["home", "page", "section", "cell-type", "treatment", "drug", "option", "side-effect", "term", "handout", "404"]
        var templates: [String: String] = [
            "strings/en.yml": FixturePages.englishStrings,
            "layout.mustache": """
                <!DOCTYPE html><html lang="{{site.language}}"><head><title>{{page.title}}</title>{{#canonical}}<link rel="canonical" href="{{canonical}}">{{/canonical}}<link rel="stylesheet" href="{{root}}css/site.css"></head>
                <body>{{> partials/nav}}<main>{{$main}}{{/main}}</main></body></html>
                """,
            "feed.mustache": "<feed>{{#entries}}<entry><id>{{id}}</id><updated>{{updated}}</updated></entry>{{/entries}}</feed>",
            "partials/nav.mustache": "<nav>{{#navigation}}<a href=\"{{url}}\">{{title}}</a>{{/navigation}}</nav>",
        ]
        for kind in kinds {
            templates["\(kind).mustache"] = """
                {{< layout}}{{$main}}<h1>{{page.title}}</h1>{{{content}}}
                {{#drug}}<p class="brands">{{brands}}</p>{{#treatment}}<a class="treatment" href="{{url}}">{{title}}</a>{{/treatment}}{{/drug}}
                {{#cellType}}{{#treatments}}<h2>{{title}}</h2>{{#drugs}}<a class="drug" href="{{url}}">{{title}}</a>{{/drugs}}{{/treatments}}{{/cellType}}
                {{/main}}{{/layout}}
                """
        }
        return templates
    }()
}

/// The one error of a build that must fail, at `path` (a file the editor would open).
public func only(_ report: BuildReport, _ path: String) throws -> Diagnostic {
    let errors = report.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1, "expected one error, got: \(errors.map(\.description))")
    let error = try #require(errors.first)
    #expect(error.path?.hasSuffix(path) == true, "\(error.path ?? "nil") should end with \(path)")
    #expect(!report.succeeded)
    return error
}
