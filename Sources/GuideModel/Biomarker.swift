/// A test result that decides which treatments may fit. Values are the words editors write in front matter.
public enum Biomarker: String, Sendable, CaseIterable, Hashable {
    case hr
    case her2
    case pik3ca
    case akt1Pten = "akt1-pten"
    case brca
    case esr1
    case pdl1

    public var values: [String] {
        switch self {
        case .hr: return ["positive", "negative"]
        case .her2: return ["positive", "low", "ultralow", "negative"]
        case .pik3ca: return ["mutated", "not-mutated"]
        case .akt1Pten: return ["altered", "not-altered"]
        case .brca, .esr1: return ["mutated", "not-mutated"]
        case .pdl1: return ["positive", "negative"]
        }
    }

    public var name: String {
        switch self {
        case .hr: return "Hormone receptors (ER/PR)"
        case .her2: return "HER2"
        case .pik3ca: return "PIK3CA"
        case .akt1Pten: return "AKT1 or PTEN"
        case .brca: return "Inherited BRCA1 or BRCA2"
        case .esr1: return "ESR1"
        case .pdl1: return "PD-L1 (CPS 10 or more)"
        }
    }

    public func label(for value: String) -> String {
        switch (self, value) {
        case (.her2, "low"): return "Low"
        case (.her2, "ultralow"): return "Ultralow"
        case (_, "not-mutated"): return "No mutation found"
        case (_, "not-altered"): return "No change found"
        default: return value.prefix(1).uppercased() + value.dropFirst()
        }
    }
}

/// What a cell type covers, or what a drug needs: for each biomarker named, the values allowed.
/// A biomarker left out allows any value.
public struct BiomarkerRequirements: Sendable, Hashable {
    public var allowed: [Biomarker: [String]]

    public init(_ allowed: [Biomarker: [String]] = [:]) {
        self.allowed = allowed
    }

    public var isEmpty: Bool { allowed.isEmpty }

    /// True when the picked results (biomarker → value) do not rule this out.
    public func matches(_ picked: [Biomarker: String]) -> Bool {
        for (biomarker, value) in picked {
            if let values = allowed[biomarker], !values.contains(value) { return false }
        }
        return true
    }

    /// In biomarker order, for stable output.
    public var sorted: [(Biomarker, [String])] {
        Biomarker.allCases.compactMap { biomarker in allowed[biomarker].map { (biomarker, $0) } }
    }
}
