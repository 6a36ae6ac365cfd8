import Foundation
import GuideModel
import Markdown
import QRCode

/// Printable handouts, one per cell type and per treatment, made from the same model as the site:
/// every sentence on a handout is read from a page's front matter or body, never written twice.
extension SiteRenderer {
    /// The pages that get a handout, in the guide's order: cell types first, then treatments.
    public static func handoutPages(of guide: Guide) -> [Page] {
        (guide.cellTypes.map(\.page) + guide.treatments.map(\.page)).filter { !$0.isUntranslated }
    }

    public func renderHandout(for page: Page) -> String? {
        let here = SiteURL.handout(page.id)
        var context = common(page: page, here: here, isGenerated: true)
        let builder = HandoutContent(guide: guide, contexts: pageContext(here: here),
                                     edition: editions.current.folder)
        if page.kind == .cellType, let cellType = guide.cellTypeByID[page.id] {
            context["handout"] = builder.cellType(cellType)
        } else if page.kind == .treatment, let treatment = guide.treatmentByID[page.id] {
            context["handout"] = builder.treatment(treatment)
        } else {
            return nil
        }
        return render(context, with: "handout", for: "handout:" + page.contentPath)
    }

    /// The stylesheet of a handout's page margins (`css/handouts/<id>.css`): its title, the site's
    /// and its address in the margin boxes. A file rather than a `<style>` element, which a
    /// Content-Security-Policy without 'unsafe-inline' blocks.
    public static func handoutMarginsPath(_ id: String) -> String { "css/handouts/\(id).css" }

    public func renderHandoutMargins(for page: Page) -> String {
        let address = baseURL.map { SiteURL(page.sitePath).absolute(base: $0) } ?? editions.current.folder + page.sitePath
        let footer = [wording.strings.format("phrases.reviewed", ["date": page.reviewed.map(wording.date) ?? ""]), address].joined(separator: " · ")
        return HandoutContent.marginCSS(title: page.title, siteTitle: guide.settings.title, footer: footer)
    }
}

/// The data of one handout. Lists are short by design: a cell-type handout must fit on two pages.
struct HandoutContent {
    let guide: Guide
    let contexts: PageContext
    /// The edition's folder in the site (`es/`), for the page's address printed without a base URL.
    let edition: String

    typealias Context = [String: Any]

    func cellType(_ cellType: CellType) -> Context {
        let page = cellType.page
        let treatments = guide.treatments(for: cellType.id)
        // Grouped by the drug's own treatment, so that every drug the model approves for this
        // cell type is on the handout (the same list as model.json's cellTypes[].drugs).
        let groups: [(treatment: Treatment, drugs: [Drug])] = guide.treatments.compactMap { treatment in
            let drugs = guide.drugs(in: treatment.id, for: cellType.id)
            return drugs.isEmpty ? nil : (treatment, drugs)
        }
        let withoutDrugs = treatments.filter { treatment in !groups.contains { $0.treatment.id == treatment.id } }
        let drugs = groups.flatMap(\.drugs)
        // What each drug needs beyond this cell type's results, worked out once.
        let extraNeeds = Dictionary(uniqueKeysWithValues: drugs.map { ($0.id, guide.extraNeeds(of: $0, for: cellType)) })
        // Side effects of the drugs that fit everyone with these results; the others depend on one more test.
        let fitEveryone = drugs.filter { extraNeeds[$0.id]!.isEmpty }
        let effects = SideEffectPicker(guide: guide, groups: treatments.map(\.sideEffects) + fitEveryone.map(\.sideEffects))

        var context = base(page, feeding: treatments.map(\.page) + drugs.map(\.page) + effects.pages)
        context["isCellType"] = true
        context["tests"] = cellType.condition.isEmpty ? "" : contexts.wording.testsPhrase(cellType.condition)
        context["hasTests"] = !cellType.condition.isEmpty
        // Drugs that fit everyone with these results go in the table, with how they are given;
        // those that need one more result are named under that result, so two pages hold them all.
        let core = groups.compactMap { group -> Context? in
            let drugs = group.drugs.filter { extraNeeds[$0.id]!.isEmpty }
            guard !drugs.isEmpty else { return nil }
            return ["title": group.treatment.page.title, "url": contexts.link(group.treatment.page),
                    "drugs": drugs.map { drugRow($0, for: cellType) }]
        }
        context["drugGroups"] = core
        context["hasDrugs"] = !core.isEmpty
        var moreOrder: [String] = []
        var more: [String: [String]] = [:]
        for drug in drugs {
            let extra = extraNeeds[drug.id]!
            guard !extra.isEmpty else { continue }
            let tests = contexts.wording.testsPhrase(extra)
            if more[tests] == nil { moreOrder.append(tests) }
            more[tests, default: []].append(drug.page.title + (drug.brands.isEmpty ? "" : " (\(drug.brands.joined(separator: ", ")))"))
        }
        context["moreDrugs"] = moreOrder.map { ["tests": $0, "drugs": more[$0]!.joined(separator: "; ")] }
        context["hasMoreDrugs"] = !moreOrder.isEmpty
        context["otherTreatments"] = withoutDrugs.map { treatment -> Context in
            var item = contexts.pageLink(treatment.page)
            let options = guide.options(in: treatment.id).map(\.page.title)
            item["options"] = options.joined(separator: ", ")
            item["hasOptions"] = !options.isEmpty
            return item
        }
        context["hasOtherTreatments"] = !withoutDrugs.isEmpty
        context["commonEffects"] = effects.common.map(effectItem)
        context["hasCommonEffects"] = !effects.common.isEmpty
        context["callNow"] = effects.urgent.map(callNowItem)
        context["hasCallNow"] = !effects.urgent.isEmpty
        context["questions"] = cellType.questions
        context["hasQuestions"] = !cellType.questions.isEmpty
        return context
    }

