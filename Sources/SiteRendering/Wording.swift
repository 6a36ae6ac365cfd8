import SiteTemplates
import FrontMatter
import GuideModel

/// The words the site uses for the model's values (routes, test results, where a use fits in
/// treatment, dates), from the language's string table. The model holds only ids and facts.
public struct Wording: Sendable {
    let strings: Strings
    /// The table's `text` group as templates read it, and `text.script` as the scripts read it.
    let text: TextTable

    /// Every key of the string table the renderer asks for: derived from the model's kinds, routes and biomarkers, and
    /// the phrases in between. Results and choices are optional (the value itself is the default).
    /// The `text` keys the templates use are required too (`requiredKeys(templates:)`).
    public static let requiredKeys: [String] = PageKind.allCases.map { "kinds.\($0.rawValue)" }
        + Route.allCases.map { "routes.\($0.rawValue)" }
        + Biomarker.allCases.map { "biomarkers.\($0.rawValue)" }
        + ["negative", "low"].map { "groups.\($0)" }
        + SideEffectGroups.groupNames.flatMap { ["side-effect-groups.\($0)", "side-effect-of.\($0)"] }
        + ["and", "or", "any-test-results", "one-of-these", "first-line", "any-line", "after-earlier-treatment", "after",
           "earlier-treatments-one", "earlier-treatments-other", "given-with", "reviewed"].map { "phrases.\($0)" }
        + SiteRenderer.navigation.map { "navigation.\($0.key)" } + ["navigation.home", "not-found.title", "not-found.summary"]
        + ["day", "month", "year", "by"].map { "dates.\($0)" }
        + ["drug-count-one", "drug-count-other"].map { "text.compare.\($0)" } + ["text.json-ld.audience", "text.content.heading-link"]
        + ["switch-label", "switch-aria", "in-english", "stale-notice", "stale-link"].map { "text.edition.\($0)" }
        + scriptKeys.map { "text.script.\($0)" }

    /// The words Public/js/site.js writes (`say("no-results", …)`); the finder's first status line
    /// and its "Needs your … result" are written here with the same words.
    static let scriptKeys = ["search-failed", "results-one", "results-other", "no-results", "matches-name", "did-you-mean", "quick-help",
                             "quick-failed", "matches-one", "matches-other", "no-matches", "all-results", "finder-all", "finder-some",
                             "finder-counts", "cell-types-one", "cell-types-other", "treatments-one", "treatments-other", "drugs-one",
                             "drugs-other", "needs-result", "needs-results", "and", "more-about-term"]

    /// `requiredKeys` and every `text.…` key the templates use, so that a table without one fails
    /// the build instead of leaving the words out of a page.
    public static func requiredKeys(templates: TemplateSet) -> [String] {
        let used = templates.files.values.flatMap { file in
            file.tags.filter { [.variable, .section, .inverted].contains($0.kind) }.map(\.name).filter { $0.hasPrefix("text.") }
        }
        return requiredKeys + Set(used).subtracting(requiredKeys).sorted()
    }

    public init(strings: Strings) {
        self.strings = strings
        var script = strings.flat("text.script")
        // search.js tells glossary entries by the kind the index gives them, in this language.
        script["glossary-kind"] = strings["kinds.term"]
        text = TextTable(nested: strings.nested("text"), scriptJSON: JSONText.scriptSafe(script))
    }

    /// "3 drugs": the `-one` or `-other` form of `key`, with the count in it.
    func count(_ key: String, _ count: Int) -> String {
        strings.format(key + (count == 1 ? "-one" : "-other"), ["count": String(count)])
    }

    /// The finder's status line before any choice, as site.js writes it then: "Showing all 5 cell types, …".
    func finderSummary(cellTypes: Int, treatments: Int, drugs: Int) -> String {
        let counts = strings.format("text.script.finder-counts", ["cellTypes": count("text.script.cell-types", cellTypes),
                                                                  "treatments": count("text.script.treatments", treatments),
                                                                  "drugs": count("text.script.drugs", drugs)])
        return strings.format("text.script.finder-all", ["counts": counts])
    }

    func kind(_ kind: PageKind) -> String { strings["kinds.\(kind.rawValue)"] }

    func route(_ route: Route) -> String { strings["routes.\(route.rawValue)"] }

    func name(_ biomarker: Biomarker) -> String { strings["biomarkers.\(biomarker.rawValue)"] }

