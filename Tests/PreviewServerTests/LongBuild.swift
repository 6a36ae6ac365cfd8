import Foundation
import GuideModel

extension ServerFixture {
    /// A page long enough that building the fixture takes seconds, not milliseconds: `parts`
    /// sections, each a heading, a link to another page and a link to one of its own headings.
    static func longPage(parts: Int) -> String {
        var body = ""
        body.reserveCapacity(parts * 90)
        for part in 0..<parts {
            body += "## Part \(part)\n\nSee [about](about.md), [part \(part / 2)](#part-\(part / 2)) and BRCA.\n\n"
        }
        return page("Long", body)
    }

    /// The fixture with `Content/long.md` of `parts` sections.
    func addLongPage(parts: Int) throws {
        try write("Content/long.md", Self.longPage(parts: parts))
    }
}
