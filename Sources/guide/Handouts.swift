import ArgumentParser

/// Replaced by the handouts work (see the issue "Printable patient handouts").
struct Handouts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site and write PDF handouts.")
    @OptionGroup var site: SiteOptions

    func run() throws {
        throw ValidationError("PDF handouts are not built yet")
    }
}
