import Foundation
import GuideModel
import Markdown

/// Everything a build reads, parsed: site settings (with any `--base-url`), the pages with their
/// bodies rendered, the glossary, the templates and the list of Public/ files. A full build reads
/// them once; the preview keeps them and replaces only what changes.
struct BuildInputs: Sendable {
    var settings: SiteSettings
    var pages: [Page]
    /// Every page file found, including those that failed to load.
    var contentPaths: Set<String>
    var glossary: Glossary
    var loadDiagnostics: [Diagnostic]
    var templates: TemplateSet
    var templateDiagnostics: [Diagnostic]
    var publicFiles: Set<String>

    /// `baseURL` is already checked and normalised; it replaces the one in site.yml.
    static func read(_ options: BuildOptions, baseURL: String?) -> BuildInputs {
        let loaded = ContentLoader(folder: options.contentFolder, displayName: SiteBuild.displayPath(options.contentFolder)).load()
        var settings = loaded.settings
        if let baseURL { settings.baseURL = baseURL }
        let (templates, templateDiagnostics) = TemplateSet.load(from: options.templatesFolder,
                                                               displayName: SiteBuild.displayPath(options.templatesFolder))
        return BuildInputs(settings: settings, pages: loaded.pages, contentPaths: loaded.contentPaths, glossary: loaded.glossary,
                           loadDiagnostics: loaded.diagnostics, templates: templates, templateDiagnostics: templateDiagnostics,
                           publicFiles: Set(FileSink.listFiles(in: options.publicFolder)))
    }

    var diagnostics: [Diagnostic] { loadDiagnostics + templateDiagnostics }

    /// Every link of every page checked and turned into its site address, on all cores.
    static func resolveLinks(of pages: [Page], inputs: BuildInputs) -> [(rewrites: [Int: String], diagnostics: [Diagnostic])] {
        let resolver = LinkResolver(pages: pages, allContentPaths: inputs.contentPaths, publicFiles: inputs.publicFiles)
        var resolved = [(rewrites: [Int: String], diagnostics: [Diagnostic])](repeating: ([:], []), count: pages.count)
        resolved.withUnsafeMutableBufferPointer { buffer in
            DispatchQueue.concurrentPerform(iterations: pages.count) { buffer[$0] = resolver.resolve(pages[$0]) }
        }
        return resolved
    }
}
