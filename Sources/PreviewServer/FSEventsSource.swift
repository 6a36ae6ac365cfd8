#if os(macOS)
import CoreServices
import Foundation

/// The watcher's events on macOS: one FSEvents stream with file-level events for all the folders.
/// FSEvents is recursive and follows paths rather than folders, so a folder that is deleted and
/// made again (a branch switch) is still watched, with nothing to re-add.
///
/// Written against the macOS SDK but not compiled on the Linux machines this project is built on.
final class FSEventsSource: FileEventSource {
    /// Each folder as the watcher was given it, and as FSEvents reports it: the real path, which
    /// differs under a symbolic link (`/var/…` is reported as `/private/var/…`).
    private let roots: [(given: String, real: String)]
    private let queue = DispatchQueue(label: "guide file watcher events")
    private var stream: FSEventStreamRef?
    private let lock = NSLock()
    private var pending: Set<String> = []
    private let arrived = DispatchSemaphore(value: 0)

    init?(folders: [String]) {
        roots = folders.map { ($0, Self.realPath($0)) }
        var context = FSEventStreamContext(version: 0, info: Unmanaged.passUnretained(self).toOpaque(),
                                           retain: nil, release: nil, copyDescription: nil)
        // Without kFSEventStreamCreateFlagUseCFTypes the paths arrive as a C array of C strings.
        let callback: FSEventStreamCallback = { _, info, count, paths, _, _ in
            guard let info else { return }
            let source = Unmanaged<FSEventsSource>.fromOpaque(info).takeUnretainedValue()
            let paths = paths.assumingMemoryBound(to: UnsafePointer<CChar>.self)
            source.received((0..<count).map { String(cString: paths[$0]) })
        }
        // Every event names a path, also the ones that say events were lost (MustScanSubDirs names the
        // folder to look at again) or that a root went (WatchRoot): the flags need no reading.
        let flags = FSEventStreamCreateFlags(kFSEventStreamCreateFlagFileEvents | kFSEventStreamCreateFlagWatchRoot)
        // No latency: the watcher's own quiet period decides when a burst has settled.
        guard let stream = FSEventStreamCreate(kCFAllocatorDefault, callback, &context, roots.map { $0.real } as CFArray,
                                               FSEventStreamEventId(kFSEventStreamEventIdSinceNow), 0, flags) else { return nil }
        FSEventStreamSetDispatchQueue(stream, queue)
        guard FSEventStreamStart(stream) else {
            FSEventStreamInvalidate(stream)
            FSEventStreamRelease(stream)
            return nil
        }
        self.stream = stream
    }

    func close() {
        guard let stream else { return }
        // On the stream's own queue, so that no callback still runs with this object when it goes.
        queue.sync {
            FSEventStreamStop(stream)
            FSEventStreamInvalidate(stream)
            FSEventStreamRelease(stream)
        }
        self.stream = nil
    }

    func waitForEvents(seconds: Double) -> Bool {
        let deadline = DispatchTime.now() + seconds
        while !hasPending {
            if arrived.wait(timeout: deadline) == .timedOut { return hasPending }
        }
        return true
    }

    func readChanges() -> Set<String> {
        lock.lock(); defer { lock.unlock() }
        let changes = pending
        pending = []
        return changes
    }

    private var hasPending: Bool {
        lock.lock(); defer { lock.unlock() }
        return !pending.isEmpty
    }

    private func received(_ paths: [String]) {
        let changed = paths.compactMap(reported)
        guard !changed.isEmpty else { return }
        lock.lock(); pending.formUnion(changed); lock.unlock()
        arrived.signal()
    }

    /// The path under the folder it was given as, or nil for editor noise (and anything in a hidden folder,
    /// which inotify does not watch either).
    private func reported(_ path: String) -> String? {
        guard let root = roots.first(where: { path == $0.real || path.hasPrefix($0.real + "/") }) else { return path }
        let below = path.dropFirst(root.real.count)
        if below.split(separator: "/").contains(where: { FileWatcher.isEditorNoise(String($0)) }) { return nil }
        return root.given + String(below)
    }

    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
#endif
