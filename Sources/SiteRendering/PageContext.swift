import Foundation
import GuideModel
import Markdown

/// Turns the model into the plain data the templates see: dictionaries, lists, text and flags.
/// Every address comes from `SiteURL`, relative to the page being rendered.
struct PageContext {
    let guide: Guide
    let here: SiteURL
    let baseURL: String?
    let wording: Wording
    /// What does not depend on the page, made once per edition (SiteRenderer's).
    let shared: SharedContexts

    typealias Context = [String: Any]

    func link(_ page: Page, fragment: String? = nil) -> String { here.link(to: SiteURL(page.sitePath), fragment: fragment) }

    func pageLink(_ page: Page) -> Context {
        ["title": page.title, "url": link(page), "summary": page.summary, "kind": wording.kind(page.kind)]
    }

    // MARK: - Shared pieces

    func sideEffectGroups(_ groups: SideEffectGroups) -> [Context] {
        return groups.all.compactMap { group, ids in
            let items: [Context] = ids.compactMap { id in
                guard let effect = guide.sideEffectByID[id] else { return nil }
                var item = pageLink(effect.page)
                item["urgent"] = effect.urgent
                return item
            }
            guard !items.isEmpty else { return nil }
            return ["label": wording.strings["side-effect-groups.\(group)"], "group": group, "items": items]
        }
    }

    func tests(_ condition: BiomarkerCondition) -> [Context] {
        wording.tests(condition).map { ["name": $0.name, "key": $0.key, "values": $0.values] }
    }

    func drugSummary(_ drug: Drug) -> Context {
        var item = pageLink(drug.page)
        item["brands"] = drug.brands.joined(separator: ", ")
        item["hasBrands"] = !drug.brands.isEmpty
        item["class"] = drug.drugClass
        item["routes"] = drug.routes.map(wording.route).joined(separator: "; ")
        item["schedule"] = drug.schedule
        item["withdrawn"] = drug.status == .withdrawn
        item["offLabel"] = drug.isOffLabel
        return item
    }

    /// One approved use, as the drug card, cell-type pages, handouts and What's new show it.
    func indication(_ indication: Indication) -> Context {
        shared.use(indication) { useWords(indication) }
    }

    private func useWords(_ indication: Indication) -> Context {
        let partners = wording.partners(all: indication.givenWith, oneOf: indication.givenWithOneOf, in: guide)
        return [
            "tests": wording.testsPhrase(indication.needs),
            "setting": wording.setting(indication, in: guide),
            "partners": partners, "hasPartners": !partners.isEmpty, "alone": partners.isEmpty,
            "note": indication.note ?? "", "hasNote": indication.note != nil,
            "approved": wording.date(indication.approved), "approvedISO": indication.approved.description,
            "source": indication.source,
        ]
    }

    /// A drug listed for a cell type, with the uses that fit it (or its off-label note); each use
    /// that needs a test result the cell type does not fix says so ("needs HER2: positive").
    func drugForCellType(_ drug: Drug, _ cellType: CellType) -> Context {
        var item = drugSummary(drug)
        let uses = guide.indications(of: drug, for: cellType.id).map { use -> Context in
            var context = indication(use)
            let extra = use.needs.beyond(cellType.condition)
            context["extraTests"] = extra.isEmpty ? "" : wording.testsPhrase(extra)
            context["hasExtraTests"] = !extra.isEmpty
            return context
        }
        let extra = guide.extraNeeds(of: drug, for: cellType)
        item["extraTests"] = extra.isEmpty ? "" : wording.testsPhrase(extra)
        item["needsMore"] = !extra.isEmpty
        item["uses"] = uses
        item["hasUses"] = !uses.isEmpty
        item["offLabelNote"] = drug.offLabel?.note ?? ""
        return item
    }

    // MARK: - Per kind

    func cellType(_ cellType: CellType) -> Context {
        let treatments: [Context] = guide.treatments(for: cellType.id).map { treatment in
            var item = pageLink(treatment.page)
            let drugs = guide.drugs(in: treatment.id, for: cellType.id)
            item["drugs"] = drugs.filter { !$0.isOffLabel }.map { drugForCellType($0, cellType) }
            item["offLabelDrugs"] = drugs.filter(\.isOffLabel).map { drugForCellType($0, cellType) }
            item["hasDrugs"] = !drugs.isEmpty
            item["hasOffLabelDrugs"] = drugs.contains(where: \.isOffLabel)
            let options = guide.options(in: treatment.id)
            item["options"] = options.map { pageLink($0.page) }
            item["hasOptions"] = !options.isEmpty
            return item
        }
        return [
            "biomarkers": tests(cellType.condition),
            "hasBiomarkers": !cellType.condition.isEmpty,
            "questions": cellType.questions,
            "hasQuestions": !cellType.questions.isEmpty,
            "treatments": treatments,
            "handout": here.link(to: .handout(cellType.id)),
        ]
    }

