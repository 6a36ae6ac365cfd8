/// "1 error", "3 errors": the count with its noun, for summaries and messages.
public func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
