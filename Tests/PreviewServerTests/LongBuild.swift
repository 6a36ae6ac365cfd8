import Foundation
import GuideTestSupport
import GuideModel
import SiteBuilder
#if canImport(Glibc)
import Glibc
#endif

extension ServerFixture {
    /// A page long enough that building the fixture takes seconds, not milliseconds: `parts`
    /// sections, each a heading, a link to another page, a link to one of its own headings and a
    /// glossary term. (20,000 parts: a full build of about 5 s in a debug build on a busy 2-core VM;
    /// parsing the page is most of it.)
    static func longPage(parts: Int) -> String {
        var body = ""
        body.reserveCapacity(parts * 90)
        for part in 0..<parts {
            body += "## Part \(part)\n\nSee [about](about.md), [part \(part / 2)](#part-\(part / 2)) and BRCA.\n\n"
        }
        return page("Long", body)
    }

    /// The fixture with `Content/long.md` of `parts` sections.
    func addLongPage(parts: Int) throws {
        try write("Content/long.md", Self.longPage(parts: parts))
    }

    /// Starts a preview of this fixture, runs `body`, and stops the preview however `body` ends.
    func serving(_ body: (ServerFixture) async throws -> Void) async throws {
        try await start()
        do {
            try await body(self)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    static func files(in folder: URL) throws -> [String: Data] { try SiteFolder.snapshot(folder) }

    /// What `guide build` writes for the files as they are now.
    func referenceFiles() throws -> [String: Data] {
        var options = options
        options.outputFolder = root.appendingPathComponent("Reference-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: options.outputFolder) }
        let report = SiteBuild(options: options).run()
        guard report.succeeded else { throw HTTPTestClient.Failure(description: "the reference build failed: \(report.diagnostics)") }
        return try Self.files(in: options.outputFolder)
    }
}

/// A port of 127.0.0.1 that was free a moment ago, for a `guide serve` that must be reached before it prints its address.
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            Glibc.bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
        }
    }
    guard bound else { throw HTTPTestClient.Failure(description: "no free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
