import Testing
@testable import ContentChecks

/// The drug-page reader compares words with letters it holds as bytes (issue 17), in any case.
@Suite struct PartnerProseTests {
    @Test func aWordMatchesItsLettersInAnyCaseAndNothingLongerOrShorter() {
        let text = Array("PLUS With plush plu wITh".utf16)
        let words = PartnerProse.words(in: text, from: 0)
        let plus = Array("plus".utf8), with = Array("with".utf8)
        #expect(words.map { $0.is(plus, in: text) } == [true, false, false, false, false])
        #expect(words.map { $0.is(with, in: text) } == [false, true, false, false, true])
    }
}
