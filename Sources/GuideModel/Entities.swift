import FrontMatter
/// Side effects as a treatment or option lists them.
public struct SideEffectGroups: Sendable, Hashable {
    public var common: [String] = []
    public var serious: [String] = []
    public var late: [String] = []

    public static let groupNames = ["common", "serious", "late"]

    public var all: [(group: String, ids: [String])] {
        [("common", common), ("serious", serious), ("late", late)]
    }
}

public enum Route: String, Sendable, CaseIterable {
    case pill
    case iv
    case underSkin = "under-skin"
    case intoMuscle = "into-muscle"
}

public struct CellType: Sendable {
    public let page: Page
    /// The test results this cell type covers.
    public let condition: BiomarkerCondition
    public let questions: [String]
    public var id: String { page.id }
}

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

/// Where in the course of treatment a use is approved.
public enum TreatmentLine: String, Sendable, CaseIterable {
    /// The first treatment for metastatic cancer.
    case first
    /// After earlier treatment (see `after` and `earlierTreatments`).
    case later
    /// At any point.
    case any
}

/// One FDA-approved use of a drug in metastatic breast cancer: the unit of approval. Which cell
/// types, finder results and handouts list the drug all follow from its indications.
public struct Indication: Sendable {
    public let needs: BiomarkerCondition
    public let line: TreatmentLine
    /// Ids of treatments or drugs that must have been tried first.
    public let after: [String]
    /// At least this many earlier treatments for metastatic cancer.
    public let earlierTreatments: Int?
    /// Given together with every one of these drugs.
    public let givenWith: [String]
    /// Given together with one of these drugs.
    public let givenWithOneOf: [String]
    /// A condition that is not a test result, in plain words ("For people past menopause.").
    public let note: String?
    public let approved: ApprovalDate
    public let source: String

    /// Every partner drug this use names.
    public var partners: [String] { givenWith + givenWithOneOf }
}

/// Use of a drug that has no FDA breast-cancer approval but that doctors still choose.
public struct OffLabelUse: Sendable {
    public let note: String
    public let needs: BiomarkerCondition
    public let givenWith: [String]
    public let givenWithOneOf: [String]

    public var partners: [String] { givenWith + givenWithOneOf }
}

/// Another form or brand of a drug with its own FDA action: an under-the-skin form, a biosimilar.
public struct DrugForm: Sendable {
    public let name: String
    public let route: Route?
    public let note: String?
    public let approved: ApprovalDate?
    public let source: String?
}

public struct Drug: Sendable {
    public enum Status: String, Sendable { case approved, withdrawn }

    public let page: Page
    public let generic: String
    public let brands: [String]
    public let treatment: String
    public let drugClass: String
    public let target: String?
    public let routes: [Route]
    public let schedule: String
    public let indications: [Indication]
    public let offLabel: OffLabelUse?
    public let forms: [DrugForm]
    public let boxedWarnings: [String]
    public let sideEffects: SideEffectGroups
    public let status: Status
    public let withdrawnYear: Int?
    /// Brand names no longer sold in the US, or used in other countries (Nolvadex): search finds
    /// the drug by them, but the page does not offer them as brands to ask for.
    public var otherBrands: [String] = []
    public var id: String { page.id }

    /// The drugs it is given with in any of its uses, in the order first named.
    public var givenWith: [String] {
        var seen: Set<String> = []
        return (indications.flatMap(\.partners) + (offLabel?.partners ?? [])).filter { seen.insert($0).inserted }
    }

    /// The test-result conditions under which the drug may be used: its approved uses, or its
    /// off-label use. A withdrawn drug has none.
    public var uses: [BiomarkerCondition] {
        guard status == .approved else { return [] }
        return indications.isEmpty ? (offLabel.map { [$0.needs] } ?? []) : indications.map(\.needs)
    }

    public var isOffLabel: Bool { status == .approved && indications.isEmpty && offLabel != nil }
}

/// A procedure or practice inside a treatment that is not a drug (radiation, cryoablation, yoga…).
public struct TreatmentOption: Sendable {
    public let page: Page
    public let treatment: String
    public let sideEffects: SideEffectGroups
    public var id: String { page.id }
}

public struct SideEffect: Sendable {
    public let page: Page
    public let callNow: String
    public let urgent: Bool
    public var id: String { page.id }
}

public struct Term: Sendable {
    public let page: Page
    public let aliases: [String]
    /// Phrases in which the term's words mean something else ("an infection can spread" is not
    /// metastasis): the first use of the term is not linked inside them.
    public var otherSenses: [String] = []
    public var id: String { page.id }
    public var definition: String { page.summary }
}