    func treatment(_ treatment: Treatment) -> Context {
        let drugs = guide.drugs(in: treatment.id)
        let options = guide.options(in: treatment.id)
        let cellTypes = guide.cellTypes(for: treatment)
        return [
            "cellTypes": cellTypes.compactMap { guide.cellTypeByID[$0].map { pageLink($0.page) } },
            "appliesToAll": cellTypes.count == guide.cellTypes.count && !guide.cellTypes.isEmpty,
            "why": treatment.why,
            "sideEffects": sideEffectGroups(treatment.sideEffects),
            "questions": treatment.questions,
            "hasQuestions": !treatment.questions.isEmpty,
            "drugs": drugs.filter { $0.status == .approved }.map(drugSummary),
            "withdrawnDrugs": drugs.filter { $0.status == .withdrawn }.map(drugSummary),
            "hasDrugs": !drugs.isEmpty,
            "options": options.map { pageLink($0.page) },
            "hasOptions": !options.isEmpty,
            "handout": here.link(to: .handout(treatment.id)),
        ]
    }

    func drug(_ drug: Drug) -> Context {
        var context = drugSummary(drug)
        context["generic"] = drug.generic
        context["brandList"] = drug.brands
        context["target"] = drug.target ?? ""
        context["hasTarget"] = drug.target != nil
        context["routeList"] = drug.routes.map(wording.route)
        context["indications"] = drug.indications.map(indication)
        context["hasIndications"] = !drug.indications.isEmpty
        context["offLabelNote"] = drug.offLabel?.note ?? ""
        context["hasOffLabel"] = drug.offLabel != nil
        if let offLabel = drug.offLabel {
            context["offLabelTests"] = offLabel.needs.isEmpty ? "" : wording.testsPhrase(offLabel.needs)
            context["offLabelPartners"] = wording.partners(all: offLabel.givenWith, oneOf: offLabel.givenWithOneOf, in: guide)
        }
        context["forms"] = drug.forms.map { form -> Context in
            ["name": form.name, "route": form.route.map(wording.route) ?? "", "hasRoute": form.route != nil,
             "note": form.note ?? "", "hasNote": form.note != nil,
             "approved": form.approved.map(wording.date) ?? "", "approvedISO": form.approved?.description ?? "",
             "hasApproved": form.approved != nil, "source": form.source ?? "", "hasSource": form.source != nil]
        }
        context["hasForms"] = !drug.forms.isEmpty
        context["givenWith"] = drug.givenWith.compactMap { guide.drugByID[$0].map(drugSummary) }
        context["hasGivenWith"] = !drug.givenWith.isEmpty
        context["boxedWarnings"] = drug.boxedWarnings
        context["hasBoxedWarnings"] = !drug.boxedWarnings.isEmpty
        context["sideEffects"] = sideEffectGroups(drug.sideEffects)
        context["withdrawnYear"] = drug.withdrawnYear.map(String.init) ?? ""
        if let treatment = guide.treatmentByID[drug.treatment] { context["treatment"] = pageLink(treatment.page) }
        let related = guide.related(to: drug)
        context["related"] = related.map(drugSummary)
        context["hasRelated"] = !related.isEmpty
        return context
    }

    func option(_ option: TreatmentOption) -> Context {
        var context: Context = ["sideEffects": sideEffectGroups(option.sideEffects)]
        if let treatment = guide.treatmentByID[option.treatment] { context["treatment"] = pageLink(treatment.page) }
        return context
    }

    func sideEffect(_ effect: SideEffect) -> Context {
        let causes = guide.causes(of: effect.id)
        let groups: [Context] = SideEffectGroups.groupNames.compactMap { group in
            let items = causes.filter { $0.group == group }.map { pageLink($0.page) }
            return items.isEmpty ? nil : ["label": wording.strings["side-effect-of.\(group)"], "items": items]
        }
        return ["callNow": effect.callNow, "urgent": effect.urgent, "causes": groups, "hasCauses": !groups.isEmpty]
    }

