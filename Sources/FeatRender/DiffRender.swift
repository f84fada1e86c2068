import FeatDiff
import FeatJSON
import FeatModel

/// Renders `feat diff`: JSON (SPEC §7), text for a terminal, Markdown for a pull-request comment.
public enum DiffRender {
    // MARK: JSON

    /// `{"base", "head", "features": [...]}` (SPEC §7): a moved feature carries `old_path`, a
    /// stage move `events`, an unreadable file `problem` and `line` with `"impact": null`.
    public static func json(_ report: DiffReport, base: String, head: String) -> JSON {
        .object([
            ("base", .string(base)), ("head", .string(head)),
            ("features", .array(report.features.map(feature))),
        ])
    }

    static func feature(_ f: FeatureChange) -> JSON {
        var fields: [(String, JSON)] = [
            ("feature", f.identityKnown ? .string(f.identity.feature) : .null),
            ("version", f.identityKnown ? .int(f.identity.version) : .null),
            ("status", .string(f.status.rawValue)), ("path", .string(f.path)),
        ]
        if let previous = f.previousPath { fields.append(("old_path", .string(previous))) }
        fields += [
            ("stage", .object([("before", .optional(f.stageBefore)), ("after", .optional(f.stageAfter))])),
            ("impact", .optional(f.impact?.rawValue)),
            ("events", .array(f.events.filter(\.isStageMove).map(event))),
            ("changes", .array(f.changes.map(change))),
        ]
        if let unreadable = f.unreadable {
            fields += [
                ("problem", .string(unreadable.problem.message)),
                ("line", unreadable.problem.line.map(JSON.int) ?? .null),
                ("unreadable_at", .string(unreadable.side.rawValue)),
                ("unreadable_path", .string(unreadable.path)),
            ]
        }
        return .object(fields)
    }

    static func event(_ e: FeatureEvent) -> JSON {
        .object([
            ("event", .string(e.kind.rawValue)), ("from", .optional(e.from)), ("to", .optional(e.to)),
            ("impact", .string(e.impact.rawValue)), ("message", .string(e.message)),
        ])
    }

    static func change(_ c: FieldChange) -> JSON {
        .object([
            ("field", .string(c.field)),
            ("before", c.before.map(JSON.init) ?? .null), ("after", c.after.map(JSON.init) ?? .null),
            ("impact", .string(c.impact.rawValue)), ("message", .string(c.message)),
        ])
    }

    // MARK: Text

    /// One block per feature, each event and change with its impact and reason, then a summary line.
    public static func text(_ report: DiffReport, style: Style) -> String {
        var out = ""
        for f in report.features {
            var head = style.bold(f.title) + "  " + f.status.rawValue
            if let impact = f.impact { head += "  " + colour(impact, style)(impact.rawValue) }
            if f.status == .unreadable { head += "  " + style.yellow("not compared") }
            out += head + (f.identityKnown ? "  " + style.dim(printable(f.path)) : "") + "\n"
            if let unreadable = f.unreadable { out += "  " + printable(problemLine(unreadable)) + "\n" }
            if let previous = f.previousPath {
                out += "  \(f.status == .moved ? "moved from" : "base path:") \(printable(previous))\n"
            }
            for e in f.events {
                out += "  " + colour(e.impact, style)(e.impact.rawValue.padding(10)) + " " + printable(e.message) + "\n"
            }
            for c in f.changes {
                out += "  " + colour(c.impact, style)(c.impact.rawValue.padding(10)) + " " + printable(c.message) + "\n"
            }
            out += "\n"
        }
        let line = summary(report)
        out += report.impact.map { colour($0, style)(line) } ?? line
        return out + "\n"
    }

    /// `unreadable at head: features/a.yaml:3: <problem>`.
    static func problemLine(_ u: UnreadableFile) -> String {
        "unreadable at \(u.side.rawValue): \(u.path)\(u.problem.line.map { ":\($0)" } ?? ""): \(u.problem.message)"
    }

    static func colour(_ impact: Impact, _ style: Style) -> (String) -> String {
        switch impact {
        case .breaking: return style.red
        case .meaning: return style.yellow
        case .compatible: return style.cyan
        case .additive: return style.green
        case .cosmetic: return style.dim
        }
    }

    // MARK: Markdown

