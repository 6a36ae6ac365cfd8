import Foundation
import FrontMatter
import GuideModel
import Markdown

/// The files of the site that are not pages: sitemap, robots.txt, the search index and the model as open data.
public struct SiteFiles: Sendable {
    let guide: Guide
    let baseURL: String?
    let wording: Wording

    public init(guide: Guide, baseURL: String?, wording: Wording) {
        self.guide = guide
        self.baseURL = baseURL
        self.wording = wording
    }

    /// Only with a base URL: a sitemap must list absolute addresses.
    /// `lastmod` is the day a person last reviewed the page (a handout: its page's review). With
    /// several editions it lists every edition's pages, each with its alternates in the others
    /// (`xhtml:link`), as search engines read `hreflang` from a sitemap.
    public func sitemap(extraPaths: [(path: String, reviewed: GuideDate?)], editions: Editions) -> String? {
        guard let baseURL else { return nil }
        let reviewed = Dictionary(guide.pages.map { ($0.sitePath, $0.reviewed?.description) }, uniquingKeysWith: { first, _ in first })
        var entries: [(path: String, lastmod: String?, page: String?)] = guide.pages.map { ($0.sitePath, $0.reviewed?.description, $0.sitePath) }
        for edition in editions.all.dropFirst() {
            entries += edition.sitePaths.map { (edition.folder + $0, reviewed[$0] ?? nil, $0) }
        }
        entries += extraPaths.map { ($0.path, $0.reviewed?.description, nil) }
        let several = editions.all.count > 1
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
        xml += several ? " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n" : ">\n"
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(HTML.escape(baseURL + entry.path))</loc>"
            if let lastmod = entry.lastmod { xml += "<lastmod>\(lastmod)</lastmod>" }
            let alternates = entry.page.map { page in editions.all.filter { $0.folder.isEmpty || $0.sitePaths.contains(page) } } ?? []
            if several, alternates.count > 1, let page = entry.page {
                for edition in alternates {
                    xml += "\n    <xhtml:link rel=\"alternate\" hreflang=\"\(edition.code)\" href=\"\(HTML.escape(baseURL + edition.folder + page))\"/>"
                }
                xml += "\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(HTML.escape(baseURL + page))\"/>\n  "
            }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// The web-app manifest: the guide's name and icon for a reader who adds it to a home screen
    /// (the service worker makes it readable offline). Addresses are relative to the manifest, at the root.
    public func manifest() -> String {
        let settings = guide.settings
        let manifest: [String: Any] = [
            "name": settings.title, "short_name": "Treatment guide", "description": settings.description, "lang": settings.language,
            "start_url": "./index.html", "scope": "./", "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#0b6e6e",
            "icons": [["src": "icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"]],
        ]
        return JSONText.encode(manifest, pretty: true) + "\n"
    }

    public func robots() -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let baseURL { text += "Sitemap: \(baseURL)sitemap.xml\n" }
        return text
    }

    /// A script, not JSON, so that search works from file:// where fetch() is blocked. It holds
    /// `w`, every word of the guide's text once, most used first; `p`, the pages, each with
    /// t title, k kind, u address from the site root, s summary, n names (brands and generic name,
    /// or a term's aliases), o other brands, c drug class, and x the page's words as base-36
    /// positions in `w` (the common words get one or two letters: this halves the file); and
    /// `y`, the search page's synonyms (what readers type → the guide's words); `l`, the language.
    public func searchIndex() -> String {
        let pages = guide.pages.filter { $0.kind != .home }
        // Each page's words were found as it loaded, on every core (RenderedBody.words).
        let pageWords = pages.map { page in
            guard let body = page.body else { preconditionFailure("\(page.contentPath) was not loaded through ContentLoader") }
            return body.words.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        }
        var uses: [String: Int] = [:]
        for words in pageWords { for word in words { uses[word, default: 0] += 1 } }
        let vocabulary = uses.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        var code: [String: String] = [:]
        for (position, word) in vocabulary.enumerated() { code[word] = String(position, radix: 36) }
        let entries: [[String: Any]] = zip(pages, pageWords).map { page, words in
            var entry: [String: Any] = ["t": page.title, "k": wording.kind(page.kind), "u": SiteURL.root.link(to: SiteURL(page.sitePath)),
                                        "s": page.summary, "x": words.map { code[$0]! }.joined(separator: " ")]
            if page.kind == .drug, let drug = guide.drugByID[page.id] {
                entry["n"] = drug.brands + [drug.generic]
                if !drug.otherBrands.isEmpty { entry["o"] = drug.otherBrands }
                entry["c"] = drug.drugClass
            }
            if page.kind == .term, let term = guide.termByID[page.id], !term.aliases.isEmpty { entry["n"] = term.aliases }
            return entry
        }
        // Read again here rather than carried in the model: only the index uses them. GuideBuilder
        // has already read (and checked) this field, and no other job reads this page's front matter.
        var synonyms: [String: [String]] = [:]
        if let searchPage = pages.first(where: { $0.template == "search" }) {
            for (typed, meant) in searchPage.frontMatter.listMap("synonyms") {
                synonyms[typed.value.lowercased()] = meant.map(\.value)
            }
        }
        // `l`, the language (without its region), picks the search's word endings and filler words.
        let language = String(guide.settings.language.prefix { $0 != "-" })
        let index: [String: Any] = ["w": vocabulary.joined(separator: " "), "p": entries, "y": synonyms, "l": language]
        return "window.GUIDE_SEARCH_INDEX = " + JSONText.scriptSafe(index) + ";\n"
    }

