import ArgumentParser
import Foundation
import GuideModel
import SiteBuilder

extension Paper: ExpressibleByArgument {}
extension PDFEngine.Kind: ExpressibleByArgument {}

/// `guide handouts [--pdf]`: the site with its printable handouts, and optionally their PDFs.
struct Handouts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site with its printable handouts; with --pdf, also write handouts/<id>.pdf.",
        discussion: """
        PDFs are made by WeasyPrint (preferred) or headless Chromium, whichever is found on PATH. \
        With --pdf and no engine, the HTML handouts are still written and the command exits with status 2.
        """
    )

    @OptionGroup var site: SiteOptions
    @Flag(help: "Also print every handout to PDF (handouts/<id>.pdf in the output).")
    var pdf = false
    @Option(help: "Paper size of the PDFs.")
    var paper: Paper = .letter
    @Option(help: "Use only this engine (default: the first one found, WeasyPrint before Chromium).")
    var engine: PDFEngine.Kind?
    @Option(help: "How many handouts to print at once (one per processor core unless set).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !pdf && engine != nil { throw ValidationError("--engine only matters with --pdf") }
    }

    func run() throws {
        guard pdf else {
            let report = SiteBuild(options: try site.buildOptions(write: true)).run()
            let code = Console.finish(report, verb: "built \(site.output)/", strict: site.strict)
            if code != 0 { throw ExitCode(code) }
            let count = (report.guide?.cellTypes.count ?? 0) + (report.guide?.treatments.count ?? 0)
            Console.error("\(plural(count, "handout")) in \(site.output)/handouts/ (add --pdf to print them to PDF)")
            return
        }

        let found = PDFEngine.find(only: engine)
        let build = HandoutBuild(options: try site.buildOptions(write: true), paper: paper, engine: found, jobs: jobs) { line in
            Console.error("  " + line)
        }
        let report = build.run()
        let code = finish(report)
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints what went wrong and the one-line summary; returns the exit status.
    private func finish(_ report: HandoutBuild.Report) -> Int32 {
        let all = report.site.diagnostics + report.diagnostics
        if !all.isEmpty {
            Console.error(DiagnosticFormatter(colors: Console.isTerminal).format(all))
        }
        let site = report.site
        let printed = report.pdfs.filter { $0.failure == nil }.count
        let compact = report.pdfs.filter(\.compact).count
        var line: String
        if report.succeeded {
            line = "built \(self.site.output)/: \(site.pageCount) pages and \(plural(printed, "PDF handout")) (\(paper.rawValue)"
            if compact > 0 { line += ", \(compact) in compact type" }
            line += String(format: ") in %.2fs", site.seconds + report.pdfSeconds)
        } else if report.missingEngine && report.written {
            line = "failed: no PDF engine; the site and its HTML handouts were written to \(self.site.output)/, no PDFs"
        } else {
            line = "failed: \(plural(all.errorCount, "error")), \(plural(all.warningCount, "warning"))"
            if self.site.strict && all.errorCount == 0 { line += " (--strict treats warnings as errors)" }
            line += "; nothing was written"
        }
        Console.error(line)
        if report.succeeded { return 0 }
        return report.environmentError ? 2 : 1
    }
}
