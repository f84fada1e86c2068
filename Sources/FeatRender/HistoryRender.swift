import FeatJSON
import FeatModel
import FeatReport
import Foundation
import GitID

/// Renders `feat history`.
public enum HistoryRender {
    public static func json(_ history: StageHistory) -> JSON {
        var fields: [(String, JSON)] = [("rev", .string(history.revision.description))]
        if let boundary = history.shallowBoundary { fields.append(("shallow_boundary", .string(boundary.description))) }
        fields.append(("features", .array(history.features.map(feature))))
        if !history.warnings.isEmpty {
            fields.append(
                (
                    "warnings",
                    .array(
                        history.warnings.map { w in
                            .object([
                                ("commit", .string(w.commit.description)), ("path", .string(w.path)),
                                ("message", .string(w.message)),
                            ])
                        })
                ))
        }
        return .object(fields)
    }

    static func feature(_ f: FeatureHistory) -> JSON {
        .object([
            ("feature", .string(f.identity.feature)), ("version", .int(f.identity.version)),
            ("stage", .optional(f.stage)), ("path", .string(f.path)),
            ("transitions", .array(f.transitions.map(transition))),
        ])
    }

    /// One transition as SPEC §7 shapes it; `merged_by` only for merges.
    public static func transition(_ t: Transition) -> JSON {
        var fields: [(String, JSON)] = [
            ("from", .optional(t.from)), ("to", .optional(t.to)), ("commit", .string(t.commit.description)),
            ("date", .string(isoDate(t.date))), ("author", person(t.author)),
        ]
        if let merger = t.mergedBy { fields.append(("merged_by", person(merger))) }
        fields.append(("path", .string(t.path)))
        return .object(fields)
    }

    static func person(_ p: Person) -> JSON {
        .object([("name", .string(p.name)), ("email", .string(p.email))])
    }

    /// Days from each transition to the next one, the last one counted to `now`.
    static func dwell(_ f: FeatureHistory, now: Date) -> [Int?] {
        f.transitions.indices.map { i in
            guard f.transitions[i].to != nil else { return nil }
            let end = i + 1 < f.transitions.count ? f.transitions[i + 1].date : now
            return max(0, Int(end.timeIntervalSince(f.transitions[i].date) / 86_400))
        }
    }

    public static func text(_ history: StageHistory, now: Date, style: Style) -> String {
        var out = ""
        if let boundary = history.shallowBoundary {
            out +=
                style.yellow(
                    "shallow clone: history starts at \(boundary.description.prefix(12)); earlier transitions are not shown"
                ) + "\n\n"
        }
        for f in history.features {
            let stage = f.stage.map { style.cyan($0) } ?? style.red("removed")
            out += style.bold(f.identity.description) + "  " + stage + "  " + style.dim(f.path) + "\n"
            let days = dwell(f, now: now)
            for (i, t) in f.transitions.enumerated() {
                let move = "\(t.from ?? "∅") → \(t.to ?? "removed")"
                var line = "  \(day(t.date))  \(move.padding(28))  \(t.commit.description.prefix(10))  \(t.credit)"
                if let d = days[i] {
                    line +=
                        "  "
                        + style.dim("\(d) day\(d == 1 ? "" : "s")" + (i == f.transitions.count - 1 ? " so far" : ""))
                }
                out += line + "\n"
            }
            out += "\n"
        }
        if history.features.isEmpty {
            out += "no features in the history of \(history.revision.description.prefix(12))\n"
        }
        return out
    }

    public static func markdown(_ history: StageHistory, now: Date) -> String {
        var out = "## Stage history at `\(history.revision.description.prefix(12))`\n\n"
        if let boundary = history.shallowBoundary {
            out +=
                "> **Shallow clone:** history starts at `\(boundary.description.prefix(12))`; earlier transitions are not shown.\n\n"
        }
        out += "| feature | version | stage | since | days |\n| --- | ---: | --- | --- | ---: |\n"
        for f in history.features {
            let days = dwell(f, now: now).last ?? nil
            let since = f.transitions.last.map { day($0.date) } ?? ""
            out +=
                "| \(markdownEscape(f.identity.feature)) | \(f.identity.version) | \(f.stage ?? "*removed*") | \(since) | \(days.map(String.init) ?? "") |\n"
        }
        for f in history.features where !f.transitions.isEmpty {
            out +=
                "\n<details><summary><b>\(htmlEscape(f.identity.description))</b> — \(f.stage ?? "removed")</summary>\n\n"
            out += "| date | change | days | commit | author |\n| --- | --- | ---: | --- | --- |\n"
            let days = dwell(f, now: now)
            for (i, t) in f.transitions.enumerated() {
                out +=
                    "| \(day(t.date)) | \(t.from ?? "∅") → \(t.to ?? "removed") | \(days[i].map(String.init) ?? "") | `\(t.commit.description.prefix(10))` | \(markdownEscape(t.credit)) |\n"
            }
            out += "\n</details>\n"
        }
        return out
    }

    /// A mermaid `timeline` GitHub renders: one section per feature.
    public static func mermaid(_ history: StageHistory) -> String {
        var out = "```mermaid\ntimeline\n    title Stage history at \(history.revision.description.prefix(12))\n"
        for f in history.features where !f.transitions.isEmpty {
            out += "    section \(mermaidText(f.identity.description))\n"
            for t in f.transitions {
                out += "        \(day(t.date)) : \(mermaidText(t.to ?? "removed"))\n"
            }
        }
        return out + "```\n"
    }

    static func mermaidText(_ s: String) -> String {
        String(s.map { ":#;\n".contains($0) ? " " : $0 })
    }
}

extension Transition {
    /// Who made the change, and who merged it when that was someone else:
    /// `Bob Builder, merged by Alice Merger`.
    public var credit: String {
        guard let merger = mergedBy, merger != author else { return author.name }
        return "\(author.name), merged by \(merger.name)"
    }
}

/// `2026-01-05T10:00:00Z`: UTC, whole seconds. Computed by hand: a formatter per call
/// cost more than the whole history walk on large repositories.
public func isoDate(_ date: Date) -> String {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secondOfDay = seconds - days * 86_400
    let date = CalendarDate(dayNumber: Int(days))
    let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
    func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    return
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
}

/// `2026-01-05`, in UTC.
func day(_ date: Date) -> String { String(isoDate(date).prefix(10)) }

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
