import Foundation
import SiteTemplates
import SiteRendering
import Testing
@testable import PreviewServer

/// The preview keeps up when the file system changes under it the way git does.
@Suite struct RecoveryTests {
    @Test func contentFolderDeletedAndRestoredIsServedAgain() async throws {
        try await withServer { fixture async throws in
            let events = try await EventStreamListener(port: fixture.port)
            let first = try await events.nextBuild()
            let content = fixture.root.appendingPathComponent("Content")
            let saved = fixture.root.appendingPathComponent("Content-saved")
            try FileManager.default.copyItem(at: content, to: saved)
            // A branch switch: the folder goes, then comes back as new files.
            try FileManager.default.removeItem(at: content)
            let broken = try await events.nextBuild(after: first)
            try FileManager.default.copyItem(at: saved, to: content)
            try fixture.edit("Content/about.md") { $0 + "\nBack after the switch.\n" }
            let (page, _) = try await fixture.page("/about/", after: broken, events: events) { $0.text.contains("Back after the switch.") }
            #expect(page.status == 200)
        }
    }
}
