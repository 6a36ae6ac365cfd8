import ArgumentParser
import Foundation

/// `guide bench-corpus N DIR`: writes a synthetic content tree of N pages that is valid under the
/// guide's model, the same for the same N, so that guide and other generators can be timed on
/// the same files.
struct BenchCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-corpus",
        abstract: "Write a synthetic, valid content tree of N pages for benchmarks (deterministic for N).")

    @Argument(help: "Number of pages.") var pages: Int
    @Argument(help: "Folder to write (created; must not exist or be empty).") var folder: String

    func validate() throws {
        guard pages >= 60 else { throw ValidationError("N must be at least 60 (the fixed cell types, treatments and vocabularies)") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path), !entries.isEmpty {
            throw ValidationError("\(folder) is not empty")
        }
        var corpus = BenchCorpus(pageCount: pages)
        let files = corpus.files()
        var bytes = 0
        for (path, text) in files {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            bytes += text.utf8.count
        }
        print("wrote \(files.count - 1) pages (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MB) to \(folder)")
    }
}

/// The generator itself: a small linear congruential generator seeded by N, a fixed vocabulary,
/// and the same page shapes as the real guide.
struct BenchCorpus {
    let pageCount: Int
    private var seed: UInt64

    init(pageCount: Int) {
        self.pageCount = pageCount
        seed = UInt64(pageCount) &* 6364136223846793005 &+ 1442695040888963407
    }

    private mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    static let words = """
        the cancer cells may grow slowly or quickly and your care team will check how the treatment works over time \
        many people take this medicine by mouth each day while others get it through a vein in a clinic every few weeks \
        side effects can include tiredness nausea and changes in blood counts so tell your nurse about any new problem \
        tests of tissue or blood show which receptors and genes the tumor has and these results guide the choice \
        doctors often pair one drug with another to block more than one path that helps the cancer grow \
        ask about costs travel time and how each visit fits your daily life and the things that matter most to you
        """.split(separator: " ").map(String.init)

    static func results(ofCellType index: Int) -> (hr: String, her2: String) {
        (index % 2 == 0 ? "positive" : "negative", ["zero", "ultralow", "one-plus", "two-plus-ish-negative", "positive"][index % 5])
    }

    static let cellTypes = ["hormone-receptor-positive", "hormone-receptor-negative", "her2-positive", "her2-low",
                            "her2-negative-pik3ca", "her2-negative-brca", "triple-negative"]
    static let treatments = ["hormone-therapy", "radiation-therapy", "chemotherapy", "targeted-therapy", "immunotherapy",
                             "surgery-and-ablation", "bone-strengthening-drugs", "palliative-care", "complementary-treatments", "clinical-trials"]
    static let termWords = ["receptor", "tumor", "biopsy", "infusion", "kinase", "antibody", "hormone", "marker", "scan", "gene",
                            "protein", "vein", "platelet", "marrow", "lymph", "dose", "cycle", "trial", "relapse", "remission"]

