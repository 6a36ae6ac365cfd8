import Foundation
import Diagnostics
import SiteBuilder
import Testing

/// A build that `isCancelled` stops (the preview's, when a newer save or Ctrl-C makes it
/// pointless) writes nothing: the output folder and what the cache knows of it are as the last
/// build left them, so the next build writes what a build without the cancelled one would write,
/// and the folder equals a full build.
@Suite struct CancelledBuildTests {
    let builds = PreviewBuildTests()

    /// Says true from its `after`-th question on (0: never), and counts the questions.
    final class Canceller: Sendable {
        let after: Int
        private let asked = Locked(0)
        init(after: Int) { self.after = after }
        var count: Int { asked.current }
        func ask() -> Bool {
            asked.withLock { asked in
                asked += 1
                return after > 0 && asked >= after
            }
        }
    }

    /// How many times an uncancelled cached build after `edit` asks: once after each of load,
    /// model and resolve, once before the fingerprints, once per file it renders, once after rendering.
    func questions(after edit: PreviewBuildTests.Edit) throws -> (count: Int, written: [String]) {
        let (fixture, builder, cache) = try builds.built()
        try builds.apply(edit, to: fixture)
        let counter = Canceller(after: 0)
        let report = builder.run(writer: FolderWriter(folder: fixture.output), cache: cache, isCancelled: counter.ask)
        #expect(report.succeeded && !report.cancelled)
        return (counter.count, report.written)
    }

    static let edits = [PreviewBuildTests.full[0], PreviewBuildTests.full[1], PreviewBuildTests.partial[0]]

    @Test(arguments: edits)
    func aBuildCancelledAtAnyPointWritesNothingAndTheNextEqualsAFullBuild(edit: PreviewBuildTests.Edit) throws {
        let uncancelled = try questions(after: edit)
        // sw.js is made from the finished files, after the last question.
        #expect(uncancelled.count == 5 + uncancelled.written.filter { $0 != "sw.js" }.count, "\(uncancelled)")
        // Every question: between phases (1-4), before each file's render (5…), after rendering (the last).
        for point in 1...uncancelled.count {
            let (fixture, builder, cache) = try builds.built()
            let before = try builds.snapshot(fixture.output)
            try builds.apply(edit, to: fixture)
            let cancel = Canceller(after: point)
            let stopped = builder.run(writer: FolderWriter(folder: fixture.output), cache: cache, isCancelled: cancel.ask)
            #expect(stopped.cancelled && !stopped.succeeded, "\(edit.name), cancelled at question \(point)")
            #expect(stopped.written.isEmpty)
            #expect(try builds.snapshot(fixture.output) == before, "\(edit.name), cancelled at question \(point): the output is untouched")
            #expect(cache.knowsOutput)

            let next = builds.rebuild(builder, cache, fixture)
            #expect(next.succeeded, "\(next.diagnostics)")
            // The cache learnt nothing of files the cancelled build rendered but never wrote.
            #expect(next.written == uncancelled.written, "\(edit.name), cancelled at question \(point)")
            builds.expectSameFiles(try builds.snapshot(fixture.output), try builds.reference(fixture).files, "\(edit.name), cancelled at question \(point)")
        }
    }

    @Test func aCancelledFirstBuildLeavesNoOutputAndNoStagingFolder() throws {
        let fixture = try ServerFixture()
        let builder = SiteBuild(options: fixture.options)
        let cache = BuildCache()
        for point in [1, 3, 4, 6] {
            let stopped = builder.run(writer: StagingWriter(folder: fixture.output), cache: cache, isCancelled: Canceller(after: point).ask)
            #expect(stopped.cancelled)
            #expect(!cache.knowsOutput)
            #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".Output") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
        let first = builder.run(writer: StagingWriter(folder: fixture.output), cache: cache)
        #expect(first.succeeded)
        builds.expectSameFiles(try builds.snapshot(fixture.output), try builds.reference(fixture).files)
    }
}
