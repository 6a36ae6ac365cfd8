import Foundation
import SiteTemplates
import SiteRendering
import Diagnostics
import Testing
@testable import PreviewServer

/// The watcher reports real files once a burst of editor activity has settled, and leaves out the
/// temp, swap and backup files editors write beside them.
@Suite struct FileWatcherTests {
    final class Changes: Sendable {
        private let list = Locked<[Set<String>]>([])

        func add(_ change: FileWatcher.Change) {
            list.withLock { $0.append(change.paths) }
        }

        var all: [Set<String>] { list.current }

        /// Waits (up to 20 s) for a first report, then a while longer for any that follow.
        func settle(quietFor seconds: Double) async throws -> [Set<String>] {
            for _ in 0..<400 where all.isEmpty { try await Task.sleep(nanoseconds: 50_000_000) }
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            return all
        }
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("guide-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("drugs"), withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: url.appendingPathComponent("drugs/olaparib.md"))
        return url.resolvingSymlinksInPath()
    }

    /// A watcher started on a fresh folder, given a moment to set up, for the body of one test.
    /// The quiet period is longer than the server's, so a busy test machine cannot split a burst.
    func watching(quietPeriod: Double = 0.3, polling: Bool = false, settle: UInt64 = 100_000_000,
                  _ body: (URL, FileWatcher, Changes) async throws -> Void) async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let changes = Changes()
        let watcher = FileWatcher(folders: [root], quietPeriod: quietPeriod, polling: polling) { changes.add($0) }
        watcher.start()
        defer { watcher.stop() }
        try await Task.sleep(nanoseconds: settle)
        try await body(root, watcher, changes)
    }

    @Test func vimStyleSaveIsOneChangeOfTheRealFile() async throws {
        // A quiet period far above the server's 10 ms: the full test run prints PDFs on both cores,
        // and a 300 ms stall between two steps of one save did split it here.
        try await watching(quietPeriod: 1.0) { root, _, changes in
            // What vim does on :w with its default settings.
            let drugs = root.appendingPathComponent("drugs")
            let file = drugs.appendingPathComponent("olaparib.md")
            try Data().write(to: drugs.appendingPathComponent("4913"))
            try FileManager.default.removeItem(at: drugs.appendingPathComponent("4913"))
            try Data("swap".utf8).write(to: drugs.appendingPathComponent(".olaparib.md.swp"))
            try FileManager.default.moveItem(at: file, to: drugs.appendingPathComponent("olaparib.md~"))
            try Data("new\n".utf8).write(to: file)
            try FileManager.default.removeItem(at: drugs.appendingPathComponent("olaparib.md~"))

            let reported = try await changes.settle(quietFor: 1.5)
            #expect(reported == [[file.path]])
        }
    }

    @Test func safeWriteByRenameIsSeen() async throws {
        try await watching { root, _, changes in
            let file = root.appendingPathComponent("drugs/olaparib.md")
            try Data("new\n".utf8).write(to: file, options: .atomic)

            let reported = try await changes.settle(quietFor: 0.6)
            #expect(reported.count == 1)
            #expect(reported.first?.contains(file.path) == true)
        }
    }

    @Test func pollingSeesASaveAndLeavesOutTheNoise() async throws {
        try await watching(quietPeriod: 0.01, polling: true, settle: 300_000_000) { root, watcher, changes in
            #expect(watcher.method == "polling")
            let drugs = root.appendingPathComponent("drugs")
            try Data("swap".utf8).write(to: drugs.appendingPathComponent(".olaparib.md.swp"))
            try Data("a longer text\n".utf8).write(to: drugs.appendingPathComponent("olaparib.md"))
            try Data("new page\n".utf8).write(to: drugs.appendingPathComponent("tamoxifen.md"))

            let reported = try await changes.settle(quietFor: 0.5)
            #expect(Set(reported.flatMap { $0 }) == [drugs.appendingPathComponent("olaparib.md").path, drugs.appendingPathComponent("tamoxifen.md").path])
        }
    }

    @Test func filesInANewFolderAreWatched() async throws {
        try await watching(quietPeriod: 0.1) { root, _, changes in
            let folder = root.appendingPathComponent("options")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            _ = try await changes.settle(quietFor: 0.3)
            let file = folder.appendingPathComponent("cryoablation.md")
            try Data("text\n".utf8).write(to: file)
            for _ in 0..<400 where !changes.all.contains(where: { $0.contains(file.path) }) {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(changes.all.contains { $0.contains(file.path) })
        }
    }

    @Test func editorNoiseIsRecognised() {
        for name in [".olaparib.md.swp", ".olaparib.md.swx", "olaparib.md~", "4913", "#olaparib.md#", ".#olaparib.md",
                     "olaparib.md.tmp", "olaparib.md___jb_tmp___", ".DS_Store"] {
            #expect(FileWatcher.isEditorNoise(name), "\(name)")
        }
        for name in ["olaparib.md", "site.yml", "drug.mustache", "site.css", "4914.md"] {
            #expect(!FileWatcher.isEditorNoise(name), "\(name)")
        }
    }
}

extension FileWatcherTests {
    /// A branch switch deletes and recreates Content/; the watcher must see the new tree.
    @Test func deletedAndRecreatedFolderIsWatchedAgain() async throws {
        try await watching(quietPeriod: 0.5) { root, _, changes in
            // Deleted and made anew (new inodes, as git does), not moved away and back.
            let saved = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + "-saved")
            try FileManager.default.copyItem(at: root, to: saved)
            defer { try? FileManager.default.removeItem(at: saved) }
            try FileManager.default.removeItem(at: root)
            _ = try await changes.settle(quietFor: 1.0)
            try FileManager.default.copyItem(at: saved, to: root)
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let before = changes.all.count
            let file = root.appendingPathComponent("drugs/olaparib.md")
            try Data("new\n".utf8).write(to: file)
            for _ in 0..<100 where changes.all.count == before { try await Task.sleep(nanoseconds: 50_000_000) }
            #expect(changes.all.dropFirst(before).contains { $0.contains(file.path) }, "\(changes.all)")
        }
    }
}
