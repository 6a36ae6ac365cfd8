import Diagnostics
import Foundation
import SiteTemplates
import GuideModel

/// Every name a template reads (`{{generic}}`, `{{#drug.hasRelated}}`) must be one that some page
/// gives it: swift-mustache renders an unknown name as nothing, so a typo would blank a field on
/// every page without a word. Checked once per build against the contexts the renderer makes for
/// this model (every page, every handout, the 404 page): recorded as a build renders them, or,
/// when a build renders only some of them, made for the check alone (`diagnostics`).
public enum TemplateNameCheck {
    /// The check on its own: every context made, none rendered.
    public static func diagnostics(guide: Guide, templates: TemplateSet, wording: Wording) -> [Diagnostic] {
        let names = Names(renders: false)
        let renderer = SiteRenderer(guide: guide, templates: templates, baseURL: guide.settings.baseURL, wording: wording, names: names)
        _ = concurrentMap(guide.pages) { renderer.render($0, links: [:]) }
        _ = concurrentMap(SiteRenderer.handoutPages(of: guide)) { renderer.renderHandout(for: $0) }
        _ = renderer.renderNotFound()
        return names.diagnostics(templates: templates)
    }

    /// What a renderer's contexts offered the templates, recorded as it makes them.
    public final class Names: Sendable {
        /// False for the check on its own, which needs the contexts only.
        let renders: Bool
        private let offered = Locked(Offered())

        public init(renders: Bool) { self.renders = renders }

        /// `item` names what the context is for (a page's content path, `handout:` and one, `404`).
        func record(_ context: [String: Any], template: String, for item: String) {
            var found = Offered(templates: [template], items: [item])
            // The table's words are not names a page provides: "drugs" under text.treatment would hide a missing {{drugs}}.
            var context = context
            context["text"] = nil
            found.collect(context)
            found.names.insert("text")
            offered.withLock { $0.formUnion(found) }
        }

        /// True when every page, handout and the 404 page of `guide` was recorded.
        public func hasEverything(of guide: Guide) -> Bool {
            let items = offered.current.items
            return items.contains("404") && guide.pages.allSatisfy { items.contains($0.contentPath) }
                && SiteRenderer.handoutPages(of: guide).allSatisfy { items.contains("handout:" + $0.contentPath) }
        }

        public func diagnostics(templates: TemplateSet) -> [Diagnostic] {
            var offered = offered.current
            // Named links exist only when their page does; a template may ask whether it does.
            offered.names.formUnion(conditionalNames.union(SiteRenderer.namedLinks.keys))
            // Templates no page renders get no context to check against.
            let checked = templates.reached(from: offered.templates)
            let emptyLists = offered.emptyLists
            var diagnostics: [Diagnostic] = []
            for name in checked.sorted() {
                guard let (file, tags) = templates.files[name] else { continue }
                var open: [TemplateSet.Tag] = []
                for tag in tags {
                    if tag.kind == .close { _ = open.popLast() }
                    // Inside a list that is empty on every page, what its items offer is unknown.
                    let unknowable = open.contains { $0.kind == .section && emptyLists.contains(components(of: $0.name).last ?? "") }
                    if tag.opens { open.append(tag) }
                    // `{{text.…}}` names a key of the string table, which the table's check requires (Wording.requiredKeys(templates:)).
                    guard !unknowable, tag.kind == .variable || tag.kind == .section || tag.kind == .inverted, !tag.name.hasPrefix("text."),
                          let unknown = components(of: tag.name).first(where: { !offered.names.contains($0) }) else { continue }
                    diagnostics.append(file.error("template uses '\(tag.written)', which no page provides", line: tag.line, column: tag.column,
                                                  suggestion: Suggestion.didYouMean(unknown, in: offered.names)))
                }
            }
            return diagnostics
        }
    }

