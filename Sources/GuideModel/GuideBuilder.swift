import Dispatch

/// Reads the kind-specific front matter of every page into the typed model and checks every
/// relation between pages. Each problem becomes a diagnostic pointing at the value that is wrong.
public struct GuideBuilder {
    public var settings: SiteSettings
    /// The day the build runs; pages reviewed more than `staleAfterMonths` before it get a warning.
    public var today: GuideDate
    public var staleAfterMonths = 12

    public init(settings: SiteSettings, today: GuideDate) {
        self.settings = settings
        self.today = today
    }

    public func build(_ pages: [Page]) -> (Guide, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let byKind = Dictionary(grouping: pages, by: \.kind)
        let cellTypePages = byKind[.cellType] ?? [], treatmentPages = byKind[.treatment] ?? []
        let drugPages = byKind[.drug] ?? [], optionPages = byKind[.option] ?? []
        let sideEffectPages = byKind[.sideEffect] ?? [], termPages = byKind[.term] ?? []

        let ids = KnownIDs(
            cellTypes: cellTypePages.map(\.id), treatments: treatmentPages.map(\.id), drugs: drugPages.map(\.id),
            sideEffects: sideEffectPages.map(\.id))

        let cellTypes = cellTypePages.map { readCellType($0) }
        let treatments = treatmentPages.map { readTreatment($0, ids: ids) }
        let drugs = Self.concurrentMap(drugPages) { readDrug($0, ids: ids) }
        let options = optionPages.map { readOption($0, ids: ids) }
        let sideEffects = sideEffectPages.map { readSideEffect($0) }
        let terms = termPages.map { readTerm($0) }

        // Each page's front matter is its own: the checks of different pages can run side by side.
        diagnostics += Self.concurrentMap(pages) { page -> [Diagnostic] in
            checkFreshness(page)
            if page.kind == .page || page.kind == .home || page.kind == .section { readPlainPage(page) }
            page.frontMatter.rejectUnknownKeys(kind: page.kind == .home ? "home" : page.kind.rawValue)
            return page.frontMatter.diagnostics
        }.flatMap { $0 }

        let guide = Guide(settings: settings, pages: pages, cellTypes: cellTypes, treatments: treatments,
                          drugs: drugs.map(\.drug), options: options, sideEffects: sideEffects, terms: terms)
        diagnostics += checkRelations(guide, drugs: drugs)
        diagnostics += checkDuplicates(guide, drugs: drugs)
        return (guide, diagnostics)
    }

    /// The ids of each kind, as sets: a large guide checks tens of thousands of references.
    struct KnownIDs {
        let cellTypes: Set<String>
        let treatments: Set<String>
        let drugs: Set<String>
        let sideEffects: Set<String>
        /// Cell types as listed, for `cell-types: all`.
        let allCellTypes: [String]

        init(cellTypes: [String], treatments: [String], drugs: [String], sideEffects: [String]) {
            allCellTypes = cellTypes
            self.cellTypes = Set(cellTypes)
            self.treatments = Set(treatments)
            self.drugs = Set(drugs)
            self.sideEffects = Set(sideEffects)
        }
    }

    /// A drug with the written values that the checks across pages point at.
    struct DrugRead {
        let drug: Drug
        let approvedFor: [Located<String>]
        let brands: [Located<String>]
    }

    // MARK: - Reading each kind

