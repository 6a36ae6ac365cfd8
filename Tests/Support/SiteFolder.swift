import Diagnostics
import Foundation
import SiteTemplates
import SiteRendering
import GuideModel
import Markdown

/// The one way the test targets make a site: files declared in code, written to a new temporary
/// folder (Content/, Templates/, Public/ and anything else) as an editor's save writes them.
public struct SiteFolder: Sendable {
    public let root: URL

    /// `files` by path from the root (`Content/about.md`).
    public init(prefix: String, files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        for (path, text) in files { try write(path, text) }
    }

    /// Written beside and renamed into place, as most editors save.
    public func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    public func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Every regular file below `folder` with its bytes, by path relative to it: for comparing outputs.
    public static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])! {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The files of a folder-relative map, under `folder/`.
    public static func files(_ files: [String: String], in folder: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: files.map { (folder + "/" + $0.key, $0.value) })
    }
}

extension FixturePages {
    /// Pages read from text the way the build reads each file, without touching disk: for the
    /// model's and the link checks' tests. Returns the pages and what loading them reported.
    public static func load(_ files: [String: String]) -> ([Page], [Diagnostic]) {
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".md") {
            let (page, problems) = Page.load(SourceFile(path: "Content/" + path, text: text), contentPath: path, options: MarkdownOptions())
            if let page { pages.append(page) }
            diagnostics += problems
        }
        return (pages, diagnostics)
    }
}
