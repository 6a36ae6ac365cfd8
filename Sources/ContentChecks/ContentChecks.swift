import Diagnostics
import GuideModel

/// Checks of what the pages say, run after the model is built: each body for mistakes an editor
/// cannot see in the Markdown (raw HTML, broken link syntax, missing alt text, a second title,
/// TODOs, invisible characters), and the prose about drugs against the model's indications.
public enum ContentChecks {
    public static func run(_ guide: Guide) -> [Diagnostic] {
        let allowRawHTML = guide.settings.allowRawHTML
        return concurrentMap(guide.pages) { PageChecks(page: $0, allowRawHTML: allowRawHTML).check() }.flatMap { $0 }
            + PartnerProse(guide: guide).check()
    }
}
