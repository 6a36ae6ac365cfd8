import ArgumentParser
import Foundation
import GuideModel
import SiteBuilder

/// `guide finder hr=negative her2=ultralow`: what the site's finder shows for those results, from
/// the model itself, so that an editor or a pharmacist can check an answer without a browser.
/// `--all` prints the answer for every combination of results as JSON (the end-to-end test
/// compares it with the page's finder).
struct Finder: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which drugs fit some test results, as the site's finder shows them.",
        discussion: "Results are key=value, e.g. hr=positive her2=one-plus esr1=mutated. Keys: "
            + Biomarker.allCases.map { "\($0.rawValue) (\($0.values.joined(separator: ", ")))" }.joined(separator: "; "))

    @OptionGroup var site: SiteOptions
    @Argument(help: "Test results as key=value.") var results: [String] = []
    @Flag(help: "Print every combination of results (each result, or not known) as JSON.") var all = false

    func run() throws {
        let report = SiteBuild(options: try site.buildOptions(write: false)).run()
        guard let guide = report.guide, !report.diagnostics.hasErrors else {
            throw ExitCode(Console.finish(report, verb: "checked", strict: false))
        }
        if all {
            var answers: [String: Any] = [:]
            for picked in Self.combinations() {
                answers[Self.key(picked)] = Self.answer(guide, picked)
            }
            let data = try JSONSerialization.data(withJSONObject: answers, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        var picked: [Biomarker: String] = [:]
        for result in results {
            let parts = result.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let biomarker = Biomarker(rawValue: parts[0]), biomarker.values.contains(parts[1]) else {
                throw ValidationError("'\(result)' is not a test result; use key=value with: "
                                      + Biomarker.allCases.map { "\($0.rawValue)=\($0.values.joined(separator: "|"))" }.joined(separator: " "))
            }
            picked[biomarker] = parts[1]
        }
        for (treatment, drugs) in guide.finderResults(for: picked) {
            print(treatment.page.title)
            for (drug, fit) in drugs {
                switch fit {
                case .fits: print("  fits      \(drug.page.title)\(drug.isOffLabel ? " (off-label)" : "")")
                case .needs(let missing):
                    print("  may fit   \(drug.page.title): needs \(Biomarker.allCases.filter(missing.contains).map(\.rawValue).joined(separator: ", "))")
                case .ruledOut: break
                }
            }
        }
    }

    /// Every choice the finder's form allows: each biomarker at each value, or not known.
    static func combinations() -> [[Biomarker: String]] {
        var all: [[Biomarker: String]] = [[:]]
        for biomarker in Biomarker.allCases {
            all = all.flatMap { picked in [picked] + biomarker.values.map { picked.merging([biomarker: $0]) { _, new in new } } }
        }
        return all
    }

    /// `hr=negative&her2=ultralow`, in biomarker order: the finder's own address fragment.
    static func key(_ picked: [Biomarker: String]) -> String {
        Biomarker.allCases.compactMap { biomarker in picked[biomarker].map { "\(biomarker.rawValue)=\($0)" } }.joined(separator: "&")
    }

    static func answer(_ guide: Guide, _ picked: [Biomarker: String]) -> [String: Any] {
        let found = guide.finderResults(for: picked).flatMap(\.drugs)
        return ["fits": found.filter { $0.fit == .fits }.map(\.drug.id).sorted(),
                "maybe": found.filter { $0.fit != .fits }.map(\.drug.id).sorted()]
    }
}
