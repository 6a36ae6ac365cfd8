import Testing
@testable import Markdown

/// Heading ids are the `#fragment` editors write in links, so they must not change under them.
@Suite struct HeadingSlugsTests {
    @Test func lowerCaseWordsJoinedByHyphens() {
        #expect(HeadingSlugs.slug("Side effects") == "side-effects")
        #expect(HeadingSlugs.slug("HER2-Positive Cancer") == "her2-positive-cancer")
        #expect(HeadingSlugs.slug("snake_case words") == "snake-case-words")
    }

    @Test func accentsAreDropped() {
        #expect(HeadingSlugs.slug("Côté crème brûlée") == "cote-creme-brulee")
        #expect(HeadingSlugs.slug("Ñandú") == "nandu")
    }

    @Test func punctuationIsDroppedWithoutLeavingHyphens() {
        #expect(HeadingSlugs.slug("What's HER2? (IHC 3+)") == "whats-her2-ihc-3")
        #expect(HeadingSlugs.slug("Dose: 100 mg/day, twice.") == "dose-100-mgday-twice")
        #expect(HeadingSlugs.slug("“Quoted” — and dashed") == "quoted-and-dashed")
    }

    @Test func runsOfSpacesAndHyphensBecomeOneAndEndsAreTrimmed() {
        #expect(HeadingSlugs.slug("  a  -  b__c  ") == "a-b-c")
        #expect(HeadingSlugs.slug("- Why? -") == "why")
    }

    @Test func headingsWithNoLettersOrDigitsAreCalledSection() {
        #expect(HeadingSlugs.slug("") == "section")
        #expect(HeadingSlugs.slug("   ") == "section")
        #expect(HeadingSlugs.slug("?!… — 👍") == "section")
    }

    @Test func nonLatinLettersAndDigitsAreKept() {
        #expect(HeadingSlugs.slug("副作用") == "副作用")
        #expect(HeadingSlugs.slug("Побочные эффекты") == "побочные-эффекты")
        // Greek accents fold away like Latin ones.
        #expect(HeadingSlugs.slug("Παρενέργεια") == "παρενεργεια")
        #expect(HeadingSlugs.slug("الجانبية ٢") == "الجانبية-٢")
    }

    @Test func aRepeatedHeadingGetsTwoThenThree() {
        var slugs = HeadingSlugs()
        #expect(["Who we are", "Who we are", "Who we are"].map { slugs.unique(for: $0) } == ["who-we-are", "who-we-are-2", "who-we-are-3"])
    }

    @Test func differentTextWithTheSameSlugIsADuplicateToo() {
        var slugs = HeadingSlugs()
        #expect(["Side effects", "Side-effects", "side  effects!"].map { slugs.unique(for: $0) } == ["side-effects", "side-effects-2", "side-effects-3"])
    }

    @Test func emptyHeadingsAreNumberedLikeAnyOther() {
        var slugs = HeadingSlugs()
        #expect(["", "?", "Notes"].map { slugs.unique(for: $0) } == ["section", "section-2", "notes"])
    }

    @Test func aNumberedIdNeverCollidesWithAHeadingThatReadsTheSame() {
        var slugs = HeadingSlugs()
        let ids = ["Dose", "Dose 2", "Dose", "Dose 2"].map { slugs.unique(for: $0) }
        #expect(ids == ["dose", "dose-2", "dose-2-2", "dose-2-2-2"])
        #expect(Set(ids).count == ids.count)
    }

    @Test func eachPageStartsAfresh() {
        var first = HeadingSlugs()
        _ = first.unique(for: "Overview")
        var second = HeadingSlugs()
        #expect(second.unique(for: "Overview") == "overview")
    }
}
