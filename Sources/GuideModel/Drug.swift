import Diagnostics
import FrontMatter

// A drug, what it is approved for (its indications), its other forms, and how its page is read: to add a field to `Drug`, change this file.

public enum Route: String, Sendable, CaseIterable {
    case pill
    case iv
    case underSkin = "under-skin"
    case intoMuscle = "into-muscle"
}

/// Where in the course of treatment a use is approved.
public enum TreatmentLine: String, Sendable, CaseIterable {
    /// The first treatment for metastatic cancer.
    case first
    /// After earlier treatment (see `after` and `earlierTreatments`).
    case later
    /// At any point.
    case any
}

/// One FDA-approved use of a drug in metastatic breast cancer: the unit of approval. Which cell
/// types, finder results and handouts list the drug all follow from its indications.
public struct Indication: Sendable, Hashable {
    public let needs: BiomarkerCondition
    public let line: TreatmentLine
    /// Ids of treatments or drugs that must have been tried first.
    public let after: [String]
    /// At least this many earlier treatments for metastatic cancer.
    public let earlierTreatments: Int?
    /// Given together with every one of these drugs.
    public let givenWith: [String]
    /// Given together with one of these drugs.
    public let givenWithOneOf: [String]
    /// A condition that is not a test result, in plain words ("For people past menopause.").
    public let note: String?
    public let approved: ApprovalDate
    public let source: String

    /// Every partner drug this use names.
    public var partners: [String] { givenWith + givenWithOneOf }
}

/// Use of a drug that has no FDA breast-cancer approval but that doctors still choose.
public struct OffLabelUse: Sendable {
    public let note: String
    public let needs: BiomarkerCondition
    public let givenWith: [String]
    public let givenWithOneOf: [String]

    public var partners: [String] { givenWith + givenWithOneOf }
}

/// Another form or brand of a drug with its own FDA action: an under-the-skin form, a biosimilar.
public struct DrugForm: Sendable {
    public let name: String
    public let route: Route?
    public let note: String?
    public let approved: ApprovalDate?
    public let source: String?
}

public struct Drug: Sendable {
    public enum Status: String, Sendable { case approved, withdrawn }

    public let page: Page
    public let generic: String
    public let brands: [String]
    public let treatment: String
    public let drugClass: String
    public let target: String?
    public let routes: [Route]
    public let schedule: String
    public let indications: [Indication]
    public let offLabel: OffLabelUse?
    public let forms: [DrugForm]
    public let boxedWarnings: [String]
    public let sideEffects: SideEffectGroups
    public let status: Status
    public let withdrawnYear: Int?
    /// Brand names no longer sold in the US, or used in other countries (Nolvadex): search finds
    /// the drug by them, but the page does not offer them as brands to ask for.
    public var otherBrands: [String] = []
    public var id: String { page.id }

    /// The drugs it is given with in any of its uses, in the order first named.
    public var givenWith: [String] {
        var seen: Set<String> = []
        return (indications.flatMap(\.partners) + (offLabel?.partners ?? [])).filter { seen.insert($0).inserted }
    }

    /// The test-result conditions under which the drug may be used: its approved uses, or its
    /// off-label use. A withdrawn drug has none.
    public var uses: [BiomarkerCondition] {
        guard status == .approved else { return [] }
        return indications.isEmpty ? (offLabel.map { [$0.needs] } ?? []) : indications.map(\.needs)
    }

    public var isOffLabel: Bool { status == .approved && indications.isEmpty && offLabel != nil }
}

