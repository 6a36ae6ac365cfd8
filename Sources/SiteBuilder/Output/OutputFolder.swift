import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GuideModel

/// Writes the site into a staging folder beside the output folder and swaps it in whole, so a
/// failed build never leaves a half-written or emptied site. Refuses to replace a folder that
/// guide did not write.
struct OutputFolder {
    static let markerName = ".guide-output"
    static let markerText = "This folder is written by `guide build`. It is replaced whole on every build.\n"

    let url: URL
    let displayName: String

    /// nil when the folder may be replaced, or the reason it may not.
    func checkReplaceable() -> Diagnostic? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else {
            return .error("output '\(displayName)' exists and is a file, not a folder", path: displayName,
                          suggestion: "choose another --output")
        }
        let entries = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
        if entries.isEmpty || entries.contains(Self.markerName) { return nil }
        return .error("refusing to replace '\(displayName)': it is not empty and was not written by guide (no \(Self.markerName) inside)",
                      path: displayName,
                      suggestion: "pass an empty or new folder with --output; nothing was changed")
    }

    /// A new, empty staging folder next to the output folder (same disk, so the swap is a rename).
    func makeStaging() throws -> URL {
        let parent = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        removeLeftovers(in: parent)
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).guide-tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        try Data(Self.markerText.utf8).write(to: staging.appendingPathComponent(Self.markerName))
        return staging
    }

    /// Swaps two paths atomically: renameat2(RENAME_EXCHANGE) on Linux (3.15+), renamex_np(RENAME_SWAP)
    /// on macOS. False where neither exists (old kernels, some file systems); the caller then
    /// renames twice, which leaves a moment of a few microseconds without the output folder.
    static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // Looked up at run time: older C libraries do not have it, and Swift's Glibc does not declare it.
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let atCurrentFolder: Int32 = -100, renameExchange: UInt32 = 2
        return renameat2(atCurrentFolder, first, atCurrentFolder, second, renameExchange) == 0
        #elseif canImport(Darwin)
        return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }

    /// Staging and moved-aside folders of builds that were killed (Ctrl-C, SIGKILL): their names
    /// carry the process id, and a folder whose process no longer runs is removed.
    func removeLeftovers(in parent: URL) {
        let prefixes = [".\(url.lastPathComponent).guide-tmp-", ".\(url.lastPathComponent).guide-old-"]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names {
            guard let prefix = prefixes.first(where: name.hasPrefix),
                  let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), !Self.isRunning(pid) else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Replaces the output with the staging folder. The old site is moved aside first and only
    /// deleted once the new one is in place.
    func swap(in staging: URL) throws {
        let manager = FileManager.default
        try carryOverUnchanged(into: staging)
        // Where the system can exchange two folders in one step, there is never a moment without
        // an output folder for a web server to find; the old site is then at the staging path.
        if manager.fileExists(atPath: url.path), Self.exchange(staging.path, url.path) {
            try? manager.removeItem(at: staging)
            return
        }
        if manager.fileExists(atPath: url.path) {
            let old = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).guide-old-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
            try manager.moveItem(at: url, to: old)
            do {
                try manager.moveItem(at: staging, to: url)
            } catch {
                try? manager.moveItem(at: old, to: url)
                throw error
            }
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: staging, to: url)
        }
    }
}

