import Foundation
import SiteRendering
import SiteTemplates
import GuideModel

/// The website: every content page, the generated files (404 page, search index, model.json,
/// sitemap, robots.txt, the asset manifest, `_headers`) and the files under Public/, copied as they are.
public struct SitePages: OutputFormat {
    public init() {}

    public func files(for site: ResolvedSite) -> [OutputFile] {
        let renderer = site.renderer
        let guide = site.guide
        var files = guide.pages.filter { !$0.isUntranslated }.map { page in
            let template = SiteRenderer.templateName(for: page)
            return OutputFile(path: SiteURL(page.sitePath).outputFile, key: site.key(page.contentPath, template: template, bodies: [page]),
                              origin: .generated(madeFrom: page.file.path), failure: .error("template '\(template)' could not render this page", path: page.file.path)) {
                renderer.render(page, links: site.links[page.contentPath] ?? [:]).map(RenderedFile.text)
            }
        }
        let siteFiles = SiteFiles(guide: guide, baseURL: renderer.baseURL, wording: renderer.wording)
        files.append(OutputFile(path: "search-index.js", key: site.key("search-index.js", bodies: guide.pages)) { .text(siteFiles.searchIndex()) })
        files.append(OutputFile(path: "404.html", key: site.key("404.html", template: "404"), origin: .generated(madeFrom: site.templates.displayName + "/404.mustache")) {
            renderer.renderNotFound().map(RenderedFile.text)
        })
        for redirect in site.redirects {
            files.append(OutputFile(path: SiteURL(redirect.from).outputFile, key: site.key("redirect:" + redirect.from, template: "redirect"),
                                    failure: .error("template 'redirect' could not render the page at the old address '\(redirect.from)'")) {
                renderer.renderRedirect(redirect).map(RenderedFile.text)
            })
        }
        // The rest is the site's, once: a translation shares the original's.
        guard !site.isTranslation else { return files }
        files.append(OutputFile(path: "model.json", key: site.key("model.json")) { .text(siteFiles.modelJSON()) })
        if renderer.baseURL != nil {
            files.append(OutputFile(path: "feed.xml", key: site.key("feed.xml", template: "feed")) { renderer.renderFeed().map(RenderedFile.text) })
            let handouts = site.handoutPages.map { (SiteURL.handout($0.id).path, $0.reviewed) }
            files.append(OutputFile(path: "sitemap.xml", key: site.key("sitemap.xml")) { siteFiles.sitemap(extraPaths: handouts, editions: renderer.editions).map(RenderedFile.text) })
        }
        files.append(OutputFile(path: "robots.txt", key: site.key("robots.txt")) { .text(siteFiles.robots()) })
        files.append(OutputFile(path: "manifest.webmanifest", key: site.key("manifest.webmanifest")) { .text(siteFiles.manifest()) })
        // One list of every edition's old addresses, in their folders.
        if !site.allRedirects.isEmpty {
            files.append(OutputFile(path: "_redirects", key: site.key("_redirects")) { .text(siteFiles.redirects(site.allRedirects)) })
        }
        // Scripts find the files they load (the search engine and index) under their published names here.
        files.append(OutputFile(path: AssetManifest.path, key: site.key(AssetManifest.path), madeFromNames: { names in .text(AssetManifest.script(names.assets)) }))
        files.append(OutputFile(path: ResponseHeaders.fileName, key: site.key(ResponseHeaders.fileName), madeFromNames: { names in
            // The service worker and the zip are made after every other file, from their list.
            .text(ResponseHeaders.netlifyFile(paths: names.paths + [Publishing.serviceWorker, Publishing.offlineZip],
                                              fingerprinted: Set(names.assets.values.map(\.path))))
        }))
        for (path, hash) in site.publicFiles.sorted(by: { $0.key < $1.key }) {
            let url = site.publicFolder.appendingPathComponent(path)
            files.append(OutputFile(path: path, key: hash, origin: .publicFolder(path)) { .copy(url) })
        }
        return files
    }
}

/// The printable handout of every cell type and treatment, as HTML pages under handouts/, each
/// with the stylesheet of its page margins.
public struct HandoutPages: OutputFormat {
    public init() {}

    public func files(for site: ResolvedSite) -> [OutputFile] {
        site.handoutPages.flatMap { page in
            [OutputFile(path: SiteURL.handout(page.id).outputFile, key: site.key("handout:" + page.contentPath, template: "handout", bodies: [page]),
                        origin: .generated(madeFrom: page.file.path)) {
                site.renderer.renderHandout(for: page).map(RenderedFile.text)
             },
             // Made from front matter and settings only, which every key holds.
             OutputFile(path: SiteRenderer.handoutMarginsPath(page.id), key: site.key("handout-margins:" + page.contentPath),
                        origin: .generated(madeFrom: page.file.path)) {
                .text(site.renderer.renderHandoutMargins(for: page))
             }]
        }
    }
}