    /// A result as a reader picks it: in the words of the report it comes from.
    func choice(_ biomarker: Biomarker, _ value: String) -> String {
        if let words = strings.optional("choices.\(biomarker.rawValue).\(value)") { return words }
        let words = result(biomarker, value)
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A result inside a sentence ("HER2: low or ultralow").
    func result(_ biomarker: Biomarker, _ value: String) -> String {
        strings.optional("results.\(biomarker.rawValue).\(value)") ?? strings.optional("results.any.\(value)") ?? value
    }

    /// The allowed results of one biomarker, with group words where they fit exactly
    /// ("negative" for every HER2 result but positive, "low" for 1+ and 2+ with ISH negative).
    func results(_ biomarker: Biomarker, _ values: [String]) -> String {
        var remaining = values
        var words: [String] = []
        for group in ["negative", "low"] {
            guard let members = biomarker.groups[group], members.allSatisfy(remaining.contains) else { continue }
            words.append(strings["groups.\(group)"])
            remaining.removeAll(where: members.contains)
        }
        return (words + remaining.map { result(biomarker, $0) }).joined(separator: " \(strings["phrases.or"]) ")
    }

    /// Each line: "HER2: low or ultralow". Alternatives become one more line, "One of these: …".
    func tests(_ condition: BiomarkerCondition) -> [(name: String, key: String, values: String)] {
        var lines = condition.all.sorted.map { (name: name($0.0), key: $0.0.rawValue, values: results($0.0, $0.1)) }
        if !condition.anyOf.isEmpty {
            let text = condition.anyOf.map { requirement in
                requirement.sorted.map { "\(name($0.0)) \(results($0.0, $0.1))" }.joined(separator: " \(strings["phrases.and"]) ")
            }.joined(separator: ", \(strings["phrases.or"]) ")
            lines.append((strings["phrases.one-of-these"], "any-of", text))
        }
        return lines
    }

    /// "HR positive, HER2 negative" in one phrase; "Any test results" when it needs none.
    func testsPhrase(_ condition: BiomarkerCondition) -> String {
        let lines = tests(condition)
        guard !lines.isEmpty else { return strings["phrases.any-test-results"] }
        return lines.map { "\($0.name): \($0.values)" }.joined(separator: "; ")
    }

    /// Where a use fits in treatment: "First treatment", "After hormone therapy and at least 2 earlier treatments".
    func setting(_ indication: Indication, in guide: Guide) -> String {
        switch indication.line {
        case .first: return strings["phrases.first-line"]
        case .any: return strings["phrases.any-line"]
        case .later:
            var parts: [String] = []
            let names = indication.after.map { id in
                inSentence(guide.treatmentByID[id]?.page.title ?? guide.drugByID[id]?.page.title ?? id)
            }
            if !names.isEmpty { parts.append(list(names, "and")) }
            if let count = indication.earlierTreatments {
                parts.append(strings.format(count == 1 ? "phrases.earlier-treatments-one" : "phrases.earlier-treatments-other", ["count": String(count)]))
            }
            return parts.isEmpty ? strings["phrases.after-earlier-treatment"]
                : strings.format("phrases.after", ["list": parts.joined(separator: ", \(strings["phrases.and"]) ")])
        }
    }

    /// "with pertuzumab", "with anastrozole, letrozole or exemestane", or "" when given alone.
    func partners(all: [String], oneOf: [String], in guide: Guide) -> String {
        func title(_ id: String) -> String { inSentence(guide.drugByID[id]?.page.title ?? id) }
        var parts: [String] = []
        if !all.isEmpty { parts.append(list(all.map(title), "and")) }
        if !oneOf.isEmpty { parts.append(list(oneOf.map(title), "or")) }
        return parts.isEmpty ? "" : strings.format("phrases.given-with", ["list": parts.joined(separator: ", \(strings["phrases.and"]) ")])
    }

    /// A title inside a sentence: "Pertuzumab" becomes "pertuzumab", but "HER2 therapy" and "T-DXd" stay.
    func inSentence(_ title: String) -> String {
        let words = title.split(separator: " ", maxSplits: 1)
        guard let first = words.first, first.dropFirst().allSatisfy({ $0.isLowercase || !$0.isLetter }) else { return title }
        return first.lowercased() + (words.count > 1 ? " " + words[1] : "")
    }

    /// "a, b and c"; `conjunction` is `and` or `or`, in the table's words.
    func list(_ items: [String], _ conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(strings["phrases." + conjunction]) " + items.last!
    }

    /// "15 December 2025", "December 2025" or "1998", as precisely as the source; "by January 1996"
    /// when only a report of it is dated.
    func date(_ date: ApprovalDate) -> String {
        var text = strings.format("dates.year", ["year": String(date.year)])
        if let month = date.month {
            let values = ["day": date.day.map(String.init) ?? "", "month": strings.month(month), "year": String(date.year)]
            text = strings.format(date.day == nil ? "dates.month" : "dates.day", values)
        }
        return date.isLatest ? strings.format("dates.by", ["date": text]) : text
    }

    /// A review date: "28 November 2026".
    func date(_ date: GuideDate) -> String {
        strings.format("dates.day", ["day": String(date.day), "month": strings.month(date.month), "year": String(date.year)])
    }

    /// "Needs your HER2 and ESR1 results" for a drug that may fit, or "" when it fits; in the
    /// words site.js uses when the reader's choices change it.
    func needs(_ fit: BiomarkerFit) -> String {
        guard case .needs(let missing) = fit else { return "" }
        let names = Biomarker.allCases.filter(missing.contains).map(name)
        let joined = names.count > 1 ? names.dropLast().joined(separator: ", ") + " \(strings["text.script.and"]) " + names.last! : names.first ?? ""
        return strings.format(names.count == 1 ? "text.script.needs-result" : "text.script.needs-results", ["list": joined])
    }
}

/// The `text` group, made once per build: every page's context holds it.
struct TextTable: @unchecked Sendable {
    // Only strings and dictionaries of them, never changed after init.
    let nested: [String: Any]
    /// `text.script` (and the glossary's kind) as JSON for the page's `#strings` element.
    let scriptJSON: String
}
