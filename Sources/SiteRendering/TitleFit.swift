/// A page title's size class by its longest word. Headings never break inside a word, so a title
/// must shrink on a narrow screen until its longest word fits; capping every title at one width
/// would keep short titles from growing with the reader's text size (WCAG 1.4.4). Each class
/// caps the size where a word of that many letters still fits a phone (site.css, `title-fit-*`).
enum TitleFit {
    /// Words up to this long fit a 390 px phone at 200% text at the full size (1.8rem, 57.6 px).
    static let fitsWhole = 9

    /// `title-fit-14` for a title whose longest word has 13 or 14 letters; nil when every word fits.
    static func className(for title: String) -> String? {
        let longest = title.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" || $0 == "\u{2010}" || $0 == "\u{2013}" || $0 == "\u{2014}" })
            .map(\.count).max() ?? 0
        guard longest > fitsWhole else { return nil }
        let bucket = min(22, max(10, longest + longest % 2))
        return "title-fit-\(bucket)"
    }
}