    /// A pull-request comment: verdict, a table of features, and a `<details>` block per feature.
    /// When many features change (more than `groupAbove`), the table is split by folder, one
    /// heading with its own summary per folder, so a family's edit reads as one row per member
    /// under one heading. The comment stays within `budget` characters (GitHub shows 65,536):
    /// rows past `rowsShown` and details past the budget are counted, every one is in the JSON.
    public static func markdown(_ report: DiffReport, base: String, head: String, budget: Int = 60_000) -> String {
        var out = "### feat diff \(code(short(base))) → \(code(short(head)))\n\n"
        guard !report.isEmpty else { return out + "**No semantic changes.**\n" }
        let unreadable = report.unreadable
        let verdict =
            report.impact?.rawValue
            ?? (unreadable.isEmpty ? "no change to an existing contract" : "incomplete")
        out += "**Verdict: \(verdict)** — \(summary(report))\n\n"
        if !unreadable.isEmpty {
            let n = unreadable.count
            out += "**\(n) file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "was" : "were") not compared:** "
            out += unreadable.prefix(rowsShown).compactMap(\.unreadable).map { u in
                code(u.path + (u.problem.line.map { ":\($0)" } ?? ""))
            }.joined(separator: ", ")
            if n > rowsShown { out += " and \(n - rowsShown) more" }
            out += ". The verdict covers the rest.\n\n"
        }
        let groups = report.features.count > groupAbove ? byFolder(report.features) : [("", report.features)]
        let features = groups.flatMap(\.features)
        let tableHead = "| feature | version | status | stage | impact |\n| --- | ---: | --- | --- | --- |\n"
        var rows = 0
        for (folder, members) in groups {
            guard rows < rowsShown else { break }
            if groups.count > 1 {
                if rows > 0 { out += "\n" }
                out +=
                    "#### \(code(folder.isEmpty ? "./" : folder + "/")) — \(summary(DiffReport(features: members)))\n\n"
            }
            out += tableHead
            for f in members.prefix(rowsShown - rows) { out += tableRow(f) }
            rows += min(members.count, rowsShown - rows)
        }
        if features.count > rows {
            out += "\n…and \(features.count - rows) more changed features: every one is in `--format json`.\n"
        }
        let present = Impact.allCases.reversed().filter { i in
            report.features.contains { $0.changes.contains { $0.impact == i } || $0.events.contains { $0.impact == i } }
        }
        if !present.isEmpty {
            let legend = present.map { "<b>\($0.rawValue)</b>: \(htmlEscape($0.summary))" }
            out += "\n<sub>" + legend.joined(separator: " · ") + "</sub>\n"
        }
        // Each feature's details while they fit; the count of the rest keeps its own room.
        var size = out.utf8.count
        let room = budget - 200
        for (i, f) in features.enumerated() {
            let block = details(f)
            guard size + block.utf8.count <= room else {
                let rest = features.count - i
                out += "\n…and the details of \(rest) more feature\(rest == 1 ? "" : "s"), left out to keep this "
                out += "comment within what GitHub shows: every one is in `--format json`.\n"
                break
            }
            out += block
            size += block.utf8.count
        }
        return out
    }

    /// More changed features than this are grouped by folder in Markdown.
    static let groupAbove = 10

    /// At most this many rows are listed in the Markdown table (the rest are counted).
    static let rowsShown = 300

    /// The changed features by the folder of their file, folders in path order, each
    /// keeping the report's order.
    static func byFolder(_ features: [FeatureChange]) -> [(folder: String, features: [FeatureChange])] {
        var order: [String] = []
        var members: [String: [FeatureChange]] = [:]
        for f in features {
            let folder = f.path.split(separator: "/").dropLast().joined(separator: "/")
            if members[folder] == nil { order.append(folder) }
            members[folder, default: []].append(f)
        }
        return order.sorted().map { ($0, members[$0] ?? []) }
    }

    /// One feature's row of the summary table.
    static func tableRow(_ f: FeatureChange) -> String {
        let name = f.identityKnown ? markdownEscape(f.identity.feature) : code(f.path, inTable: true)
        var out = "| \(name) | \(f.identityKnown ? String(f.identity.version) : "—") | \(f.status.rawValue) "
        let impact = f.impact.map { "**\($0.rawValue)**" } ?? (f.status == .unreadable ? "not compared" : "—")
        out += "| \(markdownEscape(stageCell(f))) | \(impact) |\n"
        return out
    }

    /// One feature's `<details>` block: its file, events and field changes.
    static func details(_ f: FeatureChange) -> String {
        var out = "\n<details\(f.status == .unreadable ? " open" : "")>"
        out += "<summary><b>\(htmlEscape(f.title))</b> — \(f.status.rawValue)"
        if let impact = f.impact { out += ", \(impact.rawValue)" }
        if f.status == .unreadable { out += ", not compared" }
        if !f.changes.isEmpty { out += ", \(f.changes.count) change\(f.changes.count == 1 ? "" : "s")" }
        if let stage = f.stageEvent { out += ", \(stage.kind.rawValue)" }
        out += "</summary>\n\n"
        out += "- file: \(code(f.path))"
        if let previous = f.previousPath {
            out += " (\(f.status == .moved ? "moved from" : "at base:") \(code(previous)))"
        }
        out += "\n"
        if let u = f.unreadable {
            out += "- unreadable at \(u.side.rawValue): \(code(u.path + (u.problem.line.map { ":\($0)" } ?? "")))"
            out += " — \(markdownEscape(u.problem.message))\n"
            if let stage = f.stageAfter ?? f.stageBefore { out += "- stage: \(markdownEscape(stage))\n" }
        }
        for e in f.events { out += "- **\(e.impact.rawValue)** — \(markdownEscape(e.message))\n" }
        if f.changes.isEmpty, f.events.isEmpty, f.status == .modified || f.status == .moved {
            out += "- no field changed\n"
        }
        if !f.changes.isEmpty {
            out += "\n| impact | field | before → after | why |\n| --- | --- | --- | --- |\n"
            for c in f.changes { out += changeRow(c) }
        }
        return out + "\n</details>\n"
    }

