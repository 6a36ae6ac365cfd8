import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of the site, loaded from a folder: `layout.mustache`, one template per
/// page kind and `partials/…`. Syntax errors, references to templates that do not exist, include
/// loops and nesting too deep to render are diagnostics with the template's file, line and column.
public struct TemplateSet: Sendable {
    public private(set) var library: MustacheLibrary
    public let names: Set<String>
    /// Templates that exist but will not render (refused, did not compile, or would never finish): already
    /// reported, so not "missing" too.
    public var failedNames: Set<String> = []
    /// Templates that another template includes (`{{> name}}`) or extends (`{{< name}}`).
    public var includedNames: Set<String> = []
    /// The file and tags of each template in `names`, for checks that read what templates use.
    public var files: [String: (source: SourceFile, tags: [Tag])] = [:]
    public let displayName: String
    /// The sets `filled(with:)` made from this one, by the key of their words: an edition's
    /// templates are compiled once, not on every build of the preview.
    private var filledSets = Locked<[Int: TemplateSet]>([:])

    /// Sections, blocks and included templates nested deeper than this are an error. The renderer
    /// (and the compiler, for one file) recurses once per level with no limit of its own, and
    /// overflows a small thread stack somewhere past 500 levels; real templates nest under 10.
    public static let maximumDepth = 100

