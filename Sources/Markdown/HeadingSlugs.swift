import Foundation

/// Turns heading text into ids like GitHub does ("Side effects" → "side-effects"), unique within
/// one page: a repeated heading gets "-2", "-3".
public struct HeadingSlugs {
    private var used: [String: Int] = [:]

    public init() {}

    public static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if character == " " || character == "-" || character == "_" {
                if !slug.hasSuffix("-") { slug.append("-") }
            }
        }
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return slug.isEmpty ? "section" : slug
    }

    public mutating func unique(for text: String) -> String {
        let base = Self.slug(text)
        let count = used[base, default: 0] + 1
        used[base] = count
        guard count > 1 else { return base }
        var candidate = "\(base)-\(count)"
        while used[candidate] != nil { candidate += "-\(count)" }
        used[candidate] = 1
        return candidate
    }
}
