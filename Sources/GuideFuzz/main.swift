import FrontMatter
import Diagnostics
import Foundation
import GuideModel
import Markdown
import SiteBuilder

/// `swift run -c release guide-fuzz [cases] [seed]`: mutates the real content and templates and
/// checks that no input crashes or hangs the checks. Most cases go through the model in memory
/// (fast: front matter, Markdown, the model's checks, the diagnostic printer); every 200th case
/// runs a whole `guide check` on a copy of the repository with one file mutated, so that links and
/// templates are fuzzed too. Prints the counts and the slowest case. Not part of `make test`:
/// a fuzz run is a measurement, reported in the issue that asked for it.
/// Unbuffered, so that progress shows as it happens when the output is piped.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let arguments = CommandLine.arguments
let caseCount = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
var random = SystemRandomNumberGenerator()
var seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1
@MainActor func next(_ bound: Int) -> Int {
    seed = seed &* 6364136223846793005 &+ 1442695040888963407
    return Int((seed >> 33) % UInt64(max(bound, 1)))
}

let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
func files(in folder: String, ending suffix: String) -> [(String, String)] {
    let base = repository.appendingPathComponent(folder)
    let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) } ?? []
    return paths.sorted().compactMap { path in
        (try? String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)).map { (path, $0) }
    }
}
let pages = files(in: "Content", ending: ".md")
let templates = files(in: "Templates", ending: ".mustache")
guard !pages.isEmpty else { fatalError("run from the repository root (Content/ not found)") }

/// Mutations that editors and attackers make: byte noise, YAML and Markdown specials, lines
/// duplicated, cut or swapped, deep nesting, huge lines, invisible characters.
let specials = ["\t", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\0", "\r", "\r\n", "\u{0C}", ":", ": ", "- ", "-", "[", "]", "{", "}", "\"", "'",
                "&a ", "*a", "!!binary ", "|", ">", "#", "---\n", "...\n", "<b>", "</b>", "<script>", "[x][1]", "[x](", "](", "![](",
                "{{", "}}", "{{#a}}", "{{/a}}", "{{> partials/header}}", "{{< layout}}", "{{$main}}", "%", "?", "\\", "é", "😀",
                "javascript:alert(1)", "http://127.0.0.1/", "../../../../etc/passwd", "2026-02-30", "TODO", "\n\n# H\n\n"]
@MainActor func mutate(_ text: String) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + next(4)) {
        let position = bytes.isEmpty ? 0 : next(bytes.count)
        switch next(9) {
        case 0: if !bytes.isEmpty { bytes[position] = UInt8(next(256)) }
        case 1: bytes.insert(contentsOf: Array(specials[next(specials.count)].utf8), at: position)
        case 2: bytes.removeSubrange(position..<min(bytes.count, position + 1 + next(40)))
        case 3: let length = min(bytes.count - position, 1 + next(200)); bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
        case 4: bytes.insert(contentsOf: Array(String(repeating: specials[next(specials.count)], count: 1 + next(2_000)).utf8), at: position)
        case 5: bytes.insert(contentsOf: Array(String(repeating: "[", count: 1 + next(5_000)).utf8), at: position)
        case 6: bytes.insert(contentsOf: Array(String(repeating: "  - ", count: 1 + next(300)).utf8), at: position)
        case 7: if bytes.count > 2 { bytes.swapAt(position, next(bytes.count)) }
        default: bytes = Array(bytes.prefix(position))
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

let formatter = DiagnosticFormatter(colors: false)
var slowest = (seconds: 0.0, what: "")
var modelCases = 0, buildCases = 0, diagnosticsSeen = 0
let started = Date()

// A small, valid site as the rest of the model, so the mutated page meets the checks across pages.
let baseline: [(String, String)] = ["cell-types/her2-negative-brca.md", "treatments/targeted-therapy.md", "drugs/olaparib.md",
                                     "side-effects/anemia.md", "side-effects/fatigue.md"].compactMap { path in pages.first { $0.0 == path } }
let settings = SiteSettings(title: "Fuzz", language: "en")

let today = GuideDate("2026-12-01")!

@MainActor func timed(_ what: String, _ body: () -> Void) {
    let start = Date()
    body()
    let seconds = Date().timeIntervalSince(start)
    if seconds > slowest.seconds { slowest = (seconds, what) }
}

// A copy of the repository for the whole-check cases.
let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("guide-fuzz-\(UUID().uuidString)")
for folder in ["Content", "Templates", "Public"] {
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: repository.appendingPathComponent(folder), to: workspace.appendingPathComponent(folder))
}
defer { try? FileManager.default.removeItem(at: workspace) }

for index in 0..<caseCount {
    if index % 200 == 199 {
        let (folder, (path, text)) = next(3) == 0 ? ("Templates", templates[next(templates.count)]) : ("Content", pages[next(pages.count)])
        let url = workspace.appendingPathComponent(folder).appendingPathComponent(path)
        try mutate(text).write(to: url, atomically: false, encoding: .utf8)
        var options = BuildOptions(root: workspace)
        options.write = false
        options.today = today
        timed("check with \(folder)/\(path) mutated (case \(index))") {
            let report = SiteBuild(options: options).run()
            diagnosticsSeen += report.diagnostics.count
            _ = formatter.format(report.diagnostics)
        }
        try text.write(to: url, atomically: false, encoding: .utf8)
        buildCases += 1
        continue
    }
    let (path, text) = pages[next(pages.count)]
    let mutated = mutate(text)
    timed("model with \(path) mutated (case \(index))") {
        // The mutated page with a fresh copy of one page of each kind it may point at: the model
        // records diagnostics on pages (issue 13), so pages shared between cases would pile them up.
        var loaded = baseline.filter { $0.0 != path }.prefix(4).compactMap { otherPath, otherText in
            Page.load(SourceFile(path: "Content/" + otherPath, text: otherText), contentPath: otherPath, options: .init()).0
        }
        var diagnostics: [Diagnostic] = []
        let (page, problems) = Page.load(SourceFile(path: "Content/" + path, text: mutated), contentPath: path, options: .init())
        diagnostics += problems
        if let page { loaded.append(page); _ = page.markdown.html() }
        diagnostics += GuideBuilder(settings: settings, today: today).build(loaded).1
        diagnosticsSeen += diagnostics.count
        _ = formatter.format(diagnostics.sorted().capped())
    }
    modelCases += 1
    if index % 10_000 == 9_999 {
        say("\(index + 1) cases, \(String(format: "%.0f", Date().timeIntervalSince(started))) s, slowest \(String(format: "%.3f", slowest.seconds)) s")
    }
}
say("""
    fuzzed \(modelCases + buildCases) inputs (\(modelCases) through the model, \(buildCases) whole checks with a template or page mutated) \
    in \(String(format: "%.0f", Date().timeIntervalSince(started))) s: no crash, no hang; \(diagnosticsSeen) diagnostics; \
    slowest \(String(format: "%.3f", slowest.seconds)) s: \(slowest.what)
    """)
