import Diagnostics
import Foundation
import FrontMatter
import GuideModel
import Precompression

/// The one step between rendering and writing: what each finished file becomes (itself and its
/// compressed copies), and the files made from the list of all finished files (the service
/// worker's precache list, the offline zip). They are made from the final paths and bytes, so a
/// file renamed or rewritten by an earlier step is what they see.
struct Publishing: Sendable {
    static let serviceWorker = "sw.js"
    static let offlineZip = "offline/treatment-guide.zip"
    /// The folder the zip unpacks into.
    static let offlineFolder = "treatment-guide"
    /// Files a generated page may link to although no format lists them before rendering.
    static let linkable: Set<String> = [offlineZip]

    let precompress: Bool
    let offlineCopy: Bool

    init(options: BuildOptions) {
        precompress = options.precompress
        offlineCopy = options.offlineCopy
    }

    /// A rendered file, ready to write: itself and, for text, its `.gz` and `.br` copies; with
    /// a fingerprint of its bytes.
    struct Finished: Sendable {
        let files: [(path: String, body: RenderedFile)]
        let digest: UInt32
    }

    func finish(_ path: String, _ body: RenderedFile) throws -> Finished {
        let bytes = try body.bytes()
        var files = [(path: path, body: body)]
        if precompress, Precompression.isCompressible(path) {
            files.append((path + ".gz", .data(Precompression.gzip(bytes))))
            files.append((path + ".br", .data(Precompression.brotli(bytes))))
        }
        return Finished(files: files, digest: Precompression.crc32(bytes))
    }

    /// The paths `finish` makes from `path`.
    func paths(for path: String) -> [String] {
        precompress && Precompression.isCompressible(path) ? [path, path + ".gz", path + ".br"] : [path]
    }

    /// Files that are only for hosts (or are the offline copy itself), not for reading.
    static func isForReaders(_ path: String) -> Bool {
        path != serviceWorker && path != offlineZip && !["_redirects", "_headers"].contains(path)
            && !path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// The files made from the whole finished site: the service worker, which precaches every
    /// file for reading (`digests`: path → fingerprint of its bytes), and the offline zip, whose
    /// files are read back from `writer`.
    func siteFiles(digests: [String: UInt32], guide: Guide, writer: OutputWriter) throws -> [(path: String, body: RenderedFile)] {
        let files = digests.keys.filter(Self.isForReaders).sorted()
        var made: [(path: String, body: RenderedFile)] = [(Self.serviceWorker, .text(ServiceWorker.script(files: files, digests: digests)))]
        if offlineCopy {
            made.append((Self.offlineZip, .data(try OfflineCopy.zip(files, date: OfflineCopy.date(of: guide), read: writer.read))))
        }
        return made
    }
}

/// `sw.js`: on a reader's first visit over HTTP(S) it keeps every file of the build, so that any
/// page opens later without a network, also one never visited. Pages come from the network while
/// there is one (so a new build shows at once, and the preview is never stale) and from the
/// cache when there is none. Its cache's name carries a hash of the build's files and their
/// bytes: a new build is a new `sw.js`, which the browser installs, and the old cache is deleted.
enum ServiceWorker {
    static func script(files: [String], digests: [String: UInt32]) -> String {
        // FNV-1a over the paths and their fingerprints: any changed, added or removed file changes it.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in files {
            for byte in "\(file) \(digests[file] ?? 0)\n".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        let list = files.map { "  \"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",\n")
        return """
            // Written by guide build: every file of this build, kept for reading offline.
            "use strict";
            const BUILD = "\(String(hash, radix: 16))";
            const FILES = [
            \(list)
            ];
            // The folder sw.js is in: the site's root, wherever it is published.
            const ROOT = new URL("./", self.location.href).href;
            // Caches of this site only (several sites can share a host), one per build.
            const PREFIX = "guide " + ROOT + " ";
            const CACHE = PREFIX + BUILD;
            const KNOWN = new Set(FILES);

            self.addEventListener("install", (event) => {
              event.waitUntil(caches.open(CACHE)
                .then((cache) => cache.addAll(FILES.map((file) => new Request(ROOT + file, { cache: "reload" }))))
                .then(() => self.skipWaiting()));
            });

            self.addEventListener("activate", (event) => {
              event.waitUntil(caches.keys()
                .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
                .then(() => self.clients.claim()));
            });

            self.addEventListener("fetch", (event) => {
              const request = event.request;
              if (request.method !== "GET" || !request.url.startsWith(ROOT)) return;
              let file = request.url.slice(ROOT.length).split("#")[0].split("?")[0];
              if (file === "" || file.endsWith("/")) file += "index.html";
              if (!KNOWN.has(file)) return;
              event.respondWith(fetch(request).catch(() => caches.open(CACHE)
                .then((cache) => cache.match(ROOT + file))
                .then((response) => response || Response.error())));
            });

            """
    }
}

/// The whole site as one zip to download, which works unpacked and opened from disk (every link
/// is relative and names index.html). Its bytes depend on the files only: entries in path order,
/// each dated the guide's latest review, with fixed permissions.
enum OfflineCopy {
    /// The day of the guide's latest review.
    static func date(of guide: Guide) -> ZipArchive.Day {
        let day = guide.pages.compactMap(\.reviewed).max() ?? GuideDate("1980-01-01")!
        return ZipArchive.Day(year: day.year, month: day.month, day: day.day)
    }

