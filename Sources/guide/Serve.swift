import ArgumentParser

/// Replaced by the preview server (see the issue "Preview server").
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build, serve on 127.0.0.1 and rebuild on change.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8000
    @Option(help: "Address to listen on.") var host = "127.0.0.1"

    func run() throws {
        throw ValidationError("the preview server is not built yet")
    }
}
