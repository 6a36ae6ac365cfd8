import FrontMatter
import GuideModel

extension SiteRenderer {
    /// `feed.xml` (Atom): each page's latest review and each dated FDA approval, newest first.
    /// Only with a base URL: a feed's addresses must be absolute.
    public func renderFeed() -> String? {
        guard let baseURL else { return nil }
        let contexts = pageContext(here: .root)
        func timestamp(_ day: (year: Int, month: Int, day: Int)) -> String {
            String(format: "%04d-%02d-%02dT00:00:00Z", day.year, day.month, day.day)
        }
        var entries: [(updated: String, order: Int, context: [String: Any])] = []
        for (order, page) in guide.pages.enumerated() {
            guard let reviewed = page.reviewed else { continue }
            let url = SiteURL(page.sitePath).absolute(base: baseURL)
            entries.append((timestamp((reviewed.year, reviewed.month, reviewed.day)), order, [
                "id": url + "#reviewed-" + reviewed.description, "url": url, "isReview": true,
                "title": page.title, "summary": page.summary, "date": wording.date(reviewed),
            ]))
        }
        for (order, approval) in guide.approvalsByDate().enumerated() {
            let date = approval.date
            let url = SiteURL(approval.drug.page.sitePath).absolute(base: baseURL)
            var context: [String: Any] = approval.indication.map(contexts.indication) ?? [:]
            context["id"] = url + "#approved-" + date.description + "-" + String(order)
            context["url"] = url
            context["isApproval"] = true
            context["title"] = approval.form?.name ?? approval.drug.page.title
            context["summary"] = approval.form?.note ?? approval.drug.page.summary
            context["isForm"] = approval.form != nil
            context["date"] = wording.date(date)
            entries.append((timestamp((date.year, date.month ?? 1, date.day ?? 1)), guide.pages.count + order, context))
        }
        // Every entry: reviews are many and of one day, and a cap would drop the approvals behind them.
        let newest = entries.sorted { ($0.updated, $1.order) > ($1.updated, $0.order) }
        var context = siteContext(here: .root)
        context["feedURL"] = baseURL + "feed.xml"
        context["homeURL"] = baseURL
        context["updated"] = newest.first?.updated ?? "1970-01-01T00:00:00Z"
        context["entries"] = newest.map { entry -> [String: Any] in
            var item = entry.context
            item["updated"] = entry.updated
            return item
        }
        return templates.render(context, with: "feed")
    }
}
