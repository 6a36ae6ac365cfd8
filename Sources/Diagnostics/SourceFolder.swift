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

    /// Every regular file below `folder` (hidden ones skipped), as sorted forward-slash paths
    /// relative to it; a link to a file inside is listed, a link to a folder inside is not
    /// entered (a link to `.` would never end). `outside` holds the links (to files or folders)
    /// that lead out: nothing below them is listed.
    public static func files(in folder: URL) -> (files: [String], outside: [String]) {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else {
            return ([], [])
        }
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        var outside: [String] = []
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
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
    static func isRegularFile(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular
    }
}
