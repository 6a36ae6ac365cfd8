import GuideModel

/// The English words the site uses for the model's values: routes, test results, where a use
/// fits in treatment, dates. The model holds only ids and facts; a second language is a second
/// table like this one.
enum Wording {
    static func route(_ route: Route) -> String {
        switch route {
        case .pill: return "Pill by mouth"
        case .iv: return "Into a vein (IV)"
        case .underSkin: return "Shot under the skin"
        case .intoMuscle: return "Shot into a muscle"
        }
    }

    static func name(_ biomarker: Biomarker) -> String {
        switch biomarker {
        case .hr: return "Hormone receptors (ER/PR)"
        case .her2: return "HER2"
        case .pik3ca: return "PIK3CA"
        case .akt1Pten: return "AKT1 or PTEN"
        case .brca: return "Inherited BRCA1 or BRCA2"
        case .esr1: return "ESR1"
        case .pdl1: return "PD-L1"
        }
    }

    /// A result as a reader picks it: in the words of the report it comes from.
    static func choice(_ biomarker: Biomarker, _ value: String) -> String {
        switch (biomarker, value) {
        case (.her2, "zero"): return "IHC 0 (no staining)"
        case (.her2, "ultralow"): return "Ultralow (IHC 0 with faint staining)"
        case (.her2, "one-plus"): return "IHC 1+ (HER2-low)"
        case (.her2, "two-plus-ish-negative"): return "IHC 2+ and ISH negative (HER2-low)"
        case (.her2, "positive"): return "IHC 3+, or ISH positive (HER2-positive)"
        case (.pdl1, "positive"): return "CPS 10 or more"
        case (.pdl1, "negative"): return "CPS under 10"
        default: return result(biomarker, value).prefix(1).uppercased() + result(biomarker, value).dropFirst()
        }
    }

    /// A result inside a sentence ("HER2: low or ultralow").
    static func result(_ biomarker: Biomarker, _ value: String) -> String {
        switch (biomarker, value) {
        case (.her2, "zero"): return "IHC 0"
        case (.her2, "one-plus"): return "IHC 1+"
        case (.her2, "two-plus-ish-negative"): return "IHC 2+ with ISH negative"
        case (.pdl1, "positive"): return "CPS 10 or more"
        case (.pdl1, "negative"): return "CPS under 10"
        case (_, "not-mutated"): return "no mutation found"
        case (_, "not-altered"): return "no change found"
        default: return value
        }
    }

    /// The allowed results of one biomarker, with group words where they fit exactly
    /// ("negative" for every HER2 result but positive, "low" for 1+ and 2+ with ISH negative).
    static func results(_ biomarker: Biomarker, _ values: [String]) -> String {
        var remaining = values
        var words: [String] = []
        for group in ["negative", "low"] {
            guard let members = biomarker.groups[group], members.allSatisfy(remaining.contains) else { continue }
            words.append(group)
            remaining.removeAll(where: members.contains)
        }
        return (words + remaining.map { result(biomarker, $0) }).joined(separator: " or ")
    }

    /// Each line: "HER2: low or ultralow". Alternatives become one more line, "One of these: …".
    static func tests(_ condition: BiomarkerCondition) -> [(name: String, key: String, values: String)] {
        var lines = condition.all.sorted.map { (name: name($0.0), key: $0.0.rawValue, values: results($0.0, $0.1)) }
        if !condition.anyOf.isEmpty {
            let text = condition.anyOf.map { requirement in
                requirement.sorted.map { "\(name($0.0)) \(results($0.0, $0.1))" }.joined(separator: " and ")
            }.joined(separator: ", or ")
            lines.append(("One of these", "any-of", text))
        }
        return lines
    }

    /// "HR positive, HER2 negative" in one phrase; "Any test results" when it needs none.
    static func testsPhrase(_ condition: BiomarkerCondition) -> String {
        let lines = tests(condition)
        guard !lines.isEmpty else { return "Any test results" }
        return lines.map { "\($0.name): \($0.values)" }.joined(separator: "; ")
    }

    /// Where a use fits in treatment: "First treatment", "After hormone therapy and at least 2 earlier treatments".
    static func setting(_ indication: Indication, in guide: Guide) -> String {
        switch indication.line {
        case .first: return "First treatment for metastatic cancer"
        case .any: return "At any point in treatment"
        case .later:
            var parts: [String] = []
            let names = indication.after.map { id in
                inSentence(guide.treatmentByID[id]?.page.title ?? guide.drugByID[id]?.page.title ?? id)
            }
            if !names.isEmpty { parts.append(list(names, "and")) }
            if let count = indication.earlierTreatments { parts.append("at least \(plural(count, "earlier treatment"))") }
            return parts.isEmpty ? "After earlier treatment" : "After " + parts.joined(separator: ", and ")
        }
    }

    /// "with pertuzumab", "with anastrozole, letrozole or exemestane", or "" when given alone.
    static func partners(all: [String], oneOf: [String], in guide: Guide) -> String {
        func title(_ id: String) -> String { inSentence(guide.drugByID[id]?.page.title ?? id) }
        var parts: [String] = []
        if !all.isEmpty { parts.append(list(all.map(title), "and")) }
        if !oneOf.isEmpty { parts.append(list(oneOf.map(title), "or")) }
        return parts.isEmpty ? "" : "with " + parts.joined(separator: ", and ")
    }

    /// A title inside a sentence: "Pertuzumab" becomes "pertuzumab", but "HER2 therapy" and "T-DXd" stay.
    static func inSentence(_ title: String) -> String {
        let words = title.split(separator: " ", maxSplits: 1)
        guard let first = words.first, first.dropFirst().allSatisfy({ $0.isLowercase || !$0.isLetter }) else { return title }
        return first.lowercased() + (words.count > 1 ? " " + words[1] : "")
    }

    static func list(_ items: [String], _ conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    /// "15 December 2025", "December 2025" or "1998", as precisely as the source; "by January 1996"
    /// when only a report of it is dated.
    static func date(_ date: ApprovalDate) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let prefix = date.isLatest ? "by " : ""
        guard let month = date.month else { return prefix + String(date.year) }
        guard let day = date.day else { return prefix + "\(months[month - 1]) \(date.year)" }
        return prefix + "\(day) \(months[month - 1]) \(date.year)"
    }
}
