import FrontMatter
import GuideModel

import FrontMatter
/// The starting text of a new page: every front-matter field of its kind, each with a comment
/// saying what goes there, so an editor begins from something the build accepts.
enum PageSkeleton {
    /// The kinds `guide new` starts, by the name it takes (`side-effect`).
    static let kinds: [String: PageKind] = Dictionary(uniqueKeysWithValues: PageKind.allCases.filter(\.descriptor.hasSkeleton).map { ($0.rawValue, $0) })

    static func text(kind: PageKind, id: String, today: GuideDate) -> String {
        let title = id.split(separator: "-").joined(separator: " ").prefix(1).uppercased() + id.split(separator: "-").joined(separator: " ").dropFirst()
        var fields = """
            title: \(title)                # the page title (for a drug: the generic name)
            summary: TODO one or two plain sentences about this page.
            reviewed: \(today)             # the day a person checked this page against its sources
            sources:                        # where the facts come from: real titles and addresses only
              - title: TODO source title
                url: https://www.cancer.gov/

            """
        switch kind {
        case .cellType:
            fields += """
                biomarkers:                     # test results this covers; a biomarker left out means "any"
                  hr: [positive]                # hr: positive, negative
                  her2: [negative, low]         # her2: positive, low, ultralow, negative
                                                # also pik3ca, akt1-pten, brca, esr1, pdl1
                questions:                      # questions to ask the care team
                  - TODO
                order: 10                       # place in the list of cell types

                """
        case .treatment:
            fields += """
                cell-types: all                 # or a list of cell-type ids: [hormone-receptor-positive]
                why:                            # why someone might choose it, one short reason a line
                  - TODO
                side-effects:                   # side-effect ids (files in side-effects/)
                  common: []
                  serious: []
                  late: []
                questions:
                  - TODO
                order: 20                       # place in the list of treatments
                                                # drugs are not listed here: each drug names its treatment

                """
        case .drug:
            fields += """
                generic: \(id.replacingOccurrences(of: "-", with: " "))
                brands: []                      # brand names, e.g. [Lynparza]
                other-brands: []                # former US or other countries' brands, for search, e.g. [Nolvadex]
                treatment: targeted-therapy     # the treatment id this drug belongs to
                class: TODO                     # e.g. PARP inhibitor
                target: TODO                    # what it acts on, e.g. PARP (or remove this line)
                route: [pill]                   # pill, iv, under-skin, into-muscle
                schedule: TODO                  # how often, in plain words
                indications: []                 # each FDA-approved use in metastatic breast cancer, e.g.
                                                # - needs: {hr: [positive], her2: [negative]}
                                                #   line: later            # first, later or any
                                                #   after: [hormone-therapy]
                                                #   given-with: [fulvestrant]
                                                #   approved: 2023-11-16   # or 2023-11, or 2023
                                                #   source: https://www.fda.gov/…
                                                # or, with no FDA breast-cancer approval:
                                                # off-label: {note: Not FDA-approved for metastatic breast cancer. …}
                boxed-warnings: []              # FDA boxed warnings, in plain words
                side-effects:
                  common: []
                  serious: []
                  late: []
                status: approved                # or withdrawn, with withdrawn-year: YYYY

                """
        case .option:
            fields += """
                treatment: radiation-therapy    # the treatment id this option belongs to
                side-effects:
                  common: []
                  serious: []
                  late: []

                """
        case .sideEffect:
            fields += """
                call-now: TODO                  # one sentence: when to call the care team right away
                urgent: false                   # true when it needs a call at once

                """
        case .term:
            fields += """
                aliases: []                     # other spellings and plurals; the title is the term,
                                                # the summary its short definition
                other-senses: []                # phrases where a word of it means something else,
                                                # e.g. [an infection can spread]: not linked there

                """
        default:
            break
        }
        let body: String
        switch kind {
        case .drug: body = "## What it is and how it works\n\nTODO\n\n## How you get it\n\nTODO\n\n## Side effects\n\nTODO\n"
        case .sideEffect: body = "## What it is\n\nTODO\n\n## What helps\n\nTODO\n\n## When to call your care team\n\nTODO\n"
        case .term: body = "TODO a short plain explanation.\n"
        default: body = "TODO an opening paragraph.\n\n## What it is\n\nTODO\n"
        }
        return "---\n" + fields + "---\n" + body
    }
}
