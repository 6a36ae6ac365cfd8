import Crypto
import Diagnostics
import Foundation
import GuideModel

/// The one step between rendering and writing. Every stylesheet and script (the search index
/// too) is published under a name that holds a hash of its bytes (`css/site.3f2a9c1b.css`), so a
/// browser or CDN may keep it forever and a new build can never be served an old one; every
/// reference to it in the HTML is rewritten to that name, with its SRI hash (`integrity=`) on
/// `<link>` and `<script>`; and the files made from the published names (the asset manifest,
/// `_headers`) get them. It takes the list of output files and returns the list as it will be
/// published, so whatever comes after it sees the final names.
struct AssetFingerprints: Sendable {
    /// False: no `integrity=` anywhere (a copy to open from disk, where Chromium cannot check it).
    var integrity = true
    /// The path of the base URL (`/guide/`): references by path from it (the 404 page's) are rewritten too.
    var basePath = "/"
    /// What the preview knows from its last builds, so that unchanged files are not rendered to be hashed.
    var known: FingerprintCache?

    struct Result {
        var files: [OutputFile]
        var names: PublishedNames
        var problems: [Diagnostic]
        /// Each file's key as the next build will make it, once this one has rendered: a page
        /// whose references were not known before is keyed by them now (see `pageKey`).
        var keysAfterRendering: @Sendable () -> [String: Int]
    }

    func apply(to files: [OutputFile]) -> Result {
        let (known, integrity, basePath) = (self.known, self.integrity, self.basePath)
        known?.keepReferences(only: files)
        let assets = files.filter { $0.naming == .fingerprinted }
        let fingerprints = concurrentMap(assets) { file -> Fingerprint? in
            if let kept = known?.fingerprint(of: file) { return kept }
            guard let body = file.render(), let bytes = try? body.bytes() else { return nil }
            return Fingerprint(bytes: bytes, path: file.path)
        }
        var published: [String: PublishedNames.Asset] = [:]
        var byPath: [String: Fingerprint] = [:]
        for (file, fingerprint) in zip(assets, fingerprints) {
            // A file that could not be made keeps its name, and fails with its own message when rendered.
            guard let fingerprint else { continue }
            byPath[file.path] = fingerprint
            published[file.path] = PublishedNames.Asset(path: fingerprint.publishedPath, integrity: integrity ? fingerprint.integrity : nil)
        }
        known?.keep(zip(assets, fingerprints).compactMap { file, fingerprint in fingerprint.map { (file, $0) } })

        let finalPaths = files.map { published[$0.path]?.path ?? $0.path }
        var problems: [Diagnostic] = []
        var seen: [String: OutputFile] = [:]
        for (file, path) in zip(files, finalPaths) {
            if let other = seen[path] {
                problems.append(.error("'\(other.path)' (\(other.describedOrigin)) and '\(file.path)' (\(file.describedOrigin)) would both be published as '\(path)'",
                                       suggestion: "rename one of the two"))
            }
            seen[path] = file
        }
        let names = PublishedNames(assets: published, paths: finalPaths.sorted())
        let references = AssetReferences(names: published, basePath: basePath)

        let output = files.map { file -> OutputFile in
            if let fingerprint = byPath[file.path] {
                let body = fingerprint.body
                return OutputFile(path: fingerprint.publishedPath, key: file.key, origin: file.origin, naming: .fingerprinted, failure: file.failure,
                                  readsNames: false) { _ in body ?? file.render() }
            }
            if file.readsNames {
                var hasher = Hasher()
                hasher.combine(file.key)
                hasher.combine(names.key)
                return OutputFile(path: file.path, key: hasher.finalize(), origin: file.origin, naming: .fixed, failure: file.failure,
                                  readsNames: true) { _ in file.make(names) }
            }
            guard file.path.hasSuffix(".html") else { return file }
            return OutputFile(path: file.path, key: pageKey(file, names: names), origin: file.origin, naming: .fixed, failure: file.failure,
                              readsNames: false) { _ in
                let rendered = file.render()
                guard case .text(let html)? = rendered else { return rendered }
                let rewritten = references.rewrite(html, in: file.path)
                known?.learn(rewritten.referenced, of: file)
                return .text(rewritten.html)
            }
        }
        let settled = self
        let renamed = byPath
        let keysAfterRendering: @Sendable () -> [String: Int] = {
            Dictionary(zip(files, output).map { original, published in
                (published.path, original.path.hasSuffix(".html") && !original.readsNames && renamed[original.path] == nil
                    ? settled.pageKey(original, names: names) : published.key)
            }) { first, _ in first }
        }
        return Result(files: output, names: names, problems: problems, keysAfterRendering: keysAfterRendering)
    }

