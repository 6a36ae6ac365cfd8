import Diagnostics
import Foundation
import GuideModel
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Answers every request of the preview from the output folder: `index.html` for folders, a
/// redirect from `/dir` to `/dir/`, the site's `404.html` with status 404, GET and HEAD. HTML is
/// never cached and carries the live-reload tag; while the last build failed, HTML requests get
/// the error page instead. Nothing outside the output folder is ever read (see `RequestPath`, and
/// the real-path check below, which catches symlinks that lead out). Only requests for the
/// preview's own address are answered (see `HostCheck`). No header of a response carries bytes of
/// the request as they came: the one that names a path, Location, is encoded anew.
struct SiteRequestHandler: Sendable {
    let outputFolder: URL
    let state: PreviewState
    let liveReload: LiveReload
    let hosts: HostCheck

    /// `local` is the address the connection came in on.
    func respond(to request: HTTPRequest, local: SocketAddress?) -> Response {
        var response = answer(request, local: local)
        if response.headers[.contentType] != "text/event-stream" {
            // The preview answers one request per connection (see `PreviewChannel`).
            response.headers[.connection] = "close"
        }
        return response
    }

    private func answer(_ request: HTTPRequest, local: SocketAddress?) -> Response {
        let isHead = request.method == .head
        guard hosts.allows(request, local: local) else {
            return text(.misdirectedRequest, "This preview answers only at its own address (see guide serve).\n", head: isHead)
        }
        guard request.method == .get || isHead else {
            return text(.methodNotAllowed, "Only GET and HEAD are supported.\n", extra: [.allow: "GET, HEAD"], head: isHead)
        }
        let target = URI(request.path ?? "")
        if target.path == LiveReload.eventsPath {
            return isHead ? Response(status: .ok, headers: [.contentType: "text/event-stream"]) : liveReload.eventStreamResponse()
        }
        if target.path == LiveReload.scriptPath {
            return respond(.ok, Data(LiveReload.script.utf8), type: ContentType.forFile(named: "reload.js"), head: isHead)
        }
        let path: RequestPath
        switch RequestPath.parse(target.path) {
        case .success(let parsed): path = parsed
        case .failure(.malformed): return text(.badRequest, "Bad request: this address is not allowed.\n", head: isHead)
        case .failure(.hidden): return notFound(head: isHead)
        }
        let (build, failure) = state.current
        switch find(path) {
        case .file(let url):
            let isHTML = ContentType.isHTML(url.lastPathComponent)
            if isHTML, let failure { return errorPage(failure, build: build, head: isHead) }
            guard let response = try? serveFile(url, isHTML: isHTML, status: .ok, build: build, head: isHead) else {
                return text(.internalServerError, "The file could not be read.\n", head: isHead)
            }
            return response
        case .folder:
            var location = "/" + path.segments.map(Self.encode).joined(separator: "/") + "/"
            if let query = target.query, !query.isEmpty { location += "?" + Self.encodeQuery(query) }
            return Response(status: .found, headers: [.location: location, .contentLength: "0", .cacheControl: "no-store"])
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

    /// A decoded path segment, encoded for a Location header.
    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The query as sent, with every byte outside the query characters percent-encoded (so a CR
    /// or a space can never reach the header), and the escapes it had kept as they are.
    static func encodeQuery(_ query: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.insert("%")
        allowed.remove("#")
        return query.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    // MARK: - Responses

    private func serveFile(_ url: URL, isHTML: Bool, status: HTTPResponse.Status, build: String, head: Bool) throws -> Response {
        let data = try Data(contentsOf: url)
        guard isHTML else {
            // Assets may change with the next build: the browser must ask again, never reuse blindly.
            let headers: HTTPFields = [
                .contentType: ContentType.forFile(named: url.lastPathComponent), .cacheControl: "no-cache",
                .contentLength: String(data.count), .xContentTypeOptions: "nosniff",
            ]
            return Response(status: status, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let html = String(decoding: data, as: UTF8.self)
        return respond(status, Data(LiveReload.inject(build: build, into: html).utf8), type: ContentType.html, head: head)
    }

    private func notFound(head: Bool) -> Response {
        let (build, _) = state.current
        if case .file(let page) = find(RequestPath(segments: ["404.html"], endsWithSlash: false)),
           let response = try? serveFile(page, isHTML: true, status: .notFound, build: build, head: head) {
            return response
        }
        return text(.notFound, "Not found.\n", head: head)
    }

    private func errorPage(_ diagnostics: [Diagnostic], build: String, head: Bool) -> Response {
        respond(.internalServerError, Data(ErrorPage.html(diagnostics, build: build).utf8), type: ContentType.html, head: head)
    }

    private func text(_ status: HTTPResponse.Status, _ message: String, extra: HTTPFields = [:], head: Bool) -> Response {
        var response = respond(status, Data(message.utf8), type: ContentType.forFile(named: "message.txt"), head: head)
        response.headers.append(contentsOf: extra)
        return response
    }

    /// A response from memory: never cached (it is HTML or a message); HEAD gets the headers only.
    private func respond(_ status: HTTPResponse.Status, _ body: Data, type: String, head: Bool) -> Response {
        let headers: HTTPFields = [
            .contentType: type, .cacheControl: "no-store", .contentLength: String(body.count), .xContentTypeOptions: "nosniff",
        ]
        return Response(status: status, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
