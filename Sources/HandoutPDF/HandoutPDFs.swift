import Diagnostics
import Foundation
import GuideModel
import SiteBuilder

/// The handouts as PDFs, `handouts/<id>.pdf`: an output format that prints the HTML handouts
/// once they are written, before the output is published. A failed PDF, or (under --strict) a
/// cell-type handout longer than its page limit, keeps the whole output from being published.
public final class HandoutPDFs: OutputFormat {
    public let engine: PDFEngine
    public let paper: Paper
    public let jobs: Int
    private let progress: @Sendable (String) -> Void
    /// What became of each handout, and how long printing took; set by the build.
    private let printed = Locked<(results: [HandoutPDF], seconds: Double)>(([], 0))
    public var results: [HandoutPDF] { printed.current.results }
    public var seconds: Double { printed.current.seconds }

    /// A cell-type handout must fit on this many pages (the issue "Printable patient handouts").
    public static let cellTypePageLimit = 2

    public init(engine: PDFEngine, paper: Paper, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.engine = engine
        self.paper = paper
        self.jobs = jobs
        self.progress = progress
    }

    /// The PDFs are made from written files, in `finish`.
    public func files(for site: ResolvedSite) -> [OutputFile] { [] }

    public func finish(in writer: OutputWriter, site: ResolvedSite, report: inout BuildReport) throws {
        guard let folder = writer.workFolder else { return }
        let handouts = site.handoutPages.map { page in
            HandoutJob(id: page.id, title: page.title, maxPages: page.kind == .cellType ? Self.cellTypePageLimit : nil, source: page.file.path,
                       folder: site.folder)
        }
        progress("Printing \(handouts.count) handouts on \(paper == .letter ? "US Letter" : "A4") with \(engine.displayName), \(max(1, jobs)) at a time")
        let start = DispatchTime.now()
        let results = HandoutPDFWriter(engine: engine, paper: paper, jobs: jobs).write(handouts, in: folder, progress: progress)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        // Called once per edition, the original first: the build's PDFs are all of them.
        printed.withLock { $0 = site.isTranslation ? ($0.results + results, $0.seconds + seconds) : (results, seconds) }

        let displayName = SiteBuild.displayPath(site.outputFolder)
        for pdf in results {
            let path = "\(displayName)/\(pdf.job.pdfPath)"
            if let failure = pdf.failure {
                report.diagnostics.append(.error("could not print the handout '\(pdf.job.title)': \(failure)", path: path))
                report.environmentError = true
            } else if !pdf.fits, let limit = pdf.job.maxPages, let pages = pdf.pages {
                // Said of the content file, since that is what the editor shortens.
                report.diagnostics.append(Diagnostic(.warning, "its handout (\(path)) has \(pages) pages, even in compact type; a cell-type handout should fit on \(limit)",
                                                     path: pdf.job.source ?? path,
                                                     suggestion: "shorten this page's summary, first paragraph or questions, or its drugs' schedules"))
            }
        }
    }
}
