import FrontMatter
import Markdown

/// The whole guide as a typed model: every page, the domain entities read from their front
/// matter, and the lists derived from the relations between them.
public final class Guide: Sendable {
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
    public let optionByID: [String: TreatmentOption]
    public let pageBySitePath: [String: Page]

    private let drugsByTreatment: [String: [Drug]]
    private let optionsByTreatment: [String: [TreatmentOption]]
    private let causesBySideEffect: [String: [Cause]]
    private let drugsByClass: [String: [Drug]]
    private let drugsByTarget: [String: [Drug]]
    /// Each page's place among its siblings (its section's list, in the section's order).
    private let siblingsByPage: [ObjectIdentifier: (list: [Page], index: Int)]

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
        optionByID = Dictionary(options.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        pageBySitePath = Dictionary(self.pages.map { ($0.sitePath, $0) }, uniquingKeysWith: { first, _ in first })
        drugsByClass = Dictionary(grouping: self.drugs) { $0.drugClass.lowercased() }
        drugsByTarget = Dictionary(grouping: self.drugs.filter { $0.target != nil }) { $0.target!.lowercased() }
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

        var siblings: [ObjectIdentifier: (list: [Page], index: Int)] = [:]
        func place(_ list: [Page]) {
            for (index, page) in list.enumerated() { siblings[ObjectIdentifier(page)] = (list, index) }
        }
        place(self.cellTypes.map(\.page))
        place(self.treatments.map(\.page))
        place(self.drugs.map(\.page))
        place(self.options.map(\.page))
        place(self.sideEffects.map(\.page))
        place(self.terms.map(\.page))
        let plain = self.pages.filter { $0.kind == .page && $0.section != nil }
        for (_, group) in Dictionary(grouping: plain, by: { $0.section! }) {
            place(group.sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) })
        }
        siblingsByPage = siblings
    }

    /// The pages before and after this one in its section, in the section's order.
    public func neighbours(of page: Page) -> (previous: Page?, next: Page?) {
        guard let place = siblingsByPage[ObjectIdentifier(page)] else { return (nil, nil) }
        let previous = place.index > 0 ? place.list[place.index - 1] : nil
        let next = place.index + 1 < place.list.count ? place.list[place.index + 1] : nil
        return (previous, next)
    }

    public func drugs(in treatment: String) -> [Drug] { drugsByTreatment[treatment] ?? [] }

    public func options(in treatment: String) -> [TreatmentOption] { optionsByTreatment[treatment] ?? [] }

    // MARK: - Derived from indications (the one place these rules live)

    /// Drugs of one treatment with a current use (approved, or off-label) that can fit the cell type.
    public func drugs(in treatment: String, for cellType: String) -> [Drug] {
        guard let condition = cellTypeByID[cellType]?.condition else { return [] }
        return drugs(in: treatment).filter { drug in drug.uses.contains { $0.overlaps(condition) } }
    }

    /// The indications of a drug that can fit the cell type.
    public func indications(of drug: Drug, for cellType: String) -> [Indication] {
        guard let condition = cellTypeByID[cellType]?.condition, drug.status == .approved else { return [] }
        return drug.indications.filter { $0.needs.overlaps(condition) }
    }

    /// The least a drug needs beyond a cell type's own results, over its uses that fit it (empty
    /// when one of them needs nothing more): "HER2 positive" for trastuzumab on the HR-positive page.
    public func extraNeeds(of drug: Drug, for cellType: CellType) -> BiomarkerCondition {
        let extras = drug.uses.filter { $0.overlaps(cellType.condition) }.map { $0.beyond(cellType.condition) }
        return extras.min { ($0.all.allowed.count + $0.anyOf.count) < ($1.all.allowed.count + $1.anyOf.count) } ?? BiomarkerCondition()
    }

    /// For a treatment with drugs, the cell types (in the guide's order) that a use of one of its
    /// drugs can fit; nil for a treatment without drugs, whose page says where it applies.
    public func coveredCellTypes(of treatment: String) -> [String]? {
        let uses = drugs(in: treatment).flatMap(\.uses)
        guard !uses.isEmpty else { return nil }
        return cellTypes.filter { cellType in uses.contains { $0.overlaps(cellType.condition) } }.map(\.id)
    }

    /// The cell types a treatment may apply to, in the guide's order.
    public func cellTypes(for treatment: Treatment) -> [String] {
        coveredCellTypes(of: treatment.id) ?? cellTypes.map(\.id).filter(treatment.statedCellTypes.contains)
    }

    /// Treatments that may apply to a cell type, in the guide's order.
    public func treatments(for cellType: String) -> [Treatment] {
        treatments.filter { cellTypes(for: $0).contains(cellType) }
    }

    /// How a drug stands against picked test results: the best of its uses.
    public func fit(of drug: Drug, for picked: [Biomarker: String]) -> BiomarkerFit {
        var needed: Set<Biomarker> = []
        var possible = false
        for use in drug.uses {
            switch use.fit(picked) {
            case .fits: return .fits
            case .needs(let missing): possible = true; needed.formUnion(missing)
            case .ruledOut: break
            }
        }
        return possible ? .needs(needed) : .ruledOut
    }

    /// What the finder shows for picked results: every current drug that is not ruled out, with
    /// how it stands, grouped under treatments in the guide's order.
    public func finderResults(for picked: [Biomarker: String]) -> [(treatment: Treatment, drugs: [(drug: Drug, fit: BiomarkerFit)])] {
        treatments.compactMap { treatment in
            let found = drugs(in: treatment.id).compactMap { drug -> (drug: Drug, fit: BiomarkerFit)? in
                let fit = fit(of: drug, for: picked)
                return fit.isPossible ? (drug, fit) : nil
            }
            return found.isEmpty ? nil : (treatment, found)
        }
    }

    /// Every dated FDA action in the guide, newest first: indications, then other forms and brands.
    public func approvalsByDate() -> [(drug: Drug, indication: Indication?, form: DrugForm?, date: ApprovalDate)] {
        var all: [(drug: Drug, indication: Indication?, form: DrugForm?, date: ApprovalDate)] = []
        for drug in drugs where drug.status == .approved {
            for indication in drug.indications { all.append((drug, indication, nil, indication.approved)) }
            for form in drug.forms { if let date = form.approved { all.append((drug, nil, form, date)) } }
        }
        return all.enumerated().sorted { ($1.element.date, $0.offset) < ($0.element.date, $1.offset) }.map(\.element)
    }

    public func causes(of sideEffect: String) -> [Cause] { causesBySideEffect[sideEffect] ?? [] }

    /// Other drugs of the same class, then with the same target, A–Z within each, at most `limit`
    /// (a reader wants a few pointers, not every drug of a large class).
    public func related(to drug: Drug, limit: Int = 8) -> [Drug] {
        let sameClass = drugsByClass[drug.drugClass.lowercased()] ?? []
        let sameTarget = drug.target.flatMap { drugsByTarget[$0.lowercased()] } ?? []
        var seen: Set<String> = [drug.id]
        var related: [Drug] = []
        for group in [sameClass, sameTarget] {
            for other in group {
                if related.count == limit { return related }
                if seen.insert(other.id).inserted { related.append(other) }
            }
        }
        return related
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

}
