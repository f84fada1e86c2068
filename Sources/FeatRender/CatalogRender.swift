import FeatKit
import FeatModel

/// Renders `feat list` and `feat show`.
public enum CatalogRender {
    public static func listJSON(_ catalog: Catalog) -> JSON {
        .object([
            ("rev", .string(catalog.commit?.description ?? "worktree")),
            ("features", .array(catalog.features.map(summary))),
        ])
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
            [f.version == 1 ? f.name : "\(f.name) v\(f.version)", f.stage, f.kind?.rawValue ?? "-", f.owner ?? "-", f.path]
        }
        return table(header: ["FEATURE", "STAGE", "KIND", "OWNER", "PATH"], rows: rows, style: style)
    }

    public static func listMarkdown(_ catalog: Catalog) -> String {
        var out = "| feature | version | stage | kind | owner | path |\n| --- | ---: | --- | --- | --- | --- |\n"
        for f in catalog.features {
            out += "| \(markdownEscape(f.name)) | \(f.version) | \(f.stage) | \(f.kind?.rawValue ?? "") | \(markdownEscape(f.owner ?? "")) | `\(f.path)` |\n"
        }
        return out
    }

    public static func showText(_ f: Feature, style: Style) -> String {
        var out = style.bold(f.identity.description) + "  " + style.cyan(f.stage) + "  " + (f.kind?.rawValue ?? "") + "\n"
        out += style.dim(f.path) + "\n"
        guard case .map(let fields) = f.definition else { return out }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) where !["feature", "version", "stage", "kind"].contains(key) {
            out += render(key, value, indent: "", style: style)
        }
        return out
    }

    static func render(_ key: String, _ value: Value, indent: String, style: Style) -> String {
        switch value {
        case .map(let m) where !m.isEmpty:
            var out = indent + style.bold(key) + ":\n"
            for (k, v) in m.sorted(by: { $0.key < $1.key }) { out += render(k, v, indent: indent + "  ", style: style) }
            return out
        default:
            return indent + style.bold(key) + ": " + value.display + "\n"
        }
    }

    public static func showMarkdown(_ f: Feature) -> String {
        var out = "### \(markdownEscape(f.identity.description)) — \(f.stage)\n\n`\(f.path)`\n\n| field | value |\n| --- | --- |\n"
        for (path, value) in flatten(f.definition, prefix: "") {
            out += "| `\(path)` | \(markdownEscape(value.display)) |\n"
        }
        return out
    }

    static func flatten(_ value: Value, prefix: String) -> [(String, Value)] {
        guard case .map(let m) = value, !m.isEmpty else { return [(prefix, value)] }
        return m.sorted(by: { $0.key < $1.key }).flatMap { flatten($0.value, prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
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
