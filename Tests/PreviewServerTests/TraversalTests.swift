import Foundation
import SiteTemplates
import SiteRendering
import Testing
@testable import PreviewServer

/// No request reads a file outside the output folder, however the path is written.
@Suite struct TraversalTests {
    /// Each names `secret.txt` (beside Output/) or a system file, in one of the ways `..` can hide.
    static let attacks = [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/about/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/about/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/about%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/about\\..\\..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%25252e%25252e/secret.txt",
        "/..%252fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/./../secret.txt",
        "//../secret.txt",
        "/about/..",
        "/%00../secret.txt",
        "/secret.txt%00.html",
        "/.guide-output",
        "http://127.0.0.1/../secret.txt",
        "..%2fsecret.txt",
    ]

    @Test func traversalIsAnErrorAndNeverTheFile() async throws {
        try await withServer { fixture async throws in
            for target in Self.attacks {
                for method in ["GET", "HEAD"] {
                    let response = try await fixture.get(target, method: method)
                    #expect(response.status >= 400, "\(method) \(target) answered \(response.status)")
                    #expect(!response.text.contains(ServerFixture.secret), "\(method) \(target) leaked the secret")
                    #expect(!response.text.contains("root:x:0:0"), "\(method) \(target) leaked /etc/passwd")
                }
            }
        }
    }

    @Test func symlinksThatLeadOutsideAreNotFollowed() async throws {
        try await withServer { fixture async throws in
            let manager = FileManager.default
            let secret = fixture.root.appendingPathComponent("secret.txt").path
            try manager.createSymbolicLink(atPath: fixture.output.appendingPathComponent("leak.txt").path, withDestinationPath: secret)
            try manager.createSymbolicLink(atPath: fixture.output.appendingPathComponent("relative-leak.txt").path, withDestinationPath: "../secret.txt")
            try manager.createSymbolicLink(atPath: fixture.output.appendingPathComponent("outside").path, withDestinationPath: fixture.root.path)
            try manager.createSymbolicLink(atPath: fixture.output.appendingPathComponent("etc").path, withDestinationPath: "/etc")
            // A link that stays inside the output is an ordinary file of the site.
            try manager.createSymbolicLink(atPath: fixture.output.appendingPathComponent("alias.txt").path, withDestinationPath: "notes.txt")

            for target in ["/leak.txt", "/relative-leak.txt", "/outside/secret.txt", "/outside/", "/outside", "/etc/passwd"] {
                let response = try await fixture.get(target)
                #expect(response.status == 404, "\(target) answered \(response.status)")
                #expect(!response.text.contains(ServerFixture.secret), "\(target) leaked the secret")
                #expect(!response.text.contains("root:x:0:0"), "\(target) leaked /etc/passwd")
            }
            let alias = try await fixture.get("/alias.txt")
            #expect(alias.status == 200)
            #expect(alias.text == "plain notes\n")
        }
    }

    @Test func hiddenFilesOfTheOutputAreNotServed() async throws {
        try await withServer { fixture async throws in
            #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(".guide-output").path))
            #expect(try await fixture.get("/.guide-output").status == 404)
            #expect(try await fixture.get("/%2eguide-output").status == 404)
        }
    }

    // MARK: - The path rules on their own

    @Test func pathsAreDecodedIntoSegments() {
        #expect(RequestPath.parse("/") == .success(RequestPath(segments: [], endsWithSlash: true)))
        #expect(RequestPath.parse("/drugs/olaparib/") == .success(RequestPath(segments: ["drugs", "olaparib"], endsWithSlash: true)))
        #expect(RequestPath.parse("/css/site.css") == .success(RequestPath(segments: ["css", "site.css"], endsWithSlash: false)))
        #expect(RequestPath.parse("/a%20b/") == .success(RequestPath(segments: ["a b"], endsWithSlash: true)))
        #expect(RequestPath.parse("//drugs//x") == .success(RequestPath(segments: ["drugs", "x"], endsWithSlash: false)))
        // The one hidden folder a site publishes (RFC 8615); anything hidden inside it or elsewhere stays hidden.
        #expect(RequestPath.parse("/.well-known/security.txt") == .success(RequestPath(segments: [".well-known", "security.txt"], endsWithSlash: false)))
        #expect(RequestPath.parse("/.well-known/.x") == .failure(.hidden))
        #expect(RequestPath.parse("/a/.well-known/x") == .failure(.hidden))
        #expect(RequestPath.parse("/.git/config") == .failure(.hidden))
    }

    @Test(arguments: attacks)
    func everyAttackIsRefusedBeforeTheFileSystem(target: String) {
        // The socket test above allows any error status; this one says which rule catches it.
        switch RequestPath.parse(target) {
        case .failure: break
        case .success(let path):
            // The only attacks that parse are ones whose segments are harmless names under the root.
            #expect(!path.segments.contains(".."), "\(target)")
            #expect(path.segments.allSatisfy { !$0.contains("/") && !$0.contains("\\") && !$0.contains("\0") }, "\(target)")
        }
    }
}
