import Diagnostics
import FrontMatter

// A treatment and the options within it, and how their pages are read.

public struct Treatment: Sendable {
    public let page: Page
    /// Ids of the cell types the page says this treatment may apply to, in the guide's cell-type
    /// order. For a treatment with drugs, `Guide.cellTypes(for:)` is what the site shows: the
    /// cell types its drugs' uses can fit (the two are checked to agree).
    public let statedCellTypes: [String]
    public let why: [String]
    public let sideEffects: SideEffectGroups
    public let questions: [String]
    public var id: String { page.id }
}

/// A procedure or practice inside a treatment that is not a drug (radiation, cryoablation, yoga…).
public struct TreatmentOption: Sendable {
    public let page: Page
    public let treatment: String
    public let sideEffects: SideEffectGroups
    public var id: String { page.id }
}

extension GuideBuilder {
    func readTreatment(_ page: Page, ids: KnownIDs) -> TreatmentRead {
        let front = page.frontMatter
        if front.has("drugs") || front.has("options") {
            let key = front.has("drugs") ? "drugs" : "options"
            let (line, column) = front.location(of: key)
            front.report(.error, "a treatment does not list its \(key): each one names its treatment", line: line, column: column,
                         suggestion: "remove '\(key):' here and put 'treatment: \(page.id)' in each \(key == "drugs" ? "drug" : "option") page")
        }
        let cellTypes = front.strings("cell-types", required: true)
        if cellTypes.count == 1, cellTypes[0].value != "all", cellTypes[0].value.lowercased() == "all" {
            front.report(.error, "unknown cell type '\(cellTypes[0].value)'", at: cellTypes[0], suggestion: "did you mean 'all'? (lower case)")
        }
        let isAll = cellTypes.count == 1 && cellTypes[0].value.lowercased() == "all"
        let cellTypeIDs = isAll
            ? ids.allCellTypes : resolve(cellTypes, among: ids.cellTypes, what: "cell type", in: front)
        // An unknown id is reported already; comparing with the drugs' indications would only add knock-on warnings.
        let resolvedAll = isAll || cellTypeIDs.count == Set(cellTypes.map(\.value)).count
        let why = front.strings("why", required: true).map(\.value)
        let sideEffects = readSideEffects(front, ids: ids)
        let questions = front.strings("questions").map(\.value)
        let treatment = Treatment(page: page, statedCellTypes: cellTypeIDs, why: why, sideEffects: sideEffects, questions: questions)
        return TreatmentRead(treatment: treatment, cellTypes: cellTypes, isAll: isAll, resolved: resolvedAll)
    }

    func readOption(_ page: Page, ids: KnownIDs) -> TreatmentOption {
        let front = page.frontMatter
        let treatmentValue = front.string("treatment", required: true)
        var treatment = ""
        if let treatmentValue { treatment = resolve([treatmentValue], among: ids.treatments, what: "treatment", in: front).first ?? "" }
        let sideEffects = readSideEffects(front, ids: ids)
        return TreatmentOption(page: page, treatment: treatment, sideEffects: sideEffects)
    }
}
