import Dispatch
import Foundation

/// `transform` applied to every item on all cores, results in the items' order. The one parallel
/// loop of the build: parsing, the model's reads, link checks and rendering all go through it.
public func concurrentMap<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { buffer in
        // Each iteration writes only its own slot.
        let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { slots[$0] = transform(items[$0]) }
    }
    return results.map { $0! }
}

/// `body` run for every item on all cores; the first error thrown is rethrown after all finish.
public func concurrentForEach<T>(_ items: [T], _ body: (T) throws -> Void) throws {
    let errors = concurrentMap(items) { item -> Error? in
        do { try body(item); return nil } catch { return error }
    }
    if let error = errors.compactMap({ $0 }).first { throw error }
}
