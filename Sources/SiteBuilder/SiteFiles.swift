import Foundation
import GuideModel
import Markdown

/// The files of the site that are not pages: sitemap, robots.txt, the search index and the model as open data.
struct SiteFiles {
    let guide: Guide
    let baseURL: String?

    /// Only with a base URL: a sitemap must list absolute addresses.
    func sitemap(extraPaths: [String]) -> String? {
        guard let baseURL else { return nil }
        var entries: [(path: String, lastmod: String?)] = guide.pages.map { ($0.sitePath, $0.reviewed?.description) }
        entries += extraPaths.map { ($0, nil) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(HTML.escape(baseURL + entry.path))</loc>"
            if let lastmod = entry.lastmod { xml += "<lastmod>\(lastmod)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    func robots() -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let baseURL { text += "Sitemap: \(baseURL)sitemap.xml\n" }
        return text
    }

    /// A script, not JSON, so that search works from file:// where fetch() is blocked. Each entry:
    /// t title, k kind, u address from the site root, s summary, n other names, x page text.
    func searchIndex() -> String {
        let entries: [[String: Any]] = guide.pages.filter { $0.kind != .home }.map { page in
            var names: [String] = []
            if page.kind == .drug, let drug = guide.drugByID[page.id] { names = drug.brands + [drug.generic, drug.drugClass] }
            if page.kind == .term, let term = guide.termByID[page.id] { names = term.aliases }
            return ["t": page.title, "k": page.kind.label, "u": SiteURL.root.link(to: SiteURL(page.sitePath)),
                    "s": page.summary, "n": names.joined(separator: " "), "x": page.markdown.plainText()]
        }
        return "window.GUIDE_SEARCH_INDEX = " + JSONText.scriptSafe(entries) + ";\n"
    }

    /// The whole model as open data. The shape is documented in the README ("model.json") and
    /// only grows: fields are added, never renamed or removed, and `version` changes if that must break.
    func modelJSON() -> String {
        func page(_ page: Page) -> [String: Any] {
            var data: [String: Any] = ["id": page.id, "title": page.title, "summary": page.summary, "path": page.sitePath,
                                       "sources": page.sources.map { ["title": $0.title, "url": $0.url] }]
            data["reviewed"] = page.reviewed?.description ?? NSNull()
            return data
        }
        func groups(_ groups: SideEffectGroups) -> [String: Any] {
            ["common": groups.common, "serious": groups.serious, "late": groups.late]
        }
        func biomarkers(_ requirements: BiomarkerRequirements) -> [String: Any] {
            Dictionary(uniqueKeysWithValues: requirements.sorted.map { ($0.0.rawValue, $0.1) })
        }
        let model: [String: Any] = [
            "version": 1,
            "site": ["title": guide.settings.title, "language": guide.settings.language],
            "cellTypes": guide.cellTypes.map { cellType in
                page(cellType.page).merging([
                    "biomarkers": biomarkers(cellType.biomarkers), "questions": cellType.questions,
                    "treatments": guide.treatments(for: cellType.id).map(\.id),
                    "drugs": guide.drugs.filter { $0.status == .approved && $0.approvedFor.contains(cellType.id) }.map(\.id),
                ]) { _, new in new }
            },
            "treatments": guide.treatments.map { treatment in
                page(treatment.page).merging([
                    "cellTypes": treatment.cellTypes, "why": treatment.why, "sideEffects": groups(treatment.sideEffects),
                    "questions": treatment.questions, "drugs": guide.drugs(in: treatment.id).map(\.id),
                    "options": guide.options(in: treatment.id).map(\.id),
                ]) { _, new in new }
            },
            "drugs": guide.drugs.map { drug in
                page(drug.page).merging([
                    "generic": drug.generic, "brands": drug.brands, "treatment": drug.treatment, "class": drug.drugClass,
                    "target": drug.target ?? NSNull(), "routes": drug.routes.map(\.rawValue), "schedule": drug.schedule,
                    "approvedFor": drug.approvedFor, "biomarkers": biomarkers(drug.biomarkers), "givenWith": drug.givenWith,
                    "boxedWarnings": drug.boxedWarnings, "sideEffects": groups(drug.sideEffects), "status": drug.status.rawValue,
                    "withdrawnYear": drug.withdrawnYear ?? NSNull(),
                ]) { _, new in new }
            },
            "options": guide.options.map { option in
                page(option.page).merging(["treatment": option.treatment, "sideEffects": groups(option.sideEffects)]) { _, new in new }
            },
            "sideEffects": guide.sideEffects.map { effect in
                page(effect.page).merging([
                    "callNow": effect.callNow, "urgent": effect.urgent,
                    "causedBy": guide.causes(of: effect.id).map { ["kind": $0.page.kind.rawValue, "id": $0.page.id, "group": $0.group] },
                ]) { _, new in new }
            },
            "terms": guide.terms.map { term in
                page(term.page).merging(["aliases": term.aliases, "definition": term.definition]) { _, new in new }
            },
        ]
        return JSONText.encode(model, pretty: true) + "\n"
    }
}
