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

    public var label: String {
        switch self {
        case .pill: return "Pill by mouth"
        case .iv: return "Into a vein (IV)"
        case .underSkin: return "Shot under the skin"
        case .intoMuscle: return "Shot into a muscle"
        }
    }
}

public struct CellType: Sendable {
    public let page: Page
    public let biomarkers: BiomarkerRequirements
    /// At least one of these must fit too (e.g. a change in PIK3CA, or in AKT1 or PTEN).
    public let biomarkerAlternatives: [BiomarkerRequirements]
    public let questions: [String]
    public var id: String { page.id }

    /// True when the picked test results do not rule this cell type out.
    public func fits(_ picked: [Biomarker: String]) -> Bool {
        biomarkers.matches(picked) && (biomarkerAlternatives.isEmpty || biomarkerAlternatives.contains { $0.matches(picked) })
    }
}

public struct Treatment: Sendable {
    public let page: Page
    /// Ids of the cell types this treatment may apply to, in the guide's cell-type order.
    public let cellTypes: [String]
    public let why: [String]
    public let sideEffects: SideEffectGroups
    public let questions: [String]
    public var id: String { page.id }
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
    public let approvedFor: [String]
    public let biomarkers: BiomarkerRequirements
    /// At least one of these must fit too (e.g. a change in PIK3CA, or in AKT1 or PTEN).
    public let biomarkerAlternatives: [BiomarkerRequirements]
    public let givenWith: [String]
    public let boxedWarnings: [String]
    public let sideEffects: SideEffectGroups
    public let status: Status
    public let withdrawnYear: Int?
    public var id: String { page.id }

    /// True when the picked test results (biomarker → value, unknown ones left out) do not rule it out.
    public func fits(_ picked: [Biomarker: String]) -> Bool {
        biomarkers.matches(picked) && (biomarkerAlternatives.isEmpty || biomarkerAlternatives.contains { $0.matches(picked) })
    }
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
    public var id: String { page.id }
    public var definition: String { page.summary }
}
