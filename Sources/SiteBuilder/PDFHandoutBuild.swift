import Foundation
import GuideModel

/// `guide handouts --pdf`: builds the site, prints every handout to PDF, and only then puts the
/// whole result in place of the output folder.
///
/// Atomic output: the site is built (by `SiteBuild`, unchanged) into a private folder beside the
/// output, the PDFs are written into that same folder, and the folder is swapped in whole with the
/// same rename `guide build` uses. A reader of `Output/` never sees a site with half its PDFs, and a
/// failed PDF leaves the previous output untouched. The one exception is deliberate: with no engine
/// installed there is nothing half-done, so the new HTML site (handouts included) is swapped in
/// and the command still fails, saying what to install.
public struct HandoutBuild {
    public var options: BuildOptions
    public var paper: Paper
    /// nil when no engine was found on this machine.
    public var engine: PDFEngine?
    public var jobs: Int
    public var progress: @Sendable (String) -> Void

    public init(options: BuildOptions, paper: Paper, engine: PDFEngine?, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.paper = paper
        self.engine = engine
        self.jobs = jobs
        self.progress = progress
    }

    public struct Report {
        /// The site build, with the content's diagnostics.
        public var site = BuildReport()
        public var pdfs: [HandoutPDF] = []
        /// Problems of the PDF step.
        public var diagnostics: [Diagnostic] = []
        /// True when the output folder now holds the new site.
        public var written = false
        /// True when every PDF was written and fits (and, under --strict, nothing was warned about).
        public var succeeded = false
        public var missingEngine = false
        public var environmentError = false
        public var pdfSeconds = 0.0
    }

    /// A cell-type handout must fit on this many pages (the issue "Printable patient handouts").
    public static let cellTypePageLimit = 2

    public func run() -> Report {
        var report = Report()
        let displayName = SiteBuild.displayPath(options.outputFolder)
        let output = OutputFolder(url: options.outputFolder, displayName: displayName)
        if let problem = output.checkReplaceable() {
            report.site.diagnostics = [problem]
            report.environmentError = true
            return report
        }

        // The site, built into a folder of our own beside the output (same disk: the swap is a rename).
        let staging = options.outputFolder.deletingLastPathComponent()
            .appendingPathComponent(".\(options.outputFolder.lastPathComponent).guide-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        var siteOptions = options
        siteOptions.outputFolder = staging
        siteOptions.write = true
        report.site = SiteBuild(options: siteOptions).run()
        report.environmentError = report.site.environmentError
        guard report.site.succeeded, let guide = report.site.guide else {
            try? FileManager.default.removeItem(at: staging)
            return report
        }

        guard let engine else {
            report.missingEngine = true
            report.environmentError = true
            report.diagnostics.append(.error(
                "no PDF engine found (looked on PATH for \(PDFEngine.searchedNames.joined(separator: ", ")))",
                suggestion: PDFEngine.installAdvice + ". The HTML handouts were written to \(displayName)/handouts/."))
            swap(staging, into: output, report: &report)
            return report
        }

        let handouts = SiteRenderer.handoutPages(of: guide).map { page in
            HandoutJob(id: page.id, title: page.title, maxPages: page.kind == .cellType ? Self.cellTypePageLimit : nil, source: page.file.path)
        }
        progress("Printing \(handouts.count) handouts on \(paper == .letter ? "US Letter" : "A4") with \(engine.displayName), \(max(1, jobs)) at a time")
        let start = DispatchTime.now()
        report.pdfs = HandoutPDFWriter(engine: engine, paper: paper, jobs: jobs).write(handouts, in: staging, progress: progress)
        report.pdfSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        for pdf in report.pdfs {
            let path = "\(displayName)/\(pdf.job.pdfPath)"
            if let failure = pdf.failure {
                report.diagnostics.append(.error("could not print the handout '\(pdf.job.title)': \(failure)", path: path))
            } else if !pdf.fits, let limit = pdf.job.maxPages, let pages = pdf.pages {
                // Said of the content file, since that is what the editor shortens.
                report.diagnostics.append(Diagnostic(.warning, "its handout (\(path)) has \(pages) pages, even in compact type; a cell-type handout should fit on \(limit)",
                                                     path: pdf.job.source ?? path,
                                                     suggestion: "shorten this page's summary, first paragraph or questions, or its drugs' schedules"))
            }
        }
        if report.diagnostics.hasErrors {
            report.environmentError = true
            try? FileManager.default.removeItem(at: staging)
            return report
        }
        if options.strict && report.diagnostics.warningCount > 0 {
            try? FileManager.default.removeItem(at: staging)
            return report
        }
        swap(staging, into: output, report: &report)
        report.succeeded = report.written
        return report
    }

    private func swap(_ staging: URL, into output: OutputFolder, report: inout Report) {
        do {
            try output.swap(in: staging)
            report.written = true
        } catch {
            try? FileManager.default.removeItem(at: staging)
            report.diagnostics.append(.error("could not replace the output folder: \(error.localizedDescription)", path: output.displayName))
            report.environmentError = true
        }
    }
}