    /// Every file read and compressed on all cores; the archive is put together once they are.
    static func zip(_ files: [String], date: ZipArchive.Day, read: @Sendable (String) throws -> Data) throws -> Data {
        let entries = concurrentMap(files) { file in
            Result { ZipArchive.Entry(name: OfflineCopy.folder + "/" + file, bytes: forDisk(file, try read(file))) }
        }
        return try ZipArchive.archive(entries.map { try $0.get() }, date: date)
    }

    static let folder = Publishing.offlineFolder

    /// A file as the copy on disk holds it. Opened from disk, Chromium refuses every stylesheet and
    /// script whose `integrity=` it would have to check, so the pages and the asset manifest go
    /// without their SRI hashes (as a `--no-integrity` build does); the names keep their hashes.
    static func forDisk(_ path: String, _ bytes: Data) -> Data {
        if path.hasSuffix(".html") {
            return removingIntegrity(bytes, opening: Array(#" integrity=""#.utf8), replacement: [], escapes: false)
        } else if path == AssetManifest.path {
            return removingIntegrity(bytes, opening: Array(#""integrity":""#.utf8), replacement: Array(#""integrity":null"#.utf8), escapes: true)
        }
        return bytes
    }

    /// `bytes` with every `opening` + `sha256|384|512-<base64>"` replaced by `replacement`; scanned
    /// as bytes, since every page of the copy passes through here. In JSON (`escapes`) a `/` may be written `\/`.
    static func removingIntegrity(_ bytes: Data, opening: [UInt8], replacement: [UInt8], escapes: Bool) -> Data {
        let input = [UInt8](bytes)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        let quote = UInt8(ascii: "\"")
        while let start = ByteSearch.firstIndex(of: opening, in: input, from: index) {
            index = start + opening.count
            guard let end = Self.hashEnd(input, from: index, escapes: escapes), end < input.count, input[end] == quote else { continue }
            if output.isEmpty { output.reserveCapacity(input.count) }
            output += input[copied..<start]
            output += replacement
            copied = end + 1
            index = copied
        }
        guard copied > 0 else { return bytes }
        output += input[copied...]
        return Data(output)
    }

    private static let hashAlgorithms = ["sha256-", "sha384-", "sha512-"].map { Array($0.utf8) }

    /// The end of `sha256-…`, `sha384-…` or `sha512-…` (base64) starting at `from`, or nil when no such hash starts there.
    private static func hashEnd(_ bytes: [UInt8], from: Int, escapes: Bool) -> Int? {
        guard let algorithm = hashAlgorithms.first(where: { bytes.count >= from + $0.count && bytes[from..<(from + $0.count)].elementsEqual($0) }) else { return nil }
        var index = from + algorithm.count
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isBase64 = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || (escapes && byte == UInt8(ascii: "\\"))
            guard isBase64 else { break }
            index += 1
        }
        return index > start ? index : nil
    }
}
