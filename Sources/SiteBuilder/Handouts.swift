import Foundation
import GuideModel
import Markdown

/// Printable handouts, one per cell type and per treatment, made from the same model as the site.
extension SiteRenderer {
    func renderHandout(for page: Page) -> String? {
        let here = SiteURL("handouts/\(page.id)/")
        let contexts = PageContext(guide: guide, here: here, baseURL: baseURL)
        var context = common(page: page, here: here, isGenerated: true)
        context["isHandout"] = true
        context["fullPage"] = baseURL.map { SiteURL(page.sitePath).absolute(base: $0) } ?? ""
        context["fullPageLink"] = here.link(to: SiteURL(page.sitePath))
        context["hasBaseURL"] = baseURL != nil
        if let cellType = guide.cellTypeByID[page.id], page.kind == .cellType {
            var data = contexts.cellType(cellType)
            let drugs = guide.treatments(for: cellType.id).flatMap { guide.drugs(in: $0.id, approvedFor: cellType.id) }
            let ids = drugs.flatMap(\.sideEffects.common) + guide.treatments(for: cellType.id).flatMap(\.sideEffects.common)
            data["sideEffects"] = contexts.handoutSideEffects(ids)
            context["cellType"] = data
        } else if let treatment = guide.treatmentByID[page.id], page.kind == .treatment {
            var data = contexts.treatment(treatment)
            let ids = treatment.sideEffects.common + treatment.sideEffects.serious
            data["sideEffects"] = contexts.handoutSideEffects(ids)
            context["treatment"] = data
        }
        context["questions"] = (guide.cellTypeByID[page.id]?.questions ?? guide.treatmentByID[page.id]?.questions ?? [])
        return templates.render(context, with: "handout")
    }

}

extension PageContext {
    /// Common side effects of what a handout covers, each once, urgent ones first.
    func handoutSideEffects(_ ids: [String]) -> [Context] {
        var seen = Set<String>()
        let effects = ids.compactMap { id -> SideEffect? in
            guard seen.insert(id).inserted else { return nil }
            return guide.sideEffectByID[id]
        }
        return effects.sorted { ($0.urgent ? 0 : 1, $0.page.title) < ($1.urgent ? 0 : 1, $1.page.title) }.map { effect in
            var item = pageLink(effect.page)
            item["urgent"] = effect.urgent
            item["callNow"] = effect.callNow
            return item
        }
    }
}
