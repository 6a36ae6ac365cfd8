import FrontMatter
import Diagnostics
import Dispatch

/// Reads the kind-specific front matter of every page into the typed model and checks every
/// relation between pages. Each problem becomes a diagnostic pointing at the value that is wrong.
public struct GuideBuilder: Sendable {
    public var settings: SiteSettings
    /// The day the build runs; pages reviewed more than `staleAfterMonths` before it get a warning.
    public var today: GuideDate
    public var staleAfterMonths = 12

    public init(settings: SiteSettings, today: GuideDate) {
        self.settings = settings
        self.today = today
    }

    /// The model of `loaded` and every problem found in it. Pure: the loaded pages are not changed,
    /// so running it again over the same pages gives the same diagnostics.
    public func build(_ loaded: [Page]) -> (Guide, [Diagnostic]) {
        let pages = loaded.map { $0.forModel() }
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
        let drugs = concurrentMap(drugPages) { readDrug($0, ids: ids) }
        let options = optionPages.map { readOption($0, ids: ids) }
        let sideEffects = sideEffectPages.map { readSideEffect($0) }
        let terms = termPages.map { readTerm($0) }

        // A page in a misspelled kind folder (`drug/`) gets one error, not one per field it then lacks.
        let (misplaced, folderProblems) = checkFolders(pages)
        diagnostics += folderProblems
        // Each page's front matter is its own: the checks of different pages can run side by side.
        diagnostics += concurrentMap(pages) { page -> [Diagnostic] in
            checkFreshness(page)
            if page.kind == .page || page.kind == .home || page.kind == .section { readPlainPage(page) }
            if !misplaced.contains(page.contentPath) {
                page.frontMatter.rejectUnknownKeys(kind: page.kind == .home ? "home" : page.kind.rawValue)
            }
            return page.loadDiagnostics + page.frontMatter.diagnostics
        }.flatMap { $0 }

        let guide = Guide(settings: settings, pages: pages, cellTypes: cellTypes, treatments: treatments.map(\.treatment),
                          drugs: drugs.map(\.drug), options: options, sideEffects: sideEffects, terms: terms)
        diagnostics += checkRelations(guide, treatments: treatments)
        diagnostics += checkDuplicates(guide, drugs: drugs)
        diagnostics += checkTitles(guide)
        return (guide, diagnostics)
    }

    /// Pages whose top folder is one letter or so away from a kind's folder: almost always a typo.
    private func checkFolders(_ pages: [Page]) -> (Set<String>, [Diagnostic]) {
        var misplaced: Set<String> = []
        var diagnostics: [Diagnostic] = []
        var reported: Set<String> = []
        for page in pages where page.kind == .page || page.kind == .section {
            guard let folder = page.section, PageKind.folders[folder] == nil,
                  let intended = Suggestion.closest(to: folder, in: PageKind.folders.keys.sorted()) else { continue }
            misplaced.insert(page.contentPath)
            guard reported.insert(folder).inserted else { continue }
            diagnostics.append(page.file.error("unknown folder '\(folder)/': the pages in it are not read as \(PageKind.folders[intended]!.rawValue) pages",
                                               line: 1, column: 1, suggestion: "did you mean '\(intended)/'? Rename the folder to \(intended)"))
        }
        return (misplaced, diagnostics)
    }

    /// Two pages with one title look the same in search, lists and the browser's tabs.
    private func checkTitles(_ guide: Guide) -> [Diagnostic] {
        var first: [String: Page] = [:]
        var diagnostics: [Diagnostic] = []
        for page in guide.pages where page.kind != .section && page.kind != .home {
            let key = page.title.lowercased()
            guard let other = first[key] else { first[key] = page; continue }
            let (line, column) = page.frontMatter.location(of: "title")
            diagnostics.append(page.file.warning("title '\(page.title)' is also the title of \(other.file.path)", line: line, column: column,
                                                 suggestion: "give each page its own title, e.g. say what kind of page it is"))
        }
        return diagnostics
    }

    /// The ids of each kind, as sets: a large guide checks tens of thousands of references.
    struct KnownIDs {
        let cellTypes: Set<String>
        let treatments: Set<String>
        let drugs: Set<String>
        let sideEffects: Set<String>
        /// What an indication's `after` may name; made once, not per indication (which made reading drugs quadratic).
        let treatmentsAndDrugs: Set<String>
        /// Cell types as listed, for `cell-types: all`.
        let allCellTypes: [String]

        init(cellTypes: [String], treatments: [String], drugs: [String], sideEffects: [String]) {
            allCellTypes = cellTypes
            self.cellTypes = Set(cellTypes)
            self.treatments = Set(treatments)
            self.drugs = Set(drugs)
            self.sideEffects = Set(sideEffects)
            treatmentsAndDrugs = self.treatments.union(self.drugs)
        }
    }

    /// A drug with the written values that the checks across pages point at.
    struct DrugRead {
        let drug: Drug
        let brands: [Located<String>]
    }

