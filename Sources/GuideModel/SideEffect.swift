import Diagnostics
import FrontMatter

// A side effect, the groups drugs and treatments list them in, and how their pages are read.

/// Side effects as a treatment or option lists them.
public struct SideEffectGroups: Sendable, Hashable {
    public var common: [String] = []
    public var serious: [String] = []
    public var late: [String] = []

    public static let groupNames = ["common", "serious", "late"]

    public var all: [(group: String, ids: [String])] {
        [("common", common), ("serious", serious), ("late", late)]
    }
}

public struct SideEffect: Sendable {
    public let page: Page
    public let callNow: String
    public let urgent: Bool
    public var id: String { page.id }
}

extension GuideBuilder {
    func readSideEffect(_ page: Page) -> SideEffect {
        let front = page.frontMatter
        let callNow = front.string("call-now", required: true)?.value ?? ""
        let urgent = front.bool("urgent")?.value ?? false
        return SideEffect(page: page, callNow: callNow, urgent: urgent)
    }

    func readSideEffects(_ front: FrontMatter, ids: KnownIDs) -> SideEffectGroups {
        var groups = SideEffectGroups()
        var groupOf: [String: String] = [:]
        for (group, values) in front.listMap("side-effects", allowedKeys: SideEffectGroups.groupNames) {
            for value in values {
                if let earlier = groupOf[value.value] {
                    front.report(.error, "side effect '\(value.value)' is listed under both '\(earlier)' and '\(group.value)'", at: value,
                                 suggestion: "keep it in the one group that fits best")
                }
                groupOf[value.value] = groupOf[value.value] ?? group.value
            }
            let resolved = resolve(values, among: ids.sideEffects, what: "side effect", in: front)
            switch group.value {
            case "common": groups.common = resolved
            case "serious": groups.serious = resolved
            default: groups.late = resolved
            }
        }
        return groups
    }
}
