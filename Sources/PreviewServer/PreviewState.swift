import Diagnostics
import Foundation
import GuideModel

/// What requests need to know about the last build: its number (pages carry it, to know when to
/// reload) and, when it failed, its diagnostics (HTML requests then get the error page).
final class PreviewState: Sendable {
    private let last: Locked<(build: String, failure: [Diagnostic]?)>

    init(build: String) {
        last = Locked((build, nil))
    }

    var current: (build: String, failure: [Diagnostic]?) { last.current }

    func update(build: String, failure: [Diagnostic]?) {
        last.withLock { $0 = (build, failure) }
    }
}
