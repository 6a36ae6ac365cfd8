import Diagnostics
import Foundation
import GuideModel
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import SiteBuilder

/// `guide serve`: builds the site, serves the output folder over HTTP (on loopback unless told
/// otherwise), watches Content/, Templates/ and Public/, rebuilds what a change reaches, and tells
/// open pages to reload. A failed build never stops it: the browser shows the diagnostics until
/// the next build succeeds.
public final class PreviewServer: Sendable {
    public let options: BuildOptions
    private let host: String
    private let requestedPort: Int
    private let log: @Sendable (String) -> Void
    private let colors: Bool
    private let timings: Bool

    /// The one build, run with a cache: after the first, a save re-parses only the files whose text
    /// changed and re-renders only the output files whose inputs changed.
    private let builder: SiteBuild
    private let cache = BuildCache()
    private let rebuildQueue = DispatchQueue(label: "guide serve rebuild")
    private let session = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    private let state: PreviewState
    private let liveReload: LiveReload
    /// Watch by comparing modification times even where the system has file events (`guide serve --poll`).
    private let polling: Bool
    private let running = Locked(Running())

    /// What changes while it serves: set by `start` and read by `stop`, the watcher's thread and the rebuild queue.
    private struct Running: Sendable {
        var watcher: FileWatcher?
        var http: Server<PreviewChannel>?
        var serving: Task<Void, Never>?
        var port: Int?
        var buildNumber = 0
        var lastPrinted: [Diagnostic] = []
        /// Changes that arrived while a build runs: they stop it (see `isCancelled`) and are built next.
        var pending: FileWatcher.Change?
        var draining = false
        /// Set by `stop`: the running build stops early and no other starts.
        var stopping = false
        /// True while a build writes the output folder (see `WriteGate`): `stop` waits only for that.
        var writing = false
    }

    /// The preview's build: it shows the site as `guide build` would, but records no addresses in
    /// the content's ledger (a page tried out and renamed while writing needs no redirect), and
    /// makes neither compressed copies nor the offline zip, which only hosts and readers need.
    public static func previewing(_ options: BuildOptions) -> BuildOptions {
        var options = options
        options.recordAddresses = false
        options.precompress = false
        options.offlineCopy = false
        // The preview serves the site at the root, which is what 404.html assumes without a base URL.
        options.warnsWithoutBaseURL = false
        return options
    }

    /// `log` receives each line for the terminal (diagnostics, rebuild times); `timings` adds the
    /// time of each phase of each build.
    public init(options: BuildOptions, host: String = "127.0.0.1", port: Int = 8000, colors: Bool = false,
                timings: Bool = false, polling: Bool = false, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.host = host
        requestedPort = port
        self.colors = colors
        self.timings = timings
        self.polling = polling
        self.log = log
        builder = SiteBuild(options: Self.previewing(options))
        state = PreviewState(build: "\(session)-0")
        liveReload = LiveReload(build: "\(session)-0")
    }

