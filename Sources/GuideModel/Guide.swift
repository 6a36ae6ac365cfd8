/// The whole guide as a typed model: every page, the domain entities read from their front
/// matter, and the lists derived from the relations between them.
public final class Guide: @unchecked Sendable {
    public let settings: SiteSettings
    /// Every page, sorted by content path.
    public let pages: [Page]
    /// Cell types and treatments in their editorial `order`; everything else A–Z by title.
    public let cellTypes: [CellType]
    public let treatments: [Treatment]
    public let drugs: [Drug]
    public let options: [TreatmentOption]
    public let sideEffects: [SideEffect]
    public let terms: [Term]

    public let cellTypeByID: [String: CellType]
    public let treatmentByID: [String: Treatment]
    public let drugByID: [String: Drug]
    public let sideEffectByID: [String: SideEffect]
    public let termByID: [String: Term]

    private let drugsByTreatment: [String: [Drug]]
    private let optionsByTreatment: [String: [TreatmentOption]]
    private let causesBySideEffect: [String: [Cause]]

    /// Something that lists a side effect: a treatment, a drug or an option, and in which group.
    public struct Cause: Sendable {
        public let page: Page
        public let group: String
    }

    init(settings: SiteSettings, pages: [Page], cellTypes: [CellType], treatments: [Treatment], drugs: [Drug],
         options: [TreatmentOption], sideEffects: [SideEffect], terms: [Term]) {
        self.settings = settings
        self.pages = pages.sorted { $0.contentPath < $1.contentPath }
        self.cellTypes = cellTypes.sorted { ($0.page.order ?? Int.max, $0.page.title) < ($1.page.order ?? Int.max, $1.page.title) }
        self.treatments = treatments.sorted { ($0.page.order ?? Int.max, $0.page.title) < ($1.page.order ?? Int.max, $1.page.title) }
        self.drugs = drugs.sorted { $0.page.title.lowercased() < $1.page.title.lowercased() }
        self.options = options.sorted { $0.page.title.lowercased() < $1.page.title.lowercased() }
        self.sideEffects = sideEffects.sorted { $0.page.title.lowercased() < $1.page.title.lowercased() }
        self.terms = terms.sorted { $0.page.title.lowercased() < $1.page.title.lowercased() }
        cellTypeByID = Dictionary(cellTypes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        treatmentByID = Dictionary(treatments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        drugByID = Dictionary(drugs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sideEffectByID = Dictionary(sideEffects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        termByID = Dictionary(terms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        drugsByTreatment = Dictionary(grouping: self.drugs, by: \.treatment)
        optionsByTreatment = Dictionary(grouping: self.options, by: \.treatment)

        var causes: [String: [Cause]] = [:]
        func add(_ page: Page, _ groups: SideEffectGroups) {
            for (group, ids) in groups.all {
                for id in ids { causes[id, default: []].append(Cause(page: page, group: group)) }
            }
        }
        for treatment in self.treatments { add(treatment.page, treatment.sideEffects) }
        for drug in self.drugs { add(drug.page, drug.sideEffects) }
        for option in self.options { add(option.page, option.sideEffects) }
        causesBySideEffect = causes
    }

    public func drugs(in treatment: String) -> [Drug] { drugsByTreatment[treatment] ?? [] }

    public func options(in treatment: String) -> [TreatmentOption] { optionsByTreatment[treatment] ?? [] }

    /// Drugs approved for a cell type, within one treatment (current approvals only).
    public func drugs(in treatment: String, approvedFor cellType: String) -> [Drug] {
        drugs(in: treatment).filter { $0.status == .approved && $0.approvedFor.contains(cellType) }
    }

    /// Treatments that may apply to a cell type, in the guide's order.
    public func treatments(for cellType: String) -> [Treatment] {
        treatments.filter { $0.cellTypes.contains(cellType) }
    }

    public func causes(of sideEffect: String) -> [Cause] { causesBySideEffect[sideEffect] ?? [] }

    /// Other drugs of the same class or with the same target.
    public func related(to drug: Drug) -> [Drug] {
        drugs.filter { other in
            other.id != drug.id && (other.drugClass.lowercased() == drug.drugClass.lowercased()
                || (drug.target != nil && other.target?.lowercased() == drug.target?.lowercased()))
        }
    }

    /// Brand and generic names, A–Z, each pointing at its drug.
    public func drugNames() -> [(name: String, drug: Drug, isBrand: Bool)] {
        var names: [(name: String, drug: Drug, isBrand: Bool)] = []
        for drug in drugs {
            names.append((drug.page.title, drug, false))
            for brand in drug.brands { names.append((brand, drug, true)) }
        }
        return names.sorted { ($0.name.lowercased(), $0.isBrand ? 1 : 0) < ($1.name.lowercased(), $1.isBrand ? 1 : 0) }
    }

    public func page(forContentPath path: String) -> Page? { pages.first { $0.contentPath == path } }
}
