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
public final class PreviewServer: @unchecked Sendable {
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
    private var buildNumber = 0
    private var lastPrinted: [Diagnostic] = []
    private let state: PreviewState
    private let liveReload: LiveReload
    private var watcher: FileWatcher?
    /// Watch by comparing modification times even where the system has file events (`guide serve --poll`).
    public var polling = false
    private var http: Server<PreviewChannel>?
    private var serving: Task<Void, Never>?
    private var port: Int?

    private let lock = NSLock()
    private var pending: FileWatcher.Change?
    private var draining = false

    /// `log` receives each line for the terminal (diagnostics, rebuild times); `timings` adds the
    /// time of each phase of each build.
    public init(options: BuildOptions, host: String = "127.0.0.1", port: Int = 8000, colors: Bool = false,
                timings: Bool = false, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.host = host
        requestedPort = port
        self.colors = colors
        self.timings = timings
        self.log = log
        builder = SiteBuild(options: options)
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
        self.http = http
        serving = Task {
            do { try await http.run() } catch { tell.yield(.failure(error)) }
            tell.finish()
        }
        switch await listening.first(where: { _ in true }) {
        case .success(let bound)?: port = bound
        case .failure(let error)?: throw Self.explain(error, host: address.host, port: requestedPort)
        case nil: break
        }
        guard let bound = port, bound > 0 else {
            await stop()
            throw PreviewServerError.cannotListen(host: host, port: requestedPort, reason: "the server did not report its address")
        }

        // Watching starts before the first build, so that a save during it is not missed.
        let watcher = FileWatcher(folders: [options.contentFolder, options.templatesFolder, options.publicFolder], polling: polling) { [weak self] change in
            self?.schedule(change)
        }
        watcher.start()
        self.watcher = watcher
        let report = await onRebuildQueue { self.rebuild(nil) }
        if report.environmentError {
            await stop()
            throw PreviewServerError.setup("the preview cannot start: the first build could not run (see above)")
        }
        let folders = [options.contentFolder, options.templatesFolder, options.publicFolder].map(SiteBuild.displayPath)
        log("watching \(folders.joined(separator: ", ")) (\(watcher.method))")
        return address.url(port: UInt16(bound))
    }

    /// Stops watching, ends the event streams and closes every connection, also one whose client
    /// has not read its response to the end.
    public func stop() async {
        watcher?.stop()
        liveReload.finish()
        try? await http?.shutdownGracefully()
        _ = await serving?.value
        // Let a rebuild that is running finish, so the output is not left half-written.
        await onRebuildQueue {}
    }

    /// The port the server listens on (useful with port 0).
    public var boundPort: Int? {
        get async { port }
    }

    // MARK: - Rebuilding

    /// Changes that arrive while a build runs are merged and built once it has finished.
    private func schedule(_ change: FileWatcher.Change) {
        lock.lock()
        if let earlier = pending {
            pending = FileWatcher.Change(paths: earlier.paths.union(change.paths), firstEventAt: earlier.firstEventAt)
        } else {
            pending = change
        }
        let start = !draining
        draining = true
        lock.unlock()
        guard start else { return }
        rebuildQueue.async { [self] in
            while true {
                lock.lock()
                guard let change = pending else { draining = false; lock.unlock(); return }
                pending = nil
                lock.unlock()
                rebuild(change)
            }
        }
    }

    @discardableResult
    private func rebuild(_ change: FileWatcher.Change?) -> BuildReport {
        let started = DispatchTime.now()
        // The first build, and any after a failed write, replaces the folder whole; then files are replaced one by one.
        let inPlace = cache.knowsOutput
        let writer: OutputWriter = inPlace ? FolderWriter(folder: options.outputFolder) : StagingWriter(folder: options.outputFolder)
        let report = builder.run(writer: writer, cache: cache)
        buildNumber += 1
        let build = "\(session)-\(buildNumber)"
        state.update(build: build, failure: report.succeeded ? nil : report.diagnostics)
        liveReload.publish(build: build)
        let sent = DispatchTime.now()

        if report.diagnostics != lastPrinted || !report.succeeded {
            if !report.diagnostics.isEmpty { log(DiagnosticFormatter(colors: colors).format(report.diagnostics)) }
            lastPrinted = report.diagnostics
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
        if let change {
            let names = change.paths.sorted().map { SiteBuild.displayPath(URL(fileURLWithPath: $0)) }
            line += (names.count <= 3 ? names.joined(separator: ", ") : "\(names.count) files") + " changed: "
        }
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

    /// Runs `body` after whatever the rebuild queue is doing, without blocking a concurrency thread.
    private func onRebuildQueue<T>(_ body: @escaping () -> T) async -> T {
        await withCheckedContinuation { continuation in
            rebuildQueue.async { continuation.resume(returning: body()) }
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
