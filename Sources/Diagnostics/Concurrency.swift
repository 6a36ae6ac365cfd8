import Dispatch
import Foundation

/// `transform` applied to every item, on all cores or on at most `width` at once, results in the
/// items' order. The one parallel loop of the build: parsing, the model's reads, link checks,
/// rendering, writing and printing PDFs all go through it.
public func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], width: Int? = nil, _ transform: @Sendable (T) -> R) -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { buffer in
        // Each index is taken once from `next`, so each slot is written by one worker only, and
        // concurrentPerform returns after every worker has finished.
        nonisolated(unsafe) let slots = buffer
        let next = Locked(0)
        let workers = min(width ?? ProcessInfo.processInfo.activeProcessorCount, items.count)
        DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { _ in
            while true {
                let index = next.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard index < items.count else { return }
                slots[index] = transform(items[index])
            }
        }
    }
    return results.map { $0! }
}

/// `body` run for every item on all cores; the first error thrown is rethrown after all finish.
public func concurrentForEach<T: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> Void) throws {
    let errors = concurrentMap(items) { item -> Error? in
        do { try body(item); return nil } catch { return error }
    }
    if let error = errors.compactMap({ $0 }).first { throw error }
}

/// A value shared between threads, read and changed only under its lock.
///
/// `Mutex` from Synchronization would make this unnecessary, but it needs macOS 15 and the
/// package supports macOS 14.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    // Safe: `value` is private and only touched inside `lock`; Value is Sendable, so nothing
    // handed out of `withLock` can reach back into it.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value as it is now.
    public var current: Value { withLock { $0 } }
}
