import Foundation
import SiteTemplates
import GuideModel
import Markdown

/// Renders pages through the templates. Each page is independent of the others, so pages render
/// in parallel; everything shared (the model, the templates) is read-only here.
public struct SiteRenderer: Sendable {
    public let guide: Guide
    let templates: TemplateSet
    public let baseURL: String?
    public let wording: Wording
    /// The edition this renderer writes, and the others its pages link to.
    public let editions: Editions
    /// Context that every page of the edition shares, made on first use.
    let shared = SharedContexts()
    /// When set, the contexts of pages, handouts and the 404 page are shown here as they are made (TemplateNameCheck).
    let names: TemplateNameCheck.Names?

    /// `baseURL` is the edition's own (`…/es/` for a translation).
    public init(guide: Guide, templates: TemplateSet, baseURL: String?, wording: Wording, editions: Editions? = nil,
                names: TemplateNameCheck.Names? = nil) {
        self.guide = guide
        self.templates = templates
        self.baseURL = baseURL
        self.wording = wording
        self.editions = editions ?? .single(language: guide.settings.language)
        self.names = names
    }

    /// A page's, handout's or the 404 page's context through its template; `item` says which, to the name check.
    func render(_ context: [String: Any], with template: String, for item: String) -> String? {
        if let names {
            names.record(context, template: template, for: item)
            if !names.renders { return "" }
        }
        return templates.render(context, with: template)
    }

    /// Main sections for the header, in reading order (their names are `navigation.<key>` in the
    /// string table); a section shows only when its page exists.
    static let navigation: [(key: String, path: String)] = ["cell-types", "treatments", "drugs", "side-effects", "glossary", "handouts", "search"]
        .map { ($0, $0 + "/") }

    /// The model as template data, with addresses relative to `here`.
    func pageContext(here: SiteURL) -> PageContext {
        PageContext(guide: guide, here: here, baseURL: baseURL, wording: wording, shared: shared)
    }

    /// The template a page is rendered with.
    public static func templateName(for page: Page) -> String {
        page.kind == .page ? page.template ?? "page" : page.kind.descriptor.template
    }

    // MARK: - Content pages

    /// The page with its links' targets (by position in `markdown.links`) made into addresses from here.
    public func render(_ page: Page, links: [Int: LinkTarget]) -> String? {
        let here = SiteURL(page.sitePath)
        let contexts = pageContext(here: here)
        var context = common(page: page, here: here)
        // Every page is loaded through ContentLoader, which renders its body.
        guard let body = page.body else { preconditionFailure("\(page.contentPath) was not loaded through ContentLoader") }
        // The name check on its own reads a context's keys, not its words.
        context["content"] = names?.renders == false ? "" : body.html.html(links: links.mapValues { $0.address(from: here) },
                                            languages: links.compactMapValues { editions.isTranslation && $0.leavesEdition ? editions.all[0].code : nil },
                                            term: { PageBody.termLink($0, from: here, in: guide) },
                                            headingLink: wording.strings["text.content.heading-link"])
        switch page.kind {
        case .cellType: context["cellType"] = guide.cellTypeByID[page.id].map(contexts.cellType)
        case .treatment: context["treatment"] = guide.treatmentByID[page.id].map(contexts.treatment)
        case .drug: context["drug"] = guide.drugByID[page.id].map(contexts.drug)
        case .option: context["option"] = guide.optionByID[page.id].map(contexts.option)
        case .sideEffect: context["sideEffect"] = guide.sideEffectByID[page.id].map(contexts.sideEffect)
        case .term: context["term"] = guide.termByID[page.id].map(contexts.term)
        case .section: context["section"] = contexts.section(page)
        case .home:
            context["cellTypes"] = guide.cellTypes.map { contexts.pageLink($0.page) }
            context["treatments"] = guide.treatments.map { contexts.pageLink($0.page) }
            context["drugCount"] = guide.drugs.filter { $0.status == .approved }.count
        case .page:
            switch page.template {
            case "compare": context["compare"] = contexts.compare()
            case "finder": context["finder"] = contexts.finder()
            case "whats-new": context["whatsNew"] = contexts.whatsNew()
            case "handouts": context["handouts"] = contexts.handoutsIndex()
            default: break
            }
        }
        return render(context, with: Self.templateName(for: page), for: page.contentPath)
    }

    // MARK: - Generated pages

