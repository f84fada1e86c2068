import FeatDiff
import FeatJSON
import FeatModel
import FeatReport

/// Renders what locks report (SPEC §8): `feat lock --check`, `feat check --lock` and the
/// base of `feat diff LOCK`.
public enum LockRender {
    // MARK: feat diff LOCK

    /// The §7 diff shape with `"base": {"lock", "commit", "feat"}`: what the model was
    /// trained on, as the lock records it.
    public static func diffJSON(_ report: DiffReport, lock: String, commit: String?, feat: String, head: String)
        -> JSON
    {
        let base = JSON.object([("lock", .string(lock)), ("commit", .optional(commit)), ("feat", .string(feat))])
        guard case .object(var fields) = DiffRender.json(report, base: "", head: head) else { return .null }
        if let i = fields.firstIndex(where: { $0.0 == "base" }) { fields[i].1 = base }
        return .object(fields)
    }

    /// The first line of `feat diff LOCK` as text: which lock, and what it is compared with.
    public static func diffHeader(lock: String, commit: String?, feat: String, head: String, style: Style) -> String {
        let written = commit.map { " (written at \(DiffRender.short($0)) by feat \(printable(feat)))" } ?? ""
        return style.bold("trained on \(printable(lock))\(written) → \(DiffRender.short(head))") + "\n\n"
    }

    /// The base of `feat diff LOCK` in a Markdown heading.
    public static func diffMarkdown(_ report: DiffReport, lock: String, head: String) -> String {
        DiffRender.markdown(report, base: "lock " + lock, head: head)
    }

    // MARK: feat lock --check

    /// `{"lock", "ok", "reads": [{"feature", "version", "status", "differs"}]}`; a read that
    /// cannot be locked now adds `problem`.
    public static func checkJSON(_ report: LockCheckReport) -> JSON {
        .object([
            ("lock", .string(report.lock)), ("ok", .bool(report.ok)),
            (
                "reads",
                .array(
                    report.reads.map { r in
                        var fields: [(String, JSON)] = [
                            ("feature", .string(r.identity.feature)), ("version", .int(r.identity.version)),
                            ("status", .string(r.status.rawValue)), ("differs", .array(r.differs.map(JSON.string))),
                        ]
                        if let problem = r.problem { fields.append(("problem", .string(problem))) }
                        return .object(fields)
                    })
            ),
        ])
    }

    /// One line per read that is not current, and a verdict.
    public static func checkText(_ report: LockCheckReport, style: Style) -> String {
        var out = ""
        for r in report.reads where r.status != .current {
            let status = r.status == .added ? style.yellow(r.status.rawValue) : style.red(r.status.rawValue)
            var line = "\(style.bold(r.identity.description))  \(status)"
            if r.status == .stale { line += "  (\(r.differs.joined(separator: ", ")) differ)" }
            if let problem = r.problem { line += ": " + printable(problem) }
            out += line + "\n"
        }
        let n = report.reads.count
        if report.ok {
            out += style.green("\(printable(report.lock)): current (\(n) read\(n == 1 ? "" : "s"))") + "\n"
        } else {
            let stale = report.reads.filter { $0.status != .current }.count
            out +=
                style.red(
                    "\(printable(report.lock)): out of date: \(stale) of \(n) read\(n == 1 ? "" : "s") differ; "
                        + "run `feat lock` again to write what is read now") + "\n"
        }
        return out
    }

    // MARK: feat check --lock

    /// `{"lock", "rev", "ok", "max_impact", "reads": [{"feature", "version", "status", "impact",
    /// "changes", "events"?, "stage"?, "sunset"?, "problem"?}]}`.
    public static func gateJSON(_ report: LockGateReport) -> JSON {
        .object([
            ("lock", .string(report.lock)), ("rev", .string(report.rev)), ("ok", .bool(report.ok)),
            ("max_impact", .string(report.maxImpact.rawValue)), ("allow_widening", .bool(report.allowWidening)),
            ("reads", .array(report.reads.map(gateRead))),
        ])
    }

    static func gateRead(_ r: LockGateReport.Read) -> JSON {
        var fields: [(String, JSON)] = [
            ("feature", .string(r.identity.feature)), ("version", .int(r.identity.version)),
            ("status", .string(r.status.rawValue)), ("impact", .optional(r.impact?.rawValue)),
            ("changes", .array(r.changes.map(DiffRender.change))),
        ]
        if !r.events.isEmpty { fields.append(("events", .array(r.events.map(DiffRender.event)))) }
        if let stage = r.exitStage {
            fields.append(("stage", .string(stage)))
            fields.append(("sunset", .optional(r.sunset)))
        }
        if let problem = r.problem { fields.append(("problem", .string(problem))) }
        fields.append(("path", .string(r.path)))
        fields.append(("passes", .bool(r.passes)))
        return .object(fields)
    }

