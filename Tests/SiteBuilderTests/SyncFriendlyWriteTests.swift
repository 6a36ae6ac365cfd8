import Foundation
import Testing
import GuideTestSupport
@testable import SiteBuilder

/// `guide build` replaces Output/ whole, yet a file whose bytes did not change keeps its
/// modification time, so rsync, `aws s3 sync` and mtime-based ETags see only real changes.
@Suite struct SyncFriendlyWriteTests {
    /// A time no build can write: a file that still has it was carried over.
    static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)

    func modificationTimes(_ fixture: Fixture) throws -> [String: Date] {
        var times: [String: Date] = [:]
        for path in OutputFolder.regularFiles(in: fixture.output) {
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.output.appendingPathComponent(path).path)
            times[path] = attributes[.modificationDate] as? Date
        }
        return times
    }

    func backdate(_ fixture: Fixture) throws {
        for path in OutputFolder.regularFiles(in: fixture.output) {
            try FileManager.default.setAttributes([.modificationDate: Self.longAgo], ofItemAtPath: fixture.output.appendingPathComponent(path).path)
        }
    }

    @Test func aRebuildOfTheSameSourcesKeepsEveryFileAndItsTime() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        try backdate(fixture)
        let before = try fixture.snapshot()
        #expect(fixture.build().succeeded)
        #expect(try fixture.snapshot() == before)
        let moved = try modificationTimes(fixture).filter { $0.value != Self.longAgo }.keys.sorted()
        #expect(moved == [], "files re-dated by a build that changed nothing")
        #expect(try modificationTimes(fixture).count > 10)
    }

    @Test func aOneWordEditReDatesOnlyTheFilesItChanges() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        try backdate(fixture)
        let before = try fixture.snapshot()
        let drug = try String(contentsOf: fixture.root.appendingPathComponent("Content/drugs/olaparib.md"), encoding: .utf8)
        try fixture.write("Content/drugs/olaparib.md", drug.replacingOccurrences(of: "A pill.", with: "A tablet."))
        #expect(fixture.build().succeeded)
        let after = try fixture.snapshot()
        let changedBytes = after.keys.filter { before[$0] != after[$0] }.sorted()
        let reDated = try modificationTimes(fixture).filter { $0.value != Self.longAgo }.keys.sorted()
        #expect(reDated == changedBytes)
        let changed = Set(changedBytes.map(Fixture.unhashed))
        #expect(changed.isSuperset(of: ["drugs/olaparib/index.html", "search-index.js"]))
        #expect(!changed.contains("index.html") && !changed.contains("css/site.css") && !changed.contains("model.json"))
    }

    @Test func aStylesheetEditReDatesTheStylesheet() throws {
        let fixture = try Fixture()
        #expect(fixture.build().succeeded)
        try backdate(fixture)
        let before = try fixture.snapshot()
        try fixture.write("Public/css/site.css", "body { color: navy; }\n")
        #expect(fixture.build().succeeded)
        let after = try fixture.snapshot()
        let reDated = try modificationTimes(fixture).filter { $0.value != Self.longAgo }.keys.sorted()
        // The stylesheet has a new name, so every page that links it changes too; nothing else does.
        #expect(reDated == after.keys.filter { before[$0] != after[$0] }.sorted())
        #expect(reDated.map(Fixture.unhashed).contains("css/site.css"))
        #expect(reDated.contains("index.html"))
        #expect(!reDated.contains("model.json") && !reDated.contains("robots.txt"))
    }
}