    /// Starts listening, watching and the first build, and returns the address to open.
    public func start() async throws -> String {
        guard (0...Int(UInt16.max)).contains(requestedPort) else {
            throw PreviewServerError.cannotListen(host: host, port: requestedPort, reason: "a port is a number from 0 to 65535")
        }
        let address = try ListenAddress(host: host)
        if !address.isLoopback {
            log("warning: serving on \(host), not 127.0.0.1: other machines that can reach this one can read the preview")
        }

        // Listening comes first, so that a port in use is said at once, before a build.
        let site = SiteRequestHandler(outputFolder: options.outputFolder, state: state, liveReload: liveReload,
                                      hosts: HostCheck(listenHost: address.host))
        // The port it listens on, or why it could not.
        let (listening, tell) = AsyncStream<Result<Int, Error>>.makeStream()
        let http = Server(
            childChannelSetup: PreviewChannel(site: site),
            configuration: ServerConfiguration(address: .hostname(address.host, port: requestedPort)),
            onServerRunning: { channel in tell.yield(.success(channel.localAddress?.port ?? 0)) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "guide serve", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let serving = Task {
            do { try await http.run() } catch { tell.yield(.failure(error)) }
            tell.finish()
        }
        running.withLock { running in
            running.http = http
            running.serving = serving
        }
        var port: Int?
        switch await listening.first(where: { _ in true }) {
        case .success(let bound)?: port = bound
        case .failure(let error)?: throw Self.explain(error, host: address.host, port: requestedPort)
        case nil: break
        }
        running.withLock { [port] in $0.port = port }
        guard let bound = port, bound > 0 else {
            await stop()
            throw PreviewServerError.cannotListen(host: host, port: requestedPort, reason: "the server did not report its address")
        }

        // Watching starts before the first build, so that a save during it is not missed.
        let watcher = FileWatcher(folders: [options.contentFolder, options.templatesFolder, options.publicFolder], polling: polling) { [weak self] change in
            self?.schedule(change)
        }
        watcher.start()
        running.withLock { $0.watcher = watcher }
        let report = await onRebuildQueue { self.rebuild(nil) }
        if running.withLock({ $0.stopping }) {
            // `stop` came while this started, perhaps before the watcher was there to stop.
            watcher.stop()
            throw PreviewServerError.stopped
        }
        if report.environmentError {
            await stop()
            throw PreviewServerError.setup("the preview cannot start: the first build could not run (see above)")
        }
        let folders = [options.contentFolder, options.templatesFolder, options.publicFolder].map(SiteBuild.displayPath)
        log("watching \(folders.joined(separator: ", ")) (\(watcher.method))")
        return address.url(port: UInt16(bound))
    }

    /// Stops watching, stops a build that is running (it writes nothing), ends the event streams and
    /// closes every connection, also one whose client has not read its response to the end. May be
    /// called while `start` still runs (Ctrl-C during the first build); `start` then throws `.stopped`.
    public func stop() async {
        let (watcher, http, serving, writing) = running.withLock { running in
            running.stopping = true
            return (running.watcher, running.http, running.serving, running.writing)
        }
        watcher?.stop()
        liveReload.finish()
        try? await http?.shutdownGracefully()
        _ = await serving?.value
        // A build that writes is let finish, so the output is not left half-written (writing is
        // short). One that has not begun to write never will (`WriteGate`), and stops at its next
        // look at `isCancelled`: it is not waited for, so Ctrl-C is prompt however long it is.
        if writing { await onRebuildQueue {} }
    }

    /// The port the server listens on (useful with port 0).
    public var boundPort: Int? {
        get async { running.withLock { $0.port } }
    }

    // MARK: - Rebuilding

    /// A change that arrives while a build runs stops that build, which has become pointless, and is
    /// merged with any others that arrive before the next build starts.
    private func schedule(_ change: FileWatcher.Change) {
        let start = running.withLock { running in
            running.pending = Self.merge(running.pending, change)
            let start = !running.draining && !running.stopping
            running.draining = true
            return start
        }
        guard start else { return }
        rebuildQueue.async { [self] in
            while true {
                let next = running.withLock { running -> FileWatcher.Change? in
                    guard let change = running.pending, !running.stopping else { running.draining = false; return nil }
                    running.pending = nil
                    return change
                }
                guard let change = next else { return }
                rebuild(change)
            }
        }
    }

    /// `later` added to `earlier`: the paths of both, timed from the first save.
    private static func merge(_ earlier: FileWatcher.Change?, _ later: FileWatcher.Change) -> FileWatcher.Change {
        guard let earlier else { return later }
        return FileWatcher.Change(paths: earlier.paths.union(later.paths), firstEventAt: earlier.firstEventAt)
    }

    /// True once the build that runs has become pointless: a newer change waits, or the server stops.
    private var isCancelled: @Sendable () -> Bool {
        { [running] in running.withLock { $0.pending != nil || $0.stopping } }
    }

    @discardableResult
    private func rebuild(_ change: FileWatcher.Change?) -> BuildReport {
        let started = DispatchTime.now()
        // The first build, and any after a failed write, replaces the folder whole; then files are replaced one by one.
        let inPlace = cache.knowsOutput
        let writer = WriteGate(inPlace ? FolderWriter(folder: options.outputFolder) : StagingWriter(folder: options.outputFolder), running: running)
        let report = builder.run(writer: writer, cache: cache, isCancelled: isCancelled)
        let stopping = running.withLock { running in
            running.writing = false
            return running.stopping
        }
        if report.cancelled || (stopping && !report.succeeded) {
            // It wrote nothing; the next build (of the newer change, which waits) covers this change too.
            guard !stopping else { return report }
            running.withLock { running in
                if let change, let newer = running.pending { running.pending = Self.merge(change, newer) }
            }
            log((change.map { "\(Self.names($0)) changed: " } ?? "") + "build stopped for a newer change")
            return report
        }
        let build = running.withLock { running in
            running.buildNumber += 1
            return "\(session)-\(running.buildNumber)"
        }
        state.update(build: build, failure: report.succeeded ? nil : report.diagnostics)
        liveReload.publish(build: build)
        let sent = DispatchTime.now()

        let printed = running.withLock { running in
            let printed = running.lastPrinted
            running.lastPrinted = report.diagnostics
            return printed
        }
        if (report.diagnostics != printed || !report.succeeded) && !report.diagnostics.isEmpty {
            log(DiagnosticFormatter(colors: colors).format(report.diagnostics))
        }
        log(summary(report, inPlace: inPlace, change: change, started: started, sent: sent))
        if timings {
            log("  " + report.timings.map { $0.name + String(format: " %.1f ms", $0.seconds * 1000) }.joined(separator: " · "))
        }
        return report
    }

    private func summary(_ report: BuildReport, inPlace: Bool, change: FileWatcher.Change?,
                         started: DispatchTime, sent: DispatchTime) -> String {
        func ms(_ from: DispatchTime, _ to: DispatchTime) -> String {
            String(format: "%.0f ms", Double(to.uptimeNanoseconds - from.uptimeNanoseconds) / 1e6)
        }
        var line = ""
        if let change { line += Self.names(change) + " changed: " }
        let errors = report.diagnostics.errorCount, warnings = report.diagnostics.warningCount
        if report.succeeded {
            let files = report.written
            if !inPlace {
                line += "built \(report.pageCount) pages"
            } else {
                line += files.isEmpty ? "no file changed" : "rebuilt \(files.count == 1 ? files[0] : "\(files.count) files")"
            }
            line += " in \(ms(started, sent))"
            if warnings > 0 { line += ", " + plural(warnings, "warning") }
        } else {
            line += "build failed: \(plural(errors, "error")), \(plural(warnings, "warning"))"
            line += " in \(ms(started, sent)); the browser shows them, the last good site is still served"
        }
        if let change { line += "; reload sent \(ms(change.firstEventAt, sent)) after the save" }
        return line
    }

    private static func names(_ change: FileWatcher.Change) -> String {
        let names = change.paths.sorted().map { SiteBuild.displayPath(URL(fileURLWithPath: $0)) }
        return names.count <= 3 ? names.joined(separator: ", ") : "\(names.count) files"
    }

    /// Runs `body` after whatever the rebuild queue is doing, without blocking a concurrency thread.
    private func onRebuildQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            rebuildQueue.async { continuation.resume(returning: body()) }
        }
    }

