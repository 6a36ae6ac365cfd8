import Testing
@testable import PreviewServer

@Test func defaultPortIs8000() {
    #expect(PreviewServerInfo.defaultPort == 8000)
}
