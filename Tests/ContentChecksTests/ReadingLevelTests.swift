import Testing
@testable import ContentChecks

@Suite struct ReadingLevelTests {
    @Test func countsSyllablesByVowelGroups() {
        #expect(ReadingLevel.syllables(in: "medicine") == 3)
        #expect(ReadingLevel.syllables(in: "table") == 2)
        #expect(ReadingLevel.syllables(in: "chemotherapy") == 5)
        #expect(ReadingLevel.syllables(in: "the") == 1)
        #expect(ReadingLevel.syllables(in: "her2-positive") == 4)
    }

    @Test func gradeFollowsTheFleschKincaidFormula() {
        let level = ReadingLevel(text: "The cat sat on the mat. It was a good cat.")
        #expect((level.words, level.sentences, level.syllables) == (11, 2, 11))
        #expect(abs(level.grade - (0.39 * 5.5 + 11.8 * 1 - 15.59)) < 0.0001)
    }

    @Test func blocksEndSentencesAndIgnoredWordsAreLeftOut() {
        let level = ReadingLevel(text: "Side effects\n\nTrastuzumab can harm the heart.", ignoring: ["trastuzumab"])
        #expect(level.sentences == 2)
        #expect(level.words == 6)
    }

    @Test func medianOfEvenAndOddCounts() {
        #expect([3.0, 1.0, 2.0].median == 2.0)
        #expect([4.0, 1.0, 2.0, 3.0].median == 2.5)
    }
}
