import Diagnostics
import Foundation
import GuideModel
import GuideTestSupport
import Testing
@testable import SiteBuilder

/// A symbolic link that leads out of Templates/ or Public/ (as out of Content/) is an error that
/// names the link: the build fails, and nothing of what it points at (here /etc/passwd) reaches
/// the output or a message. Links that stay inside are followed as before.
@Suite struct SourceFolderLinkTests {
    static let target = "/etc/passwd"
    /// Lines of the target, none of which may appear anywhere.
    static let targetLines: [String] = {
        let text = (try? String(contentsOfFile: target, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { $0.count > 8 }
    }()

    func link(_ fixture: Fixture, _ path: String, to destination: String) throws {
        let url = fixture.root.appendingPathComponent(path)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    /// The build failed with one error, at `path`, naming the link; nothing of the target is said
    /// or written, and the output the last build left is untouched.
    func expectRefused(_ fixture: Fixture, _ path: String, folder: String, before: [String: Data]) throws {
        let report = fixture.build()
        let error = try only(report, path)
        let relative = String(path.dropFirst(folder.count + 1))
        #expect(error.message.hasPrefix("'\(relative)' is a symbolic link to something outside the"), "\(error.message)")
        #expect(error.sourceLine == nil)
        let said = DiagnosticFormatter(colors: false).format(report.diagnostics)
        #expect(!said.contains(Self.target), "the target is not named: \(said)")
        try expectNothingOfTheTarget(in: said)
        #expect(try fixture.snapshot() == before, "a failed build leaves the output as it was")
        for (_, data) in try fixture.snapshot() { try expectNothingOfTheTarget(in: String(decoding: data, as: UTF8.self)) }
    }

    func expectNothingOfTheTarget(in text: String) throws {
        try #require(!Self.targetLines.isEmpty, "\(Self.target) has lines to look for")
        for line in Self.targetLines { #expect(!text.contains(line), "a line of \(Self.target) leaked: \(line)") }
        #expect(!text.contains("root:x:0:0"))
    }

    /// A fixture built once, so that a refused build can be seen to leave the output alone.
    func built() throws -> (Fixture, [String: Data]) {
        let fixture = try Fixture()
        let first = fixture.build()
        #expect(first.succeeded, "\(first.diagnostics)")
        return (fixture, try fixture.snapshot())
    }

    @Test func fileInPublicLinkingOutIsAnErrorNamingTheLink() throws {
        let (fixture, before) = try built()
        try link(fixture, "Public/leak.txt", to: Self.target)
        try expectRefused(fixture, "Public/leak.txt", folder: "Public", before: before)
    }

    @Test func folderInPublicLinkingOutIsAnErrorNamingTheLink() throws {
        let (fixture, before) = try built()
        try link(fixture, "Public/etc", to: "/etc")
        try expectRefused(fixture, "Public/etc", folder: "Public", before: before)
    }

    @Test func relativeLinkOutOfPublicIsAnError() throws {
        let (fixture, before) = try built()
        try "private notes beside the site\n".write(to: fixture.root.appendingPathComponent("private.txt"), atomically: true, encoding: .utf8)
        try link(fixture, "Public/css/notes.txt", to: "../../private.txt")
        try expectRefused(fixture, "Public/css/notes.txt", folder: "Public", before: before)
    }

    @Test func templateLinkingOutIsAnErrorNamingTheLinkAndNotAMissingTemplate() throws {
        let (fixture, before) = try built()
        // /etc/passwd is valid Mustache: read, it would be the text of every page.
        try link(fixture, "Templates/page.mustache", to: Self.target)
        try expectRefused(fixture, "Templates/page.mustache", folder: "Templates", before: before)
    }

    @Test func partialsFolderLinkingOutIsAnError() throws {
        let (fixture, before) = try built()
        let elsewhere = fixture.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try (try String(contentsOfFile: Self.target, encoding: .utf8)).write(to: elsewhere.appendingPathComponent("nav.mustache"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Templates/partials"))
        try link(fixture, "Templates/partials", to: elsewhere.path)
        let report = fixture.build()
        let errors = report.diagnostics.filter { $0.severity == .error }
        // The link, and the layout's include of the template that is now gone.
        #expect(errors.contains { $0.path?.hasSuffix("Templates/partials") == true && $0.message.hasPrefix("'partials' is a symbolic link to something outside") },
                "\(errors.map(\.description))")
        #expect(!report.succeeded)
        try expectNothingOfTheTarget(in: DiagnosticFormatter(colors: false).format(report.diagnostics))
        #expect(try fixture.snapshot() == before)
    }

    @Test func wordsLinkingOutAreAnErrorNamingTheLink() throws {
        let (fixture, before) = try built()
        try link(fixture, "Templates/strings/en.yml", to: Self.target)
        try expectRefused(fixture, "Templates/strings/en.yml", folder: "Templates", before: before)
    }

    /// A linked file that stays inside is read; a linked folder that stays inside is not entered
    /// (as before: a link to `.` would list the folder forever), and is no error either.
    @Test func linksThatStayInsideAreFollowed() throws {
        let fixture = try Fixture()
        try link(fixture, "Public/css/alias.css", to: "site.css")
        try fixture.write("Public/shared/a.txt", "shared\n")
        try link(fixture, "Public/also", to: "shared")
        try link(fixture, "Templates/partials/menu.mustache", to: "nav.mustache")
        let report = fixture.build()
        #expect(report.succeeded, "\(report.diagnostics.map(\.description))")
        #expect(try fixture.readAsset("css/alias.css") == "body { color: black; }\n")
        #expect(try fixture.read("shared/a.txt") == "shared\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("also").path))
    }
}