    // MARK: - Reading each kind

    private func readPlainPage(_ page: Page) {
        if let template = page.frontMatter.string("template") {
            let known = ["compare", "finder", "search", "handouts", "whats-new"]
            if !known.contains(template.value) {
                page.frontMatter.report(.error, "unknown template '\(template.value)'", at: template,
                                        suggestion: Suggestion.didYouMean(template.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            }
            // The search page holds the words readers type for the guide's own (`tnbc: [triple negative]`);
            // the search index reads them (SiteFiles.searchIndex), this read checks their form.
            if template.value == "search" { _ = page.frontMatter.listMap("synonyms") }
        }
    }

    // MARK: - Test results

    /// `biomarkers:` (all of these) and `biomarkers-any-of:` (one of these), or the same pair
    /// as an indication's `needs:` and `needs-one-of:`.
    func readCondition(_ front: FrontMatter, key: String, anyOfKey: String, required: Bool) -> BiomarkerCondition {
        if required && !front.has(key) {
            front.report(.error, "missing required field '\(key)' (the test results this page covers)", line: front.start.line, column: front.start.column,
                         suggestion: "add e.g. '\(key): {her2: [positive]}'")
        }
        let all = requirements(front.listMap(key, allowedKeys: Biomarker.allCases.map(\.rawValue)), in: front)
        let alternatives = front.listMaps(anyOfKey, allowedKeys: Biomarker.allCases.map(\.rawValue))
        if alternatives.count == 1 {
            let (line, column) = front.location(of: anyOfKey)
            front.report(.error, "'\(anyOfKey)' needs at least two alternatives", line: line, column: column,
                         suggestion: "put a single requirement in '\(key)' instead")
        }
        return BiomarkerCondition(all: all, anyOf: alternatives.map { requirements($0, in: front) }.filter { !$0.isEmpty })
    }

    func requirements(_ entries: [(key: Located<String>, values: [Located<String>])], in front: FrontMatter) -> BiomarkerRequirements {
        var allowed: [Biomarker: [String]] = [:]
        for (name, values) in entries {
            guard let biomarker = Biomarker(rawValue: name.value) else { continue }
            var accepted: [String] = []
            for value in values {
                if let results = biomarker.expand(value.value) {
                    for result in results where !accepted.contains(result) { accepted.append(result) }
                    continue
                }
                let known = biomarker.writtenValues
                front.report(.error, "'\(value.value)' is not a value of biomarker '\(biomarker.rawValue)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            }
            // In the vocabulary's order, so that the same results always read the same way.
            if !accepted.isEmpty { allowed[biomarker] = biomarker.values.filter(accepted.contains) }
        }
        return BiomarkerRequirements(allowed)
    }

    /// Keeps the ids that exist; reports the others with the closest known id.
    func resolve(_ values: [Located<String>], among known: Set<String>, what: String, in front: FrontMatter, notePrefix: String? = nil) -> [String] {
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

    private func checkRelations(_ guide: Guide, treatments: [TreatmentRead]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // A treatment with drugs fits the cell types its drugs' uses can fit; its page must say the same.
        for read in treatments {
            let treatment = read.treatment
            guard read.resolved, let covered = guide.coveredCellTypes(of: treatment.id) else { continue }
            for id in treatment.statedCellTypes where !covered.contains(id) {
                let value = read.cellTypes.first { $0.value == id } ?? read.cellTypes.first
                diagnostics.append(treatment.page.file.error(
                    "treatment is said to fit cell type '\(id)', but no indication of its drugs can fit that cell type",
                    line: value?.line ?? 1, column: value?.column ?? 1,
                    suggestion: read.isAll ? "list the cell types instead of 'all': \(covered.joined(separator: ", "))"
                        : "remove '\(id)' from 'cell-types', or add the indication that covers it to the drug's page"))
            }
            for id in covered where !treatment.statedCellTypes.contains(id) {
                let (line, column) = treatment.page.frontMatter.location(of: "cell-types")
                diagnostics.append(treatment.page.file.warning(
                    "the indications of this treatment's drugs fit cell type '\(id)', but 'cell-types' does not list it",
                    line: line, column: column, suggestion: "add '\(id)' to 'cell-types'"))
            }
        }
        // A cell type that no use needing test results can fit is almost always a mistyped result.
        let targeted = guide.drugs.flatMap(\.uses).filter { !$0.isEmpty }
        for cellType in guide.cellTypes where !targeted.isEmpty && !targeted.contains(where: { $0.overlaps(cellType.condition) }) {
            let (line, column) = cellType.page.frontMatter.location(of: "biomarkers")
            diagnostics.append(cellType.page.file.warning(
                "no indication in the guide that needs test results can fit this cell type", line: line, column: column,
                suggestion: "check the values under 'biomarkers'; a drug for these results needs an indication with matching 'needs'"))
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