    public static func load(from folder: URL, displayName: String) -> (TemplateSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: SourceFile] = [:]
        var tags: [String: [Tag]] = [:]
        let base = folder.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            let empty = TemplateSet(library: MustacheLibrary(), names: [], displayName: displayName)
            return (empty, [.error("templates folder '\(displayName)' does not exist", path: displayName,
                                   suggestion: "pass --templates with the folder that holds layout.mustache")])
        }
        let listed = SourceFolder.files(in: folder)
        // A link out of the folder is never read: a template that leads to /etc/passwd must not
        // show a line of it in a syntax error. The words under strings/ say their own (Strings.load).
        var outsideNames: Set<String> = []
        for link in listed.outside where !link.hasPrefix("strings/") {
            diagnostics.append(SourceFolder.linkLeadsOut(link, displayName: displayName, folderName: "templates", consequence: "it is not read"))
            if link.hasSuffix(".mustache") { outsideNames.insert(String(link.dropLast(".mustache".count))) }
        }
        // Read, scanned and compiled in parallel (swift-mustache's compiler takes milliseconds a
        // file); the results are gathered in the folder's order, so the diagnostics keep theirs.
        let relatives = listed.files.filter { $0.hasSuffix(".mustache") }
        let loaded = concurrentMap(relatives) { loadOne($0, from: folder, displayName: displayName) }
        for index in relatives.indices {
            let name = String(relatives[index].dropLast(".mustache".count))
            switch loaded[index] {
            case .unreadable(let diagnostic):
                diagnostics.append(diagnostic)
            case .refused(let file, let diagnostic):
                sources[name] = file
                diagnostics.append(diagnostic)
            case .read(let file, let fileTags, let compiled):
                sources[name] = file
                tags[name] = fileTags
                switch compiled {
                case .success(let template): templates[name] = template
                case .failure(let diagnostic): diagnostics.append(diagnostic)
                }
            }
        }
        diagnostics += missingReferences(tags: tags, sources: sources, displayName: displayName)

        // Each template in a loop, or on a path too deep, would crash any render that reaches it.
        var paths = RenderPaths(tags: tags.filter { templates[$0.key] != nil })
        paths.walk()
        for problem in paths.problems {
            diagnostics.append(sources[problem.template]!.error(problem.message, line: problem.tag.line, column: problem.tag.column,
                                                                 suggestion: problem.suggestion))
        }
        for name in paths.unsafeTemplates { templates[name] = nil }

        var set = TemplateSet(library: MustacheLibrary(templates: templates), names: Set(templates.keys), displayName: displayName)
        // Reported already, so not "missing" too.
        set.failedNames = Set(sources.keys).subtracting(templates.keys).union(outsideNames)
        set.includedNames = Set(tags.values.joined().filter(\.isReference).map(\.name))
        set.files = templates.keys.reduce(into: [:]) { files, name in files[name] = (sources[name]!, tags[name]!) }
        return (set, diagnostics)
    }

    /// The templates with each `{{text.…}}` variable written in as its words (escaped, or not
    /// for `{{{text.…}}}`), as the renderer would fill it from the context's `text`. Those words
    /// are the same on every page of an edition, and their lookups, which walk the context stack
    /// furthest, were about a quarter of the time a page spent looking names up.
    /// A word holding a brace stays a tag (it could make one with the text around it).
    public func filled(with strings: Strings) -> TemplateSet {
        // Made under the lock, so two threads asking for one edition's set compile it once.
        return filledSets.withLock { sets in
            if let set = sets[strings.key] { return set }
            let compiled = concurrentMap(files.keys.sorted()) { name -> (String, MustacheTemplate)? in
                guard let (file, tags) = files[name], let original = library.getTemplate(named: name) else { return nil }
                let text = Self.filling(file.text, tags: tags) { strings.optional($0) }
                return (name, text.flatMap { try? Self.compile($0) } ?? original)
            }
            var set = self
            set.library = MustacheLibrary(templates: Dictionary(uniqueKeysWithValues: compiled.compactMap { $0 }))
            // Its own cache: sharing this one would hold it in itself, and keep it after the preview drops this set.
            set.filledSets = Locked([:])
            // An editor changing the words in the preview makes a new set each time; the old ones go.
            if sets.count >= 4 { sets.removeAll() }
            sets[strings.key] = set
            return set
        }
    }

    /// `text` with its `{{text.…}}` variables replaced by their words; nil when it has none.
    static func filling(_ text: String, tags: [Tag], _ word: (String) -> String?) -> String? {
        var result = ""
        var copied = text.startIndex
        for tag in tags where tag.kind == .variable && tag.name.hasPrefix("text.") {
            guard let words = word(tag.name), !words.contains(where: { $0 == "{" || $0 == "}" }) else { continue }
            result += text[copied..<tag.range.lowerBound]
            result += tag.marker.isEmpty ? HTMLEscaping().escapeText(words) : words
            copied = tag.range.upperBound
        }
        guard copied > text.startIndex else { return nil }
        return result + text[copied...]
    }

    /// One template file as loading found it.
    private enum Loaded: Sendable {
        case unreadable(Diagnostic)
        /// Read, but with a tag the checks cannot follow: not compiled.
        case refused(SourceFile, Diagnostic)
        case read(SourceFile, [Tag], Result<MustacheTemplate, Diagnostic>)
    }

    private static func loadOne(_ relative: String, from folder: URL, displayName: String) -> Loaded {
        switch SourceFile.read(folder.appendingPathComponent(relative), displayPath: displayName + "/" + relative) {
        case .failure(let diagnostic):
            return .unreadable(diagnostic)
        case .success(let file):
            let fileTags = Tag.scan(file.text)
            // A tag the scan cannot follow would hide loops from it; too deep would crash the compiler.
            if let problem = unsupported(fileTags, in: file) { return .refused(file, problem) }
            do {
                return .read(file, fileTags, .success(try compile(file.text)))
            } catch let error as MustacheTemplate.ParserError {
                return .read(file, fileTags, .failure(syntaxError(error, tags: fileTags, in: file)))
            } catch {
                return .read(file, fileTags, .failure(file.error("template cannot be read: \(error)")))
            }
        }
    }

    public func render(_ context: [String: Any], with name: String) -> String? {
        library.render(context, withTemplate: name)
    }

    /// The templates `roots` include or extend, directly or through others, with the roots themselves.
    public func reached(from roots: Set<String>) -> Set<String> {
        var reached = Set<String>()
        var todo = Array(roots.intersection(names))
        while let name = todo.popLast() {
            guard reached.insert(name).inserted else { continue }
            todo += files[name]?.tags.filter(\.isReference).map(\.name).filter(names.contains) ?? []
        }
        return reached
    }

    // MARK: - Problems found while loading

    private static func unsupported(_ tags: [Tag], in file: SourceFile) -> Diagnostic? {
        var open = 0
        for tag in tags {
            if tag.isReference && tag.name.hasPrefix("*") {
                return file.error("'\(tag.written)' chooses its template while rendering, so guide cannot check it", line: tag.line, column: tag.column,
                                  suggestion: "name the template, e.g. {{> partials/header}}")
            }
            switch tag.kind {
            case .delimiters:
                return file.error("templates cannot change their tag delimiters ('\(tag.written)')", line: tag.line, column: tag.column,
                                  suggestion: "write every tag with {{ }}: guide reads them to check includes and names")
            case .section, .inverted, .block, .parent:
                open += 1
                if open > maximumDepth {
                    return file.error("sections are nested more than \(maximumDepth) deep here", line: tag.line, column: tag.column,
                                      suggestion: "close sections before opening new ones; each {{#…}} needs its {{/…}}")
                }
            case .close:
                open -= 1
            default:
                break
            }
        }
        return nil
    }

    /// The template compiled to escape with `HTMLEscaping`: a first line that selects it, which
    /// every template needs (an included one starts with the library's default again). The
    /// line is alone on its own, so it renders as nothing; compiler errors are a line later.
    static func compile(_ text: String) throws -> MustacheTemplate {
        _ = HTMLEscaping.registered
        return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(HTMLEscaping.name) }}\n" + text)
    }

    private static func syntaxError(_ error: MustacheTemplate.ParserError, tags: [Tag], in file: SourceFile) -> Diagnostic {
        // The compiler finds an unclosed section where an outer one closes, or at the end of the
        // file; the editor needs where it opens.
        let kind = error.error as? MustacheTemplate.Error
        if kind == .expectedSectionEnd || kind == .sectionCloseNameIncorrect, let opening = Tag.unclosed(in: tags) {
            return file.error("section '\(opening.written)' opened on line \(opening.line) is never closed", line: opening.line, column: opening.column,
                              suggestion: "add {{/\(opening.name)}} where the section should end")
        }
        return file.error("template syntax error: \(describe(error.error))", line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                          suggestion: "check that every {{#section}} has a matching {{/section}}")
    }

    /// swift-mustache renders a missing partial as nothing; a page without its header is worse than
    /// a failed build. One error per missing template, at its first use: a missing layout is one
    /// problem, however many templates extend it.
    private static func missingReferences(tags: [String: [Tag]], sources: [String: SourceFile], displayName: String) -> [Diagnostic] {
        var uses: [String: [(file: SourceFile, tag: Tag)]] = [:]
        for (name, fileTags) in tags.sorted(by: { $0.key < $1.key }) {
            for tag in fileTags where tag.isReference && sources[tag.name] == nil {
                uses[tag.name, default: []].append((sources[name]!, tag))
            }
        }
        return uses.sorted { $0.key < $1.key }.map { missing, uses in
            let (file, tag) = uses[0]
            let kind = tag.kind == .parent ? "parent template" : "partial"
            let users = Set(uses.map(\.file.path)).count
            return file.error("\(kind) '\(missing)' does not exist (looked for \(displayName)/\(missing).mustache)"
                              + (users > 1 ? "; \(users) templates use it" : ""),
                              line: tag.line, column: tag.column, suggestion: Suggestion.didYouMean(missing, in: sources.keys))
        }
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

// MARK: - Tags

extension TemplateSet {
    /// One `{{…}}` tag and where it is written. Templates keep the `{{ }}` delimiters (a tag that
    /// changes them is refused), so a plain scan of the text finds the tags the compiler finds.
    public struct Tag: Sendable {
        public enum Kind: Sendable {
            case variable, section, inverted, block, parent, close, partial, comment, delimiters, other
        }

        public let kind: Kind
        /// The tag's marker (`#`, `>`, `{`…), or nothing for a variable.
        public let marker: String
        /// What follows the marker, without spaces: `drug`, `partials/header`, `empty(drugs)`.
        public let name: String
        public let line: Int
        public let column: Int
        /// Where the tag is written in its file's text, braces included.
        public let range: Range<String.Index>

        public var written: String {
            switch marker {
            case "{": "{{{\(name)}}}"
            case ">", "<": "{{\(marker) \(name)}}"
            default: "{{\(marker)\(name)}}"
            }
        }
        public var isReference: Bool { kind == .partial || kind == .parent }
        public var opens: Bool { [.section, .inverted, .block, .parent].contains(kind) }

        public static func scan(_ text: String) -> [Tag] {
            var tags: [Tag] = []
            var line = 1, column = 1
            var position = text.startIndex
            func move(to end: String.Index) {
                for character in text[position..<end] {
                    if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
                }
                position = end
            }
            while let open = text.range(of: "{{", range: position..<text.endIndex) {
                move(to: open.lowerBound)
                // An unfinished tag is the compiler's to report.
                guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else { break }
                let inside = text[open.upperBound..<close.lowerBound]
                var end = close.upperBound
                if inside.first == "{", end < text.endIndex, text[end] == "}" { end = text.index(after: end) }
                let marker = inside.first.map { "#^$</>!{&=%".contains($0) ? String($0) : "" } ?? ""
                let name = inside.dropFirst(marker.count).trimmingCharacters(in: .whitespacesAndNewlines)
                tags.append(Tag(kind: kind(of: marker), marker: marker, name: name, line: line, column: column, range: open.lowerBound..<end))
                move(to: end)
            }
            return tags
        }

        private static func kind(of marker: String) -> Kind {
            switch marker {
            case "", "{", "&": return .variable
            case "#": return .section
            case "^": return .inverted
            case "$": return .block
            case "<": return .parent
            case "/": return .close
            case ">": return .partial
            case "!": return .comment
            case "=": return .delimiters
            default: return .other
            }
        }

        /// The section left open: the innermost one when a closing tag closes a section around it
        /// (`{{#drug}}` inside `{{$main}}…{{/main}}`), or when the file ends. nil when a closing tag
        /// matches no open section: that is a misspelt closing tag, and the compiler's message says so.
        public static func unclosed(in tags: [Tag]) -> Tag? {
            var open: [Tag] = []
            for tag in tags {
                if tag.opens { open.append(tag) }
                guard tag.kind == .close else { continue }
                if open.last?.name == tag.name {
                    open.removeLast()
                } else {
                    return open.contains { $0.name == tag.name } ? open.last : nil
                }
            }
            return open.last
        }

        /// For each tag that opens a section, the index of the tag that closes it.
        public static func closings(of tags: [Tag]) -> [Int: Int] {
            var closings: [Int: Int] = [:]
            var open: [Int] = []
            for (index, tag) in tags.enumerated() {
                if tag.opens { open.append(index) }
                if tag.kind == .close, let last = open.popLast() { closings[last] = index }
            }
            return closings
        }
    }
}

// MARK: - Render paths

/// Every way a render can go, followed as the renderer goes but into every section (as if each
/// were shown): into `{{> partial}}` and `{{< parent}}` templates, and into each `{{$block}}`,
/// which renders the override a child passed down or else its own text. A render that comes back
/// to where it already is (the same text with the same overrides) never ends, whatever the data;
/// one that nests too deep overflows the renderer's stack. Each is reported once, at the tag that
/// closes the loop or goes too deep.
private struct RenderPaths {
    /// A stretch of a template's tags: the whole template, or the inside of one block.
    struct Body: Hashable {
        let template: String
        let tags: Range<Int>
    }

    /// What renders: a body, with the block overrides in force (the outermost child's win).
    struct Frame: Hashable {
        let body: Body
        let overrides: [String: Body]
    }

    struct Step {
        let template: String
        let tag: Int
        let into: Frame
        /// Levels of nesting this step adds: the sections around the tag, and the step itself.
        let levels: Int
    }

    struct Problem {
        let template: String
        let tag: TemplateSet.Tag
        let message: String
        let suggestion: String
    }

    let tags: [String: [TemplateSet.Tag]]
    let closings: [String: [Int: Int]]
    private(set) var problems: [Problem] = []
    /// Templates in a loop, or holding a tag that goes too deep: not to be rendered.
    private(set) var unsafeTemplates: Set<String> = []
    private var path: [Step] = []
    private var pathPosition: [Frame: Int] = [:]
    /// For each frame followed to its end: the most levels of nesting below it.
    private var heights: [Frame: Int] = [:]
    private var reportedLoops: Set<[String]> = []

    init(tags: [String: [TemplateSet.Tag]]) {
        self.tags = tags
        closings = tags.mapValues(TemplateSet.Tag.closings)
    }

    mutating func walk() {
        for name in tags.keys.sorted() {
            let frame = Frame(body: whole(name), overrides: [:])
            if heights[frame] == nil { _ = visit(frame, depth: 0) }
        }
    }

    private func whole(_ template: String) -> Body {
        Body(template: template, tags: 0..<tags[template]!.count)
    }

    /// Follows `frame`; returns the levels of nesting below it, and whether a problem was reported inside.
    private mutating func visit(_ frame: Frame, depth: Int) -> (height: Int, reported: Bool) {
        pathPosition[frame] = path.count
        defer { pathPosition[frame] = nil }
        let (steps, sections) = steps(from: frame)
        var height = sections
        var reported = false
        for step in steps {
            height = max(height, step.levels)
            if let start = pathPosition[step.into] {
                reportLoop(Array(path[start...]) + [step])
                reported = true
                continue
            }
            if depth + step.levels > TemplateSet.maximumDepth {
                reportTooDeep(step)
                reported = true
                continue
            }
            var below = (height: heights[step.into] ?? 0, reported: false)
            if heights[step.into] == nil {
                path.append(step)
                below = visit(step.into, depth: depth + step.levels)
                path.removeLast()
            }
            if !below.reported && depth + step.levels + below.height > TemplateSet.maximumDepth { reportTooDeep(step) }
            reported = reported || below.reported || depth + step.levels + below.height > TemplateSet.maximumDepth
            height = max(height, step.levels + below.height)
        }
        heights[frame] = height
        return (height, reported)
    }

    /// Where rendering `frame` goes next, in the order the tags are written, and how deep its own sections nest.
    private func steps(from frame: Frame) -> ([Step], sections: Int) {
        let template = frame.body.template
        let tags = self.tags[template]!
        let closings = self.closings[template]!
        var steps: [Step] = []
        var sections = 0, deepest = 0
        var index = frame.body.tags.lowerBound
        while index < frame.body.tags.upperBound {
            let tag = tags[index]
            switch tag.kind {
            case .section, .inverted:
                sections += 1
                deepest = max(deepest, sections)
            case .close:
                sections -= 1
            case .partial where self.tags[tag.name] != nil:
                steps.append(Step(template: template, tag: index, into: Frame(body: whole(tag.name), overrides: frame.overrides), levels: sections + 1))
            case .parent:
                // Only `{{$block}}` overrides sit directly inside `{{< parent}}` (the compiler checks).
                let end = closings[index] ?? index
                var given: [String: Body] = [:]
                var inner = index + 1
                while inner < end {
                    let blockEnd = closings[inner] ?? inner
                    if tags[inner].kind == .block { given[tags[inner].name] = Body(template: template, tags: inner + 1..<blockEnd) }
                    inner = blockEnd + 1
                }
                if self.tags[tag.name] != nil {
                    let overrides = frame.overrides.merging(given) { outer, _ in outer }
                    steps.append(Step(template: template, tag: index, into: Frame(body: whole(tag.name), overrides: overrides), levels: sections + 1))
                }
                index = end
            case .block:
                let end = closings[index] ?? index
                let body = frame.overrides[tag.name] ?? Body(template: template, tags: index + 1..<end)
                steps.append(Step(template: template, tag: index, into: Frame(body: body, overrides: frame.overrides), levels: sections + 1))
                index = end
            default:
                break
            }
            index += 1
        }
        return (steps, deepest)
    }

    private mutating func reportLoop(_ loop: [Step]) {
        // Met again from another template, the same loop is the same problem.
        let key = loop.map { "\($0.template):\($0.tag)" }.sorted()
        guard reportedLoops.insert(key).inserted, let closing = loop.last else { return }
        let tag = tags[closing.template]![closing.tag]
        let target = closing.into.body.template
        let subject = switch tag.kind {
        case .block: "block '\(tag.written)'"
        case .parent: "parent template '\(target)'"
        default: "partial '\(target)'"
        }
        let route = loop.map { "\($0.template).mustache:\(tags[$0.template]![$0.tag].line)" } + [tag.kind == .block ? tag.written : target]
        problems.append(Problem(template: closing.template, tag: tag, message: "\(subject) includes itself: " + route.joined(separator: " → "),
                                suggestion: "remove one of these includes: a template that includes itself never finishes rendering"))
        unsafeTemplates.formUnion(loop.map(\.template))
    }

    private mutating func reportTooDeep(_ step: Step) {
        let tag = tags[step.template]![step.tag]
        problems.append(Problem(template: step.template, tag: tag,
                                message: "sections, blocks and included templates nest more than \(TemplateSet.maximumDepth) deep through '\(tag.written)'",
                                suggestion: "include fewer templates inside each other, or nest fewer sections around the includes"))
        unsafeTemplates.insert(step.template)
    }
}