    private func readPlainPage(_ page: Page) {
        if let template = page.frontMatter.string("template") {
            let known = ["compare", "finder", "search", "handouts"]
            if !known.contains(template.value) {
                page.frontMatter.report(.error, "unknown template '\(template.value)'", at: template,
                                        suggestion: Suggestion.didYouMean(template.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            }
        }
    }

    private func readCellType(_ page: Page) -> CellType {
        let front = page.frontMatter
        let biomarkers = readBiomarkers(front, key: "biomarkers", required: true)
        let alternatives = readBiomarkerAlternatives(front)
        let questions = front.strings("questions").map(\.value)
        return CellType(page: page, biomarkers: biomarkers, biomarkerAlternatives: alternatives, questions: questions)
    }

    private func readTreatment(_ page: Page, ids: KnownIDs) -> Treatment {
        let front = page.frontMatter
        if front.has("drugs") || front.has("options") {
            let key = front.has("drugs") ? "drugs" : "options"
            let (line, column) = front.location(of: key)
            front.report(.error, "a treatment does not list its \(key): each one names its treatment", line: line, column: column,
                         suggestion: "remove '\(key):' here and put 'treatment: \(page.id)' in each \(key == "drugs" ? "drug" : "option") page")
        }
        let cellTypes = front.strings("cell-types", required: true)
        let cellTypeIDs = cellTypes.count == 1 && cellTypes[0].value == "all"
            ? ids.allCellTypes : resolve(cellTypes, among: ids.cellTypes, what: "cell type", in: front)
        let why = front.strings("why", required: true).map(\.value)
        let sideEffects = readSideEffects(front, ids: ids)
        let questions = front.strings("questions").map(\.value)
        return Treatment(page: page, cellTypes: cellTypeIDs, why: why, sideEffects: sideEffects, questions: questions)
    }

    private func readDrug(_ page: Page, ids: KnownIDs) -> DrugRead {
        let front = page.frontMatter
        let generic = front.string("generic", required: true)?.value ?? page.id
        let brands = front.strings("brands")
        let treatmentValue = front.string("treatment", required: true)
        var treatment = ""
        if let treatmentValue { treatment = resolve([treatmentValue], among: ids.treatments, what: "treatment", in: front).first ?? "" }
        let drugClass = front.string("class", required: true)?.value ?? ""
        let target = front.string("target")?.value
        let routes: [Route] = front.strings("route", required: true).compactMap { value in
            if let route = Route(rawValue: value.value) { return route }
            let known = Route.allCases.map(\.rawValue)
            front.report(.error, "unknown route '\(value.value)'", at: value,
                         suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            return nil
        }
        let schedule = front.string("schedule", required: true)?.value ?? ""
        let approvedForValues = front.strings("approved-for")
        if !front.has("approved-for") {
            front.report(.error, "missing required field 'approved-for' (the cell types this drug is approved for)", line: 1, column: 1,
                         suggestion: "add 'approved-for: [cell-type-id, …]', or 'approved-for: []' for a drug no longer approved")
        }
        let approvedFor = resolve(approvedForValues, among: ids.cellTypes, what: "cell type", in: front)
        let biomarkers = readBiomarkers(front, key: "biomarkers", required: false)
        let biomarkerAlternatives = readBiomarkerAlternatives(front)
        let givenWithValues = front.strings("given-with")
        var givenWith = resolve(givenWithValues, among: ids.drugs, what: "drug", in: front, notePrefix: "'given-with' names a drug with no page: ")
        for value in givenWithValues where value.value == page.id {
            front.report(.error, "a drug cannot be given with itself", at: value, suggestion: "remove '\(page.id)' from 'given-with'")
            givenWith.removeAll { $0 == page.id }
        }
        let boxedWarnings = front.strings("boxed-warnings").map(\.value)
        let sideEffects = readSideEffects(front, ids: ids)
        var status = Drug.Status.approved
        var withdrawnYear: Int?
        if let statusValue = front.string("status", required: true) {
            if let parsed = Drug.Status(rawValue: statusValue.value) {
                status = parsed
            } else {
                front.report(.error, "unknown status '\(statusValue.value)'", at: statusValue,
                             suggestion: Suggestion.didYouMean(statusValue.value, in: ["approved", "withdrawn"]) ?? "use 'approved' or 'withdrawn'")
            }
        }
        let year = front.int("withdrawn-year")
        if status == .withdrawn {
            if let year { withdrawnYear = year.value } else {
                let (line, column) = front.location(of: "status")
                front.report(.error, "a withdrawn drug needs 'withdrawn-year'", line: line, column: column,
                             suggestion: "add 'withdrawn-year: YYYY', the year its breast-cancer approval ended")
            }
            if let first = approvedForValues.first {
                front.report(.error, "a withdrawn drug cannot be approved for a cell type", at: first,
                             suggestion: "use 'approved-for: []'")
            }
        } else if let year {
            front.report(.error, "'withdrawn-year' is only for drugs with 'status: withdrawn'", at: year,
                         suggestion: "remove 'withdrawn-year', or set 'status: withdrawn' if the approval has ended")
        }
        let drug = Drug(page: page, generic: generic, brands: brands.map(\.value), treatment: treatment, drugClass: drugClass, target: target,
                        routes: routes, schedule: schedule, approvedFor: approvedFor, biomarkers: biomarkers,
                        biomarkerAlternatives: biomarkerAlternatives, givenWith: givenWith,
                        boxedWarnings: boxedWarnings, sideEffects: sideEffects, status: status, withdrawnYear: withdrawnYear)
        return DrugRead(drug: drug, approvedFor: approvedForValues, brands: brands)
    }

    private func readOption(_ page: Page, ids: KnownIDs) -> TreatmentOption {
        let front = page.frontMatter
        let treatmentValue = front.string("treatment", required: true)
        var treatment = ""
        if let treatmentValue { treatment = resolve([treatmentValue], among: ids.treatments, what: "treatment", in: front).first ?? "" }
        let sideEffects = readSideEffects(front, ids: ids)
        return TreatmentOption(page: page, treatment: treatment, sideEffects: sideEffects)
    }

    private func readSideEffect(_ page: Page) -> SideEffect {
        let front = page.frontMatter
        let callNow = front.string("call-now", required: true)?.value ?? ""
        let urgent = front.bool("urgent")?.value ?? false
        return SideEffect(page: page, callNow: callNow, urgent: urgent)
    }

    private func readTerm(_ page: Page) -> Term {
        Term(page: page, aliases: page.frontMatter.strings("aliases").map(\.value))
    }

    private func readSideEffects(_ front: FrontMatter, ids: KnownIDs) -> SideEffectGroups {
        var groups = SideEffectGroups()
        for (group, values) in front.listMap("side-effects", allowedKeys: SideEffectGroups.groupNames) {
            let resolved = resolve(values, among: ids.sideEffects, what: "side effect", in: front)
            switch group.value {
            case "common": groups.common = resolved
            case "serious": groups.serious = resolved
            default: groups.late = resolved
            }
        }
        return groups
    }

    private func readBiomarkers(_ front: FrontMatter, key: String, required: Bool) -> BiomarkerRequirements {
        if required && !front.has(key) {
            front.report(.error, "missing required field '\(key)' (the test results this page covers)", line: 1, column: 1,
                         suggestion: "add e.g. '\(key): {her2: [positive]}'")
        }
        return requirements(front.listMap(key, allowedKeys: Biomarker.allCases.map(\.rawValue)), in: front)
    }

    /// `biomarkers-any-of`: alternatives of which at least one must fit (a PIK3CA, AKT1 or PTEN change).
    private func readBiomarkerAlternatives(_ front: FrontMatter) -> [BiomarkerRequirements] {
        let key = "biomarkers-any-of"
        let alternatives = front.listMaps(key, allowedKeys: Biomarker.allCases.map(\.rawValue))
        if alternatives.count == 1 {
            let (line, column) = front.location(of: key)
            front.report(.error, "'\(key)' needs at least two alternatives", line: line, column: column,
                         suggestion: "put a single requirement in 'biomarkers' instead")
        }
        return alternatives.map { requirements($0, in: front) }.filter { !$0.isEmpty }
    }

    private func requirements(_ entries: [(key: Located<String>, values: [Located<String>])], in front: FrontMatter) -> BiomarkerRequirements {
        var allowed: [Biomarker: [String]] = [:]
        for (name, values) in entries {
            guard let biomarker = Biomarker(rawValue: name.value) else { continue }
            var accepted: [String] = []
            for value in values {
                if biomarker.values.contains(value.value) { accepted.append(value.value); continue }
                front.report(.error, "'\(value.value)' is not a value of biomarker '\(biomarker.rawValue)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: biomarker.values) ?? "use one of: \(biomarker.values.joined(separator: ", "))")
            }
            if !accepted.isEmpty { allowed[biomarker] = accepted }
        }
        return BiomarkerRequirements(allowed)
    }

    /// Keeps the ids that exist; reports the others with the closest known id.
    private func resolve(_ values: [Located<String>], among known: Set<String>, what: String, in front: FrontMatter, notePrefix: String? = nil) -> [String] {
        var resolved: [String] = []
        for value in values {
            if known.contains(value.value) {
                if !resolved.contains(value.value) { resolved.append(value.value) }
                continue
            }
            let sorted = known.sorted()
            let message = (notePrefix ?? "") + "unknown \(what) '\(value.value)'"
            front.report(.error, message, at: value, suggestion: Suggestion.didYouMean(value.value, in: sorted)
                         ?? (known.isEmpty ? "no \(what) pages exist yet" : "known: \(sorted.prefix(8).joined(separator: ", "))\(known.count > 8 ? ", …" : "")"))
        }
        return resolved
    }

    static func concurrentMap<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            DispatchQueue.concurrentPerform(iterations: items.count) { buffer[$0] = transform(items[$0]) }
        }
        return results.map { $0! }
    }

    // MARK: - Checks across pages

    private func checkFreshness(_ page: Page) {
        guard let reviewed = page.reviewed else { return }
        let (line, column) = page.reviewedLocation
        if reviewed.adding(months: staleAfterMonths) < today {
            page.frontMatter.report(.warning, "page was last reviewed on \(reviewed), more than \(staleAfterMonths) months ago", line: line, column: column,
                                    suggestion: "check the page against its sources, then set 'reviewed' to the date you did")
        } else if today < reviewed {
            page.frontMatter.report(.error, "'reviewed' date \(reviewed) is in the future", line: line, column: column,
                                    suggestion: "use the date the page was actually checked")
        }
    }

    private func checkRelations(_ guide: Guide, drugs: [DrugRead]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for read in drugs {
            let drug = read.drug
            guard let treatment = guide.treatmentByID[drug.treatment] else { continue }
            for value in read.approvedFor where guide.cellTypeByID[value.value] != nil {
                if !treatment.cellTypes.contains(value.value) {
                    diagnostics.append(drug.page.file.error(
                        "drug is approved for cell type '\(value.value)', but its treatment '\(treatment.id)' does not apply to it",
                        line: value.line, column: value.column,
                        suggestion: "add '\(value.value)' to 'cell-types' in \(treatment.page.file.path), or correct this list"))
                }
            }
        }
        return diagnostics
    }

    private func checkDuplicates(_ guide: Guide, drugs: [DrugRead]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Ids differing only in case would collide on case-insensitive disks and confuse readers.
        for (kind, pages) in Dictionary(grouping: guide.pages.filter { $0.kind != .page && $0.kind != .section && $0.kind != .home }, by: \.kind) {
            let groups = Dictionary(grouping: pages, by: { $0.id.lowercased() })
            for (_, same) in groups where same.count > 1 {
                for page in same.dropFirst() {
                    diagnostics.append(page.file.error("duplicate \(kind.rawValue) id '\(page.id)': \(same[0].file.path) has the same id", line: 1, column: 1,
                                                       suggestion: "rename one of the files"))
                }
            }
        }
        var brandOwner: [String: Drug] = [:]
        var firstByGeneric: [String: Drug] = [:]
        for drug in guide.drugs.sorted(by: { $0.page.contentPath < $1.page.contentPath }) where firstByGeneric[drug.generic.lowercased()] == nil {
            firstByGeneric[drug.generic.lowercased()] = drug
        }
        // In the model's A–Z order, so the first drug (by title) keeps a brand and later ones are told.
        for read in drugs.sorted(by: { $0.drug.page.title.lowercased() < $1.drug.page.title.lowercased() }) {
            let drug = read.drug
            for brand in read.brands {
                let key = brand.value.lowercased()
                if let owner = brandOwner[key], owner.id != drug.id {
                    diagnostics.append(drug.page.file.error("brand name '\(brand.value)' is already used by \(owner.page.file.path)",
                                                            line: brand.line, column: brand.column,
                                                            suggestion: "a brand belongs to one drug; mention combination products in the text"))
                } else {
                    brandOwner[key] = drug
                }
            }
            if let generic = firstByGeneric[drug.generic.lowercased()], generic.id != drug.id {
                let (line, column) = drug.page.frontMatter.location(of: "generic")
                diagnostics.append(drug.page.file.error("generic name '\(drug.generic)' is already used by \(generic.page.file.path)",
                                                        line: line, column: column,
                                                        suggestion: "a drug has one page: merge the two, or correct the generic name of one"))
            }
        }
        var aliasOwner: [String: Term] = [:]
        for term in guide.terms {
            for alias in [term.page.title] + term.aliases {
                let key = alias.lowercased()
                if let owner = aliasOwner[key], owner.id != term.id {
                    let (line, column) = term.page.frontMatter.location(of: alias == term.page.title ? "title" : "aliases")
                    diagnostics.append(term.page.file.error("glossary term '\(alias)' is already defined by \(owner.page.file.path)",
                                                            line: line, column: column, suggestion: "keep each term and alias in one entry"))
                } else {
                    aliasOwner[key] = term
                }
            }
        }
        return diagnostics
    }
}
