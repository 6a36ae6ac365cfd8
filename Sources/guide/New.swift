import ArgumentParser
import Foundation

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a new page from a skeleton with every field of its kind.")
    @Argument(help: "cell-type, treatment, drug, option, side-effect or term") var kind: String
    @Argument(help: "The page id: lower case words joined by hyphens, e.g. olaparib") var id: String
    @Option(help: "Content folder.") var content = "Content"

    func run() throws {
        throw ValidationError("not yet")
    }
}
