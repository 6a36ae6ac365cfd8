import FlyingFox
import Foundation
import GuideModel

/// Answers every request of the preview from the output folder: `index.html` for folders, a
/// redirect from `/dir` to `/dir/`, the site's `404.html` with status 404, GET and HEAD. HTML is
/// never cached and carries the live-reload tag; while the last build failed, HTML requests get
/// the error page instead. Nothing outside the output folder is ever read (see `RequestPath`, and
/// the real-path check below, which catches symlinks that lead out).
struct SiteRequestHandler: HTTPHandler {
    let outputFolder: URL
    let state: PreviewState
    let liveReload: LiveReload

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var response = try respond(to: request)
        if response.headers[.contentType] != "text/event-stream" {
            // One request per connection. FlyingFox writes the head and the body of a response
            // separately and cannot turn Nagle's algorithm off, so on a reused connection the body
            // waits for the browser's delayed ACK: 40 ms per file, which was most of the reload
            // time. A new loopback connection costs a tenth of a millisecond.
            response.headers[.connection] = "close"
        }
        return response
    }

    private func respond(to request: HTTPRequest) throws -> HTTPResponse {
        let isHead = request.method == .HEAD
        guard request.method == .GET || isHead else {
            return text(.methodNotAllowed, "Only GET and HEAD are supported.\n", extra: ["Allow": "GET, HEAD"], head: isHead)
        }
        let rawPath = request.target.path(percentEncoded: true)
        if rawPath == LiveReload.eventsPath {
            return isHead ? HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "text/event-stream"])) : liveReload.eventStreamResponse()
        }
        if rawPath == LiveReload.scriptPath {
            return respond(.ok, Data(LiveReload.script.utf8), type: ContentType.forFile(named: "reload.js"), head: isHead)
        }
        let path: RequestPath
        switch RequestPath.parse(rawPath) {
        case .success(let parsed): path = parsed
        case .failure(.malformed): return text(.badRequest, "Bad request: this address is not allowed.\n", head: isHead)
        case .failure(.hidden): return notFound(head: isHead)
        }
        let (build, failure) = state.current
        switch find(path) {
        case .file(let url):
            let isHTML = ContentType.isHTML(url.lastPathComponent)
            if isHTML, let failure { return errorPage(failure, build: build, head: isHead) }
            return try serveFile(url, isHTML: isHTML, status: .ok, build: build, head: isHead)
        case .folder:
            var location = "/" + path.segments.map(Self.encode).joined(separator: "/") + "/"
            let query = request.target.query(percentEncoded: true)
            if !query.isEmpty { location += "?" + query }
            return HTTPResponse(statusCode: .found, headers: HTTPHeaders([.location: location, .contentLength: "0", .cacheControl: "no-store"]))
        case .missing:
            if let failure { return errorPage(failure, build: build, head: isHead) }
            return notFound(head: isHead)
        }
    }

    // MARK: - Finding files

    enum Found {
        case file(URL)
        /// A folder asked for without its trailing slash.
        case folder
        case missing
    }

    /// The regular file a request names inside the output folder, following symlinks only while
    /// they stay inside it.
    func find(_ path: RequestPath) -> Found {
        guard let root = Self.realPath(outputFolder.path) else { return .missing }
        let candidate = path.segments.isEmpty ? root : root + "/" + path.relative
        guard let real = Self.realPath(candidate), Self.isInside(real, root: root) else { return .missing }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue {
            guard path.endsWithSlash || path.segments.isEmpty else { return .folder }
            guard let index = Self.realPath(real + "/index.html"), Self.isInside(index, root: root), Self.isRegularFile(index) else { return .missing }
            return .file(URL(fileURLWithPath: index))
        }
        // `/drugs/olaparib/index.html/` names no file.
        guard !path.endsWithSlash, Self.isRegularFile(real) else { return .missing }
        return .file(URL(fileURLWithPath: real))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    // MARK: - Responses

    private func serveFile(_ url: URL, isHTML: Bool, status: HTTPStatusCode, build: String, head: Bool) throws -> HTTPResponse {
        guard isHTML else {
            // Assets may change with the next build: the browser must ask again, never reuse blindly.
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            var headers: HTTPHeaders = [.contentType: ContentType.forFile(named: url.lastPathComponent), .cacheControl: "no-cache"]
            headers[.contentLength] = String(size)
            headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
            if head { return HTTPResponse(statusCode: status, headers: headers) }
            return HTTPResponse(statusCode: status, headers: headers, body: try HTTPBodySequence(file: url))
        }
        let html = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        return respond(status, Data(LiveReload.inject(build: build, into: html).utf8), type: ContentType.html, head: head)
    }

    private func notFound(head: Bool) -> HTTPResponse {
        let (build, _) = state.current
        if case .file(let page) = find(RequestPath(segments: ["404.html"], endsWithSlash: false)),
           let response = try? serveFile(page, isHTML: true, status: .notFound, build: build, head: head) {
            return response
        }
        return text(.notFound, "Not found.\n", head: head)
    }

    private func errorPage(_ diagnostics: [Diagnostic], build: String, head: Bool) -> HTTPResponse {
        respond(.internalServerError, Data(ErrorPage.html(diagnostics, build: build).utf8), type: ContentType.html, head: head)
    }

    private func text(_ status: HTTPStatusCode, _ message: String, extra: [String: String] = [:], head: Bool) -> HTTPResponse {
        var response = respond(status, Data(message.utf8), type: ContentType.forFile(named: "message.txt"), head: head)
        for (name, value) in extra { response.headers[HTTPHeader(name)] = value }
        return response
    }

    /// A response from memory: never cached (it is HTML or a message); HEAD gets the headers only.
    private func respond(_ status: HTTPStatusCode, _ body: Data, type: String, head: Bool) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-store"]
        headers[.contentLength] = String(body.count)
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        return HTTPResponse(statusCode: status, headers: headers, body: head ? Data() : body)
    }
}
