import Foundation

/// The paper a PDF handout is laid out on.
public enum Paper: String, CaseIterable, Sendable {
    case letter
    case a4

    /// The `size` value of CSS `@page`.
    var cssSize: String { self == .letter ? "letter" : "A4" }
}

/// A program on this machine that turns an HTML handout into a PDF. Both kinds read the page's
/// print CSS (`@page` size, margins, margin boxes) and write the `<title>` and `lang` into the PDF.
public struct PDFEngine: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Preferred: a paged-media engine with margin boxes and tagged PDF/UA output.
        case weasyprint
        /// Headless Chromium's print-to-PDF; tags its PDFs too.
        case chromium
    }

    public let kind: Kind
    public let executable: URL
    /// False for WeasyPrint releases without `--pdf-variant pdf/ua-1` (before 57).
    public var canTag = true

    public init(kind: Kind, executable: URL, canTag: Bool = true) {
        self.kind = kind
        self.executable = executable
        self.canTag = canTag
    }

    /// Program names looked for on PATH, per kind, in order.
    static let programNames: [Kind: [String]] = [
        .weasyprint: ["weasyprint"],
        .chromium: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"],
    ]

    /// What to install when no engine is found, as one line a reader can act on.
    public static let installAdvice = "install WeasyPrint: 'sudo apt-get install weasyprint' (Debian/Ubuntu) or "
        + "'python3 -m pip install weasyprint'; or install Chromium: 'sudo apt-get install chromium'"

    /// Every name looked for, for the message that says none was found.
    public static var searchedNames: [String] {
        Kind.allCases.flatMap { programNames[$0] ?? [] }
    }

    /// The first engine found on `path` (a PATH-style list): `only` when given, else WeasyPrint
    /// before Chromium.
    public static func find(only: Kind? = nil, path: String = ProcessInfo.processInfo.environment["PATH"] ?? "") -> PDFEngine? {
        let folders = path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for kind in Kind.allCases where only == nil || only == kind {
            for name in programNames[kind] ?? [] {
                for folder in folders {
                    let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
                    if FileManager.default.isExecutableFile(atPath: candidate.path) {
                        var engine = PDFEngine(kind: kind, executable: candidate)
                        if kind == .weasyprint { engine.canTag = weasyPrintSupportsUA(candidate) }
                        return engine
                    }
                }
            }
        }
        return nil
    }

    /// The program's arguments to print `input` (an HTML file) to `output`.
    /// `profile` is a private, empty folder for Chromium's profile, so parallel runs do not share one.
    func arguments(input: URL, output: URL, profile: URL) -> [String] {
        switch kind {
        case .weasyprint:
            // -q: WeasyPrint calls its PDF/UA output experimental on every run; the PDF is fine.
            return (canTag ? ["--pdf-variant", "pdf/ua-1"] : []) + ["-q", input.path, output.path]
        case .chromium:
            var arguments = ["--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--no-pdf-header-footer", "--user-data-dir=\(profile.path)", "--print-to-pdf=\(output.path)"]
            // Chromium refuses to start its sandbox as root (containers, CI).
            if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
            return arguments + [input.absoluteURL.absoluteString]
        }
    }

    public var displayName: String {
        kind == .weasyprint ? "WeasyPrint (\(executable.path))" : "Chromium (\(executable.path))"
    }

    private static func weasyPrintSupportsUA(_ executable: URL) -> Bool {
        guard let result = try? EngineProcess.run(executable, arguments: ["--help"], timeout: 30) else { return false }
        return result.status == 0 && result.output.contains("pdf/ua-1")
    }
}

/// Runs one engine process to its end, with a time limit, keeping what it printed.
enum EngineProcess {
    struct Result {
        let status: Int32
        /// Standard output and standard error together, for messages.
        let output: String
        let timedOut: Bool
    }

    static func run(_ executable: URL, arguments: [String], timeout: TimeInterval) throws -> Result {
        // A file, not a pipe: Chromium's helper processes inherit the handle and may hold a pipe
        // open after the main process has gone.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("guide-engine-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw PDFError("cannot create \(log.path)") }
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let lock = NSLock()
        var timedOut = false
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            lock.lock(); timedOut = true; lock.unlock()
            process.terminate()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        lock.lock(); defer { lock.unlock() }
        return Result(status: process.terminationStatus, output: output, timedOut: timedOut)
    }
}
