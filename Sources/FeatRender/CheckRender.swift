import FeatDiff
import FeatJSON
import FeatModel
import FeatReport
import FeatRules
import Foundation
import GitID

/// Renders `feat check`: text, JSON (SPEC §7), Markdown for the pull-request comment, and
/// GitHub workflow commands. SARIF and JUnit live beside it.
public enum CheckRender {
    // MARK: Text

    /// `path:line: error[FEAT003]: message`, one per finding, then a verdict line.
    public static func text(_ report: CheckReport, style: Style) -> String {
        var out = ""
        for v in report.violations {
            let severity = v.severity == .error ? style.red("error") : style.yellow("warning")
            out += "\(style.bold(printable(location(v)))): \(severity)[\(v.rule)]: \(printable(v.message))"
            if let feature = v.identity { out += style.dim("  (\(printable(feature.description)))") }
            out += "\n"
            if let waiver = v.waiver { out += "  waived: \(printable(waiver))\n" }
        }
        if let summary = Reach.summary(report.reach) { out += "reaches \(summary)\n" }
        let line = verdict(report)
        out += (report.ok ? style.green(line) : style.red(line)) + "\n"
        return out
    }

    /// `feat check passed: 0 errors, 1 warning (base abc → head def)`, or, when the base moved
    /// on since the branch left it, `(base abc + head def merged in memory, merge base 123)`.
    static func verdict(_ report: CheckReport) -> String {
        let word = report.ok ? "passed" : "failed"
        return "feat check \(word): \(counts(report)) (\(judged(report)))"
    }

    /// What was compared: the base tip with the head, or with the merge of the head into it.
    static func judged(_ report: CheckReport) -> String {
        let (base, head) = (short(report.base.description), short(report.head.description))
        guard report.judgedMerge else { return "base \(base) → head \(head)" }
        let bases =
            report.mergeBases.count > 1
            ? "merge bases " + report.mergeBases.map { short($0.description) }.joined(separator: ", ")
            : "merge base \(short(report.mergeBase.description))"
        return "base \(base) → head \(head) merged into it in memory, \(bases)"
    }

    static func counts(_ report: CheckReport) -> String {
        "\(report.errors) error\(report.errors == 1 ? "" : "s"), \(report.warnings) warning\(report.warnings == 1 ? "" : "s")"
    }

    /// `path:line`, saying so when the line is the base tip's, not the head's (SPEC §5).
    static func location(_ v: Violation) -> String {
        guard let line = v.line else { return v.path }
        return "\(v.path):\(line)" + (v.lineAtBase ? " (at the base tip)" : "")
    }

    /// For a line in the base tip's file, which an annotation on the pull request's own file
    /// would misplace: the words that say where it is.
    static func baseLine(_ v: Violation) -> String? {
        guard v.lineAtBase, let line = v.line else { return nil }
        return " (line \(line) of the file at the base tip)"
    }

    static func short(_ sha: String) -> String { String(sha.prefix(12)) }

    // MARK: JSON

    /// `{"base", "merge_base", "merged", "head", "ok", "violations": [{"rule", "severity", "feature", "version", "path", "line", "message"}]}`
    /// (and `merge_bases`, every merge base, when there are several);
    /// a waived finding also carries `waiver`.
    public static func json(_ report: CheckReport) -> JSON {
        var fields: [(String, JSON)] = [
            ("base", .string(report.base.description)), ("merge_base", .string(report.mergeBase.description)),
        ]
        if report.mergeBases.count > 1 {
            fields.append(("merge_bases", .array(report.mergeBases.map { .string($0.description) })))
        }
        fields += [
            ("merged", .string(report.merged.description)), ("head", .string(report.head.description)),
            ("ok", .bool(report.ok)),
            ("violations", .array(report.violations.map(violation))),
            ("reach", .array(report.reach.map(reach))),
        ]
        return .object(fields)
    }