    /// A page's bytes follow from its own key and the names of the assets it refers to. Those are
    /// known once it has been rendered, so after one build the preview renders a page again only
    /// when one of *its* assets changed, not whenever the search index did.
    private func pageKey(_ file: OutputFile, names: PublishedNames) -> Int {
        var hasher = Hasher()
        hasher.combine(file.key)
        hasher.combine(integrity)
        hasher.combine(basePath)
        if let referenced = known?.references(of: file) {
            for path in referenced { hasher.combine(path); hasher.combine(names.assets[path]) }
        } else {
            hasher.combine(names.key)
        }
        return hasher.finalize()
    }
}

/// A file's hash: the name it is published under and its SRI value.
struct Fingerprint: Sendable {
    let publishedPath: String
    /// `sha384-` and the digest in base64.
    let integrity: String
    /// The bytes hashed, to be written as they were hashed; nil when taken from the cache (the
    /// file is rendered again only if the writer does not already have it).
    let body: RenderedFile?

    init(bytes: Data, path: String) {
        let digest = Data(SHA384.hash(data: bytes))
        integrity = "sha384-" + digest.base64EncodedString()
        publishedPath = Self.name(path, hash: digest.prefix(4).map { String(format: "%02x", $0) }.joined())
        body = .data(bytes)
    }

    init(publishedPath: String, integrity: String) {
        self.publishedPath = publishedPath
        self.integrity = integrity
        body = nil
    }

    /// `css/site.css` → `css/site.3f2a9c1b.css`: the hash before the last extension.
    static func name(_ path: String, hash: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[slash...].lastIndex(of: "."), dot != slash else { return path + "." + hash }
        return String(path[..<dot]) + "." + hash + String(path[dot...])
    }
}

/// Between the preview's builds: each fingerprinted file's hash and each page's references, by
/// the file's path and key (equal keys, equal bytes). Holds only what the last build used.
public final class FingerprintCache: Sendable {
    private struct ID: Hashable { let path: String, key: Int }
    private let fingerprints = Locked<[ID: Fingerprint]>([:])
    private let referenced = Locked<[ID: [String]]>([:])

    public init() {}

    func fingerprint(of file: OutputFile) -> Fingerprint? {
        fingerprints.current[ID(path: file.path, key: file.key)]
    }

    func keep(_ files: [(OutputFile, Fingerprint)]) {
        let entries = files.map { file, fingerprint in
            (ID(path: file.path, key: file.key), Fingerprint(publishedPath: fingerprint.publishedPath, integrity: fingerprint.integrity))
        }
        fingerprints.withLock { $0 = Dictionary(entries) { first, _ in first } }
    }

    func references(of file: OutputFile) -> [String]? {
        referenced.current[ID(path: file.path, key: file.key)]
    }

    func learn(_ paths: [String], of file: OutputFile) {
        referenced.withLock { $0[ID(path: file.path, key: file.key)] = paths }
    }

    /// Drops what no file of the output has any more.
    func keepReferences(only files: [OutputFile]) {
        let ids = Set(files.map { ID(path: $0.path, key: $0.key) })
        referenced.withLock { $0 = $0.filter { ids.contains($0.key) } }
    }
}

extension OutputFile {
    /// "Content/about.md", "Public/404.html", or "a file the build makes".
    var describedOrigin: String {
        switch origin {
        case .generated(let madeFrom?): return "made from \(madeFrom)"
        case .generated(nil): return "made by the build"
        case .publicFolder(let path): return "copied from \(path)"
        }
    }
}

/// The references of an HTML page to fingerprinted files, rewritten: any `href` or `src` that
/// leads to one (relative, or by path from the base URL's path) gets its published name, and a
/// `<link>` or `<script>` its `integrity`.
struct AssetReferences: Sendable {
    let names: [String: PublishedNames.Asset]
    let basePath: String