    func treatment(_ treatment: Treatment) -> Context {
        let page = treatment.page
        let drugs = guide.drugs(in: treatment.id)
        let approved = drugs.filter { $0.status == .approved }
        let withdrawn = drugs.filter { $0.status == .withdrawn }
        let options = guide.options(in: treatment.id)
        let effects = SideEffectPicker(guide: guide, groups: [treatment.sideEffects] + approved.map(\.sideEffects) + options.map(\.sideEffects))

        var context = base(page, feeding: approved.map(\.page) + options.map(\.page) + effects.pages)
        context["isTreatment"] = true
        context["why"] = treatment.why
        context["hasWhy"] = !treatment.why.isEmpty
        let cellTypes = guide.cellTypes(for: treatment).compactMap { guide.cellTypeByID[$0]?.page.title }
        context["cellTypes"] = cellTypes.joined(separator: "; ")
        context["hasCellTypes"] = !cellTypes.isEmpty
        context["drugs"] = approved.map { drugRow($0) }
        context["hasDrugs"] = !approved.isEmpty
        context["withdrawn"] = withdrawn.map { drug -> Context in
            ["title": drug.page.title, "brands": drug.brands.joined(separator: ", "), "hasBrands": !drug.brands.isEmpty,
             "year": drug.withdrawnYear.map(String.init) ?? "", "hasYear": drug.withdrawnYear != nil]
        }
        context["hasWithdrawn"] = !withdrawn.isEmpty
        context["options"] = options.map { contexts.pageLink($0.page) }
        context["hasOptions"] = !options.isEmpty
        // Only the treatment's own lists: a drug's rare effects belong on the drug's page.
        context["commonEffects"] = names(treatment.sideEffects.common)
        context["hasCommonEffects"] = !treatment.sideEffects.common.isEmpty
        context["seriousEffects"] = names(treatment.sideEffects.serious)
        context["hasSeriousEffects"] = !treatment.sideEffects.serious.isEmpty
        context["lateEffects"] = names(treatment.sideEffects.late)
        context["hasLateEffects"] = !treatment.sideEffects.late.isEmpty
        context["callNow"] = effects.urgent.map(callNowItem)
        context["hasCallNow"] = !effects.urgent.isEmpty
        context["questions"] = treatment.questions
        context["hasQuestions"] = !treatment.questions.isEmpty
        return context
    }

    // MARK: - Pieces