    /// A preview build's writer, which may begin only while the server is not stopping, and says
    /// while it writes: so `stop` knows whether it must wait for the build (see `stop`).
    private final class WriteGate: OutputWriter {
        let writer: OutputWriter
        let running: Locked<Running>

        init(_ writer: OutputWriter, running: Locked<Running>) {
            self.writer = writer
            self.running = running
        }

        struct Stopped: LocalizedError {
            var errorDescription: String? { "the preview is stopping" }
        }

        func checkReplaceable() -> Diagnostic? { writer.checkReplaceable() }
        var canUpdate: Bool { writer.canUpdate }
        // Files are handed over only once all are rendered, so that `stop` never waits for rendering.
        var publishesOnCommit: Bool { false }
        var workFolder: URL? { writer.workFolder }
        func write(_ path: String, _ file: RenderedFile) throws { try writer.write(path, file) }
        func read(_ path: String) throws -> Data { try writer.read(path) }
        func commit(keeping: Set<String>, removing: Set<String>) throws { try writer.commit(keeping: keeping, removing: removing) }
        func abandon() { writer.abandon() }

        func begin() throws {
            try running.withLock { running in
                guard !running.stopping else { throw Stopped() }
                running.writing = true
            }
            try writer.begin()
        }
    }

    // MARK: - Listening

    private static func explain(_ error: Error, host: String, port: Int) -> PreviewServerError {
        if let error = error as? IOError {
            switch error.errnoCode {
            case EADDRINUSE: return .portInUse(host: host, port: port)
            case EACCES: return .cannotListen(host: host, port: port, reason: "permission denied (ports below 1024 need root)")
            case EADDRNOTAVAIL: return .cannotListen(host: host, port: port, reason: "\(host) is not an address of this machine")
            default: return .cannotListen(host: host, port: port, reason: "\(error)")
            }
        }
        return .cannotListen(host: host, port: port, reason: "\(error)")
    }
}
