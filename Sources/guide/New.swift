import FrontMatter
import Diagnostics
import ArgumentParser
import Foundation
import GuideModel

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new page from a skeleton with every field of its kind.",
        discussion: "Example: guide new drug olaparib   (writes Content/drugs/olaparib.md)")

    @Argument(help: "cell-type, treatment, drug, option, side-effect or term")
    var kind: String
    @Argument(help: "The page id: lower-case words joined by hyphens, e.g. olaparib")
    var id: String
    @Option(help: "Folder of Markdown pages.")
    var content = "Content"

    func validate() throws {
        guard PageSkeleton.kinds[kind] != nil else {
            let known = PageSkeleton.kinds.keys.sorted()
            throw ValidationError("unknown kind '\(kind)'; \(Suggestion.didYouMean(kind, in: known) ?? "use one of: \(known.joined(separator: ", "))")")
        }
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && (($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-") }), !id.hasPrefix("-") else {
            throw ValidationError("id '\(id)' must be lower-case letters, digits and hyphens, e.g. sacituzumab-govitecan")
        }
    }

    func run() throws {
        let pageKind = PageSkeleton.kinds[kind]!
        let folder = pageKind.folder!
        let path = "\(content)/\(folder)/\(id).md"
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        // A mistyped --content would otherwise start a second content tree nobody builds.
        guard FileManager.default.fileExists(atPath: content, isDirectory: &isFolder), isFolder.boolValue else {
            Console.error("error: the content folder '\(content)' does not exist; nothing was written\n  suggestion: pass --content with the folder that holds site.yml")
            throw ExitCode(2)
        }
        if FileManager.default.fileExists(atPath: url.path) {
            Console.error("error: \(path) already exists; nothing was written")
            throw ExitCode(2)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(PageSkeleton.text(kind: pageKind, id: id, today: .today()).utf8).write(to: url)
        print("wrote \(path): fill in the TODOs, then run `guide check`")
    }
}