    /// A condition as plain data, `{all: {biomarker: [results]}, anyOf: [...]}`: for model.json
    /// and for the finder's table, which must read the same.
    static func data(of condition: BiomarkerCondition) -> [String: Any] {
        func requirements(_ requirements: BiomarkerRequirements) -> [String: Any] {
            Dictionary(uniqueKeysWithValues: requirements.sorted.map { ($0.0.rawValue, $0.1) })
        }
        return ["all": requirements(condition.all), "anyOf": condition.anyOf.map(requirements)]
    }

    /// The whole model as open data. The shape is documented in the README ("model.json") and
    /// only grows: fields are added, never renamed or removed, and `version` changes if that must break.
    public func modelJSON() -> String {
        func page(_ page: Page) -> [String: Any] {
            var data: [String: Any] = ["id": page.id, "title": page.title, "summary": page.summary, "path": page.sitePath,
                                       "sources": page.sources.map { ["title": $0.title, "url": $0.url] }]
            data["reviewed"] = page.reviewed?.description ?? NSNull()
            return data
        }
        func groups(_ groups: SideEffectGroups) -> [String: Any] {
            ["common": groups.common, "serious": groups.serious, "late": groups.late]
        }
        let condition = SiteFiles.data(of:)
        func indication(_ indication: Indication) -> [String: Any] {
            ["needs": condition(indication.needs), "line": indication.line.rawValue, "after": indication.after,
             "earlierTreatments": indication.earlierTreatments ?? NSNull(), "givenWith": indication.givenWith,
             "givenWithOneOf": indication.givenWithOneOf, "note": indication.note ?? NSNull(),
             "approved": indication.approved.written, "source": indication.source]
        }
        let model: [String: Any] = [
            "version": 2,
            "biomarkers": Biomarker.allCases.map { biomarker -> [String: Any] in
                ["key": biomarker.rawValue, "values": biomarker.values, "groups": biomarker.groups]
            },
            "site": ["title": guide.settings.title, "language": guide.settings.language],
            "cellTypes": guide.cellTypes.map { cellType in
                page(cellType.page).merging([
                    "biomarkers": condition(cellType.condition),
                    "questions": cellType.questions,
                    "treatments": guide.treatments(for: cellType.id).map(\.id),
                    "drugs": guide.treatments.flatMap { guide.drugs(in: $0.id, for: cellType.id) }.filter { !$0.isOffLabel }.map(\.id),
                    "offLabelDrugs": guide.treatments.flatMap { guide.drugs(in: $0.id, for: cellType.id) }.filter(\.isOffLabel).map(\.id),
                ]) { _, new in new }
            },
            "treatments": guide.treatments.map { treatment in
                page(treatment.page).merging([
                    "cellTypes": guide.cellTypes(for: treatment), "why": treatment.why, "sideEffects": groups(treatment.sideEffects),
                    "questions": treatment.questions, "drugs": guide.drugs(in: treatment.id).map(\.id),
                    "options": guide.options(in: treatment.id).map(\.id),
                ]) { _, new in new }
            },
            "drugs": guide.drugs.map { drug in
                page(drug.page).merging([
                    "generic": drug.generic, "brands": drug.brands, "otherBrands": drug.otherBrands, "treatment": drug.treatment, "class": drug.drugClass,
                    "target": drug.target ?? NSNull(), "routes": drug.routes.map(\.rawValue), "schedule": drug.schedule,
                    "indications": drug.indications.map(indication),
                    "offLabel": drug.offLabel.map { offLabel -> Any in
                        ["note": offLabel.note, "needs": condition(offLabel.needs), "givenWith": offLabel.givenWith,
                         "givenWithOneOf": offLabel.givenWithOneOf]
                    } ?? NSNull(),
                    "forms": drug.forms.map { form -> [String: Any] in
                        ["name": form.name, "route": form.route?.rawValue ?? NSNull(), "note": form.note ?? NSNull(),
                         "approved": form.approved?.description ?? NSNull(), "source": form.source ?? NSNull()]
                    },
                    "givenWith": drug.givenWith,
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
