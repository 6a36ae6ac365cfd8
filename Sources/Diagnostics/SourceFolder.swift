import Foundation

/// The files of a folder the build reads (Content/, Templates/, Public/), and the symbolic links
/// in it that lead out of it. Such a link may point at any file on the machine (`/etc/passwd`, a
/// key), so it is reported by its own name only, and what it points at is never read.
public enum SourceFolder {
    /// True when `link`, followed to the end, lands inside `folder` (a missing target counts as
    /// inside, so reading it reports the broken link).
    public static func staysInside(_ link: URL, folder: URL) -> Bool {
        let base = folder.resolvingSymlinksInPath().standardizedFileURL.path + "/"
        let target = link.resolvingSymlinksInPath().standardizedFileURL
        guard FileManager.default.fileExists(atPath: target.path) else { return true }
        return target.path.hasPrefix(base)
    }

    /// Every regular file below `folder`, as sorted forward-slash paths relative to it; a link to
    /// a file inside is listed, a link to a folder inside is not entered (a link to `.` would never
    /// end). `outside` holds the links (to files or folders) that lead out: nothing below them is
    /// listed. Hidden files are skipped unless `hidden` is true (Public/, whose
    /// `.well-known/security.txt` is for publishing); then only litter (`isLitter`) is left out.
    public static func files(in folder: URL, hidden: Bool = false) -> (files: [String], outside: [String]) {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys, options: hidden ? [] : [.skipsHiddenFiles]) else {
            return ([], [])
        }
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        var outside: [String] = []
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            if hidden && isLitter(url.lastPathComponent) {
                enumerator.skipDescendants()
                continue
            }
            let values = try? url.resourceValues(forKeys: Set(keys))
            // Only links can lead out: what is below a linked folder that leads out is never reached.
            if values?.isSymbolicLink == true {
                guard staysInside(url, folder: folder) else {
                    outside.append(relative)
                    enumerator.skipDescendants()
                    continue
                }
                // The link's own values are of the link (Linux): what it points at decides.
                if isRegularFile(url.resolvingSymlinksInPath()) { files.append(relative) }
                continue
            }
            if values?.isRegularFile == true { files.append(relative) }
        }
        return (files.sorted(), outside.sorted())
    }

    /// The error for a link out of a folder, naming the link and never its target.
    /// `folderName` is how editors call the folder ("templates"), `displayName` its path.
    public static func linkLeadsOut(_ relative: String, displayName: String, folderName: String, consequence: String) -> Diagnostic {
        .error("'\(relative)' is a symbolic link to something outside the \(folderName) folder; \(consequence)",
               path: displayName + "/" + relative,
               suggestion: "copy the file into the \(folderName) folder instead of linking to it")
    }
}

extension SourceFolder {
    /// What editors, operating systems and version control leave beside the files of a folder:
    /// never published, even from Public/, where other hidden files are.
    public static func isLitter(_ name: String) -> Bool {
        if litterNames.contains(name) { return true }
        // Editors' backups (`site.css~`), Emacs's autosaves and locks (`#site.css#`, `.#site.css`),
        // Vim's swap files (`.site.css.swp`, `.swo`, …) and macOS's resource forks (`._site.css`).
        if name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#")) || name.hasPrefix(".#") || name.hasPrefix("._") { return true }
        if name.hasPrefix("."), let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ending = name[name.index(after: dot)...]
            if ending.count == 3 && ending.hasPrefix("sw") { return true }
        }
        return false
    }

    static let litterNames: Set<String> = [
        ".DS_Store", ".AppleDouble", ".Spotlight-V100", ".Trashes", ".fseventsd", ".TemporaryItems", ".DocumentRevisions-V100",
        "Thumbs.db", "ehthumbs.db", "desktop.ini", "$RECYCLE.BIN",
        ".git", ".gitignore", ".gitkeep", ".gitattributes", ".gitmodules", ".svn", ".hg", ".hgignore",
        ".idea", ".vscode", ".directory",
    ]

    static func isRegularFile(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular
    }
}
