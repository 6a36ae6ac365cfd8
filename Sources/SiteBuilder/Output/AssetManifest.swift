import Foundation
import SiteRendering

/// `asset-manifest.js`: every fingerprinted file's published name and SRI hash by the name it was
/// made at, for scripts that load files (site.js loads the search engine and its index through it).
///
/// It keeps its own name and is asked for again on every visit (see `ResponseHeaders`), so that
/// the pages need not name the search index: they would all change whenever any page's text did.
enum AssetManifest {
    static let path = "asset-manifest.js"

    static func script(_ assets: [String: PublishedNames.Asset]) -> String {
        var entries: [String: Any] = [:]
        for (source, asset) in assets {
            var entry: [String: Any] = ["path": asset.path]
            if let integrity = asset.integrity { entry["integrity"] = integrity }
            entries[source] = entry
        }
        return "window.GUIDE_ASSETS = " + JSONText.scriptSafe(entries) + ";\n"
    }
}
