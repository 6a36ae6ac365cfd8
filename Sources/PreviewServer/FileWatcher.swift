import Foundation
import Diagnostics
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders and everything below them, and reports the files that changed once a burst of
/// changes has settled: editors save with several steps (a temp file, a rename, a backup, a
/// delete), and one save should make one rebuild. It uses the system's file events, so a save is
/// seen at once: inotify on Linux, FSEvents on macOS. Elsewhere, when those are not available, or
/// when told to (`guide serve --poll`, for shared folders that deliver no events), it compares
/// modification times ten times a second.
final class FileWatcher: Sendable {
    struct Change: Sendable {
        /// Absolute paths of what changed (files, or a folder that appeared or went).
        let paths: Set<String>
        /// When the first event of the burst arrived, to measure save-to-reload time.
        let firstEventAt: DispatchTime
    }

    private let folders: [String]
    /// How long the folders must stay quiet before a burst counts as finished: long enough for
    /// an editor's save, short enough not to be felt.
    private let quietPeriod: Double
    private let onChange: @Sendable (Change) -> Void
    private let stopped = Locked(false)
    private let watching = Locked("polling")
    /// How it watches: "inotify", "FSEvents" or "polling".
    var method: String { watching.current }

    private let forcePolling: Bool

    /// `polling` compares modification times even where the system has file events.
    init(folders: [URL], quietPeriod: Double = 0.01, polling: Bool = false, onChange: @escaping @Sendable (Change) -> Void) {
        self.folders = folders.map { $0.standardizedFileURL.path }
        self.quietPeriod = quietPeriod
        forcePolling = polling
        self.onChange = onChange
    }

    func start() {
        var loop: @Sendable () -> Void = { [self] in pollLoop() }
        #if os(Linux)
        if !forcePolling, let inotify = Inotify() {
            folders.forEach(inotify.watchTree)
            // A branch switch deletes and recreates Content/: the parent sees it come back.
            folders.forEach(inotify.watchParent)
            watching.withLock { $0 = "inotify" }
            loop = handOver(inotify)
        }
        #elseif os(macOS)
        if !forcePolling, let events = FSEventsSource(folders: folders) {
            watching.withLock { $0 = "FSEvents" }
            loop = handOver(events)
        }
        #endif
        let thread = Thread(block: loop)
        thread.name = "guide file watcher"
        thread.start()
    }

    func stop() {
        stopped.withLock { $0 = true }
    }

    private var isStopped: Bool { stopped.current }

    /// Temp files, swap files, backups and lock files that editors write beside the real file.
    static func isEditorNoise(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#")) || name == "4913"
            || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".tmp") || name.hasSuffix(".part")
            || name.contains("___jb_")
    }

    // MARK: - File events

    /// The watcher thread's loop over `events`.
    private func handOver(_ events: any FileEventSource) -> @Sendable () -> Void {
        // Safe: `start` lets go of `events` once it is handed over; only the watcher's thread uses it.
        nonisolated(unsafe) let events = events
        return { [self] in eventLoop(events) }
    }

    private func eventLoop(_ events: some FileEventSource) {
        defer { events.close() }
        while !isStopped {
            guard events.waitForEvents(seconds: 0.25) else { continue }
            let first = DispatchTime.now()
            var changed = events.readChanges()
            while events.waitForEvents(seconds: quietPeriod) {
                changed.formUnion(events.readChanges())
            }
            if !changed.isEmpty && !isStopped { onChange(Change(paths: changed, firstEventAt: first)) }
        }
    }

    // MARK: - Polling

    private func pollLoop() {
        var known = snapshot()
        var changed: Set<String> = []
        var first = DispatchTime.now()
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.1)
            let now = snapshot()
            let different = Set(known.keys).union(now.keys).filter { known[$0] != now[$0] }
            known = now
            if !different.isEmpty {
                if changed.isEmpty { first = DispatchTime.now() }
                changed.formUnion(different)
            } else if !changed.isEmpty {
                onChange(Change(paths: changed, firstEventAt: first))
                changed = []
            }
        }
    }

    private struct Stamp: Equatable {
        let modified: Date?
        let size: Int?
    }

    private func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        for folder in folders {
            guard let files = FileManager.default.enumerator(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: keys,
                                                             options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in files where !Self.isEditorNoise(url.lastPathComponent) {
                guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
                stamps[url.path] = Stamp(modified: values.contentModificationDate, size: values.fileSize)
            }
        }
        return stamps
    }
}

/// The system's file events as the watcher's loop reads them, from one thread.
protocol FileEventSource: AnyObject {
    /// True when events are waiting, false when `seconds` passed without any.
    func waitForEvents(seconds: Double) -> Bool
    /// What is waiting, as absolute paths under the watched folders; editor noise is left out.
    func readChanges() -> Set<String>
    func close()
}

#if os(Linux)
/// A thin face over Linux inotify: one watch per folder (inotify is not recursive), new folders
/// watched as they appear.
private final class Inotify: FileEventSource {
    private let descriptor: Int32
    private var folderByWatch: [Int32: String] = [:]
    /// Watches on the folders that hold the watched roots, and the roots' paths in each.
    private var rootsByParentWatch: [Int32: [String]] = [:]
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB
                                     | IN_DELETE_SELF | IN_MOVE_SELF)

    init?() {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor < 0 { return nil }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    func watchTree(_ folder: String) {
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        guard watch >= 0 else { return }
        folderByWatch[watch] = folder
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for child in children where !child.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + child
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                watchTree(path)
            }
        }
    }

    /// Watches the folder above `root` for `root` itself appearing or going (not for anything else in it).
    func watchParent(_ root: String) {
        let parent = (root as NSString).deletingLastPathComponent
        let watch = inotify_add_watch(descriptor, parent, UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR))
        guard watch >= 0 else { return }
        rootsByParentWatch[watch, default: []].append(root)
    }

    /// True when events are waiting, false when `seconds` passed without any.
    func waitForEvents(seconds: Double) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, Int32(seconds * 1000)) > 0
    }

    /// Reads what is waiting, as the paths it concerns; editor noise is left out.
    func readChanges() -> Set<String> {
        var changed: Set<String> = []
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(to: CChar.self)
                let name = event.len > 0 ? String(cString: nameStart) : ""
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
                handle(event, name: name, into: &changed)
            }
        }
        return changed
    }

    private func handle(_ event: inotify_event, name: String, into changed: inout Set<String>) {
        let mask = event.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost: say that everything changed.
            changed.formUnion(folderByWatch.values)
            return
        }
        if let roots = rootsByParentWatch[event.wd] {
            let parent = (roots[0] as NSString).deletingLastPathComponent
            let touched = parent + "/" + name
            if roots.contains(touched) {
                if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watchTree(touched) }
                changed.insert(touched)
            }
            // The parent may also be a watched folder of its own (rare); otherwise this event is done.
            if folderByWatch[event.wd] == nil { return }
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            folderByWatch[event.wd] = nil
            return
        }
        guard let folder = folderByWatch[event.wd] else { return }
        if name.isEmpty {
            // The watched folder itself was deleted or moved.
            changed.insert(folder)
            return
        }
        guard !FileWatcher.isEditorNoise(name) else { return }
        let path = folder + "/" + name
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            watchTree(path)
        }
        changed.insert(path)
    }
}
#endif
