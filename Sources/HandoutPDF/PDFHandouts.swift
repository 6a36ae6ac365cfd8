import Diagnostics
import Foundation
import SiteBuilder
import SiteRendering
import GuideModel

/// One handout to print: `handouts/<id>/index.html` in a built site becomes `handouts/<id>.pdf`.
public struct HandoutJob: Sendable {
    public let id: String
    public let title: String
    /// Cell-type handouts must fit on two pages; treatment handouts may run longer.
    public let maxPages: Int?
    /// The content file the handout is made from, where an editor shortens it (nil in tests).
    public let source: String?

    public init(id: String, title: String, maxPages: Int?, source: String? = nil) {
        self.id = id
        self.title = title
        self.maxPages = maxPages
        self.source = source
    }

    var htmlPath: String { SiteURL.handout(id).outputFile }
    public var pdfPath: String { "handouts/\(id).pdf" }
}

/// What became of one handout.
public struct HandoutPDF: Sendable {
    public let job: HandoutJob
    public var pages: Int?
    /// Set when the handout was printed in compact type to fit its page limit.
    public var compact = false
    public var seconds: Double = 0
    /// Why no PDF was written.
    public var failure: String?

    public var fits: Bool {
        guard let limit = job.maxPages, let pages else { return true }
        return pages <= limit
    }
}

/// Prints handouts of a built site folder to PDF with one engine, several at a time.
public struct HandoutPDFWriter: Sendable {
    public let engine: PDFEngine
    public let paper: Paper
    public let jobs: Int
    /// Seconds one handout may take before its engine is stopped.
    public var timeout: TimeInterval = 180

    public init(engine: PDFEngine, paper: Paper, jobs: Int) {
        self.engine = engine
        self.paper = paper
        self.jobs = max(1, jobs)
    }

    /// Writes `handouts/<id>.pdf` next to each handout folder inside `site`. `progress` gets one
    /// line per finished handout, from whichever worker finished it (calls are serialized).
    public func write(_ handouts: [HandoutJob], in site: URL, progress: @escaping @Sendable (String) -> Void = { _ in }) -> [HandoutPDF] {
        let done = Locked(0)
        let width = String(handouts.count).count
        // `jobs` at a time, not one per core: each handout is an engine process of its own.
        return concurrentMap(handouts, width: jobs) { job in
            let result = write(job, in: site)
            done.withLock { done in
                done += 1
                let counter = String(repeating: " ", count: width - String(done).count) + "\(done)/\(handouts.count)"
                progress("[\(counter)] " + Self.describe(result))
            }
            return result
        }
    }

    /// One handout: print it; if it runs past its page limit, print it again in compact type.
    func write(_ job: HandoutJob, in site: URL) -> HandoutPDF {
        let start = DispatchTime.now()
        var result = HandoutPDF(job: job)
        do {
            result.pages = try print(job, in: site, compact: false)
            if !result.fits {
                result.pages = try print(job, in: site, compact: true)
                result.compact = true
            }
        } catch {
            result.failure = "\(error)"
            try? FileManager.default.removeItem(at: site.appendingPathComponent(job.pdfPath))
        }
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return result
    }

    /// Prints a copy of the handout page that names the paper size (and compact type), placed
    /// beside the original so that its stylesheet link still resolves; returns the page count.
    private func print(_ job: HandoutJob, in site: URL, compact: Bool) throws -> Int? {
        let manager = FileManager.default
        let html = site.appendingPathComponent(job.htmlPath)
        guard let page = try? String(contentsOf: html, encoding: .utf8) else {
            throw PDFError("cannot read \(job.htmlPath)")
        }
        let copy = html.deletingLastPathComponent().appendingPathComponent(".print-\(paper.rawValue)\(compact ? "-compact" : "").html")
        try Self.printCopy(of: page, paper: paper, compact: compact).write(to: copy, atomically: false, encoding: .utf8)
        defer { try? manager.removeItem(at: copy) }

        let pdf = site.appendingPathComponent(job.pdfPath)
        try? manager.removeItem(at: pdf)
        let profile = manager.temporaryDirectory.appendingPathComponent("guide-chromium-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: profile) }
        let run = try EngineProcess.run(engine.executable, arguments: engine.arguments(input: copy, output: pdf, profile: profile), timeout: timeout)
        if run.timedOut { throw PDFError("\(engine.kind.rawValue) did not finish within \(Int(timeout)) seconds") }
        guard run.status == 0, let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            let said = run.output.split(separator: "\n").suffix(5).joined(separator: "\n    ")
            throw PDFError("\(engine.kind.rawValue) exited with status \(run.status)\(said.isEmpty ? "" : ":\n    " + said)")
        }
        return PDFPages.count(in: data)
    }

    /// The handout page with its paper size set, and the compact class when asked. Printed from
    /// disk, where Chromium cannot check an `integrity=` and so would drop the stylesheets, the
    /// copy goes without them (it is never published).
    static func printCopy(of page: String, paper: Paper, compact: Bool) throws -> String {
        var copy = page.replacingOccurrences(of: #" integrity="sha(256|384|512)-[A-Za-z0-9+/=]+""#, with: "", options: .regularExpression)
        guard let head = copy.range(of: "</head>") else { throw PDFError("the handout page has no </head>") }
        copy.replaceSubrange(head, with: "<style>@page { size: \(paper.cssSize); }</style>\n</head>")
        if compact {
            guard let open = copy.range(of: "<html") else { throw PDFError("the handout page has no <html> element") }
            copy.replaceSubrange(open, with: "<html class=\"handout-compact\"")
        }
        return copy
    }

    static func describe(_ result: HandoutPDF) -> String {
        if let failure = result.failure { return "\(result.job.pdfPath): failed: \(failure)" }
        var line = result.job.pdfPath
        if let pages = result.pages { line += ", " + plural(pages, "page") }
        if result.compact { line += " (compact type, to fit \(result.job.maxPages ?? 0))" }
        if !result.fits { line += " — more than \(result.job.maxPages ?? 0)" }
        return line + String(format: ", %.1fs", result.seconds)
    }
}

struct PDFError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Counts the pages of a PDF by its page objects. Both engines write them uncompressed; for a
/// PDF that hides them in object streams the count is unknown (nil).
enum PDFPages {
    static func count(in data: Data) -> Int? {
        // Latin-1 keeps every byte as one character, so binary streams cannot hide a match.
        guard let text = String(data: data, encoding: .isoLatin1) else { return nil }
        let pattern = try! NSRegularExpression(pattern: "/Type\\s*/Page(?![A-Za-z])")
        let count = pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        return count > 0 ? count : nil
    }
}
