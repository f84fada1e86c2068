import FeatJSON
import FeatModel
import FeatReport
import GitID

/// Renders `feat list` and `feat show`.
public enum CatalogRender {
    public static func listJSON(_ catalog: Catalog) -> JSON {
        .object([
            ("rev", .string(catalog.commit?.description ?? "worktree")),
            ("features", .array(catalog.features.map(summary))),
            (
                "warnings",
                .array(
                    unreadable(catalog).map { file in
                        .object([
                            ("path", .string(file.path)), ("line", file.line.map { JSON.int($0) } ?? .null),
                            ("message", .string(file.message)),
                        ])
                    })
            ),
        ])
    }

    /// A feature file `list` could not read, and why.
    public struct Unreadable: Sendable, Equatable {
        public var path: String
        public var line: Int?
        public var message: String
    }

    /// The files that are not listed because they could not be read.
    public static func unreadable(_ catalog: Catalog) -> [Unreadable] {
        catalog.files.filter { $0.feature == nil }.map { file in
            let problem = file.problems.first { $0.severity == .error } ?? file.problems.first
            return Unreadable(
                path: file.path, line: problem?.line, message: problem?.message ?? "the file does not parse")
        }
    }

    /// The lines `list` writes as warnings in text: one per unreadable file, then their count.
    public static func listWarnings(_ catalog: Catalog) -> [String] {
        let files = unreadable(catalog)
        guard !files.isEmpty else { return [] }
        var lines = files.map { "\($0.path)\($0.line.map { ":\($0)" } ?? ""): \($0.message); not listed" }
        lines.append(unreadableSummary(files.count, catalog: catalog))
        return lines
    }

    /// "2 files could not be read and are not listed: …", with what to run about it.
    static func unreadableSummary(_ n: Int, catalog: Catalog) -> String {
        let what = "\(n) file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") not listed"
        if let commit = catalog.commit { return what + " at \(commit.description.prefix(12))" }
        return what + ": run `feat validate` for the details"
    }

    static func summary(_ f: Feature) -> JSON {
        .object([
            ("feature", .string(f.name)), ("version", .int(f.version)), ("stage", .string(f.stage)),
            ("kind", .optional(f.kind?.rawValue)), ("owner", .optional(f.owner)), ("path", .string(f.path)),
        ])
    }

    public static func showJSON(_ f: Feature, catalog: Catalog) -> JSON {
        guard case .object(var fields) = summary(f) else { return .null }
        fields.insert(("rev", .string(catalog.commit?.description ?? "worktree")), at: 0)
        fields.append(("definition", JSON(f.definition)))
        return .object(fields)
    }

    public static func listText(_ catalog: Catalog, style: Style) -> String {
        let features = catalog.features
        if features.isEmpty { return "no features\n" }
        let rows = features.map { f in
            [
                f.version == 1 ? f.name : "\(f.name) v\(f.version)", f.stage, f.kind?.rawValue ?? "-", f.owner ?? "-",
                f.path,
            ]
        }
        return table(header: ["FEATURE", "STAGE", "KIND", "OWNER", "PATH"], rows: rows, style: style)
    }

    public static func listMarkdown(_ catalog: Catalog) -> String {
        var out = "| feature | version | stage | kind | owner | path |\n| --- | ---: | --- | --- | --- | --- |\n"
        for f in catalog.features {
            out +=
                "| \(markdownEscape(f.name)) | \(f.version) | \(f.stage) | \(f.kind?.rawValue ?? "") | \(markdownEscape(f.owner ?? "")) | `\(f.path)` |\n"
        }
        let files = unreadable(catalog)
        if !files.isEmpty {
            let n = files.count
            out += "\n**\(n) file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") not listed:** "
            out +=
                files.map { "`\($0.path)\($0.line.map { ":\($0)" } ?? "")` (\(markdownEscape($0.message)))" }
                .joined(separator: ", ") + "."
            out += catalog.commit == nil ? " Run `feat validate` for the details.\n" : "\n"
        }
        return out
    }

    /// One feature as YAML in its file's key order, under a comment naming it: valid YAML
    /// that can be copied back into a feature file.
    public static func showText(_ f: Feature, style: Style) -> String {
        let kind = f.kind.map { " · \($0.rawValue)" } ?? ""
        var out = style.dim("# \(f.identity.description) · \(f.stage)\(kind)") + "\n"
        out += style.dim("# \(f.path)") + "\n"
        return out + FeatureYAML.render(f, style: style)
    }

    public static func showMarkdown(_ f: Feature) -> String {
        var out =
            "### \(markdownEscape(f.identity.description)) — \(f.stage)\n\n`\(f.path)`\n\n| field | value |\n| --- | --- |\n"
        for (path, value) in flatten(f.definition, prefix: "") {
            out += "| `\(path)` | \(markdownEscape(value.display)) |\n"
        }
        return out
    }

    static func flatten(_ value: Value, prefix: String) -> [(String, Value)] {
        guard case .map(let m) = value, !m.isEmpty else { return [(prefix, value)] }
        return m.sorted(by: { $0.key < $1.key }).flatMap {
            flatten($0.value, prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key)
        }
    }
}

/// A left-aligned text table with a bold header.
func table(header: [String], rows: [[String]], style: Style) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
        }.joined(separator: "  ")
    }
    var out = style.bold(line(header)) + "\n"
    for row in rows { out += line(row) + "\n" }
    return out
}