    static func violation(_ v: Violation) -> JSON {
        var fields: [(String, JSON)] = [
            ("rule", .string(v.rule)), ("severity", .string(v.severity.rawValue)),
            ("feature", .optional(v.feature)), ("version", v.version.map(JSON.int) ?? .null),
            ("path", .string(v.path)), ("line", v.line.map(JSON.int) ?? .null),
        ]
        if v.lineAtBase && v.line != nil { fields.append(("line_at", .string("base"))) }
        fields += [("message", .string(v.message))]
        if let c = v.consumer { fields.append(("consumer", consumer(c))) }
        if let i = v.input {
            fields.append(
                (
                    "input",
                    .object([
                        ("feature", .string(i.feature)), ("version", .int(i.version)), ("stage", .string(i.stage)),
                    ])
                ))
        }
        if let a = v.acknowledgement {
            fields.append(
                (
                    "acknowledgement",
                    .object([
                        ("impact", .string(a.impact)), ("reason", .optional(a.reason)),
                        ("expires", a.expires.map { .string($0.description) } ?? .null),
                    ])
                ))
        }
        if let waiver = v.waiver {
            fields.append(
                (
                    "waiver",
                    .object([
                        ("reason", .string(waiver)),
                        ("expires", v.waiverExpires.map { .string($0.description) } ?? .null),
                    ])
                ))
        }
        return .object(fields)
    }

    static func consumer(_ c: ConsumerRef) -> JSON {
        .object([
            ("consumer", .string(c.consumer)), ("stage", .string(c.stage)), ("owner", .optional(c.owner)),
            ("path", .string(c.path)),
        ])
    }

    /// `{"feature", "version", "impact", "consumers": [{"consumer", "stage", "owner", "acknowledged"}]}`.
    static func reach(_ r: Reach) -> JSON {
        .object([
            ("feature", .string(r.identity.feature)), ("version", .int(r.identity.version)),
            ("impact", .optional(r.impact?.rawValue)),
            (
                "consumers",
                .array(
                    r.readers.map {
                        .object([
                            ("consumer", .string($0.consumer.consumer)), ("stage", .string($0.consumer.stage)),
                            ("owner", .optional($0.consumer.owner)), ("acknowledged", .bool($0.acknowledged)),
                        ])
                    })
            ),
        ])
    }

    /// At most this many findings are listed in Markdown (the rest are counted), so that a
    /// pull-request comment stays within what GitHub shows even when a change reaches
    /// hundreds of consumers, each a finding.
    static let findingsShown = 60

    /// The size a pull-request comment is kept within, in characters: GitHub shows 65,536.
    static let commentBudget = 60_000

    /// At most this many consumers are listed per feature in Markdown; the rest are counted,
    /// so a pull-request comment stays within what GitHub shows (65,536 characters).
    static let consumersShown = 25

    /// The reach of the changes, for the pull-request comment: a summary line, then each
    /// changed feature's readers.
    static func reachMarkdown(_ reach: [Reach]) -> String {
        guard let summary = Reach.summary(reach) else { return "" }
        var out = "\n**Reaches \(summary).**\n\n| feature | impact | consumers |\n| --- | --- | --- |\n"
        for r in reach.prefix(100) {
            var names = r.readers.prefix(consumersShown).map { reader in
                let c = reader.consumer
                let owner = c.owner.map { ", " + markdownEscape($0) } ?? ""
                return
                    "\(markdownEscape(c.consumer)) (\(c.stage)\(owner))\(reader.acknowledged ? " ✅ acknowledged" : "")"
            }
            if r.readers.count > consumersShown { names.append("and \(r.readers.count - consumersShown) more") }
            out += "| \(markdownEscape(r.identity.description)) | \(r.impact?.rawValue ?? "unreadable") | "
            out += names.joined(separator: "<br>") + " |\n"
        }
        if reach.count > 100 {
            out += "\n…and \(reach.count - 100) more changed features with consumers (see the JSON).\n"
        }
        return out
    }

    // MARK: Markdown

