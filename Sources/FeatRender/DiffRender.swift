import FeatDiff
import FeatModel

/// Renders `feat diff`: JSON (SPEC §7), text for a terminal, Markdown for a pull-request comment.
public enum DiffRender {
    // MARK: JSON

    /// `{"base", "head", "features": [...]}`; a moved feature also carries `previous_path`.
    public static func json(_ report: DiffReport, base: String, head: String) -> JSON {
        .object([
            ("base", .string(base)), ("head", .string(head)),
            ("features", .array(report.features.map(feature))),
        ])
    }

    static func feature(_ f: FeatureChange) -> JSON {
        var fields: [(String, JSON)] = [
            ("feature", .string(f.identity.feature)), ("version", .int(f.identity.version)),
            ("status", .string(f.status.rawValue)), ("path", .string(f.path)),
        ]
        if let previous = f.previousPath { fields.append(("previous_path", .string(previous))) }
        fields += [
            ("stage", .object([("before", .optional(f.stageBefore)), ("after", .optional(f.stageAfter))])),
            ("impact", .optional(f.impact?.rawValue)),
            ("changes", .array(f.changes.map(change))),
        ]
        return .object(fields)
    }

    static func change(_ c: FieldChange) -> JSON {
        .object([
            ("field", .string(c.field)),
            ("before", c.before.map(JSON.init) ?? .null), ("after", c.after.map(JSON.init) ?? .null),
            ("impact", .string(c.impact.rawValue)), ("message", .string(c.message)),
        ])
    }

    // MARK: Text

    /// One block per feature, each change with its impact and reason, then a summary line.
    public static func text(_ report: DiffReport, style: Style) -> String {
        var out = ""
        for f in report.features {
            var head = style.bold(f.identity.description) + "  " + f.status.rawValue
            if let impact = f.impact { head += "  " + colour(impact, style)(impact.rawValue) }
            out += head + "  " + style.dim(f.path) + "\n"
            if let previous = f.previousPath { out += "  moved from \(previous)\n" }
            if let stage = stageEvent(f) { out += "  \(stage)\n" }
            for c in f.changes {
                out += "  " + colour(c.impact, style)(c.impact.rawValue.padding(10)) + " " + c.message + "\n"
            }
            out += "\n"
        }
        let line = summary(report)
        out += report.impact.map { colour($0, style)(line) } ?? line
        return out + "\n"
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
    public static func markdown(_ report: DiffReport, base: String, head: String) -> String {
        var out = "### feat diff \(code(short(base))) → \(code(short(head)))\n\n"
        guard !report.isEmpty else { return out + "**No semantic changes.**\n" }
        out += "**Verdict: \(report.impact?.rawValue ?? "no change to an existing contract")** — \(summary(report))\n\n"
        out += "| feature | version | status | stage | impact |\n| --- | ---: | --- | --- | --- |\n"
        for f in report.features {
            out += "| \(markdownEscape(f.identity.feature)) | \(f.identity.version) | \(f.status.rawValue) "
            out += "| \(markdownEscape(stageCell(f))) | \(f.impact.map { "**\($0.rawValue)**" } ?? "—") |\n"
        }
        let present = Impact.allCases.reversed().filter { i in report.features.contains { $0.changes.contains { $0.impact == i } } }
        if !present.isEmpty {
            out += "\n<sub>" + present.map { "<b>\($0.rawValue)</b>: \(htmlEscape($0.summary))" }.joined(separator: " · ") + "</sub>\n"
        }
        for f in report.features {
            out += "\n<details><summary><b>\(htmlEscape(f.identity.description))</b> — \(f.status.rawValue)"
            if let impact = f.impact {
                out += ", \(impact.rawValue), \(f.changes.count) change\(f.changes.count == 1 ? "" : "s")"
            }
            out += "</summary>\n\n"
            out += "- file: \(code(f.path))" + (f.previousPath.map { " (moved from \(code($0)))" } ?? "") + "\n"
            if let stage = stageEvent(f) { out += "- \(markdownEscape(stage))\n" }
            if f.status == .removed { out += "- removed: consumers of this identity lose it\n" }
            if f.changes.isEmpty, f.status == .modified || f.status == .moved { out += "- no field changed\n" }
            if !f.changes.isEmpty {
                out += "\n| impact | field | before → after | why |\n| --- | --- | --- | --- |\n"
                for c in f.changes {
                    out += "| \(c.impact.rawValue) | \(code(c.field, inTable: true)) | \(value(c.before)) → \(value(c.after)) | \(markdownEscape(c.reason)) |\n"
                }
            }
            out += "\n</details>\n"
        }
        return out
    }

    /// A value as a code span for a table cell, cut so a long SQL text does not swamp the table; *unset* when absent.
    static func value(_ v: Value?) -> String {
        guard let v else { return "*unset*" }
        let words = v.display.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let text = words.joined(separator: " ")
        return code(text.count > 60 ? String(text.prefix(59)) + "…" : text, inTable: true)
    }

    /// An inline code span, backticks fenced; in a table cell pipes are escaped too.
    static func code(_ s: String, inTable: Bool = false) -> String {
        let text = inTable ? s.replacingPipes() : s
        return text.contains("`") ? "`` \(text) ``" : "`\(text)`"
    }

    // MARK: Shared

    /// The stage column: `shadow → production (promoted)`, or the one stage when it did not move.
    static func stageCell(_ f: FeatureChange) -> String {
        guard let before = f.stageBefore, let after = f.stageAfter, before != after else {
            return f.stageAfter ?? f.stageBefore ?? ""
        }
        return "\(before) → \(after)" + (f.stageMove.map { " (\($0.rawValue))" } ?? "")
    }

    /// `enters at explore`, `was at deprecated`, `stage shadow → production (promoted)`; nil when unchanged.
    static func stageEvent(_ f: FeatureChange) -> String? {
        switch (f.stageBefore, f.stageAfter) {
        case (nil, let after?): return "enters at \(after)"
        case (let before?, nil): return "was at \(before)"
        case (let before?, let after?) where before != after: return "stage " + stageCell(f)
        default: return nil
        }
    }

    /// `3 features changed: 1 breaking, 1 meaning; 1 added, 1 removed; 1 promoted`.
    static func summary(_ report: DiffReport) -> String {
        guard !report.isEmpty else { return "no semantic changes" }
        let n = report.features.count
        var out = "\(n) feature\(n == 1 ? "" : "s") changed"
        let byImpact = report.featuresByImpact
        let impacts = Impact.allCases.reversed().compactMap { i in byImpact[i].map { "\($0) \(i.rawValue)" } }
        let byStatus = report.featuresByStatus
        let statuses = [FeatureStatus.added, .removed, .moved].compactMap { s in byStatus[s].map { "\($0) \(s.rawValue)" } }
        let moves = report.features.compactMap(\.stageMove)
        let stages = [StageMove.promoted, .demoted].compactMap { m in
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
    fileprivate func replacingPipes() -> String {
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