    func rewrite(_ html: String, in pagePath: String) -> (html: String, referenced: [String]) {
        guard !names.isEmpty else { return (html, []) }
        let folder = pagePath.split(separator: "/").dropLast().map(String.init)
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        var referenced: [String] = []
        var copied = 0
        var tagStart = -1
        // Every byte before `scanned` has been looked at for `<` and `>`, except inside the values skipped.
        var scanned = 0
        let attributeStart: [UInt8] = Array("=\"".utf8)
        while let index = ByteSearch.firstIndex(of: attributeStart, in: bytes, from: scanned) {
            // Whether `=` is inside a tag: the last `<` or `>` before it says.
            var back = index - 1
            while back >= scanned, bytes[back] != UInt8(ascii: "<"), bytes[back] != UInt8(ascii: ">") { back -= 1 }
            if back >= scanned { tagStart = bytes[back] == UInt8(ascii: "<") ? back : -1 }
            scanned = index + 1
            guard tagStart >= 0, Self.isLinkAttribute(bytes, endingAt: index) else { continue }
            let valueStart = index + 2
            guard let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { break }
            // Only a stylesheet or a script is fingerprinted; the rest are passed over as bytes.
            guard Self.namesStylesheetOrScript(bytes[valueStart..<valueEnd]) else {
                scanned = valueEnd + 1
                continue
            }
            let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
            if let (sitePath, asset) = lookUp(value, from: folder) {
                referenced.append(sitePath)
                output += bytes[copied..<valueStart]
                output += Array(Self.renamed(value, to: asset.path).utf8)
                output.append(UInt8(ascii: "\""))
                copied = valueEnd + 1
                let tag = Self.tagName(bytes, at: tagStart)
                if let integrity = asset.integrity, tag == "link" || tag == "script",
                   !Self.tagHasIntegrity(bytes, from: tagStart) {
                    output += Array(" integrity=\"\(integrity)\"".utf8)
                }
            }
            scanned = valueEnd + 1
        }
        guard copied > 0 else { return (html, referenced) }
        output += bytes[copied...]
        return (String(decoding: output, as: UTF8.self), referenced)
    }

    /// The fingerprinted file a reference leads to, by its site path.
    private func lookUp(_ value: String, from folder: [String]) -> (String, PublishedNames.Asset)? {
        let path = value.prefix { $0 != "?" && $0 != "#" }
        guard path.hasSuffix(".css") || path.hasSuffix(".js") else { return nil }
        let relative: Substring
        var segments: [String]
        if path.hasPrefix(basePath) {
            (relative, segments) = (path.dropFirst(basePath.count), [])
        } else if path.hasPrefix("/") || path.contains(":") {
            return nil
        } else {
            (relative, segments) = (path, folder)
        }
        for part in relative.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "", ".": continue
            case "..": if segments.popLast() == nil { return nil }
            default: segments.append(String(part))
            }
        }
        let sitePath = segments.joined(separator: "/")
        return names[sitePath].map { (sitePath, $0) }
    }

    /// The reference with its file name replaced by the published one (same folder, so the rest stays).
    static func renamed(_ value: String, to publishedPath: String) -> String {
        let end = value.firstIndex { $0 == "?" || $0 == "#" } ?? value.endIndex
        let start = value[..<end].lastIndex(of: "/").map { value.index(after: $0) } ?? value.startIndex
        let newName = publishedPath.split(separator: "/").last.map(String.init) ?? publishedPath
        return String(value[..<start]) + newName + String(value[end...])
    }

    /// True when the attribute whose `=` is at `equals` is `href` or `src` (in any case), with whitespace before it.
    private static func isLinkAttribute(_ bytes: [UInt8], endingAt equals: Int) -> Bool {
        var start = equals
        while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
        guard start < equals, start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\n") || bytes[start - 1] == UInt8(ascii: "\t") else { return false }
        let name = bytes[start..<equals]
        return ["href", "src"].contains { name.count == $0.utf8.count && zip(name, $0.utf8).allSatisfy { $0 | 0x20 == $1 } }
    }

    /// True when the address's path (before `?` or `#`) ends in `.css` or `.js`.
    private static func namesStylesheetOrScript(_ value: ArraySlice<UInt8>) -> Bool {
        let path = value.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        return path.reversed().starts(with: "ssc.".utf8) || path.reversed().starts(with: "sj.".utf8)
    }

    private static func tagName(_ bytes: [UInt8], at start: Int) -> String {
        var end = start + 1
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        return String(decoding: bytes[(start + 1)..<end], as: UTF8.self).lowercased()
    }

    private static func tagHasIntegrity(_ bytes: [UInt8], from start: Int) -> Bool {
        let end = bytes[start...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
        return String(decoding: bytes[start..<end], as: UTF8.self).contains(" integrity=")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }
}