extension OutputFolder {
    /// A file of the staging folder whose bytes equal the published one's gets the published
    /// one's modification time, so rsync, `aws s3 sync` and servers' ETags (mtime and size) see
    /// only the files that really changed. Every file of the staging folder is looked at, also
    /// the ones a format wrote there itself (PDFs).
    func carryOverUnchanged(into staging: URL) throws {
        guard Self.isFolder(url) else { return }
        let paths = Self.regularFiles(in: staging)
        try concurrentForEach(paths) { path in
            let new = staging.appendingPathComponent(path).path, old = url.appendingPathComponent(path).path
            var oldStatus = stat(), newStatus = stat()
            guard stat(old, &oldStatus) == 0, (oldStatus.st_mode & S_IFMT) == S_IFREG,
                  stat(new, &newStatus) == 0, oldStatus.st_size == newStatus.st_size,
                  let oldBytes = FileManager.default.contents(atPath: old),
                  let newBytes = FileManager.default.contents(atPath: new), oldBytes == newBytes else { return }
            #if canImport(Darwin)
            var times = [oldStatus.st_atimespec, oldStatus.st_mtimespec]
            #else
            var times = [oldStatus.st_atim, oldStatus.st_mtim]
            #endif
            let atCurrentFolder: Int32 = -100
            if utimensat(atCurrentFolder, new, &times, 0) != 0 { throw WriteError(path: new, code: errno) }
        }
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Every regular file below `folder`, relative to it; links are not followed (the build writes none).
    static func regularFiles(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { files.append(path) }
        }
        return files.sorted()
    }
}

/// Where rendered files go: a staging folder, or nowhere when only checking.
final class FileSink: Sendable {
    let root: URL?
    /// Held while a folder is made, so no file is written into a folder another thread has
    /// claimed but not yet created.
    private let createdFolders = Locked<Set<String>>([])

    init(root: URL?) {
        self.root = root
    }

    func write(_ relativePath: String, _ file: RenderedFile) throws {
        switch file {
        case .text(let text): try write(relativePath, text)
        case .data(let data): try write(relativePath, data)
        case .copy(let source): try write(relativePath, try Data(contentsOf: source))
        }
    }

    func write(_ relativePath: String, _ data: Data) throws {
        try data.withUnsafeBytes { try write(relativePath, bytes: $0) }
    }

    func write(_ relativePath: String, _ text: String) throws {
        var text = text
        // Native strings are contiguous UTF-8: written as they are, without a copy into Data.
        try text.withUTF8 { try write(relativePath, bytes: UnsafeRawBufferPointer($0)) }
    }

    private func write(_ relativePath: String, bytes: UnsafeRawBufferPointer) throws {
        guard let root else { return }
        let folder = (relativePath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try makeFolder(folder, in: root) }
        try Self.writeFile(root.appendingPathComponent(relativePath).path, bytes)
    }

    /// Creates `folder` and any missing parents below `root`, each once per build: a plain mkdir
    /// per new folder rather than FileManager's look at every parent for every file.
    private func makeFolder(_ folder: String, in root: URL) throws {
        try createdFolders.withLock { try Self.makeFolder(folder, in: root, created: &$0) }
    }

    private static func makeFolder(_ folder: String, in root: URL, created: inout Set<String>) throws {
        guard !created.contains(folder) else { return }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty { try makeFolder(parent, in: root, created: &created) }
        let path = root.appendingPathComponent(folder).path
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw WriteError(path: path, code: errno) }
        created.insert(folder)
    }

    /// A plain open/write/close: Foundation's Data.write also syncs each file to disk, which made
    /// writing a large site several times slower; the swap of the whole folder is what must be safe.
    static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            // Qualified: inside this type, a bare `write` is FileSink's own.
            #if canImport(Glibc)
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            #elseif canImport(Darwin)
            let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, code: errno)
            }
            offset += written
        }
    }

    /// Copies a folder's files verbatim (Public/), in sorted order; returns the paths copied.
    func copyTree(from source: URL) throws -> [String] {
        let files = Self.listFiles(in: source)
        for relative in files {
            try write(relative, try Data(contentsOf: source.appendingPathComponent(relative)))
        }
        return files
    }

    /// The files of a folder, sorted, without links that lead out of it (see `SourceFolder`).
    static func listFiles(in folder: URL) -> [String] {
        SourceFolder.files(in: folder).files
    }
}

struct WriteError: LocalizedError {
    let path: String
    let code: Int32

    var errorDescription: String? { "\(path): \(String(cString: strerror(code)))" }
}