extension GuideBuilder {
    func readDrug(_ page: Page, ids: KnownIDs) -> DrugRead {
        let front = page.frontMatter
        let genericValue = front.string("generic", required: true)
        let generic = genericValue?.value ?? page.id
        // A generic name one or two letters off the file name is a typo; a different name altogether
        // (nab-paclitaxel is "paclitaxel protein-bound") is fine.
        if let genericValue, case let written = genericValue.value.lowercased().replacingOccurrences(of: " ", with: "-"),
           written != page.id, Suggestion.editDistance(Array(written), Array(page.id)) <= 2 {
            front.report(.warning, "generic name '\(genericValue.value)' differs from the file name '\(page.id)'", at: genericValue,
                         suggestion: "did you mean '\(page.id.replacingOccurrences(of: "-", with: " "))'? If the file name is the one misspelled, rename the file")
        }
        let brands = front.strings("brands")
        let treatmentValue = front.string("treatment", required: true)
        var treatment = ""
        if let treatmentValue { treatment = resolve([treatmentValue], among: ids.treatments, what: "treatment", in: front).first ?? "" }
        let drugClass = front.string("class", required: true)?.value ?? ""
        let target = front.string("target")?.value
        let routes: [Route] = front.strings("route", required: true).compactMap { value in
            if let route = Route(rawValue: value.value) { return route }
            let known = Route.allCases.map(\.rawValue)
            front.report(.error, "unknown route '\(value.value)'", at: value,
                         suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            return nil
        }
        let schedule = front.string("schedule", required: true)?.value ?? ""
        for old in ["approved-for", "biomarkers", "biomarkers-any-of", "given-with"] where front.has(old) {
            let (line, column) = front.location(of: old)
            front.report(.error, "'\(old)' is no longer a drug field: a drug lists its FDA-approved uses as 'indications'", line: line, column: column,
                         suggestion: "move what it says into 'indications:' (needs, line, given-with, approved, source); see the README's drug example")
        }
        let indicationEntries = front.entries("indications")
        let indications = indicationEntries.compactMap { readIndication($0, drug: page.id, ids: ids) }
        let offLabel = front.entry("off-label").map { readOffLabel($0, drug: page.id, ids: ids) }
        let forms = front.entries("forms").map(readForm)
        let boxedWarnings = front.strings("boxed-warnings").map(\.value)
        let sideEffects = readSideEffects(front, ids: ids)
        var status = Drug.Status.approved
        var withdrawnYear: Int?
        if let statusValue = front.string("status", required: true) {
            if let parsed = Drug.Status(rawValue: statusValue.value) {
                status = parsed
            } else {
                front.report(.error, "unknown status '\(statusValue.value)'", at: statusValue,
                             suggestion: Suggestion.didYouMean(statusValue.value, in: ["approved", "withdrawn"]) ?? "use 'approved' or 'withdrawn'")
            }
        }
        let year = front.int("withdrawn-year")
        if status == .withdrawn {
            if let year { withdrawnYear = year.value } else {
                let (line, column) = front.location(of: "status")
                front.report(.error, "a withdrawn drug needs 'withdrawn-year'", line: line, column: column,
                             suggestion: "add 'withdrawn-year: YYYY', the year its breast-cancer approval ended")
            }
            if front.has("indications") {
                let (line, column) = front.location(of: "indications")
                front.report(.error, "a withdrawn drug has no current indications", line: line, column: column,
                             suggestion: "remove 'indications:' and say in the text what the drug was once approved for")
            }
        } else if let year {
            front.report(.error, "'withdrawn-year' is only for drugs with 'status: withdrawn'", at: year,
                         suggestion: "remove 'withdrawn-year', or set 'status: withdrawn' if the approval has ended")
        }
        if status == .approved && indications.isEmpty && offLabel == nil && indicationEntries.isEmpty {
            let (line, column) = front.has("indications") ? front.location(of: "indications") : (1, 1)
            front.report(.error, "drug has no 'indications' and no 'off-label' note", line: line, column: column,
                         suggestion: "add 'indications:' with each FDA-approved use, or 'off-label: {note: Not FDA-approved for metastatic breast cancer. …}'")
        }
        if !indications.isEmpty, offLabel != nil {
            let (line, column) = front.location(of: "off-label")
            front.report(.error, "a drug with FDA-approved indications cannot also be marked off-label", line: line, column: column,
                         suggestion: "remove 'off-label:'; describe other uses in the text")
        }
        let drug = Drug(page: page, generic: generic, brands: brands.map(\.value), treatment: treatment, drugClass: drugClass, target: target,
                        routes: routes, schedule: schedule, indications: indications, offLabel: offLabel, forms: forms,
                        boxedWarnings: boxedWarnings, sideEffects: sideEffects, status: status, withdrawnYear: withdrawnYear,
                        otherBrands: front.strings("other-brands").map(\.value))
        return DrugRead(drug: drug, brands: brands)
    }

    // MARK: - Indications

    func readIndication(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> Indication? {
        let needs = readCondition(entry, key: "needs", anyOfKey: "needs-one-of", required: false)
        if !entry.has("needs") {
            let (line, column) = entry.start
            entry.report(.error, "indication has no 'needs' (the test results this use requires)", line: line, column: column,
                         suggestion: "add e.g. 'needs: {hr: [positive], her2: [negative]}', or 'needs: {}' for a use open to every result")
        }
        var line = TreatmentLine.any
        if let value = entry.string("line", required: true) {
            if let parsed = TreatmentLine(rawValue: value.value) { line = parsed } else {
                let known = TreatmentLine.allCases.map(\.rawValue)
                entry.report(.error, "unknown line '\(value.value)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use first (first treatment), later (after earlier treatment) or any")
            }
        }
        let afterValues = entry.strings("after")
        let after = resolve(afterValues, among: ids.treatmentsAndDrugs, what: "treatment or drug", in: entry)
        if line != .later, let first = afterValues.first {
            entry.report(.error, "'after' is only for 'line: later'", at: first, suggestion: "set 'line: later', or remove 'after'")
        }
        let earlier = entry.int("earlier-treatments")
        if let earlier, earlier.value < 1 || line != .later {
            entry.report(.error, "'earlier-treatments' must be 1 or more, with 'line: later'", at: earlier,
                         suggestion: "write how many treatments for metastatic cancer must come first, e.g. 'earlier-treatments: 2'")
        }
        let (givenWith, givenWithOneOf) = readPartners(entry, drug: drug, ids: ids)
        let note = entry.string("note")?.value
        let approved = entry.approvalDate("approved", required: true)
        let source = entry.string("source", required: true)
        if let source, !(source.value.hasPrefix("https://") || source.value.hasPrefix("http://")) {
            entry.report(.error, "source URL must start with https:// or http://", at: source,
                         suggestion: "copy the full address of the FDA notice or label, e.g. https://www.fda.gov/…")
        }
        if let approved, today < approved.value.earliestDay {
            entry.report(.error, "approval date \(approved.value) is in the future", at: approved,
                         suggestion: "write the date the FDA approved this use")
        }
        entry.rejectUnknownKeys(kind: "an indication")
        guard let approved, let source else { return nil }
        return Indication(needs: needs, line: line, after: after, earlierTreatments: earlier?.value, givenWith: givenWith,
                          givenWithOneOf: givenWithOneOf, note: note, approved: approved.value, source: source.value)
    }

    func readOffLabel(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> OffLabelUse {
        let note = entry.string("note", required: true)?.value ?? ""
        let needs = readCondition(entry, key: "needs", anyOfKey: "needs-one-of", required: false)
        let (givenWith, givenWithOneOf) = readPartners(entry, drug: drug, ids: ids)
        entry.rejectUnknownKeys(kind: "'off-label'")
        return OffLabelUse(note: note, needs: needs, givenWith: givenWith, givenWithOneOf: givenWithOneOf)
    }

    func readForm(_ entry: FrontMatter) -> DrugForm {
        let name = entry.string("name", required: true)?.value ?? ""
        var route: Route?
        if let value = entry.string("route") {
            route = Route(rawValue: value.value)
            if route == nil {
                let known = Route.allCases.map(\.rawValue)
                entry.report(.error, "unknown route '\(value.value)'", at: value,
                             suggestion: Suggestion.didYouMean(value.value, in: known) ?? "use one of: \(known.joined(separator: ", "))")
            }
        }
        let note = entry.string("note")?.value
        let approved = entry.approvalDate("approved")
        let source = entry.string("source")
        if approved != nil && source == nil {
            let (line, column) = entry.start
            entry.report(.error, "a form with an approval date needs a 'source'", line: line, column: column,
                         suggestion: "add 'source:' with the address of the FDA notice or a report of it")
        }
        entry.rejectUnknownKeys(kind: "'forms'")
        return DrugForm(name: name, route: route, note: note, approved: approved?.value, source: source?.value)
    }

    func readPartners(_ entry: FrontMatter, drug: String, ids: KnownIDs) -> (all: [String], oneOf: [String]) {
        var result: [[String]] = []
        for key in ["given-with", "given-with-one-of"] {
            let values = entry.strings(key)
            var resolved = resolve(values, among: ids.drugs, what: "drug", in: entry, notePrefix: "'\(key)' names a drug with no page: ")
            for value in values where value.value == drug {
                entry.report(.error, "a drug cannot be given with itself", at: value, suggestion: "remove '\(drug)' from '\(key)'")
                resolved.removeAll { $0 == drug }
            }
            if key == "given-with-one-of", values.count == 1 {
                entry.report(.error, "'given-with-one-of' needs at least two drugs", at: values[0],
                             suggestion: "use 'given-with: [\(values[0].value)]' for a single partner")
            }
            result.append(resolved)
        }
        return (result[0], result[1])
    }
}
