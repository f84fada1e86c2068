import FeatDiff
import FeatJSON
import FeatModel
import FeatReport
import Foundation
import GitID

/// Renders `feat log`: each feature's semantic changelog, newest entry first.
public enum LogRender {
    // MARK: JSON

    /// SPEC §9's shape: the same change objects as `feat diff --format json`.
    public static func json(_ log: SemanticLog) -> JSON {
        var fields: [(String, JSON)] = [("rev", .string(log.revision.description))]
        if let boundary = log.shallowBoundary { fields.append(("shallow_boundary", .string(boundary.description))) }
        fields.append(
            (
                "features",
                .array(
                    log.features.map { f in
                        .object([
                            ("feature", .string(f.identity.feature)), ("version", .int(f.identity.version)),
                            ("entries", .array(f.entries.map(entry))),
                        ])
                    })
            ))
        if !log.warnings.isEmpty {
            fields.append(
                (
                    "warnings",
                    .array(
                        log.warnings.map { w in
                            .object([
                                ("commit", .string(w.commit.description)), ("path", .string(w.path)),
                                ("message", .string(w.message)),
                            ])
                        })
                ))
        }
        return .object(fields)
    }

    static func entry(_ e: LogEntry) -> JSON {
        var fields: [(String, JSON)] = [
            ("commit", .string(e.commit.description)), ("date", .string(isoDate(e.date))),
            ("author", HistoryRender.person(e.author)),
        ]
        if let merger = e.mergedBy { fields.append(("merged_by", HistoryRender.person(merger))) }
        fields += [
            ("stage", .optional(e.stage)), ("path", .string(e.path)), ("status", .string(e.status.rawValue)),
            ("impact", .optional(e.impact?.rawValue)),
            ("changes", .array(e.changes.map(DiffRender.change))),
            // As `feat diff` shows them: `added` and `removed` are the status.
            ("events", .array(e.events.filter(\.isStageMove).map(DiffRender.event))),
        ]
        if let problem = e.problem { fields.append(("problem", .string(problem))) }
        return .object(fields)
    }

    // MARK: Text

    public static func text(_ log: SemanticLog, style: Style) -> String {
        var out = ""
        if let boundary = log.shallowBoundary {
            out +=
                style.yellow(
                    "shallow clone: history starts at \(boundary.description.prefix(12)); earlier changes are not shown"
                )
                + "\n\n"
        }
        out += blocks(log.features, style: style)
        if log.features.isEmpty { out += "no changes in the history of \(log.revision.description.prefix(12))\n" }
        return out
    }

    /// Each feature's block, in order. A long log (the log of every feature: 200,000 entries
    /// on the L benchmark, about a second on one core) is rendered in consecutive chunks on
    /// every core; each block depends on nothing else, so the text is the same.
    static func blocks(_ features: [FeatureLog], style: Style) -> String {
        let chunks = features.count < 1000 ? 1 : min(8, 2 * ProcessInfo.processInfo.activeProcessorCount)
        guard chunks > 1 else { return features.map { block($0, style: style) }.joined() }
        let size = (features.count + chunks - 1) / chunks
        let rendered = RenderedChunks(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let part = features[min(features.count, chunk * size)..<min(features.count, (chunk + 1) * size)]
            rendered.store(chunk, part.map { block($0, style: style) }.joined())
        }
        return rendered.joined()
    }

    /// One feature's entries, newest first, and a blank line.
    static func block(_ f: FeatureLog, style: Style) -> String {
        var out = style.bold(f.identity.description) + "\n"
        for e in f.entries {
            var head = "  \(day(e.date))  \(e.commit.description.prefix(10))  "
            head +=
                e.impact.map { DiffRender.colour($0, style)($0.rawValue.padding(10)) } ?? "unreadable".padding(10)
            head += "  " + printable(credit(e)) + "  " + style.dim(printable(e.path))
            out += head + "\n"
            if let problem = e.problem { out += "      " + style.yellow(printable(problem)) + "\n" }
            for event in e.events {
                out += "      " + DiffRender.colour(event.impact, style)(printable(event.message)) + "\n"
            }
            for change in e.changes {
                out += "      " + DiffRender.colour(change.impact, style)(printable(change.message)) + "\n"
            }
        }
        return out + "\n"
    }

    /// `Bob Builder, merged by Alice Merger`.
    static func credit(_ e: LogEntry) -> String {
        guard let merger = e.mergedBy, merger != e.author else { return e.author.name }
        return "\(e.author.name), merged by \(merger.name)"
    }

    // MARK: Markdown

    /// One section per feature, one row per entry; its changes in the row's last cell.
    public static func markdown(_ log: SemanticLog) -> String {
        var out = "## Semantic changelog at `\(log.revision.description.prefix(12))`\n\n"
        if let boundary = log.shallowBoundary {
            out +=
                "> **Shallow clone:** history starts at `\(boundary.description.prefix(12))`; earlier changes are not shown.\n\n"
        }
        if log.features.isEmpty { return out + "No changes.\n" }
        for f in log.features {
            out += "### \(markdownEscape(f.identity.description))\n\n"
            out += "| date | impact | stage | commit | author | what changed |\n| --- | --- | --- | --- | --- | --- |\n"
            for e in f.entries {
                let what =
                    (e.problem.map { ["unreadable: " + $0] } ?? []) + e.events.map(\.message)
                    + e.changes.map(\.message)
                let cell = what.map { markdownEscape($0).replacingPipes() }
                    .joined(separator: "<br>")
                out +=
                    "| \(day(e.date)) | \(e.impact?.rawValue ?? "*unreadable*") | \(e.stage.map(markdownEscape) ?? "*removed*") | `\(e.commit.description.prefix(10))` | \(markdownEscape(credit(e)).replacingPipes()) | \(cell) |\n"
            }
            out += "\n"
        }
        return out
    }
}

/// The chunks of a text rendered on several threads, each stored once by its own thread.
final class RenderedChunks: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String]

    init(count: Int) { chunks = Array(repeating: "", count: count) }

    func store(_ index: Int, _ text: String) {
        lock.lock()
        chunks[index] = text
        lock.unlock()
    }

    func joined() -> String {
        lock.lock()
        defer { lock.unlock() }
        return chunks.joined()
    }
}
