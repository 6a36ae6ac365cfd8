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

    private func readCellType(_ page: Page) -> CellType {
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

    private func readTreatment(_ page: Page, ids: KnownIDs) -> TreatmentRead {
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

    private func readDrug(_ page: Page, ids: KnownIDs) -> DrugRead {
        let front = page.frontMatter
        let genericValue = front.string("generic", required: true)
        let generic = genericValue?.value ?? page.id
        // A generic name one or two letters off the file name is a typo; a different name altogether
        // (nab-paclitaxel is "paclitaxel protein-bound") is fine.
        if let genericValue, case let written = genericValue.value.lowercased().replacingOccurrences(of: " ", with: "-"),
           written != page.id, Suggestion.editDistance(Array(written), Array(page.id)) <= 2 {
            front.report(.warning, "generic name '\(genericValue.value)' differs from the file name '\(page.id)'", at: genericValue,
                         suggestion: "did you mean '\(page.id.replacingOccurrences(of: "-", with: " "))'? If the file name is the one misspelled, rename the file")
        }
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
        for old in ["approved-for", "biomarkers", "biomarkers-any-of", "given-with"] where front.has(old) {
            let (line, column) = front.location(of: old)
            front.report(.error, "'\(old)' is no longer a drug field: a drug lists its FDA-approved uses as 'indications'", line: line, column: column,
                         suggestion: "move what it says into 'indications:' (needs, line, given-with, approved, source); see the README's drug example")
        }
        let indicationEntries = front.entries("indications")
        let indications = indicationEntries.compactMap { readIndication($0, drug: page.id, ids: ids) }
        let offLabel = front.entry("off-label").map { readOffLabel($0, drug: page.id, ids: ids) }
        let forms = front.entries("forms").map(readForm)
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
            if front.has("indications") {
                let (line, column) = front.location(of: "indications")
                front.report(.error, "a withdrawn drug has no current indications", line: line, column: column,
                             suggestion: "remove 'indications:' and say in the text what the drug was once approved for")
            }
        } else if let year {
            front.report(.error, "'withdrawn-year' is only for drugs with 'status: withdrawn'", at: year,
                         suggestion: "remove 'withdrawn-year', or set 'status: withdrawn' if the approval has ended")
        }
        if status == .approved && indications.isEmpty && offLabel == nil && indicationEntries.isEmpty {
            let (line, column) = front.has("indications") ? front.location(of: "indications") : (1, 1)
            front.report(.error, "drug has no 'indications' and no 'off-label' note", line: line, column: column,
                         suggestion: "add 'indications:' with each FDA-approved use, or 'off-label: {note: Not FDA-approved for metastatic breast cancer. …}'")
        }
        if !indications.isEmpty, offLabel != nil {
            let (line, column) = front.location(of: "off-label")
            front.report(.error, "a drug with FDA-approved indications cannot also be marked off-label", line: line, column: column,
                         suggestion: "remove 'off-label:'; describe other uses in the text")
        }
        let drug = Drug(page: page, generic: generic, brands: brands.map(\.value), treatment: treatment, drugClass: drugClass, target: target,
                        routes: routes, schedule: schedule, indications: indications, offLabel: offLabel, forms: forms,
                        boxedWarnings: boxedWarnings, sideEffects: sideEffects, status: status, withdrawnYear: withdrawnYear,
                        otherBrands: front.strings("other-brands").map(\.value))
        return DrugRead(drug: drug, brands: brands)
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
        Term(page: page, aliases: page.frontMatter.strings("aliases").map(\.value),
             otherSenses: page.frontMatter.strings("other-senses").map(\.value))
    }

    private func readSideEffects(_ front: FrontMatter, ids: KnownIDs) -> SideEffectGroups {
        var groups = SideEffectGroups()
        var groupOf: [String: String] = [:]
        for (group, values) in front.listMap("side-effects", allowedKeys: SideEffectGroups.groupNames) {
            for value in values {
                if let earlier = groupOf[value.value] {
                    front.report(.error, "side effect '\(value.value)' is listed under both '\(earlier)' and '\(group.value)'", at: value,
                                 suggestion: "keep it in the one group that fits best")
                }
                groupOf[value.value] = groupOf[value.value] ?? group.value
            }
            let resolved = resolve(values, among: ids.sideEffects, what: "side effect", in: front)
            switch group.value {
            case "common": groups.common = resolved
            case "serious": groups.serious = resolved
            default: groups.late = resolved
            }
        }
        return groups
    }

    // MARK: - Indications

    private func readIndication(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> Indication? {
        let needs = readCondition(entry, key: "needs", anyOfKey: "needs-one-of", required: false)
        if !entry.has("needs") {
            let (line, column) = entry.start
            entry.report(.error, "indication has no 'needs' (the test results this use requires)", line: line, column: column,
                         suggestion: "add e.g. 'needs: {hr: [positive], her2: [negative]}', or 'needs: {}' for a use open to every result")
        }
        var line = TreatmentLine.any
        if let value = entry.string("line", required: true) {
            if let parsed = TreatmentLine(rawValue: value.value) { line = parsed } else {
                let known = TreatmentLine.allCases.map(\.rawValue)
                entry.report(.error, "unknown line '\(value.value)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use first (first treatment), later (after earlier treatment) or any")
            }
        }
        let afterValues = entry.strings("after")
        let after = resolve(afterValues, among: ids.treatments.union(ids.drugs), what: "treatment or drug", in: entry)
        if line != .later, let first = afterValues.first {
            entry.report(.error, "'after' is only for 'line: later'", at: first, suggestion: "set 'line: later', or remove 'after'")
        }
        let earlier = entry.int("earlier-treatments")
        if let earlier, earlier.value < 1 || line != .later {
            entry.report(.error, "'earlier-treatments' must be 1 or more, with 'line: later'", at: earlier,
                         suggestion: "write how many treatments for metastatic cancer must come first, e.g. 'earlier-treatments: 2'")
        }
        let (givenWith, givenWithOneOf) = readPartners(entry, drug: drug, ids: ids)
        let note = entry.string("note")?.value
        let approved = entry.approvalDate("approved", required: true)
        let source = entry.string("source", required: true)
        if let source, !(source.value.hasPrefix("https://") || source.value.hasPrefix("http://")) {
            entry.report(.error, "source URL must start with https:// or http://", at: source,
                         suggestion: "copy the full address of the FDA notice or label, e.g. https://www.fda.gov/…")
        }
        if let approved, today < approved.value.earliestDay {
            entry.report(.error, "approval date \(approved.value) is in the future", at: approved,
                         suggestion: "write the date the FDA approved this use")
        }
        entry.rejectUnknownKeys(kind: "an indication")
        guard let approved, let source else { return nil }
        return Indication(needs: needs, line: line, after: after, earlierTreatments: earlier?.value, givenWith: givenWith,
                          givenWithOneOf: givenWithOneOf, note: note, approved: approved.value, source: source.value)
    }

    private func readOffLabel(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> OffLabelUse {
        let note = entry.string("note", required: true)?.value ?? ""
        let needs = readCondition(entry, key: "needs", anyOfKey: "needs-one-of", required: false)
        let (givenWith, givenWithOneOf) = readPartners(entry, drug: drug, ids: ids)
        entry.rejectUnknownKeys(kind: "'off-label'")
        return OffLabelUse(note: note, needs: needs, givenWith: givenWith, givenWithOneOf: givenWithOneOf)
    }

    private func readForm(_ entry: FrontMatter) -> DrugForm {
        let name = entry.string("name", required: true)?.value ?? ""
        var route: Route?
        if let value = entry.string("route") {
            route = Route(rawValue: value.value)
            if route == nil {
                let known = Route.allCases.map(\.rawValue)
                entry.report(.error, "unknown route '\(value.value)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            }
        }
        let note = entry.string("note")?.value
        let approved = entry.approvalDate("approved")
        let source = entry.string("source")
        if approved != nil && source == nil {
            let (line, column) = entry.start
            entry.report(.error, "a form with an approval date needs a 'source'", line: line, column: column,
                         suggestion: "add 'source:' with the address of the FDA notice or a report of it")
        }
        entry.rejectUnknownKeys(kind: "'forms'")
        return DrugForm(name: name, route: route, note: note, approved: approved?.value, source: source?.value)
    }

    private func readPartners(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> (all: [String], oneOf: [String]) {
        var result: [[String]] = []
        for key in ["given-with", "given-with-one-of"] {
            let values = entry.strings(key)
            var resolved = resolve(values, among: ids.drugs, what: "drug", in: entry, notePrefix: "'\(key)' names a drug with no page: ")
            for value in values where value.value == drug {
                entry.report(.error, "a drug cannot be given with itself", at: value, suggestion: "remove '\(drug)' from '\(key)'")
                resolved.removeAll { $0 == drug }
            }
            if key == "given-with-one-of", values.count == 1 {
                entry.report(.error, "'given-with-one-of' needs at least two drugs", at: values[0],
                             suggestion: "use 'given-with: [\(values[0].value)]' for a single partner")
            }
            result.append(resolved)
        }
        return (result[0], result[1])
    }

    // MARK: - Test results

    /// `biomarkers:` (all of these) and `biomarkers-any-of:` (one of these), or the same pair
    /// as an indication's `needs:` and `needs-one-of:`.
    private func readCondition(_ front: FrontMatter, key: String, anyOfKey: String, required: Bool) -> BiomarkerCondition {
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

    private func requirements(_ entries: [(key: Located<String>, values: [Located<String>])], in front: FrontMatter) -> BiomarkerRequirements {
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
