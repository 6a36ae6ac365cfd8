import FrontMatter
import Foundation
import SiteTemplates
import SiteRendering
import GuideModel
import GuideTestSupport
import PreviewServer
import SiteBuilder

/// A small site in a temporary folder (Content/, Templates/, Public/, Output/), with a file
/// outside the output that no request may ever read, and a preview server over it on a random
/// port of 127.0.0.1. The templates are minimal on purpose: these tests are about serving, not
/// about the design, and must not break while the real templates change.
final class ServerFixture: @unchecked Sendable {
    let folder: SiteFolder
    var root: URL { folder.root }
    /// Beside the output folder; its text must never appear in a response.
    static let secret = "SECRET-3f1c9a-must-never-be-served"
    private(set) var server: PreviewServer?
    private(set) var port = 0
    private let lock = NSLock()
    private var lines: [String] = []

    init() throws {
        folder = try SiteFolder(prefix: "guide-serve-test", files: SiteFolder.files(Self.content, in: "Content")
            .merging(SiteFolder.files(Self.templates, in: "Templates")) { $1 }
            .merging(SiteFolder.files(Self.publicFiles, in: "Public")) { $1 }
            .merging(["secret.txt": Self.secret + "\n"]) { $1 })
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var output: URL { root.appendingPathComponent("Output") }

    var options: BuildOptions {
        var options = BuildOptions(root: root)
        options.today = GuideDate("2026-11-28")!
        return PreviewServer.previewing(options)
    }

    /// Starts the preview on a free port and returns the address it printed.
    @discardableResult
    func start(host: String = "127.0.0.1") async throws -> String {
        let server = PreviewServer(options: options, host: host, port: 0) { [weak self] line in self?.record(line) }
        let address = try await server.start()
        self.server = server
        port = await server.boundPort ?? 0
        return address
    }

    func stop() async {
        await server?.stop()
    }

    /// What the server printed for the terminal so far.
    var log: String {
        lock.lock(); defer { lock.unlock() }
        return lines.joined(separator: "\n")
    }

    private func record(_ line: String) {
        lock.lock(); lines.append(line); lock.unlock()
    }

    func write(_ path: String, _ text: String) throws { try folder.write(path, text) }
    func read(_ path: String) throws -> String { try folder.read(path) }

    /// Rewrites a file in place, as an editor saves it.
    func edit(_ path: String, _ change: (String) -> String) throws {
        try write(path, change(try read(path)))
    }

    /// The address a fingerprinted file is served at now: `/css/site.css` → `/css/site.3f2a9c1b.css`.
    func published(_ target: String) throws -> String {
        let url = output.appendingPathComponent(String(target.dropFirst()))
        let (folder, name) = (url.deletingLastPathComponent(), url.deletingPathExtension().lastPathComponent)
        let pattern = "^" + NSRegularExpression.escapedPattern(for: name) + "\\.[0-9a-f]{8}\\." + url.pathExtension + "$"
        let found = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.range(of: pattern, options: .regularExpression) != nil }
        guard found.count == 1 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path]) }
        return String(target[...target.lastIndex(of: "/")!]) + found[0]
    }

    func get(_ target: String, method: String = "GET", host: String? = nil) async throws -> HTTPTestResponse {
        try await HTTPTestClient.request(port: port, target: target, method: method, host: host)
    }

    /// Waits for rebuilds after `build` until `target` answers as `expected` says, and returns that
    /// answer with its build (or the last ones after a few rebuilds, for the test to report). One
    /// save makes one rebuild, but a machine busy enough to split an editor's save in two would
    /// show the half-saved state first; the test is about the state the save ends in.
    func page(_ target: String, after build: String, events: EventStreamListener,
              until expected: (HTTPTestResponse) -> Bool) async throws -> (response: HTTPTestResponse, build: String) {
        var last = build
        var response = try await get(target)
        for _ in 0..<5 {
            last = try await events.nextBuild(after: last)
            response = try await get(target)
            if expected(response) { break }
        }
        return (response, last)
    }

    // MARK: - The site

    static func page(_ title: String, _ body: String = "Some text.\n", extra: String = "") -> String {
        FixturePages.page(title, body, extra: extra)
    }

    static let content: [String: String] = FixturePages.site(bodies: [
        "index.md": "Welcome. Read about [olaparib](drugs/olaparib.md) and [about](about.md).\n",
        "about.md": "## Who we are\n\nPeople who write the guide.\n",
        "drugs/olaparib.md": "## How you get it\n\nA pill. See [home](../index.md) and [BRCA](../glossary/brca.md).\n",
        "cell-types/brca-positive.md": "An inherited change in a gene.\n",
        "side-effects/fatigue.md": "Feeling tired.\n",
    ])

    static let templates: [String: String] = {
        var templates: [String: String] = [
            "strings/en.yml": FixturePages.englishStrings,
            "layout.mustache": """
                <!DOCTYPE html><html lang="{{site.language}}"><head><title>{{page.title}}</title><link rel="stylesheet" href="{{root}}css/site.css"></head>
                <body>{{> partials/nav}}<main>{{$main}}{{/main}}</main></body></html>
                """,
            "partials/nav.mustache": "<nav>{{#navigation}}<a href=\"{{url}}\">{{title}}</a>{{/navigation}}</nav>",
            "404.mustache": "{{< layout}}{{$main}}<h1>Page not found</h1><p>fixture-404</p>{{/main}}{{/layout}}",
            "handout.mustache": "{{< layout}}{{$main}}<h1>Handout: {{handout.title}}</h1>{{{handout.meaning}}}{{/main}}{{/layout}}",
        ]
        for kind in ["home", "page", "section", "cell-type", "treatment", "drug", "option", "side-effect", "term"] {
            templates["\(kind).mustache"] = "{{< layout}}{{$main}}<h1>{{page.title}}</h1>{{{content}}}{{/main}}{{/layout}}"
        }
        return templates
    }()

    static let publicFiles: [String: String] = [
        "css/site.css": "body { color: black; }\n",
        "js/app.js": "console.log('app');\n",
        "notes.txt": "plain notes\n",
        "data.json": "{\"a\": 1}\n",
        "images/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
        "files/blob.bin": "binary-ish\n",
        "fonts/body.woff2": "not really a font\n",
    ]
}
