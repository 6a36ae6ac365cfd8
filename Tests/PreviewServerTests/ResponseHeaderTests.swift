import Foundation
import SiteTemplates
import SiteRendering
import Testing
@testable import PreviewServer

/// No header of a response is made of request bytes as they came: a CR or LF in the request
/// (raw, or as %0D%0A) would end the header and let the request write headers of its own.
@Suite struct ResponseHeaderTests {
    /// The response head, line by line, after checking that CR and LF only come as CRLF.
    static func headLines(_ raw: Data, _ what: String) -> [String] {
        let head = raw.range(of: Data("\r\n\r\n".utf8)).map { raw[..<$0.lowerBound] } ?? raw[...]
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        for line in lines {
            #expect(!line.contains("\r") && !line.contains("\n"), "\(what): a bare CR or LF in \(line.debugDescription)")
        }
        return lines
    }

    static let injections = [
        // Encoded, in the path of a folder that redirects, and in its query.
        "/about%0D%0AX-Injected:%20yes",
        "/about%0d%0aX-Injected:%20yes/",
        "/about?x=%0D%0AX-Injected:%20yes",
        "/drugs/olaparib?%0AX-Injected:%20yes",
        // Raw: a CR, an LF or both inside the request line.
        "/about\rX-Injected: yes",
        "/about?x=\rX-Injected: yes",
        "/about?x=\r\nX-Injected: yes",
        "/about?x=\nX-Injected: yes",
        "/about?x=y z\tw",
    ]

    @Test(arguments: injections)
    func crOrLfInTheRequestNeverReachesAHeader(target: String) async throws {
        try await withServer { fixture async throws in
            let request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(fixture.port)\r\nConnection: close\r\n\r\n"
            let raw = try await HTTPTestClient.exchange(port: fixture.port, Array(request.utf8))
            let lines = Self.headLines(raw, target.debugDescription)
            #expect(lines.first?.hasPrefix("HTTP/1.1 ") == true, "\(target.debugDescription): \(lines.first ?? "no answer")")
            #expect(!lines.contains { $0.lowercased().hasPrefix("x-injected") }, "\(target.debugDescription): \(lines)")
            for line in lines where line.lowercased().hasPrefix("location:") {
                let value = line.dropFirst("location:".count).trimmingCharacters(in: .whitespaces)
                let allowed = CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "%"))
                #expect(value.unicodeScalars.allSatisfy(allowed.contains), "\(target.debugDescription): Location \(value)")
                #expect(value.hasPrefix("/about/") || value.hasPrefix("/drugs/olaparib/"), "\(value)")
            }
        }
    }

    @Test func theQueryOfARedirectKeepsItsEscapes() async throws {
        try await withServer { fixture async throws in
            let response = try await fixture.get("/about?x=%0D%0AX-Injected:%20yes&y=%26")
            #expect(response.status == 302)
            #expect(response["Location"] == "/about/?x=%0D%0AX-Injected:%20yes&y=%26")
            #expect(response["X-Injected"] == nil)
        }
    }

    @Test func controlCharactersInThePathAreABadRequest() {
        for path in ["/about%0D%0A/", "/a%0Ab", "/a%09b", "/a%7Fb"] {
            #expect(RequestPath.parse(path) == .failure(.malformed), "\(path)")
        }
    }
}