    /// What every handout has: title, what this means, review date, the address of the full page.
    private func base(_ page: Page, feeding pages: [Page]) -> Context {
        let sitePath = SiteURL(page.sitePath)
        let address = contexts.baseURL.map { sitePath.absolute(base: $0) } ?? edition + page.sitePath
        var context: Context = [
            "id": page.id, "title": page.title, "summary": page.summary, "kindLabel": contexts.wording.kind(page.kind),
            "meaning": page.body?.meaning ?? "",
            "address": address, "hasBaseURL": contexts.baseURL != nil,
            "fullPageURL": contexts.link(page),
            "indexURL": contexts.here.link(to: SiteURL("handouts/")),
            "hasIndex": guide.pageBySitePath["handouts/"] != nil,
            "siteTitle": guide.settings.title,
        ]
        if let fit = TitleFit.className(for: page.title) { context["titleFit"] = fit }
        // Only a full address can be scanned: without a base URL there is none (the build says so).
        if contexts.baseURL != nil,
           let code = QRCode.svg(for: address, label: contexts.wording.strings.format("text.handout.qr-code", ["address": address])) { context["qrCode"] = code }
        if let reviewed = page.reviewed {
            context["reviewed"] = contexts.wording.date(reviewed)
            context["reviewedISO"] = reviewed.description
            // A handout also quotes drug and side-effect pages; say so when one was checked earlier.
            if let oldest = pages.compactMap(\.reviewed).min(), oldest < reviewed {
                context["oldestReviewed"] = contexts.wording.date(oldest)
            }
        }
        context["marginStylesheet"] = contexts.here.asset(SiteRenderer.handoutMarginsPath(page.id))
        return context
    }

    /// A drug on a handout; on a cell type's handout, with the uses that fit it, or its off-label note.
    private func drugRow(_ drug: Drug, for cellType: CellType? = nil) -> Context {
        var row = cellType.map { contexts.drugForCellType(drug, $0) } ?? contexts.drugSummary(drug)
        // The generic name as the label says it, when the page title is a shorter everyday name.
        let showGeneric = drug.generic.lowercased() != drug.page.title.lowercased()
        row["generic"] = drug.generic
        row["showGeneric"] = showGeneric
        return row
    }

    private func effectItem(_ effect: SideEffect) -> Context {
        ["title": effect.page.title, "urgent": effect.urgent]
    }

    private func callNowItem(_ effect: SideEffect) -> Context {
        ["title": effect.page.title, "when": effect.callNow]
    }

    private func names(_ ids: [String]) -> [Context] {
        ids.compactMap { guide.sideEffectByID[$0] }.map(effectItem)
    }

    /// `@page` margin boxes need the texts as CSS strings; engines without margin boxes ignore them.
    /// The first page's header is switched off here too, after the general rule: Chromium does not
    /// let `@page :first` in the stylesheet win over a later `@page`.
    static func marginCSS(title: String, siteTitle: String, footer: String) -> String {
        """
        @page { @top-left { content: \(cssString(title)); } @top-right { content: \(cssString(siteTitle)); } \
        @bottom-left { content: \(cssString(footer)); } } \
        @page :first { @top-left { content: none; } @top-right { content: none; } }

        """
    }

    /// A CSS string literal, safe in a stylesheet and (for the PDF printer's copy) a `<style>` element.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "<", ">", "&": out += String(format: "\\%X ", scalar.value)
            // A form feed or any other control character ends a CSS string early; keep none.
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Side effects a handout lists: the common ones, and the urgent ones (common or serious) with
/// the words that say when to call. Each once, A–Z.
struct SideEffectPicker {
    let common: [SideEffect]
    let urgent: [SideEffect]

    init(guide: Guide, groups: [SideEffectGroups]) {
        func unique(_ ids: [String]) -> [SideEffect] {
            var seen = Set<String>()
            return ids.filter { seen.insert($0).inserted }.compactMap { guide.sideEffectByID[$0] }
                .sorted { $0.page.title.lowercased() < $1.page.title.lowercased() }
        }
        common = unique(groups.flatMap(\.common))
        urgent = unique(groups.flatMap { $0.common + $0.serious }).filter { $0.urgent && !$0.callNow.isEmpty }
    }

    var pages: [Page] { (common + urgent).map(\.page) }
}
