import Foundation
@testable import SiteTemplates
@testable import SiteRendering
import Testing
import GuideModel
@testable import SiteBuilder

/// A site with the real handout template and stylesheet: what the handout tests print.
public struct HandoutFixture {
    public let site: Fixture

    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public init() throws {
        var templates = Fixture.templates
        templates["handout.mustache"] = try String(contentsOf: Self.repository.appendingPathComponent("Templates/handout.mustache"), encoding: .utf8)
        templates["handouts.mustache"] = "{{< layout}}{{$main}}<h1>{{page.title}}</h1>{{/main}}{{/layout}}"
        site = try Fixture(Self.content, templates: templates)
        try site.write("Public/css/handout.css", try Data(contentsOf: Self.repository.appendingPathComponent("Public/css/handout.css")))
    }

    public func buildAndRead(_ path: String, baseURL: String? = nil) throws -> String {
        let report = site.build(baseURL: baseURL)
        #expect(report.succeeded, "\(report.diagnostics)")
        return try site.read(path)
    }

    public static let content: [String: String] = [
        "site.yml": "title: Test Guide\nlanguage: en-US\ndescription: A test.\n",
        "index.md": Fixture.page("Home", "Welcome.\n"),
        "handouts.md": Fixture.page("Handouts", "Print these.\n", extra: "template: handouts\n"),
        "cell-types/brca-positive.md": Fixture.page("BRCA mutation", "Intro that repeats the summary.\n\n## What it means\n\nBRCA genes fix DNA. A change can be [inherited](../index.md).\n", extra: """
            biomarkers: {brca: [mutated], her2: [negative]}
            questions: [Should my family be tested?]
            order: 1

            """),
        "treatments/targeted-therapy.md": Fixture.page("Targeted therapy", "Drugs that aim at one part of a cell.\n", extra: """
            cell-types: all
            why: [It aims at the cancer.]
            side-effects: {common: [fatigue]}
            questions: [Which target does it hit?]
            order: 1

            """),
        "treatments/chemotherapy.md": Fixture.page("Chemotherapy", "Drugs that kill fast-growing cells.\n", extra: """
            cell-types: [brca-positive]
            why: [It can shrink cancer quickly.]
            side-effects: {common: [fatigue], serious: [fever-and-infection]}
            order: 2

            """),
        "treatments/radiation-therapy.md": Fixture.page("Radiation therapy", "Rays.\n", extra: """
            cell-types: all
            why: [It eases pain in one place.]
            side-effects: {common: [fatigue]}
            order: 3

            """),
        "options/stereotactic-radiation.md": Fixture.page("Stereotactic radiation", "Precise.\n", extra: "treatment: radiation-therapy\nside-effects: {common: [fatigue]}\n"),
        "drugs/olaparib.md": Fixture.page("Olaparib", "A pill.\n",
                                          extra: FixturePages.olaparibFields().replacingOccurrences(of: "Twice a day", with: "Twice a day, every day")),
        "drugs/nab-paclitaxel.md": Fixture.page("Nab-paclitaxel", "A drip.\n", extra: """
            generic: paclitaxel protein-bound
            brands: [Abraxane]
            treatment: chemotherapy
            class: Taxane
            route: [iv]
            schedule: Every 3 weeks
            indications:
              - needs: {}
                line: later
                after: [chemotherapy]
                approved: 2005-01
                source: https://www.fda.gov/nab-paclitaxel
            boxed-warnings: []
            side-effects: {common: [fatigue], serious: [fever-and-infection]}
            status: approved

            """),
        "drugs/oldmab.md": Fixture.page("Oldmab", "Gone.\n", extra: """
            generic: oldmab
            brands: [Oldbrand]
            treatment: chemotherapy
            class: Old class
            route: [iv]
            schedule: Every 2 weeks
            boxed-warnings: []
            side-effects: {common: [fatigue]}
            status: withdrawn
            withdrawn-year: 2011

            """),
        "side-effects/fatigue.md": Fixture.page("Fatigue", "Tired.\n", extra: "call-now: If you cannot get out of bed.\nurgent: false\n"),
        "side-effects/fever-and-infection.md": Fixture.page("Fever and infection", "Hot.\n",
            extra: "call-now: Call at once for a temperature of 100.4 °F (38 °C) or higher.\nurgent: true\n"),
    ]
}
