import Diagnostics
import Foundation
import GuideModel

/// What requests need to know about the last build: its number (pages carry it, to know when to
/// reload) and, when it failed, its diagnostics (HTML requests then get the error page).
final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var build: String
    private var failure: [Diagnostic]?

    init(build: String) {
        self.build = build
    }

    var current: (build: String, failure: [Diagnostic]?) {
        lock.lock(); defer { lock.unlock() }
        return (build, failure)
    }

    func update(build: String, failure: [Diagnostic]?) {
        lock.lock(); defer { lock.unlock() }
        self.build = build
        self.failure = failure
    }
}
