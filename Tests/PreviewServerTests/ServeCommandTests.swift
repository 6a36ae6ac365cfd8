import Foundation
import SiteTemplates
import SiteRendering
import Diagnostics
import Testing

/// `guide serve` as editors run it: the address on stdout, Ctrl-C to stop, exit code 2 when the
/// port is taken. Runs the `guide` executable built next to this test bundle.
@Suite struct ServeCommandTests {
    static var guideExecutable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("guide")
    }

    final class Output: Sendable {
        private let data = Locked(Data())
        func append(_ more: Data) { data.withLock { $0.append(more) } }
        var text: String { String(decoding: data.current, as: UTF8.self) }
    }

    struct Running {
        let process: Process
        let stdout: Output
        let stderr: Output
    }

    func launch(_ fixture: ServerFixture, _ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = Self.guideExecutable
        process.currentDirectoryURL = fixture.root
        process.arguments = arguments
        let (stdout, stderr) = (Output(), Output())
        let (outPipe, errPipe) = (Pipe(), Pipe())
        process.standardOutput = outPipe
        process.standardError = errPipe
        outPipe.fileHandleForReading.readabilityHandler = { stdout.append($0.availableData) }
        errPipe.fileHandleForReading.readabilityHandler = { stderr.append($0.availableData) }
        try process.run()
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    /// Waits (up to 60 s) until `condition` holds.
    func wait(_ condition: () -> Bool) async throws {
        for _ in 0..<1200 where !condition() { try await Task.sleep(nanoseconds: 50_000_000) }
    }

    func portNumber(in text: String) -> Int? {
        guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else { return nil }
        return Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast())
    }

    @Test func guideExecutableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.guideExecutable.path), "\(Self.guideExecutable.path)")
    }

    @Test func portZeroPrintsTheAddressAndCtrlCStopsCleanly() async throws {
        let fixture = try ServerFixture()
        let serve = try launch(fixture, ["serve", "--port", "0"])
        try await wait { portNumber(in: serve.stdout.text) != nil || !serve.process.isRunning }
        let port = try #require(portNumber(in: serve.stdout.text), "stdout: \(serve.stdout.text)\nstderr: \(serve.stderr.text)")
        #expect(port != 8000)
        #expect(serve.stdout.text.contains("Serving the guide at http://127.0.0.1:\(port)/"))
        #expect(serve.stderr.text.contains("built"))

        let page = try await HTTPTestClient.request(port: port, target: "/about/")
        #expect(page.status == 200)
        #expect(page.text.contains("/__guide/reload.js"))
        // An open event stream must not keep the server from stopping.
        let events = try await EventStreamListener(port: port)
        _ = try await events.nextBuild()

        kill(serve.process.processIdentifier, SIGINT)
        try await wait { !serve.process.isRunning }
        #expect(!serve.process.isRunning)
        #expect(serve.process.terminationReason == .exit)
        #expect(serve.process.terminationStatus == 0)
        await #expect(throws: (any Error).self) { try await HTTPTestClient.request(port: port, target: "/") }
    }

    /// Ctrl-C during a first build of many seconds (a page of 50,000 sections: about 20 s in a debug
    /// build here) stops the server at once: the build writes nothing and is not waited for.
    @Test func ctrlCDuringALongFirstBuildExitsPromptly() async throws {
        let fixture = try ServerFixture()
        // Long enough that even a slow, busy machine is still building when the signal comes; the
        // process exits without waiting for it, so the size costs nothing once Ctrl-C is sent.
        try fixture.addLongPage(parts: 200_000)
        let port = try freePort()
        let serve = try launch(fixture, ["serve", "--port", String(port)])
        defer { if serve.process.isRunning { serve.process.terminate() } }
        // It listens before its first build, so a connection means the build has begun.
        try await wait { (try? HTTPTestClient.connect(port: port)).map { close($0) } != nil || !serve.process.isRunning }
        try #require(serve.process.isRunning, "stderr: \(serve.stderr.text)")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        #expect(!serve.stderr.text.contains("built"), "the first build finished before Ctrl-C: make the page longer. \(serve.stderr.text)")

        let sent = Date()
        kill(serve.process.processIdentifier, SIGINT)
        try await wait { !serve.process.isRunning }
        let seconds = Date().timeIntervalSince(sent)
        #expect(!serve.process.isRunning)
        // Generous for a busy machine; without the cancellation it waits out the build (tens of seconds).
        #expect(seconds < 8, "took \(seconds) s to stop")
        #expect(serve.process.terminationStatus == 0, "\(serve.stderr.text)")
        #expect(serve.stderr.text.contains("stopping"))
        #expect(!serve.stderr.text.contains("built"))
        // Nothing was written: no output, no staging folder left.
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".Output") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func pollWatchesByPollingAndASaveStillRebuilds() async throws {
        let fixture = try ServerFixture()
        let serve = try launch(fixture, ["serve", "--port", "0", "--poll"])
        defer { serve.process.terminate() }
        // The watch method is printed just before the address, on the other stream.
        try await wait { (portNumber(in: serve.stdout.text) != nil && serve.stderr.text.contains("watching")) || !serve.process.isRunning }
        #expect(serve.stderr.text.contains("(polling)"), "\(serve.stderr.text)")
        let port = try #require(portNumber(in: serve.stdout.text), "stdout: \(serve.stdout.text)\nstderr: \(serve.stderr.text)")

        try fixture.edit("Content/about.md") { $0 + "\nA polled paragraph.\n" }
        try await wait { serve.stderr.text.contains("about.md changed: rebuilt") }
        #expect(serve.stderr.text.contains("about.md changed: rebuilt"), "\(serve.stderr.text)")
        #expect(try await HTTPTestClient.request(port: port, target: "/about/").text.contains("A polled paragraph."))
    }

    @Test func portInUseExitsWithCode2AndSaysSo() async throws {
        let fixture = try ServerFixture()
        try await fixture.start()
        let serve = try launch(fixture, ["serve", "--port", String(fixture.port), "--output", "Output2"])
        try await wait { !serve.process.isRunning }
        await fixture.stop()
        #expect(serve.process.terminationStatus == 2)
        #expect(serve.stderr.text.contains("port \(fixture.port) on 127.0.0.1 is already in use"), "\(serve.stderr.text)")
        #expect(serve.stderr.text.contains("--port 0"))
    }

    @Test func buildOutputHasNoReloadScript() async throws {
        let fixture = try ServerFixture()
        let build = try launch(fixture, ["build"])
        try await wait { !build.process.isRunning }
        #expect(build.process.terminationStatus == 0, "\(build.stderr.text)")
        let enumerator = FileManager.default.enumerator(at: fixture.output, includingPropertiesForKeys: nil)!
        var checked = 0
        for case let url as URL in enumerator where url.pathExtension == "html" {
            #expect(!(try String(contentsOf: url, encoding: .utf8)).contains("__guide"), "\(url.path)")
            checked += 1
        }
        #expect(checked > 5)
    }
}
