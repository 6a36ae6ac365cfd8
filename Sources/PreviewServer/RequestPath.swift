/// The path of a request, decoded into plain segments that can only name something inside the
/// site. Anything that could step out of the output folder or hide a separator is refused here,
/// before the file system is asked anything: `..` and `.` in any encoding, encoded slashes,
/// backslashes, control characters (NUL, CR, LF) and double encoding (a `%` left after decoding once).
struct RequestPath: Equatable {
    /// Decoded segments, none empty, none starting with a dot but a first `.well-known`.
    let segments: [String]
    /// The request named a folder (`/drugs/`) rather than a file or a folder without its slash.
    let endsWithSlash: Bool

    enum Rejection: Error, Equatable {
        /// Not a path we would ever produce: traversal, encoded separators, bad encoding.
        case malformed
        /// A hidden file (`.guide-output`, `.htaccess`): exists perhaps, but is not part of the site.
        /// `/.well-known/` (RFC 8615: `security.txt`) is the one hidden folder a site publishes.
        case hidden
    }

    /// `rawPath` is the path of the request target exactly as the client sent it, still percent-encoded.
    static func parse(_ rawPath: String) -> Result<RequestPath, Rejection> {
        guard rawPath.hasPrefix("/") else { return .failure(.malformed) }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = raw.removingPercentEncoding else { return .failure(.malformed) }
            if decoded == "." || decoded == ".." { return .failure(.malformed) }
            if decoded.contains(where: { $0 == "/" || $0 == "\\" || $0 == "%" }) { return .failure(.malformed) }
            // No file of the site has one, and a CR or LF must never get near a header.
            if decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .failure(.malformed) }
            if decoded.hasPrefix("."), !(segments.isEmpty && decoded == ".well-known") { return .failure(.hidden) }
            segments.append(decoded)
        }
        return .success(RequestPath(segments: segments, endsWithSlash: rawPath.hasSuffix("/")))
    }

    /// Folder-relative form, for joining to the output folder.
    var relative: String { segments.joined(separator: "/") }
}
