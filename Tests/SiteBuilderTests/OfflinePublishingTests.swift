import Foundation
import Testing
import GuideTestSupport
import Precompression
@testable import SiteBuilder

/// The step between rendering and writing: compressed copies of every text file, the service
/// worker's list of every file, the offline zip, and the feed.
@Suite struct OfflinePublishingTests {
    @Test func gzipHasNoTimeOrNameAndTheSameBytesGiveTheSameCopies() {
        let text = Data(String(repeating: "Metastatic breast cancer treatment. ", count: 200).utf8)
        let gzip = Precompression.gzip(text)
        #expect(Array(gzip.prefix(4)) == [0x1f, 0x8b, 8, 0], "gzip, deflate, no flags (no name, no comment)")
        #expect(Array(gzip.dropFirst(4).prefix(4)) == [0, 0, 0, 0], "no modification time")
        #expect(gzip == Precompression.gzip(text))
        #expect(gzip.count < text.count / 10)
        let brotli = Precompression.brotli(text)
        #expect(brotli == Precompression.brotli(text) && brotli.count < gzip.count)
        #expect(Precompression.crc32(Data("The quick brown fox jumps over the lazy dog".utf8)) == 0x414f_a339)
    }

    @Test func everyTextFileHasItsCompressedCopiesAndOthersHaveNone() throws {
        let fixture = try Fixture()
        try fixture.write("Public/images/photo.png", Data([0x89, 0x50, 0x4e, 0x47]))
        #expect(fixture.build(baseURL: "https://example.org/").succeeded)
        let files = try fixture.snapshot()
        let originals = files.keys.filter { !$0.hasSuffix(".gz") && !$0.hasSuffix(".br") && !$0.hasPrefix(".") }
        for path in originals {
            let compressible = ["html", "css", "js", "json", "xml", "txt", "webmanifest"].contains((path as NSString).pathExtension)
            #expect((files[path + ".gz"] != nil) == compressible, "\(path).gz")
            #expect((files[path + ".br"] != nil) == compressible, "\(path).br")
            if let gzip = files[path + ".gz"] { #expect(gzip == Precompression.gzip(files[path]!)) }
        }
        let compressed = Set(files.keys.map(Fixture.unhashed))
        for path in ["index.html", "css/site.css", "sw.js", "model.json", "sitemap.xml", "feed.xml", "robots.txt"] {
            #expect(compressed.contains(path + ".br"), "\(path).br")
        }
        #expect(files["offline/treatment-guide.zip.gz"] == nil && files["images/photo.png.gz"] == nil)
    }

    @Test func thePreviewMakesNoCompressedCopiesNorZip() throws {
        let fixture = try Fixture()
        var options = fixture.options()
        options.precompress = false
        options.offlineCopy = false
        #expect(SiteBuild(options: options).run().succeeded)
        let files = try fixture.snapshot().keys
        #expect(!files.contains { $0.hasSuffix(".gz") || $0.hasSuffix(".br") || $0.hasSuffix(".zip") })
        #expect(files.contains("sw.js"))
    }

    func serviceWorker(_ fixture: Fixture) throws -> (build: String, files: [String]) {
        let script = try fixture.read("sw.js")
        let build = try #require(script.firstMatch(of: /const BUILD = "([0-9a-f]+)";/)).1
        let list = try #require(script.firstMatch(of: /const FILES = \[\n([^\]]*)\];/)).1
        let files = list.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \",")) }
        return (String(build), files)
    }

    @Test func theServiceWorkerListsEveryFileForReadersAndItsNameFollowsTheBuild() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let first = try serviceWorker(fixture)
        let readable = try fixture.snapshot().keys.filter { !$0.hasSuffix(".gz") && !$0.hasSuffix(".br") && !$0.hasPrefix(".") }
            .filter { !["sw.js", "offline/treatment-guide.zip", "_headers", "_redirects"].contains($0) }.sorted()
        #expect(first.files == readable)
        let listed = first.files.map(Fixture.unhashed)
        #expect(listed.contains("drugs/olaparib/index.html") && listed.contains("css/site.css") && listed.contains("search-index.js"))
        #expect(fixture.build().succeeded)
        #expect(try serviceWorker(fixture).build == first.build, "the same build, the same cache")
        let drug = try String(contentsOf: fixture.root.appendingPathComponent("Content/drugs/olaparib.md"), encoding: .utf8)
        try fixture.write("Content/drugs/olaparib.md", drug.replacingOccurrences(of: "A pill.", with: "A tablet."))
        #expect(fixture.build().succeeded)
        let second = try serviceWorker(fixture)
        #expect(second.build != first.build, "one changed page is a new cache")
        // The same files, the changed search index under its new name.
        #expect(second.files.map(Fixture.unhashed) == first.files.map(Fixture.unhashed))
    }

    @Test func theOfflineZipHoldsTheSiteUnderOneFolderWithFixedDates() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        let zip = try Data(contentsOf: fixture.output.appendingPathComponent("offline/treatment-guide.zip"))
        let listing = try Self.run("/usr/bin/unzip", ["-l", fixture.output.appendingPathComponent("offline/treatment-guide.zip").path])
        #expect(listing.contains("treatment-guide/index.html") && listing.contains("treatment-guide/drugs/olaparib/index.html"))
        #expect(!listing.contains(".gz") && !listing.contains("sw.js") && !listing.contains("treatment-guide/offline/"))
        // The fixture's pages were last reviewed on 2026-11-01.
        #expect(listing.contains("2026-11-01 00:00"))
        let again = try Fixture()
        #expect(again.build().succeeded)
        #expect(try Data(contentsOf: again.output.appendingPathComponent("offline/treatment-guide.zip")) == zip)
        // Opened from disk, Chromium refuses a file whose integrity it would check: the copy's pages
        // and manifest go without SRI (the site's own keep it), the hashed names stay.
        let page = try Self.run("/usr/bin/unzip", ["-p", fixture.output.appendingPathComponent("offline/treatment-guide.zip").path, "treatment-guide/index.html"])
        #expect(!page.contains("integrity=") && page.contains("css/site."))
        #expect(try fixture.read("index.html").contains("integrity=\"sha384-"))
        let manifest = try Self.run("/usr/bin/unzip", ["-p", fixture.output.appendingPathComponent("offline/treatment-guide.zip").path, "treatment-guide/asset-manifest.js"])
        #expect(manifest.contains("\"integrity\":null") && !manifest.contains("sha384"))
    }

    /// Our zip writer, read back by Info-ZIP's unzip: every entry's bytes, name, date and mode.
    @Test func theZipWriterMakesAnArchiveUnzipReadsBack() throws {
        let files: [(String, Data)] = [
            ("guide/index.html", Data(String(repeating: "<p>Treatment options</p>\n", count: 4_000).utf8)),
            ("guide/empty.txt", Data()),
            ("guide/es/tratamientos/índice.html", Data("<p>Tratamientos</p>".utf8)),
            ("guide/images/photo.png", Data((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })),
        ]
        let zip = try ZipArchive.archive(files.map { ZipArchive.Entry(name: $0.0, bytes: $0.1) }, date: .init(year: 2026, month: 11, day: 1))
        #expect(zip.count < 10_000, "deflated: \(zip.count) bytes")
        let path = try Self.temporaryFile("archive.zip", zip)
        #expect(try Self.run("/usr/bin/unzip", ["-tq", path]).contains("No errors detected"))
        for (name, bytes) in files {
            #expect(try Self.runData("/usr/bin/unzip", ["-p", path, name]) == bytes, "\(name)")
        }
        let info = try Self.run("/usr/bin/zipinfo", [path])
        #expect(info.contains("4 files"))
        #expect(info.components(separatedBy: "\n").filter { $0.hasPrefix("-rw-r--r--") && $0.contains("26-Nov-01 00:00") }.count == 4, "\(info)")
    }

    /// More entries than the end record counts (65,535): the ZIP64 end record says how many.
    @Test func aZipWithMoreThan65535FilesIsReadInFull() throws {
        let count = 70_000
        let entries = (0..<count).map { ZipArchive.Entry(name: "guide/\($0).txt", bytes: Data("a".utf8)) }
        let path = try Self.temporaryFile("many.zip", try ZipArchive.archive(entries, date: .init(year: 2026, month: 11, day: 1)))
        #expect(try Self.run("/usr/bin/unzip", ["-tq", path]).contains("No errors detected in compressed data of \(path)"))
        #expect(try Self.run("/usr/bin/zipinfo", ["-t", path]).hasPrefix("\(count) files"))
        #expect(try Self.run("/usr/bin/unzip", ["-p", path, "guide/69999.txt"]) == "a")
    }

    static func temporaryFile(_ name: String, _ data: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }

    @Test func theFeedListsReviewsAndApprovalsNewestFirstAndOnlyWithABaseURL() throws {
        let fixture = try Fixture(templates: Fixture.templates.merging(["feed.mustache": Self.realTemplate("feed.mustache")]) { $1 })
        #expect(fixture.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("feed.xml").path))
        #expect(fixture.build(baseURL: "https://example.org/guide/").succeeded)
        let feed = try fixture.read("feed.xml")
        let updated = feed.matches(of: /<entry>\s*<id>[^<]*<\/id>\s*<link[^>]*\/>\s*<updated>([^<]+)<\/updated>/).map { String($0.1) }
        #expect(updated.count == 9, "eight reviewed pages and one approval")
        #expect(updated == updated.sorted(by: >))
        #expect(feed.contains("<title>FDA approval: Olaparib</title>"))
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/guide/drugs/olaparib/\"/>"))
        #expect(feed.contains("<updated>2018-01-12T00:00:00Z</updated>"))
    }

    static func realTemplate(_ name: String) -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! String(contentsOf: repository.appendingPathComponent("Templates/" + name), encoding: .utf8)
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        String(decoding: try runData(tool, arguments), as: UTF8.self)
    }

    static func runData(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return output
    }
}
