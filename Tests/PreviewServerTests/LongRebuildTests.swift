import Foundation
import GuideModel
import SiteBuilder
import Testing

/// A save during a long rebuild stops that rebuild (it would only be replaced) and gets a
/// rebuild of its own; what is served in the end is what a full build of the final files gives.
@Suite struct LongRebuildTests {
    @Test func aSaveDuringALongRebuildGetsItsOwnRebuildAndTheSiteEqualsAFullBuild() async throws {
        let fixture = try ServerFixture()
        try fixture.addLongPage(parts: 20_000)
        try await fixture.serving { fixture in
            let events = try await EventStreamListener(port: fixture.port)
            let first = try await events.nextBuild()
            // Front matter reaches every file: the long page is rendered again, which takes seconds.
            try fixture.edit("Content/drugs/olaparib.md") { $0.replacingOccurrences(of: "brands: [Lynparza]", with: "brands: [Lynparza, Longbrand]") }
            try await Task.sleep(nanoseconds: 400_000_000)
            try fixture.edit("Content/about.md") { $0 + "\nSaved during the long rebuild.\n" }

            let (about, last) = try await fixture.page("/about/", after: first, events: events) { $0.text.contains("Saved during the long rebuild.") }
            #expect(about.status == 200)
            #expect(about.text.contains("Saved during the long rebuild."))
            let drug = try await fixture.get("/drugs/olaparib/")
            #expect(drug.text.contains("data-build=\"\(last)\""), "no build is left to come")
            // The save has a rebuild of its own: a summary that names it and says it built.
            let summaries = fixture.log.split(separator: "\n").filter { $0.contains("about.md") && $0.contains("changed:") }
            #expect(summaries.contains { $0.contains("changed: rebuilt") || $0.contains("changed: built") }, "\(fixture.log)")
            #expect(!fixture.log.contains("build failed"), "\(fixture.log)")
            // Whether the first rebuild was stopped depends on the machine; the result may not.
            let stopped = fixture.log.contains("build stopped for a newer change")
            print("LongRebuildTests: the rebuild of the first save was \(stopped ? "" : "not ")stopped by the second")

            let served = try ServerFixture.files(in: fixture.output)
            let reference = try fixture.referenceFiles()
            #expect(served.values.contains { String(decoding: $0, as: UTF8.self).contains("Longbrand") }, "the first save is built too")
            #expect(served.keys.sorted() == reference.keys.sorted())
            for (path, data) in reference where served[path] != data { Issue.record("\(path) differs from a full build") }
        }
    }
}