    mutating func files() -> [(String, String)] {
        let sideEffectCount = min(40, pageCount / 10)
        let termCount = min(Self.termWords.count, pageCount / 10)
        let fixed = 1 + 5 + Self.cellTypes.count + Self.treatments.count + sideEffectCount + termCount
        let drugCount = max(pageCount - fixed, 1)
        let sideEffects = (0..<sideEffectCount).map { "effect-\($0)" }
        let drugs = (0..<drugCount).map { "drug-\($0)" }
        var all: [String] = Self.cellTypes.map { "cell-types/\($0).md" } + Self.treatments.map { "treatments/\($0).md" }
        all += sideEffects.map { "side-effects/\($0).md" } + drugs.map { "drugs/\($0).md" }

        var files: [(String, String)] = [("site.yml", "title: Benchmark Guide\nlanguage: en\ndescription: A synthetic guide for timing builds.\n")]
        func add(_ path: String, _ title: String, _ extra: String) {
            files.append((path, page(path: path, title: title, extra: extra, others: all)))
        }
        add("index.md", "Home", "")
        for section in ["cell-types", "treatments", "drugs", "side-effects", "glossary"] {
            add("\(section)/index.md", section.capitalized, "")
        }
        // Each cell type its own test results, so that a drug's use fits a few of them, as in the real guide.
        for (index, id) in Self.cellTypes.enumerated() {
            let (hr, her2) = Self.results(ofCellType: index)
            add("cell-types/\(id).md", id, "biomarkers: {hr: [\(hr)], her2: [\(her2)]}\nquestions: [\"What does this mean for me?\"]\norder: \(index + 1)\n")
        }
        let treatmentEffects = Self.treatments.map { _ in (0..<3).map { _ in pick(sideEffects) } }
        // The cell types each treatment's drugs fit, written once the drugs are made: a treatment may
        // say only the cell types one of its drugs can fit (the build checks it).
        var covered: [String: Set<Int>] = [:]
        for id in sideEffects {
            add("side-effects/\(id).md", "Effect \(id.dropFirst(7))", "call-now: If it is severe.\nurgent: false\n")
        }
        for index in 0..<termCount {
            add("glossary/\(Self.termWords[index]).md", Self.termWords[index], "aliases: [\(Self.termWords[index])s]\n")
        }
        for (index, id) in drugs.enumerated() {
            let line = pick(["first", "later", "any"])
            let fittedTypes = Set((0..<(1 + next(3))).map { _ in next(Self.cellTypes.count) }).sorted()
            let fitted = fittedTypes.map(Self.results(ofCellType:))
            let needs = "{hr: [\(Set(fitted.map(\.hr)).sorted().joined(separator: ", "))], her2: [\(Set(fitted.map(\.her2)).sorted().joined(separator: ", "))]}"
            let givenWith = index > 0 && next(2) == 0 ? "[\(drugs[next(index)])]" : "[]"
            let effects = Set((0..<(1 + next(4))).map { _ in pick(sideEffects) }).sorted()
            let treatment = pick(Self.treatments)
            covered[treatment, default: []].formUnion(Self.covering(fittedTypes))
            add("drugs/\(id).md", "Drug \(index)", """
                generic: drug \(index)
                brands: [Brand\(index)]
                treatment: \(treatment)
                class: class \(next(20))
                target: target \(next(30))
                route: [\(pick(["pill", "iv", "under-skin", "into-muscle"]))]
                schedule: Once a day
                indications:
                  - needs: \(needs)
                    line: \(line)
                    given-with: \(givenWith)
                    approved: \(2000 + next(25))-0\(1 + next(9))
                    source: https://example.org/approvals/\(id)
                boxed-warnings: []
                side-effects: {common: [\(effects.joined(separator: ", "))]}
                status: approved

                """)
        }
        for (index, id) in Self.treatments.enumerated() {
            let fits = covered[id].map { $0.count == Self.cellTypes.count ? "all" : "[" + $0.sorted().map { Self.cellTypes[$0] }.joined(separator: ", ") + "]" } ?? "all"
            add("treatments/\(id).md", id, "cell-types: \(fits)\nwhy: [\"It may help.\"]\nside-effects: {common: [\(Set(treatmentEffects[index]).sorted().joined(separator: ", "))]}\norder: \(index + 1)\n")
        }
        return files
    }

    /// The cell types a use made for `fitted` can fit: every one whose results are among theirs.
    static func covering(_ fitted: [Int]) -> Set<Int> {
        let results = fitted.map(results(ofCellType:))
        let hr = Set(results.map(\.hr)), her2 = Set(results.map(\.her2))
        return Set(cellTypes.indices.filter { hr.contains(Self.results(ofCellType: $0).hr) && her2.contains(Self.results(ofCellType: $0).her2) })
    }

    /// 400–1,500 words: headings, paragraphs, a list, a table on about a third of pages,
    /// 5–15 links to other pages (some to a heading), and bare web addresses.
    private mutating func page(path: String, title: String, extra: String, others: [String]) -> String {
        var body = ""
        let target = 400 + next(1101)
        var written = 0
        var section = 0
        var linksLeft = 5 + next(11)
        let folder = (path as NSString).deletingLastPathComponent
        let hasTable = next(3) == 0
        while written < target {
            body += section == 0 ? "## Overview\n\n" : "## Part \(section)\n\n"
            section += 1
            for _ in 0..<(2 + next(3)) {
                var sentence: [String] = []
                for _ in 0..<(40 + next(40)) {
                    sentence.append(pick(Self.words))
                    written += 1
                    if next(12) == 0 { sentence[sentence.count - 1] += "." }
                }
                if linksLeft > 0 {
                    let other = pick(others)
                    let relative = (folder.isEmpty ? "" : "../") + other
                    sentence.append(next(3) == 0 ? "[see more](\(relative)#overview)" : "[read about it](\(relative))")
                    linksLeft -= 1
                }
                if next(6) == 0 { sentence.append("https://example.org/\(next(1000))") }
                if next(8) == 0 { sentence.append("~~\(pick(Self.words))~~") }
                body += sentence.joined(separator: " ") + ".\n\n"
            }
            body += (0..<(3 + next(3))).map { _ in "- " + (0..<6).map { _ in pick(Self.words) }.joined(separator: " ") }.joined(separator: "\n") + "\n\n"
            written += 18
        }
        if hasTable {
            body += "| Test | Result | Meaning |\n|---|---|---|\n"
            for _ in 0..<(3 + next(5)) {
                body += "| \(pick(Self.words)) | \(pick(Self.words)) | \(pick(Self.words)) \(pick(Self.words)) |\n"
            }
            body += "\n"
        }
        return """
            ---
            title: \(title)
            summary: A synthetic page about \(title).
            reviewed: 2026-11-01
            sources:
              - title: Example source
                url: https://example.org/
            \(extra)---
            \(body)
            """
    }
}
