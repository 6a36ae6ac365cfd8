import GuideModel

/// What a link between pages, or to a file under Public/, leads to: named by its target, so that
/// the address is made only when the page holding the link is rendered.
public enum LinkTarget: Sendable, Hashable {
    /// A page by its site path (`drugs/olaparib/`), with an optional heading.
    case page(String, fragment: String?)
    /// A file by its path from the site root (`images/scan.png`).
    case file(String, fragment: String?)

    /// True for a page of another edition: an untranslated page, which a translation links to in the original.
    public var leavesEdition: Bool {
        if case .page(let sitePath, _) = self { return sitePath.hasPrefix(Page.otherEdition) }
        return false
    }

    /// The same target as a translated edition's page links to it: a file is at the site's root,
    /// one folder above the edition's.
    public var fromEdition: LinkTarget {
        if case .file(let path, let fragment) = self { return .file(Page.otherEdition + path, fragment: fragment) }
        return self
    }

    public func address(from here: SiteURL) -> String {
        switch self {
        case .page(let sitePath, let fragment): return here.link(to: SiteURL(sitePath), fragment: fragment)
        case .file(let path, let fragment): return here.asset(path) + (fragment.map { "#" + $0 } ?? "")
        }
    }

    /// True for the links the build resolves to a target: relative paths to pages and files.
    public static func isResolved(_ destination: String) -> Bool {
        !destination.isEmpty && !hasScheme(destination) && !destination.hasPrefix("#") && !destination.hasPrefix("/")
    }

    public static func hasScheme(_ destination: String) -> Bool {
        guard let colon = destination.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = destination[..<colon]
        // ASCII, as every scheme is, by bytes; any other text as Characters, as before.
        if scheme.utf8.allSatisfy({ $0 < 0x80 }) {
            return !scheme.isEmpty && scheme.utf8.allSatisfy { byte in
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
        }
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

}
