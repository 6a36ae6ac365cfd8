import Diagnostics
import ArgumentParser
import Foundation
import GuideModel
import SiteBuilder
import HandoutPDF

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

        // With no engine there is nothing half-done: the HTML site (handouts included) is written and the command still fails.
        guard let found = PDFEngine.find(only: engine) else {
            let report = SiteBuild(options: try site.buildOptions(write: true)).run()
            var diagnostics = report.diagnostics
            if report.succeeded {
                diagnostics.append(.error("no PDF engine found (looked on PATH for \(PDFEngine.searchedNames.joined(separator: ", ")))",
                                          suggestion: PDFEngine.installAdvice + ". The HTML handouts were written to \(site.output)/handouts/."))
            }
            Console.error(DiagnosticFormatter(colors: Console.isTerminal).format(diagnostics))
            Console.error(report.succeeded ? "failed: no PDF engine; the site and its HTML handouts were written to \(site.output)/, no PDFs"
                                           : "failed: \(plural(diagnostics.errorCount, "error")), \(plural(diagnostics.warningCount, "warning")); nothing was written")
            throw ExitCode(report.succeeded || report.environmentError ? 2 : 1)
        }
        let pdfs = HandoutPDFs(engine: found, paper: paper, jobs: jobs) { line in Console.error("  " + line) }
        let report = SiteBuild(options: try site.buildOptions(write: true), formats: [SitePages(), HandoutPages(), pdfs]).run()
        let code = finish(report, pdfs: pdfs)
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints what went wrong and the one-line summary; returns the exit status.
    private func finish(_ report: BuildReport, pdfs: HandoutPDFs) -> Int32 {
        let all = report.diagnostics
        if !all.isEmpty {
            Console.error(DiagnosticFormatter(colors: Console.isTerminal).format(all))
        }
        let printed = pdfs.results.filter { $0.failure == nil }.count
        let compact = pdfs.results.filter(\.compact).count
        var line: String
        if report.succeeded {
            line = "built \(self.site.output)/: \(report.pageCount) pages and \(plural(printed, "PDF handout")) (\(paper.rawValue)"
            if compact > 0 { line += ", \(compact) in compact type" }
            line += String(format: ") in %.2fs", report.seconds)
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
