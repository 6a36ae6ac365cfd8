import Diagnostics
import Foundation
import SiteRendering
import SiteTemplates
import GuideModel

/// Where a build's files go. `guide build` writes a staging folder and swaps it in whole; the
/// preview replaces single files of its folder; tests keep them in memory.
public protocol OutputWriter: AnyObject, Sendable {
    /// nil when the destination may be written, or why it may not (checked before anything is read).
    func checkReplaceable() -> Diagnostic?
    /// True when it can update what the last build wrote instead of writing everything.
    var canUpdate: Bool { get }
    /// True when nothing written is seen before `commit`, so files may be written as they are rendered.
    var publishesOnCommit: Bool { get }
    /// The folder files are written into before they are published, for formats that read them back (PDFs).
    var workFolder: URL? { get }
    func begin() throws
    /// Called from several threads at once.
    func write(_ path: String, _ file: RenderedFile) throws
    /// A file as this build wrote it, or as the last one left it (for files made from the whole site).
    func read(_ path: String) throws -> Data
    /// Publishes what was written: `keeping` is every file of the new output, `removing` the files
    /// of the last one that it no longer has.
    func commit(keeping: Set<String>, removing: Set<String>) throws
    /// Drops what was written, leaving the published output as it was.
    func abandon()
}

/// Writes everything into a new folder beside the output and swaps it in only when the build
/// succeeded, so a failed build never leaves a half-written or emptied site.
public final class StagingWriter: OutputWriter {
    private let output: OutputFolder
    // Set in begin(), before the parallel writes; read-only while they run.
    private let staged = Locked<(folder: URL?, sink: FileSink)>((nil, FileSink(root: nil)))

    public init(folder: URL) {
        output = OutputFolder(url: folder, displayName: SiteBuild.displayPath(folder))
    }

    public func checkReplaceable() -> Diagnostic? { output.checkReplaceable() }
    public var canUpdate: Bool { false }
    public var publishesOnCommit: Bool { true }
    public var workFolder: URL? { staged.current.folder }

    public func begin() throws {
        let staging = try output.makeStaging()
        staged.withLock { $0 = (staging, FileSink(root: staging)) }
    }

    public func write(_ path: String, _ file: RenderedFile) throws {
        try staged.current.sink.write(path, file)
    }

    public func read(_ path: String) throws -> Data {
        try Data(contentsOf: (staged.current.folder ?? output.url).appendingPathComponent(path))
    }

    public func commit(keeping: Set<String>, removing: Set<String>) throws {
        guard let staging = staged.current.folder else { return }
        try output.swap(in: staging)
        staged.withLock { $0.folder = nil }
    }

    public func abandon() {
        if let staging = staged.current.folder { try? FileManager.default.removeItem(at: staging) }
        staged.withLock { $0.folder = nil }
    }
}

/// Replaces single files of a folder the preview serves: each file atomically (a reader gets the
/// old bytes or the new, never half), and files the site no longer has are removed at the end.
/// The first build into a folder, and any build after a failed write, goes through a
/// `StagingWriter` instead (the preview decides).
public final class FolderWriter: OutputWriter {
    let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    public func checkReplaceable() -> Diagnostic? { nil }
    public var canUpdate: Bool { true }
    public var publishesOnCommit: Bool { false }
    public var workFolder: URL? { folder }
    public func begin() throws {}

    public func write(_ path: String, _ file: RenderedFile) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.bytes().write(to: url, options: .atomic)
    }

    public func read(_ path: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(path))
    }

    public func commit(keeping: Set<String>, removing: Set<String>) throws {
        for path in removing.sorted() {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(path))
        }
    }

    public func abandon() {}
}

/// Keeps the files in memory: for tests, which compare whole outputs.
public final class MemoryWriter: OutputWriter {
    private let stored = Locked<(pending: [String: Data], files: [String: Data])>(([:], [:]))
    /// The output as the last successful build left it.
    public var files: [String: Data] { stored.current.files }

    public init() {}

    public func checkReplaceable() -> Diagnostic? { nil }
    public var canUpdate: Bool { true }
    public var publishesOnCommit: Bool { true }
    public var workFolder: URL? { nil }
    public func begin() throws {}

    public func write(_ path: String, _ file: RenderedFile) throws {
        let data = try file.bytes()
        stored.withLock { $0.pending[path] = data }
    }

    public func read(_ path: String) throws -> Data {
        let stored = stored.current
        guard let data = stored.pending[path] ?? stored.files[path] else { throw CocoaError(.fileReadNoSuchFile) }
        return data
    }

    public func commit(keeping: Set<String>, removing: Set<String>) throws {
        stored.withLock { stored in
            stored.files = stored.files.merging(stored.pending) { _, new in new }.filter { keeping.contains($0.key) }
            stored.pending = [:]
        }
    }

    public func abandon() {
        stored.withLock { $0.pending = [:] }
    }
}