    public func renderNotFound() -> String? {
        // 404.html is served for any missing address, at any depth, so its links cannot be
        // relative: they are paths from the base URL's path (`/guide/css/site.css`), or from the
        // domain root without one; never with a host, which would tie them to one.
        let here = SiteURL.root
        var context = siteContext(here: here)
        context["page"] = ["title": wording.strings["not-found.title"], "summary": wording.strings["not-found.summary"], "kind": "not-found"]
        // A translation's base URL already ends in its folder; without one, paths assume the domain root.
        let root = SiteURL.basePath(of: baseURL) + (baseURL == nil ? editions.current.folder : "")
        context["root"] = root
        // A translation's baseURL ends in its folder; the assets are at the site's root above it.
        let assets = String(root.dropLast(editions.current.folder.count))
        context["assets"] = assets
        // One feed, the original edition's, at the site's root.
        if baseURL != nil { context["feedURL"] = assets + "feed.xml" }
        context["isNotFound"] = true
        context["navigation"] = navigation(here: here, current: nil).map { item -> [String: Any] in
            var item = item
            item["url"] = root + (item["path"] as? String ?? "") + "index.html"
            return item
        }
        context["homeURL"] = root + "index.html"
        context["searchURL"] = root + "search/index.html"
        context["links"] = sectionLinks { root + $0 + "index.html" }
        return render(context, with: "404", for: "404")
    }

    // MARK: - Shared context

    func siteContext(here: SiteURL) -> [String: Any] {
        let settings = guide.settings
        return [
            "site": ["title": settings.title, "description": settings.description, "language": settings.language,
                     "ogLocale": settings.language.replacingOccurrences(of: "-", with: "_")],
            "root": here.rootPrefix,
            // css/ and js/ are shared by the editions, at the site's root.
            "assets": editions.assetsRoot(from: here),
            "edition": editions.current.folder,
            "homeURL": here.link(to: .root),
            "searchURL": here.link(to: SiteURL("search/")),
            "hasSearch": guide.pageBySitePath["search/"] != nil,
            "links": sectionLinks { here.link(to: SiteURL($0)) },
            // Every word a template writes (`{{text.drug.generic}}`). No list item may have a key
            // `text`: inside its section, `{{text.…}}` would look there and find nothing.
            "text": wording.text.nested,
            "scriptWords": wording.text.scriptJSON,
        ].merging(baseURL == nil ? [:] : ["feedURL": editions.assetsRoot(from: here) + "feed.xml"]) { $1 }
    }

    /// The pages templates point to by name (`{{links.about}}`), by their site paths.
    static let namedLinks = ["about": "about/", "find": "find/", "compare": "compare/", "drugs": "drugs/", "cellTypes": "cell-types/",
                             "treatments": "treatments/", "sideEffects": "side-effects/", "glossary": "glossary/", "handouts": "handouts/",
                             "search": "search/", "whatsNew": "whats-new/"]

    /// Addresses of the named pages that exist.
    private func sectionLinks(_ address: (String) -> String) -> [String: String] {
        var links: [String: String] = [:]
        for (name, path) in Self.namedLinks where guide.pageBySitePath[path] != nil { links[name] = address(path) }
        return links
    }

    private func navigation(here: SiteURL, current: Page?) -> [[String: Any]] {
        Self.navigation.compactMap { item in
            // handouts.md and handouts/index.md both live at handouts/.
            guard guide.pageBySitePath[item.path] != nil else { return nil }
            let isCurrent = current.map { $0.sitePath.hasPrefix(item.path) } ?? false
            // "page" on the section's own page; "true" (inside this section) on the pages below it.
            let currentValue = current?.sitePath == item.path ? "page" : "true"
            return ["title": wording.strings["navigation.\(item.key)"], "url": here.link(to: SiteURL(item.path)), "path": item.path, "key": String(item.path.dropLast()),
                    "current": isCurrent, "currentValue": currentValue]
        }
    }

    func common(page: Page, here: SiteURL, isGenerated: Bool = false) -> [String: Any] {
        var context = siteContext(here: here)
        let toc = page.markdown.headings.filter { $0.level == 2 }.map { ["id": $0.id, "title": $0.text] }
        var pageData: [String: Any] = [
            "title": page.title, "summary": page.summary, "kind": page.kind.rawValue, "kindLabel": wording.kind(page.kind),
            "showKind": page.kind.descriptor.showsKind, "id": page.id, "template": page.kind == .page ? (page.template ?? "") : "", "sources": page.sources.map { ["title": $0.title, "url": $0.url] },
            "hasSources": !page.sources.isEmpty, "toc": toc, "hasToc": toc.count >= 3,
        ]
        pageData["titleFit"] = TitleFit.className(for: page.title)
        if let reviewed = page.reviewed {
            pageData["reviewed"] = wording.date(reviewed)
            pageData["reviewedISO"] = reviewed.description
        }
        context["page"] = pageData
        context["navigation"] = navigation(here: here, current: page)
        context["breadcrumbs"] = breadcrumbs(for: page, here: here, isGenerated: isGenerated)
        if !isGenerated { context.merge(neighbours(of: page, here: here)) { _, new in new } }
        if let baseURL {
            context["canonical"] = here.absolute(base: baseURL)
        }
        context["jsonLD"] = jsonLD(for: page, here: here)
        if !isGenerated { context.merge(editionLinks(for: page, here: here)) { _, new in new } }
        return context
    }