    func term(_ term: Term) -> Context {
        ["aliases": term.aliases.joined(separator: ", "), "hasAliases": !term.aliases.isEmpty, "definition": term.definition]
    }

    // MARK: - Section pages

    func section(_ page: Page) -> Context {
        let children = guide.pages.filter { $0.section == page.section && $0.kind != .section }
        var context: Context = [:]
        switch page.section {
        case "cell-types":
            context["items"] = guide.cellTypes.map { cellType -> Context in
                var item = pageLink(cellType.page)
                item["tests"] = wording.testsPhrase(cellType.condition)
                return item
            }
        case "treatments":
            context["items"] = guide.treatments.map { pageLink($0.page) }
        case "drugs":
            context["letters"] = drugLetters()
            context["isDrugIndex"] = true
        case "side-effects":
            context["items"] = guide.sideEffects.map { effect -> Context in
                var item = pageLink(effect.page)
                item["urgent"] = effect.urgent
                return item
            }
        case "glossary":
            context["terms"] = guide.terms.map { term -> Context in
                var item = pageLink(term.page)
                item["id"] = term.id
                item["definition"] = term.definition
                return item
            }
            context["isGlossary"] = true
        case "options":
            context["groups"] = guide.treatments.compactMap { treatment -> Context? in
                let options = guide.options(in: treatment.id)
                guard !options.isEmpty else { return nil }
                return ["treatment": pageLink(treatment.page), "items": options.map { pageLink($0.page) }]
            }
        default:
            context["items"] = children.sorted { ($0.order ?? Int.max, $0.title) < ($1.order ?? Int.max, $1.title) }.map(pageLink)
        }
        return context
    }

    /// Drug A–Z: generic and brand names under their first letter; a brand leads to its drug.
    func drugLetters() -> [Context] {
        let names = guide.drugNames()
        let grouped = Dictionary(grouping: names) { String($0.name.prefix(1)).uppercased() }
        return grouped.keys.sorted().map { letter in
            let entries: [Context] = grouped[letter]!.map { entry in
                var item: Context = ["name": entry.name, "url": link(entry.drug.page), "isBrand": entry.isBrand,
                                     "generic": entry.drug.page.title, "withdrawn": entry.drug.status == .withdrawn]
                item["class"] = entry.drug.drugClass
                return item
            }
            return ["letter": letter, "id": "letter-\(letter.lowercased())", "names": entries]
        }
    }

    // MARK: - Special pages

    func compare() -> Context {
        let cellTypes = guide.cellTypes.map { pageLink($0.page) }
        let rows: [Context] = guide.treatments.map { treatment in
            var row = pageLink(treatment.page)
            let applies = guide.cellTypes(for: treatment)
            row["cells"] = guide.cellTypes.map { cellType -> Context in
                let drugs = guide.drugs(in: treatment.id, for: cellType.id)
                return ["applies": applies.contains(cellType.id), "cellType": cellType.page.title,
                        "drugCount": wording.count("text.compare.drug-count", drugs.count), "hasDrugs": !drugs.isEmpty]
            }
            return row
        }
        let drugRows: [Context] = guide.drugs.filter { $0.status == .approved }.map { drug in
            var row = drugSummary(drug)
            row["cells"] = guide.cellTypes.map { cellType -> Context in
                let fits = drug.uses.contains { $0.overlaps(cellType.condition) }
                return ["applies": fits && !drug.isOffLabel, "offLabel": fits && drug.isOffLabel, "none": !fits, "cellType": cellType.page.title]
            }
            return row
        }
        return ["cellTypes": cellTypes, "rows": rows, "drugRows": drugRows]
    }

