import FrontMatter
import Diagnostics
import ArgumentParser
import Foundation
import GuideModel
import SiteBuilder
import ContentChecks

@main
struct GuideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Build, check and preview the metastatic breast cancer treatment guide.",
        discussion: "Exit status: 0 success, 1 content errors, 2 usage or environment errors.",
        subcommands: [Build.self, Check.self, Serve.self, Handouts.self, New.self, Finder.self, BenchCorpusCommand.self]
    )

    /// Like ArgumentParser's own main, but usage errors exit with 2 (not 64) as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error).rawValue == 64 {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Folders and settings shared by every command that builds.
struct SiteOptions: ParsableArguments {
    @Option(help: "Folder of Markdown pages and site.yml.")
    var content = "Content"
    @Option(help: "Folder of Mustache templates.")
    var templates = "Templates"
    @Option(name: .customLong("public"), help: "Folder of static files copied as they are.")
    var publicFolder = "Public"
    @Option(help: "Folder the site is written to. Replaced whole; guide refuses a folder it did not write.")
    var output = "Output"
    @Option(help: "Absolute address the site will live at (for canonical links and the sitemap only).")
    var baseURL: String?
    @Flag(help: "Treat warnings as errors.")
    var strict = false
    @Flag(help: "Leave integrity= (SRI) off stylesheets and scripts: for a copy to open from disk, where Chromium refuses files it cannot check.")
    var noIntegrity = false
    @Flag(help: "Leave out the .gz and .br copies of text files: for a host that compresses as it serves (Netlify, Cloudflare Pages, GitHub Pages).")
    var noCompressedCopies = false
    @Flag(help: "Leave out the offline copy (offline/treatment-guide.zip), which the About page links to: for a quick build to look at.")
    var noOfflineCopy = false
    @Option(help: ArgumentHelp("The day review dates are checked against (default: SOURCE_DATE_EPOCH, else the real date).", valueName: "yyyy-mm-dd"),
            transform: { try SiteOptions.day($0) })
    var today: GuideDate?

    func validate() throws {
        _ = try Self.sourceDateEpoch()
    }

    func buildOptions(write: Bool) throws -> BuildOptions {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL }
        var options = BuildOptions(content: url(content), templates: url(templates), public: url(publicFolder), output: url(output))
        options.baseURL = baseURL
        options.strict = strict
        options.write = write
        options.subresourceIntegrity = !noIntegrity
        options.precompress = !noCompressedCopies
        options.offlineCopy = !noOfflineCopy
        // What 404.html assumes without a base URL matters where a site is published.
        options.warnsWithoutBaseURL = write
        options.today = try today ?? Self.sourceDateEpoch() ?? .today()
        return options
    }

    static func day(_ text: String) throws -> GuideDate {
        guard let day = GuideDate(text) else {
            throw ValidationError("write the day as YYYY-MM-DD, e.g. 2026-12-01" + (GuideDate.whyNotADay(text).map { " (\($0))" } ?? ""))
        }
        return day
    }

    /// The reproducible-builds convention, so that a CI run can fix the day for every command at once.
    static func sourceDateEpoch() throws -> GuideDate? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
        guard let seconds = Int(text) else {
            throw ValidationError("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, not '\(text)'")
        }
        return GuideDate(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

enum Console {
    static var isTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints diagnostics and the one-line summary; returns the exit code the build deserves.
    static func finish(_ report: BuildReport, verb: String, strict: Bool) -> Int32 {
        if !report.diagnostics.isEmpty {
            error(DiagnosticFormatter(colors: isTerminal).format(report.diagnostics))
        }
        let errors = report.diagnostics.errorCount, warnings = report.diagnostics.warningCount
        let time = String(format: "%.2fs", report.seconds)
        let failed = !report.succeeded || errors > 0 || (strict && warnings > 0)
        let outcome = failed ? "failed" : verb
        var line = "\(outcome): \(report.pageCount) pages, \(plural(warnings, "warning")), \(plural(errors, "error")) in \(time)"
        if failed && strict && errors == 0 && warnings > 0 { line += " (--strict treats warnings as errors)" }
        if failed { line += "; nothing was written" }
        error(line)
        if report.environmentError { return 2 }
        return failed ? 1 : 0
    }

}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the content and write the site to the output folder.")

    @OptionGroup var site: SiteOptions
    @Flag(help: "Print the time and the peak memory of each phase.")
    var timings = false

    func run() throws {
        let report = SiteBuild(options: try site.buildOptions(write: true)).run()
        if timings {
            for phase in report.timings {
                Console.error(String(format: "  %-8@ %8.1f ms   peak memory %6.0f MB", phase.name as NSString, phase.seconds * 1000,
                                     Double(phase.peakBytes) / 1_048_576))
            }
        }
        let code = Console.finish(report, verb: "built \(site.output)/", strict: site.strict)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every check of a build without writing anything.")

    @OptionGroup var site: SiteOptions
    @Flag(help: "Print the reading level of every page and the median, per language (English: Flesch-Kincaid grade; Spanish: INFLESZ).")
    var readingLevel = false
    @Flag(help: "Print each translated edition's coverage and every missing or out-of-date translation.")
    var translations = false

    func run() throws {
        let report = SiteBuild(options: try site.buildOptions(write: false)).run()
        if readingLevel, let guide = report.guide {
            print(ReadingReport(guide: guide).formatted())
            for edition in report.editionGuides {
                print("\n\(edition.folder)/\n" + ReadingReport(guide: edition.guide).formatted())
            }
        }
        if translations {
            if report.editionGuides.isEmpty { print("no translated editions (a folder of Content/ with its own site.yml)") }
            for edition in report.editionGuides { print(TranslationReport(folder: edition.folder, edition: edition.guide).formatted()) }
        }
        let code = Console.finish(report, verb: "checked", strict: site.strict)
        if code != 0 { throw ExitCode(code) }
    }
}