    /// One row of a feature's change table. A list (vocabulary, known keys, entity) too long
    /// for a cell is not cut into two look-alike prefixes: the row gives its sizes, and the
    /// message, which names the entries added, removed or moved.
    static func changeRow(_ c: FieldChange) -> String {
        let cells: String
        let why: String
        if isList(c.before) || isList(c.after), needsCut(c.before) || needsCut(c.after) {
            cells = "\(size(c.before)) → \(size(c.after))"
            why = c.message
        } else {
            cells = "\(value(c.before)) → \(value(c.after))"
            why = c.reason
        }
        return "| \(c.impact.rawValue) | \(code(c.field, inTable: true)) | \(cells) | \(markdownEscape(why)) |\n"
    }

    static func isList(_ v: Value?) -> Bool {
        if case .list = v { return true }
        return false
    }

    /// Whether a value is longer than a table cell shows (read within the cut, never in full).
    static func needsCut(_ v: Value?) -> Bool { v.map { !$0.fits(within: 60) } ?? false }

    /// `*4 entries*`, or *unset*.
    static func size(_ v: Value?) -> String {
        guard let v else { return "*unset*" }
        guard case .list(let items) = v else { return value(v) }
        return "*\(items.count) entr\(items.count == 1 ? "y" : "ies")*"
    }

    /// A value as a code span for a table cell, cut so a long SQL text does not swamp the table; *unset* when absent.
    static func value(_ v: Value?) -> String {
        guard let v else { return "*unset*" }
        return code(v.summary(limit: 60), inTable: true)
    }

    /// An inline code span, backticks fenced; in a table cell pipes are escaped too.
    static func code(_ s: String, inTable: Bool = false) -> String {
        let text = inTable ? s.replacingPipes() : s
        return text.contains("`") ? "`` \(text) ``" : "`\(text)`"
    }

    // MARK: Shared

    /// The stage column: `shadow → production (promoted)`, `production → deprecated (deprecated)`,
    /// or the one stage when it did not move.
    static func stageCell(_ f: FeatureChange) -> String {
        guard let before = f.stageBefore, let after = f.stageAfter, before != after else {
            return f.stageAfter ?? f.stageBefore ?? ""
        }
        return "\(before) → \(after)" + (f.stageEvent.map { " (\($0.kind.rawValue))" } ?? "")
    }

    /// `3 features changed: 1 breaking, 1 meaning; 1 added, 1 removed, 1 unreadable; 1 promoted, 1 deprecated`.
    static func summary(_ report: DiffReport) -> String {
        guard !report.isEmpty else { return "no semantic changes" }
        let n = report.features.count
        var out = "\(n) feature\(n == 1 ? "" : "s") changed"
        let byImpact = report.featuresByImpact
        let impacts = Impact.allCases.reversed().compactMap { i in byImpact[i].map { "\($0) \(i.rawValue)" } }
        let byStatus = report.featuresByStatus
        let statuses = [FeatureStatus.added, .removed, .moved, .unreadable].compactMap { s in
            byStatus[s].map { "\($0) \(s.rawValue)" }
        }
        let moves = report.features.compactMap(\.stageEvent).map(\.kind)
        let stages = [FeatureEvent.Kind.promoted, .deprecated, .demoted, .reinstated].compactMap { m in
            let k = moves.filter { $0 == m }.count
            return k > 0 ? "\(k) \(m.rawValue)" : nil
        }
        let parts = [impacts, statuses, stages].filter { !$0.isEmpty }.map { $0.joined(separator: ", ") }
        if !parts.isEmpty { out += ": " + parts.joined(separator: "; ") }
        return out
    }

    static func short(_ revision: String) -> String {
        revision.count == 40 && revision.allSatisfy(\.isHexDigit) ? String(revision.prefix(12)) : revision
    }
}

extension String {
    /// `|` escaped, line breaks as spaces: safe inside a Markdown table cell, code spans included.
    func replacingPipes() -> String {
        var out = ""
        for c in self {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