    /// The page in the other editions (`hreflang` alternates and the language switcher), and for
    /// a translation older than its original, the notice that says so.
    private func editionLinks(for page: Page, here: SiteURL) -> [String: Any] {
        guard editions.all.count > 1, !page.isUntranslated else { return [:] }
        var result: [String: Any] = [:]
        let alternates = editions.alternates(of: page.sitePath, from: here, baseURL: baseURL)
        if alternates.count > 1 {
            var links: [[String: Any]] = alternates.map { ["hreflang": $0.edition.code, "url": $0.url] }
            links.append(["hreflang": "x-default", "url": alternates[0].url])
            result["alternates"] = links
            if let other = alternates.first(where: { $0.edition.folder != editions.current.folder }) {
                result["languageSwitch"] = ["url": other.url, "hreflang": other.edition.code, "lang": other.edition.language,
                                            "label": wording.strings["text.edition.switch-label"], "description": wording.strings["text.edition.switch-aria"]]
            }
        }
        if let behind = page.translationBehind, let originalURL = alternates.first?.url {
            let notice = wording.strings.format("text.edition.stale-notice", ["translated": wording.date(behind.follows), "reviewed": wording.date(behind.reviewed)])
            result["staleTranslation"] = ["notice": notice, "url": originalURL, "linkText": wording.strings["text.edition.stale-link"],
                                          "hreflang": editions.all[0].code]
        }
        return result
    }

    private func breadcrumbs(for page: Page, here: SiteURL, isGenerated: Bool) -> [[String: Any]] {
        guard page.kind != .home || isGenerated else { return [] }
        var crumbs: [[String: Any]] = [["title": wording.strings["navigation.home"], "url": here.link(to: .root)]]
        if isGenerated {
            if let handouts = guide.pageBySitePath["handouts/"] {
                crumbs.append(["title": handouts.title, "url": here.link(to: SiteURL(handouts.sitePath))])
            }
        } else if let section = page.section, page.kind != .section,
                  let sectionPage = guide.pageBySitePath[section + "/"] {
            crumbs.append(["title": sectionPage.title, "url": here.link(to: SiteURL(sectionPage.sitePath))])
        }
        return crumbs
    }

    /// Previous and next page within the page's section, in the section's order.
    private func neighbours(of page: Page, here: SiteURL) -> [String: Any] {
        let (previous, next) = guide.neighbours(of: page)
        var result: [String: Any] = [:]
        if let previous { result["previous"] = ["title": previous.title, "url": here.link(to: SiteURL(previous.sitePath))] }
        if let next { result["next"] = ["title": next.title, "url": here.link(to: SiteURL(next.sitePath))] }
        result["hasPager"] = !result.isEmpty
        return result
    }

    /// schema.org data: every page is a MedicalWebPage with its review date; drug pages describe the Drug.
    private func jsonLD(for page: Page, here: SiteURL) -> String {
        var data: [String: Any] = [
            "@context": "https://schema.org", "@type": "MedicalWebPage", "name": page.title,
            "description": page.summary, "inLanguage": guide.settings.language,
            "audience": ["@type": "PeopleAudience", "audienceType": wording.strings["text.json-ld.audience"]],
            "isPartOf": ["@type": "WebSite", "name": guide.settings.title],
        ]
        if let reviewed = page.reviewed { data["lastReviewed"] = reviewed.description }
        if let baseURL { data["url"] = here.absolute(base: baseURL) }
        if page.kind == .drug, let drug = guide.drugByID[page.id] {
            var about: [String: Any] = ["@type": "Drug", "name": page.title, "nonProprietaryName": drug.generic]
            if !drug.brands.isEmpty { about["proprietaryName"] = drug.brands }
            about["drugClass"] = ["@type": "DrugClass", "name": drug.drugClass]
            about["administrationRoute"] = drug.routes.map(wording.route).joined(separator: "; ")
            if !drug.boxedWarnings.isEmpty { about["warning"] = drug.boxedWarnings.joined(separator: " ") }
            data["about"] = about
        } else if page.kind == .sideEffect || page.kind == .cellType {
            data["about"] = ["@type": "MedicalCondition", "name": page.title]
        }
        return JSONText.scriptSafe(data)
    }
}