    /// The finder: radio choices in the report's words, every drug grouped under its treatment,
    /// and the table of constraints its script applies (the rules stay here, in Swift).
    func finder() -> Context {
        let biomarkers: [Context] = Biomarker.allCases.map { biomarker in
            ["key": biomarker.rawValue, "name": wording.name(biomarker),
             "values": biomarker.values.map { ["value": $0, "label": wording.choice(biomarker, $0), "id": "\(biomarker.rawValue)-\($0)"] }]
        }
        let cellTypes: [Context] = guide.cellTypes.map { cellType in
            var item = pageLink(cellType.page)
            item["id"] = cellType.id
            item["biomarkers"] = tests(cellType.condition)
            return item
        }
        let noChoice = guide.finderResults(for: [:])
        let treatments: [Context] = guide.treatments.map { treatment in
            var item = pageLink(treatment.page)
            item["id"] = treatment.id
            let drugs = guide.drugs(in: treatment.id).filter { !$0.uses.isEmpty }
            let fits = drugs.map { guide.fit(of: $0, for: [:]) }
            item["drugs"] = zip(drugs, fits).map { drug, fit -> Context in
                var entry = drugSummary(drug)
                entry["id"] = drug.id
                entry["fits"] = fit == .fits
                entry["needs"] = wording.needs(fit)
                return entry
            }
            item["hasDrugs"] = !drugs.isEmpty
            // Groups with nothing to show start hidden, as the script would leave them.
            item["noneFit"] = !fits.contains(.fits)
            item["noneMayFit"] = !fits.contains { $0 != .fits }
            return item
        }
        let shownDrugs = Set(noChoice.flatMap { $0.drugs.map(\.drug.id) })
        let shownTreatments = guide.treatments.filter { !guide.cellTypes(for: $0).isEmpty }
        let summary = wording.finderSummary(cellTypes: guide.cellTypes.count, treatments: shownTreatments.count, drugs: shownDrugs.count)
        let anyFits = noChoice.contains { $0.drugs.contains { $0.fit == .fits } }
        let anyMayFit = noChoice.contains { $0.drugs.contains { $0.fit != .fits } }
        return ["biomarkers": biomarkers, "cellTypes": cellTypes, "treatments": treatments, "summary": summary,
                "noneFit": !anyFits, "noneMayFit": !anyMayFit,
                "table": JSONText.scriptSafe(finderTable())]
    }

    /// What the finder's script needs to sort and hide, as data: for each cell type and each use
    /// of each drug, the results it allows; for each treatment without drugs, its cell types.
    func finderTable() -> [String: Any] {
        let condition = SiteFiles.data(of:)
        return [
            "biomarkers": Biomarker.allCases.map { ["key": $0.rawValue, "name": wording.name($0)] },
            "cellTypes": guide.cellTypes.map { ["id": $0.id, "needs": condition($0.condition)] },
            "treatments": guide.treatments.map { treatment -> [String: Any] in
                let drugs = guide.drugs(in: treatment.id).filter { !$0.uses.isEmpty }
                return ["id": treatment.id, "cellTypes": drugs.isEmpty ? guide.cellTypes(for: treatment) : [],
                        // A drug's first and later uses often allow the same results: the script needs each once.
                        "drugs": drugs.map { drug in
                            var seen = Set<String>()
                            return ["id": drug.id, "uses": drug.uses.map(condition).filter { seen.insert(JSONText.scriptSafe($0)).inserted }]
                        }]
            },
        ]
    }

    /// Every dated FDA action, newest first.
    func whatsNew() -> Context {
        let entries: [Context] = guide.approvalsByDate().map { entry in
            var item: Context = entry.indication.map(indication) ?? [:]
            item["drug"] = drugSummary(entry.drug)
            item["date"] = wording.date(entry.date)
            item["dateISO"] = entry.date.description
            item["year"] = String(entry.date.year)
            if let form = entry.form {
                item["isForm"] = true
                item["formName"] = form.name
                item["note"] = form.note ?? ""
                item["hasNote"] = form.note != nil
                item["route"] = form.route.map(wording.route) ?? ""
                item["source"] = form.source ?? ""
            }
            return item
        }
        let years = Dictionary(grouping: entries) { $0["year"] as! String }
        return ["years": years.keys.sorted(by: >).map { ["year": $0, "entries": years[$0]!] }, "count": entries.count]
    }

    func handoutsIndex() -> Context {
        [
            "cellTypes": guide.cellTypes.map { cellType -> Context in
                var item = pageLink(cellType.page)
                item["url"] = here.link(to: .handout(cellType.id))
                return item
            },
            "treatments": guide.treatments.map { treatment -> Context in
                var item = pageLink(treatment.page)
                item["url"] = here.link(to: .handout(treatment.id))
                return item
            },
        ]
    }
}

/// The parts of pages' contexts that are the same on every page of an edition: each approved use
/// in its words, with no address in it. A cell-type page lists every use of every drug it names,
/// and the drug pages, the handouts and the name check list them again.
final class SharedContexts: @unchecked Sendable {
    // Read and written only under the lock; the dictionaries are never changed once stored.
    private let lock = NSLock()
    private var uses: [Indication: [String: Any]] = [:]

    func use(_ indication: Indication, make: () -> [String: Any]) -> [String: Any] {
        if let made = lock.withLock({ uses[indication] }) { return made }
        let made = make()
        lock.withLock { uses[indication] = made }
        return made
    }
}
