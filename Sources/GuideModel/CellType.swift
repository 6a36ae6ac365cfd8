import Diagnostics
import FrontMatter

// A cell type: the test results it covers, and how its pages are read.

public struct CellType: Sendable {
    public let page: Page
    /// The test results this cell type covers.
    public let condition: BiomarkerCondition
    public let questions: [String]
    public var id: String { page.id }
}

extension GuideBuilder {
    func readCellType(_ page: Page) -> CellType {
        let front = page.frontMatter
        let condition = readCondition(front, key: "biomarkers", anyOfKey: "biomarkers-any-of", required: true)
        let questions = front.strings("questions").map(\.value)
        return CellType(page: page, condition: condition, questions: questions)
    }

    /// A treatment with the written cell types that the checks across pages point at.
    struct TreatmentRead {
        let treatment: Treatment
        let cellTypes: [Located<String>]
        let isAll: Bool
        /// False when a cell type it names does not exist (reported on its own).
        let resolved: Bool
    }
}
