import Foundation
import GuideModel
import Markdown

/// Turns the model into the plain data the templates see: dictionaries, lists, text and flags.
/// Every address comes from `SiteURL`, relative to the page being rendered.
struct PageContext {
    let guide: Guide
    let here: SiteURL
    let baseURL: String?

    typealias Context = [String: Any]

    func link(_ page: Page, fragment: String? = nil) -> String { here.link(to: SiteURL(page.sitePath), fragment: fragment) }

    func pageLink(_ page: Page) -> Context {
        ["title": page.title, "url": link(page), "summary": page.summary, "kind": page.kind.label]
    }

    // MARK: - Shared pieces

    func sideEffectGroups(_ groups: SideEffectGroups) -> [Context] {
        let labels = ["common": "Common", "serious": "Serious or rare", "late": "Late or long-term"]
        return groups.all.compactMap { group, ids in
            let items: [Context] = ids.compactMap { id in
                guard let effect = guide.sideEffectByID[id] else { return nil }
                var item = pageLink(effect.page)
                item["urgent"] = effect.urgent
                return item
            }
            guard !items.isEmpty else { return nil }
            return ["label": labels[group] ?? group, "group": group, "items": items]
        }
    }

    /// "One of" the alternatives, as one more line in the same shape as `biomarkers`.
    func alternatives(_ alternatives: [BiomarkerRequirements]) -> [Context] {
        guard !alternatives.isEmpty else { return [] }
        let text = alternatives.map { requirement in
            biomarkers(requirement).map { "\($0["name"]!) \(($0["values"] as! String).lowercased())" }.joined(separator: " and ")
        }.joined(separator: ", or ")
        return [["name": "One of these", "key": "any-of", "values": text]]
    }

    func biomarkers(_ requirements: BiomarkerRequirements) -> [Context] {
        requirements.sorted.map { biomarker, values in
            ["name": biomarker.name, "key": biomarker.rawValue, "values": values.map { biomarker.label(for: $0) }.joined(separator: " or ")]
        }
    }

    func drugSummary(_ drug: Drug) -> Context {
        var item = pageLink(drug.page)
        item["brands"] = drug.brands.joined(separator: ", ")
        item["hasBrands"] = !drug.brands.isEmpty
        item["class"] = drug.drugClass
        item["routes"] = drug.routes.map(\.label).joined(separator: "; ")
        item["schedule"] = drug.schedule
        item["withdrawn"] = drug.status == .withdrawn
        return item
    }

    // MARK: - Per kind

    func cellType(_ cellType: CellType) -> Context {
        let treatments: [Context] = guide.treatments(for: cellType.id).map { treatment in
            var item = pageLink(treatment.page)
            let drugs = guide.drugs(in: treatment.id, approvedFor: cellType.id)
            item["drugs"] = drugs.map(drugSummary)
            item["hasDrugs"] = !drugs.isEmpty
            let options = guide.options(in: treatment.id)
            item["options"] = options.map { pageLink($0.page) }
            item["hasOptions"] = !options.isEmpty
            return item
        }
        return [
            "biomarkers": biomarkers(cellType.biomarkers) + alternatives(cellType.biomarkerAlternatives),
            "hasBiomarkers": !cellType.biomarkers.isEmpty || !cellType.biomarkerAlternatives.isEmpty,
            "questions": cellType.questions,
            "hasQuestions": !cellType.questions.isEmpty,
            "treatments": treatments,
            "handout": here.link(to: .handout(cellType.id)),
        ]
    }

