/// A test result that decides which treatments may fit. Values are the words editors write in front matter.
public enum Biomarker: String, Sendable, CaseIterable, Hashable {
    case hr
    case her2
    case pik3ca
    case akt1Pten = "akt1-pten"
    case brca
    case esr1
    case pdl1

    /// The results a report can give, one of which a reader picks. HER2 follows the report's own
    /// wording (IHC score, then ISH), because "HER2-negative" on a report covers four of them.
    public var values: [String] {
        switch self {
        case .hr: return ["positive", "negative"]
        case .her2: return ["zero", "ultralow", "one-plus", "two-plus-ish-negative", "positive"]
        case .pik3ca, .brca, .esr1: return ["mutated", "not-mutated"]
        case .akt1Pten: return ["altered", "not-altered"]
        case .pdl1: return ["positive", "negative"]
        }
    }

    /// Words an editor may write for several results at once, as drug labels do.
    public var groups: [String: [String]] {
        switch self {
        case .her2: return ["low": ["one-plus", "two-plus-ish-negative"], "negative": ["zero", "ultralow", "one-plus", "two-plus-ish-negative"]]
        default: return [:]
        }
    }

    /// Every word allowed in front matter: the results, then the group words.
    public var writtenValues: [String] { values + groups.keys.sorted() }

    /// The results a written word stands for, or nil when it is not a word of this biomarker.
    public func expand(_ written: String) -> [String]? {
        if values.contains(written) { return [written] }
        return groups[written]
    }
}

/// What a cell type covers, or what a drug needs: for each biomarker named, the results allowed.
/// A biomarker left out allows any result.
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

    /// The biomarkers this needs that were not picked.
    func unknown(in picked: [Biomarker: String]) -> Set<Biomarker> {
        Set(allowed.keys.filter { picked[$0] == nil })
    }

    /// Both at once: for each biomarker, the results both allow; nil when some biomarker has none left.
    func intersection(_ other: BiomarkerRequirements) -> BiomarkerRequirements? {
        var merged = allowed
        for (biomarker, values) in other.allowed {
            let both = merged[biomarker].map { mine in values.filter(mine.contains) } ?? values
            if both.isEmpty { return nil }
            merged[biomarker] = both
        }
        return BiomarkerRequirements(merged)
    }

    /// In biomarker order, for stable output.
    public var sorted: [(Biomarker, [String])] {
        Biomarker.allCases.compactMap { biomarker in allowed[biomarker].map { (biomarker, $0) } }
    }
}

/// How a set of picked test results stands against a condition.
public enum BiomarkerFit: Sendable, Hashable {
    /// Every result it needs was picked and allows it.
    case fits
    /// Nothing picked rules it out, but these results are needed and were not picked.
    case needs(Set<Biomarker>)
    /// A picked result rules it out.
    case ruledOut

    public var isPossible: Bool { self != .ruledOut }
}

/// Test results a cell type covers or a use of a drug needs: all of `all`, and, when there are
/// alternatives, at least one of them (a change in PIK3CA, or in AKT1 or PTEN).
public struct BiomarkerCondition: Sendable, Hashable {
    public let all: BiomarkerRequirements
    public let anyOf: [BiomarkerRequirements]

    public init(all: BiomarkerRequirements = BiomarkerRequirements(), anyOf: [BiomarkerRequirements] = []) {
        self.all = all
        self.anyOf = anyOf
    }

    public var isEmpty: Bool { all.isEmpty && anyOf.isEmpty }

    public func fit(_ picked: [Biomarker: String]) -> BiomarkerFit {
        guard all.matches(picked) else { return .ruledOut }
        var missing = all.unknown(in: picked)
        if !anyOf.isEmpty {
            let open = anyOf.filter { $0.matches(picked) }
            if open.isEmpty { return .ruledOut }
            let unknown = open.map { $0.unknown(in: picked) }
            if !unknown.contains(where: \.isEmpty) { missing.formUnion(unknown.joined()) }
        }
        return missing.isEmpty ? .fits : .needs(missing)
    }

    /// What this asks beyond what `context` already guarantees: the biomarkers whose results
    /// `context` leaves open wider, and alternatives `context` does not share. On a cell type's
    /// page, a drug's use that needs more says which test result it also needs.
    public func beyond(_ context: BiomarkerCondition) -> BiomarkerCondition {
        var extra: [Biomarker: [String]] = [:]
        for (biomarker, values) in all.allowed {
            let open = context.all.allowed[biomarker] ?? biomarker.values
            if !open.allSatisfy(values.contains) { extra[biomarker] = values.filter(open.contains) }
        }
        return BiomarkerCondition(all: BiomarkerRequirements(extra), anyOf: anyOf == context.anyOf ? [] : anyOf)
    }

    /// True when some set of test results meets both: a drug's use can fit a cell type.
    public func overlaps(_ other: BiomarkerCondition) -> Bool {
        guard let base = all.intersection(other.all) else { return false }
        let mine = anyOf.isEmpty ? [BiomarkerRequirements()] : anyOf
        let theirs = other.anyOf.isEmpty ? [BiomarkerRequirements()] : other.anyOf
        return mine.contains { one in theirs.contains { two in base.intersection(one)?.intersection(two) != nil } }
    }
}