    /// The pull-request comment: the verdict first, then the findings with file:line, the
    /// semantic diff, and a mermaid timeline of this pull request's stage changes.
    public static func markdown(_ report: CheckReport) -> String {
        let mark = report.ok ? (report.violations.isEmpty ? "✅" : "⚠️") : "❌"
        var out = "## \(mark) feat check \(report.ok ? "passed" : "failed") — \(counts(report))\n\n"
        out += "Base `\(short(report.base.description))` → head `\(short(report.head.description))`, "
        out += "judged by the base's policy.\n"
        if report.judgedMerge {
            out +=
                "\nThe base moved on since this branch left it (merge base `\(short(report.mergeBase.description))`): "
            out += "judged is the merge of the head into the base, tree `\(short(report.merged.description))`, "
            out += "which can differ from the branch's own diff.\n"
        }
        out += reachMarkdown(report.reach)
        if !report.violations.isEmpty {
            out += "\n| | rule | where | feature | finding |\n| --- | --- | --- | --- | --- |\n"
            for v in report.violations.prefix(findingsShown) {
                let icon = v.severity == .error ? "❌ error" : "⚠️ warning"
                var message = markdownEscape(v.message)
                if let waiver = v.waiver { message += "<br>**waived:** \(markdownEscape(waiver))" }
                out +=
                    "| \(icon) | \(v.rule) | `\(location(v).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'"))` "
                out += "| \(v.identity.map { markdownEscape($0.description) } ?? "") | \(message) |\n"
            }
            if report.violations.count > findingsShown {
                out += "\n…and \(report.violations.count - findingsShown) more findings: every one is in "
                out += "`--format json`, `sarif` and `github`.\n"
            }
        }
        // The diff gets what the comment has left of GitHub's limit, and never less than a summary.
        out +=
            "\n"
            + DiffRender.markdown(
                report.diff, base: report.base.description, head: report.head.description,
                budget: max(8_000, commentBudget - out.utf8.count - 4_000))
        if !report.stageChanges.isEmpty {
            out +=
                "\n### Stage changes in this pull request\n\n" + mermaid(report.stageChanges, features: timelinesShown)
        }
        return out
    }

    /// At most this many features get a section in the Markdown timeline (the rest are counted).
    static let timelinesShown = 40

    /// A mermaid `timeline`: one section per feature, one event per stage change; past
    /// `features` features, the rest are counted below it.
    static func mermaid(_ changes: [StageChange], features shown: Int = .max) -> String {
        var out = "```mermaid\ntimeline\n    title Stage changes in this pull request\n"
        var order: [Identity] = []
        var byFeature: [Identity: [StageChange]] = [:]
        for c in changes {
            if byFeature[c.identity] == nil { order.append(c.identity) }
            byFeature[c.identity, default: []].append(c)
        }
        for identity in order.prefix(shown) {
            out += "    section \(HistoryRender.mermaidText(identity.description))\n"
            for c in byFeature[identity] ?? [] {
                let t = c.transition
                let move = "\(t.from ?? "new") → \(t.to ?? "removed") (\(t.credit))"
                out += "        \(day(t.date)) : \(HistoryRender.mermaidText(move))\n"
            }
        }
        out += "```\n"
        if order.count > shown {
            out += "\n…and the stage changes of \(order.count - shown) more features: every one is in `feat history`.\n"
        }
        return out
    }

    // MARK: GitHub

    /// Workflow commands (`::error file=…,line=…,title=FEAT003::message`) that GitHub
    /// shows as annotations on the pull request's files, then the verdict as plain text.
    public static func github(_ report: CheckReport) -> String {
        var out = ""
        for v in report.violations {
            var properties = ["file=" + githubProperty(repositoryPath(v.path, report.prefix))]
            // A base tip's line would land on another line of the pull request's file: the
            // annotation is the file's, and the message says where.
            if let line = v.line, !v.lineAtBase { properties.append("line=\(line)") }
            properties.append("title=" + githubProperty(v.rule))
            var message = "\(v.rule): \(v.message)" + (baseLine(v) ?? "")
            if let waiver = v.waiver { message += " (waived: \(waiver))" }
            out +=
                "::\(v.severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(githubData(message))\n"
        }
        return out + verdict(report) + "\n"
    }

    /// A path relative to the git repository root, as annotations and SARIF want it.
    static func repositoryPath(_ path: String, _ prefix: String) -> String {
        prefix.isEmpty ? path : prefix + "/" + path
    }

    /// Escapes a workflow command's message: `%`, CR and LF.
    static func githubData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes a workflow command's property value: the message escapes plus `:` and `,`.
    static func githubProperty(_ s: String) -> String {
        var out = ""
        for c in githubData(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
