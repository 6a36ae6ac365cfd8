import SiteBuilder

/// Placeholder until the preview server lands (see the issue "Preview server").
public enum PreviewServerInfo {
    public static let defaultPort = 8000
}