    func treatment(_ treatment: Treatment) -> Context {
        let drugs = guide.drugs(in: treatment.id)
        let options = guide.options(in: treatment.id)
        return [
            "cellTypes": treatment.cellTypes.compactMap { guide.cellTypeByID[$0].map { pageLink($0.page) } },
            "appliesToAll": treatment.cellTypes.count == guide.cellTypes.count && !guide.cellTypes.isEmpty,
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
        context["routeList"] = drug.routes.map(\.label)
        context["approvedFor"] = drug.approvedFor.compactMap { guide.cellTypeByID[$0].map { pageLink($0.page) } }
        context["biomarkers"] = biomarkers(drug.biomarkers) + alternatives(drug.biomarkerAlternatives)
        context["hasBiomarkers"] = !drug.biomarkers.isEmpty || !drug.biomarkerAlternatives.isEmpty
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
        let labels = ["common": "A common side effect of", "serious": "A serious or rare side effect of", "late": "A late side effect of"]
        let causes = guide.causes(of: effect.id)
        let groups: [Context] = SideEffectGroups.groupNames.compactMap { group in
            let items = causes.filter { $0.group == group }.map { pageLink($0.page) }
            return items.isEmpty ? nil : ["label": labels[group]!, "items": items]
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
                item["tests"] = (biomarkers(cellType.biomarkers) + alternatives(cellType.biomarkerAlternatives)).map { "\($0["name"]!): \($0["values"]!)" }.joined(separator: "; ")
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
            row["cells"] = guide.cellTypes.map { cellType -> Context in
                let applies = treatment.cellTypes.contains(cellType.id)
                let drugs = guide.drugs(in: treatment.id, approvedFor: cellType.id)
                return ["applies": applies, "cellType": cellType.page.title, "drugCount": drugs.count == 1 ? "1 drug" : "\(drugs.count) drugs",
                        "hasDrugs": !drugs.isEmpty]
            }
            return row
        }
        let drugRows: [Context] = guide.drugs.filter { $0.status == .approved }.map { drug in
            var row = drugSummary(drug)
            row["cells"] = guide.cellTypes.map { cellType -> Context in
                ["applies": drug.approvedFor.contains(cellType.id), "cellType": cellType.page.title]
            }
            return row
        }
        return ["cellTypes": cellTypes, "rows": rows, "drugRows": drugRows]
    }

    func finder() -> Context {
        let biomarkers: [Context] = Biomarker.allCases.map { biomarker in
            ["key": biomarker.rawValue, "name": biomarker.name,
             "values": biomarker.values.map { ["value": $0, "label": biomarker.label(for: $0), "id": "\(biomarker.rawValue)-\($0)"] }]
        }
        let cellTypes: [Context] = guide.cellTypes.map { cellType in
            var item = pageLink(cellType.page)
            item["id"] = cellType.id
            item["requires"] = Self.requirementsAttribute(cellType.biomarkers)
            item["requiresAny"] = cellType.biomarkerAlternatives.map(Self.requirementsAttribute).joined(separator: "|")
            item["biomarkers"] = self.biomarkers(cellType.biomarkers) + alternatives(cellType.biomarkerAlternatives)
            return item
        }
        let treatments: [Context] = guide.treatments.map { treatment in
            var item = pageLink(treatment.page)
            item["id"] = treatment.id
            item["cellTypes"] = treatment.cellTypes.joined(separator: " ")
            item["drugs"] = guide.drugs(in: treatment.id).filter { $0.status == .approved }.map { drug -> Context in
                var entry = drugSummary(drug)
                // A drug's own requirements, narrowed by the cell types it is approved for.
                entry["requires"] = Self.requirementsAttribute(drug.biomarkers)
                entry["requiresAny"] = drug.biomarkerAlternatives.map(Self.requirementsAttribute).joined(separator: "|")
                entry["cellTypes"] = drug.approvedFor.joined(separator: " ")
                entry["biomarkers"] = self.biomarkers(drug.biomarkers) + alternatives(drug.biomarkerAlternatives)
                return entry
            }
            return item
        }
        // What the finder shows before any choice, written into the page so nothing moves when the script starts.
        let shownTreatments = guide.treatments.filter { !$0.cellTypes.isEmpty }
        let shownDrugs = shownTreatments.flatMap { guide.drugs(in: $0.id) }.filter { $0.status == .approved }
        let summary = "Showing all \(plural(guide.cellTypes.count, "cell type")), \(plural(shownTreatments.count, "treatment")) and "
            + "\(plural(shownDrugs.count, "drug")). Choose your results to narrow the list."
        return ["biomarkers": biomarkers, "cellTypes": cellTypes, "treatments": treatments, "summary": summary]
    }

    /// `hr:positive;her2:negative,low`: readable in the HTML and easy for the finder script to split.
    static func requirementsAttribute(_ requirements: BiomarkerRequirements) -> String {
        requirements.sorted.map { "\($0.0.rawValue):\($0.1.joined(separator: ","))" }.joined(separator: ";")
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