    /// What the contexts offer: every key, the keys that only ever hold an empty list, and the
    /// templates the contexts are for.
    private struct Offered {
        var names: Set<String> = []
        var lists: Set<String> = []
        var filled: Set<String> = []
        var templates: Set<String> = []
        var items: Set<String> = []
        var emptyLists: Set<String> { lists.subtracting(filled) }

        mutating func collect(_ value: Any) {
            _ = visit(value)
        }

        private mutating func collect(dictionary: [String: Any]) {
            for (key, value) in dictionary {
                names.insert(key)
                guard let shape = visit(value) else { continue }
                if shape.isList { lists.insert(key) }
                if shape.isFilled { filled.insert(key) }
            }
        }

        /// Collects what `value` holds; says whether it is a list and whether it holds anything
        /// (a dictionary always does), or nil for a word, a number or a flag. The renderer's own
        /// types are told apart by their exact type first: `as? [Any]` of a list of dictionaries
        /// copies it, and each cast that fails asks the runtime about conformances; together they
        /// cost more than the rest of the walk.
        private mutating func visit(_ value: Any) -> (isList: Bool, isFilled: Bool)? {
            let exact = type(of: value)
            if Self.isLeaf(exact) { return nil }
            if exact == [String: Any].self {
                collect(dictionary: value as! [String: Any])
                return (false, true)
            }
            if exact == [[String: Any]].self {
                let list = value as! [[String: Any]]
                for item in list { collect(dictionary: item) }
                return (true, !list.isEmpty)
            }
            if exact == [String].self { return (true, !(value as! [String]).isEmpty) }
            // Lists of links and headings: their values are words, only the keys are names.
            if exact == [String: String].self {
                names.formUnion((value as! [String: String]).keys)
                return (false, true)
            }
            if exact == [[String: String]].self {
                let list = value as! [[String: String]]
                for item in list { names.formUnion(item.keys) }
                return (true, !list.isEmpty)
            }
            if let dictionary = value as? [String: Any] {
                collect(dictionary: dictionary)
                return (false, true)
            }
            if let list = value as? [Any] {
                for item in list { _ = visit(item) }
                return (true, !list.isEmpty)
            }
            return nil
        }

        private static func isLeaf(_ type: Any.Type) -> Bool { type == String.self || type == Bool.self || type == Int.self }

        mutating func formUnion(_ other: Offered) {
            names.formUnion(other.names)
            lists.formUnion(other.lists)
            filled.formUnion(other.filled)
            templates.formUnion(other.templates)
            items.formUnion(other.items)
        }
    }

    /// Names the renderer sets only when the content calls for them, so that a template may test
    /// for them before any page has one: a review date, a previous or next page and the canonical
    /// address and the feed with a base URL (SiteRenderer); a handout quoting a page reviewed earlier, its QR code with a base URL (Handouts);
    /// a drug's off-label use or treatment, a form on What's new, each section page's own list
    /// (PageContext); a page's other editions and a translation's notice that it is out of date
    /// (SiteRenderer.editionLinks, with a translated edition only); a title's size class (a long word only).
    /// A new one shows up as an error in theRealTemplatesPassWithTheFixtureContent.
    static let conditionalNames: Set<String> = ["reviewed", "reviewedISO", "previous", "next", "canonical", "oldestReviewed",
                                                "offLabelTests", "offLabelPartners", "treatment", "isForm", "formName",
                                                "items", "letters", "isDrugIndex", "terms", "isGlossary", "groups", "feedURL", "qrCode",
                                                "alternates", "languageSwitch", "staleTranslation", "hreflang", "lang", "label", "description",
                                                "notice", "linkText", "titleFit"]

    /// The parts of a name that are looked up: `page.title` is `page`, then `title`; `empty(drugs)`
    /// is `drugs`; `.` (the current item) and `first()` (where in a list) look up nothing.
    static func components(of name: String) -> [String] {
        var looked = Substring(name)
        if let open = looked.lastIndex(of: "("), let close = looked[open...].firstIndex(of: ")") {
            looked = looked[looked.index(after: open)..<close]
        }
        return looked.split(separator: ".").map(String.init)
    }
}
