import Diagnostics
import Markdown
import GuideModel

/// What the browser shows instead of a page while the last build failed: every diagnostic as the
/// terminal prints it (file:line:column, message, the source line with a caret, the suggestion).
/// The page reloads by itself after the next build, so fixing the file brings the page back.
enum ErrorPage {
    static func html(_ diagnostics: [Diagnostic], build: String) -> String {
        let formatter = DiagnosticFormatter(colors: false)
        let errors = diagnostics.errorCount
        let items = diagnostics.sorted().map { diagnostic in
            "<li class=\"\(diagnostic.severity.rawValue)\"><pre>\(HTML.escape(formatter.format(diagnostic)))</pre></li>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Build failed · guide serve</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff8f6; color: #1d1d1d; }
            main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
            h1 { color: #a4000f; font-size: 1.5rem; }
            ol { list-style: none; padding: 0; }
            li { border-left: 6px solid #a4000f; background: #fff; margin: 0 0 1rem; padding: 0.25rem 1rem; overflow-x: auto; }
            li.warning { border-color: #8a5a00; }
            pre { font: 14px/1.45 ui-monospace, monospace; white-space: pre; margin: 0.5rem 0; }
            </style>
            </head>
            <body>
            <main role="alert">
            <h1>The guide did not build: \(plural(errors, "error"))</h1>
            <p>Nothing was published. Fix the file and save it: this page reloads by itself.</p>
            <ol>
            \(items.joined(separator: "\n"))
            </ol>
            </main>
            \(LiveReload.tag(build: build))</body>
            </html>

            """
    }
}
