import ArgumentParser
import Dispatch
import Foundation
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
                                   colors: Console.isTerminal, timings: timings) { Console.error($0) }
        server.polling = poll
        // Caught from the start, so that Ctrl-C during the first build also stops cleanly.
        let interrupt = Interrupt()
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        // The command is synchronous; the server runs in a task while this thread waits for it.
        Task {
            do {
                let address = try await server.start()
                FileHandle.standardOutput.write(Data("Serving the guide at \(address) (Ctrl-C to stop)\n".utf8))
                await interrupt.wait()
                Console.error("stopping")
                await server.stop()
            } catch {
                Console.error("error: \(error)")
                outcome.code = 2
            }
            finished.signal()
        }
        finished.wait()
        if outcome.code != 0 { throw ExitCode(outcome.code) }
    }
}

private final class Outcome: @unchecked Sendable {
    var code: Int32 = 0
}

/// Ctrl-C (and SIGTERM) as something to wait for; a second Ctrl-C while stopping quits at once.
/// Everything here happens on one queue, which is not the main queue: the main thread is waiting
/// for the server.
private final class Interrupt: @unchecked Sendable {
    private let queue = DispatchQueue(label: "guide serve signals")
    private var sources: [DispatchSourceSignal] = []
    private var interrupted = false
    private var waiting: CheckedContinuation<Void, Never>?

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                if interrupted { exit(130) }
                interrupted = true
                waiting?.resume()
                waiting = nil
            }
            source.resume()
            sources.append(source)
        }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                if interrupted { continuation.resume() } else { waiting = continuation }
            }
        }
    }
}