    /// Each read with what changed, then the verdict.
    public static func gateText(_ report: LockGateReport, style: Style) -> String {
        var out = style.bold(gateTitle(report)) + "\n\n"
        for r in report.reads {
            var head = style.bold(r.identity.description) + "  " + r.status.rawValue
            if let impact = r.impact { head += "  " + DiffRender.colour(impact, style)(impact.rawValue) }
            head += "  " + (r.passes ? style.green("ok") : style.red("fails"))
            out += head + "  " + style.dim(printable(r.path)) + "\n"
            if r.status == .removed {
                out += "  the feature no longer exists: the model reads a feature that is gone\n"
            }
            if let problem = r.problem {
                out += "  " + (r.status == .unreadable ? "cannot be read: " : "") + printable(problem) + "\n"
            }
            for e in r.events {
                out +=
                    "  " + DiffRender.colour(e.impact, style)(e.impact.rawValue.padding(10)) + " "
                    + printable(e.message) + "\n"
            }
            for c in r.changes {
                out +=
                    "  " + DiffRender.colour(c.impact, style)(c.impact.rawValue.padding(10)) + " "
                    + printable(c.message) + "\n"
            }
            if let notice = exitNotice(r) { out += "  " + style.yellow("notice") + "     " + printable(notice) + "\n" }
        }
        out += "\n" + (report.ok ? style.green(verdict(report)) : style.red(verdict(report))) + "\n"
        return out
    }

    /// A deploy pipeline's comment: verdict, a table of reads, and what changed in each.
    public static func gateMarkdown(_ report: LockGateReport) -> String {
        var out = "### \(markdownEscape(gateTitle(report)))\n\n**\(markdownEscape(verdict(report)))**\n\n"
        out += "| feature | version | status | impact | gate |\n| --- | ---: | --- | --- | --- |\n"
        for r in report.reads {
            out += "| \(markdownEscape(r.identity.feature)) | \(r.identity.version) | \(r.status.rawValue) "
            out += "| \(r.impact.map { "**\($0.rawValue)**" } ?? "—") | \(r.passes ? "ok" : "**fails**") |\n"
        }
        let detailed = report.reads.filter {
            !$0.changes.isEmpty || !$0.events.isEmpty || $0.problem != nil || exitNotice($0) != nil
        }
        for r in detailed {
            out += "\n<details><summary>\(htmlEscape(r.identity.description))</summary>\n\n"
            if let problem = r.problem {
                out += "- \(r.status == .unreadable ? "cannot be read: " : "")\(markdownEscape(problem))\n"
            }
            for e in r.events { out += "- **\(e.impact.rawValue)**: \(markdownEscape(e.message))\n" }
            for c in r.changes { out += "- **\(c.impact.rawValue)**: \(markdownEscape(c.message))\n" }
            if let notice = exitNotice(r) { out += "- notice: \(markdownEscape(notice))\n" }
            out += "\n</details>\n"
        }
        return out
    }

    static func gateTitle(_ report: LockGateReport) -> String {
        "feat check --lock \(printable(report.lock)) → \(DiffRender.short(report.rev))"
    }

    static func verdict(_ report: LockGateReport) -> String {
        let failing = report.reads.filter { !$0.passes }.count
        let n = report.reads.count
        let widening = report.allowWidening ? ", widenings allowed" : ""
        if failing == 0 {
            return "ok: \(n) read\(n == 1 ? "" : "s") within \(report.maxImpact.rawValue)\(widening)"
        }
        return "fails: \(failing) of \(n) read\(n == 1 ? "" : "s") changed beyond \(report.maxImpact.rawValue)"
            + "\(widening), removed or unreadable since the lock"
    }

    /// "now deprecated, sunset 2026-03-01": a read in an exit stage, which a deploy should
    /// know about even when nothing else changed.
    static func exitNotice(_ r: LockGateReport.Read) -> String? {
        guard let stage = r.exitStage else { return nil }
        return "now \(stage)" + (r.sunset.map { ", sunset \($0): move the model off it by then" } ?? "")
    }
}
