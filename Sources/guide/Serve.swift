import ArgumentParser
import Dispatch
import Foundation
import Diagnostics
import PreviewServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve on 127.0.0.1 and rebuild on change.",
        discussion: """
            Serves the output folder at http://127.0.0.1:8000/, watches the content, templates and \
            public folders, rebuilds what a change reaches and reloads open pages. A build error \
            shows in the browser and here; the server keeps running. Ctrl-C stops it.
            """
    )
    @OptionGroup var site: SiteOptions
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8000
    @Option(help: "Address to listen on. Anything but 127.0.0.1 (or ::1) lets other machines read the preview.")
    var host = "127.0.0.1"
    @Flag(help: "Print the time each phase of each rebuild took.")
    var timings = false
    @Flag(help: "Look for changes ten times a second instead of using the system's file events (for network, shared or container folders, which may deliver none).")
    var poll = false

    func run() throws {
        let server = PreviewServer(options: try site.buildOptions(write: true), host: host, port: port,
                                   colors: Console.isTerminal, timings: timings, polling: poll) { Console.error($0) }
        // Caught from the start, so that Ctrl-C during the first build also stops cleanly.
        let interrupt = Interrupt()
        let failed = Locked(false)
        let finished = DispatchSemaphore(value: 0)
        // The command is synchronous; the server runs in a task while this thread waits for it.
        Task {
            do {
                let address = try await server.start()
                FileHandle.standardOutput.write(Data("Serving the guide at \(address) (Ctrl-C to stop)\n".utf8))
            } catch PreviewServerError.stopped {
                // Ctrl-C during the first build: the task below stops the server and says so.
            } catch {
                Console.error("error: \(error)")
                failed.withLock { $0 = true }
                finished.signal()
            }
        }
        // Not after `start`: Ctrl-C must also stop the first build, however long it is.
        Task {
            await interrupt.wait()
            Console.error("stopping")
            await server.stop()
            finished.signal()
        }
        finished.wait()
        if failed.current { throw ExitCode(2) }
    }
}

/// Ctrl-C (and SIGTERM) as something to wait for; a second Ctrl-C while stopping quits at once.
/// The signals are handled on a queue of their own: the main thread is waiting for the server.
private final class Interrupt: Sendable {
    private struct State: Sendable {
        var interrupted = false
        var waiting: CheckedContinuation<Void, Never>?
    }
    private let state = Locked(State())
    // Safe: only kept alive here (a released source stops delivering); never used after init.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    init() {
        let queue = DispatchQueue(label: "guide serve signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: queue)
        }
        for source in sources {
            source.setEventHandler { [self] in interrupted() }
            source.resume()
        }
    }

    private func interrupted() {
        let (again, waiting) = state.withLock { state in
            let seen = (state.interrupted, state.waiting)
            state.interrupted = true
            state.waiting = nil
            return seen
        }
        if again { exit(130) }
        waiting?.resume()
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let already = state.withLock { state in
                if !state.interrupted { state.waiting = continuation }
                return state.interrupted
            }
            if already { continuation.resume() }
        }
    }
}
