import Foundation
import GuideModel
import Mustache

/// The Mustache templates of the site, loaded from a folder: `layout.mustache`, one template per
/// page kind and `partials/…`. Syntax errors and references to templates that do not exist are
/// diagnostics with the template's file, line and column.
struct TemplateSet: @unchecked Sendable {
    let library: MustacheLibrary
    let names: Set<String>
    /// Templates that exist but did not compile: already reported, so not "missing" too.
    var failedNames: Set<String> = []
    /// Templates that another template includes (`{{> name}}`) or extends (`{{< name}}`).
    var includedNames: Set<String> = []
    let displayName: String

    static func load(from folder: URL, displayName: String) -> (TemplateSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: SourceFile] = [:]
        let base = folder.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            let empty = TemplateSet(library: MustacheLibrary(), names: [], displayName: displayName)
            return (empty, [.error("templates folder '\(displayName)' does not exist", path: displayName,
                                   suggestion: "pass --templates with the folder that holds layout.mustache")])
        }
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let path = url.standardizedFileURL.path
            guard path.hasSuffix(".mustache"), path.hasPrefix(base + "/") else { continue }
            files.append(String(path.dropFirst(base.count + 1)))
        }
        for relative in files.sorted() {
            let name = String(relative.dropLast(".mustache".count))
            let displayPath = displayName + "/" + relative
            switch SourceFile.read(folder.appendingPathComponent(relative), displayPath: displayPath) {
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            case .success(let file):
                sources[name] = file
                do {
                    templates[name] = try MustacheTemplate(string: file.text)
                } catch let error as MustacheTemplate.ParserError {
                    diagnostics.append(file.error("template syntax error: \(describe(error.error))",
                                                  line: error.context.lineNumber, column: error.context.columnNumber,
                                                  suggestion: "check that every {{#section}} has a matching {{/section}}"))
                } catch {
                    diagnostics.append(file.error("template cannot be read: \(error)"))
                }
            }
        }
        // swift-mustache renders a missing partial as nothing; a page without its header is worse than a failed build.
        var included = Set<String>()
        for (_, file) in sources.sorted(by: { $0.key < $1.key }) {
            let references = references(in: file)
            included.formUnion(references.map(\.name))
            for reference in references where sources[reference.name] == nil {
                let kind = reference.isParent ? "parent template" : "partial"
                diagnostics.append(file.error("\(kind) '\(reference.name)' does not exist (looked for \(displayName)/\(reference.name).mustache)",
                                              line: reference.line, column: reference.column,
                                              suggestion: Suggestion.didYouMean(reference.name, in: sources.keys)))
            }
        }
        var set = TemplateSet(library: MustacheLibrary(templates: templates), names: Set(templates.keys), displayName: displayName)
        set.failedNames = Set(sources.keys).subtracting(templates.keys)
        set.includedNames = included
        return (set, diagnostics)
    }

    func render(_ context: [String: Any], with name: String) -> String? {
        library.render(context, withTemplate: name)
    }

    private struct Reference {
        let name: String
        let isParent: Bool
        let line: Int
        let column: Int
    }

    /// `{{> partial}}` and `{{< parent}}` tags, with where they are written.
    private static func references(in file: SourceFile) -> [Reference] {
        var found: [Reference] = []
        for lineNumber in 1...max(file.lineCount, 1) {
            guard let line = file.line(lineNumber) else { continue }
            var searchStart = line.startIndex
            while let open = line.range(of: "{{", range: searchStart..<line.endIndex) {
                searchStart = open.upperBound
                guard let close = line.range(of: "}}", range: open.upperBound..<line.endIndex) else { break }
                let inside = line[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                guard let marker = inside.first, marker == ">" || marker == "<" else { continue }
                let name = inside.dropFirst().trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                found.append(Reference(name: name, isParent: marker == "<", line: lineNumber, column: column))
            }
        }
        return found
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a closing tag {{/…}} does not match the section it closes"
        case .unfinishedName: return "a tag is not finished (missing '}}')"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to a block"
        case .illegalTokenInsideInheritSection: return "only {{$block}} overrides may appear inside {{<parent}}"
        case .textInsideInheritSection: return "text inside {{<parent}} must be inside a {{$block}}"
        case .invalidConfigVariableSyntax: return "invalid configuration tag"
        case .unrecognisedConfigVariable: return "unknown configuration variable"
        }
    }
}
