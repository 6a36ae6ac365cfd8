import Diagnostics
import FrontMatter

// A glossary term, and how its page is read.

public struct Term: Sendable {
    public let page: Page
    public let aliases: [String]
    /// Phrases in which the term's words mean something else ("an infection can spread" is not
    /// metastasis): the first use of the term is not linked inside them.
    public var otherSenses: [String] = []
    public var id: String { page.id }
    public var definition: String { page.summary }
}

extension GuideBuilder {
    func readTerm(_ page: Page) -> Term {
        Term(page: page, aliases: page.frontMatter.strings("aliases").map(\.value),
             otherSenses: page.frontMatter.strings("other-senses").map(\.value))
    }
}
