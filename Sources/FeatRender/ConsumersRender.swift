import FeatJSON
import FeatModel

/// Renders `feat consumers`: who reads what, with stages and owners (SPEC §8). With a feature
/// name (`feature`), the readings hold only the consumers that read it, and text and markdown
/// show only those reads.
public enum ConsumersRender {
    public static func json(_ r: ConsumerReadings) -> JSON {
        .object([
            ("rev", .string(r.rev)),
            (
                "consumers",
                .array(
                    r.readers.map { reader in
                        let c = reader.consumer
                        return .object([
                            ("consumer", .string(c.name)), ("kind", .optional(c.kind?.rawValue)),
                            ("stage", .string(c.stage.rawValue)), ("owner", .optional(c.owner)),
                            ("path", .string(c.path)),
                            (
                                "reads",
                                .array(
                                    reader.reads.map { read in
                                        .object([
                                            ("feature", .string(read.identity.feature)),
                                            ("version", .int(read.identity.version)), ("stage", .optional(read.stage)),
                                            ("role", .string(read.role)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "warnings",
                .array(
                    unreadable(r).map { file in
                        .object([
                            ("path", .string(file.path)), ("line", file.line.map { JSON.int($0) } ?? .null),
                            ("message", .string(file.message)),
                        ])
                    })
            ),
        ])
    }

    public static func text(_ r: ConsumerReadings, feature: String?, version: Int?, style: Style) -> String {
        if let feature {
            let what = version.map { Identity(feature: feature, version: $0).description } ?? feature
            guard !r.readers.isEmpty else { return "no consumer reads \(what)\n" }
            var out = "\(what) is read by \(count(r.readers)):\n"
            let rows = r.readers.map { reader in
                let c = reader.consumer
                let reads = shown(reader, feature: feature, version: version).map { describe($0) }
                return [
                    c.name, c.kind?.rawValue ?? "-", c.stage.rawValue, printable(c.owner ?? "-"),
                    reads.joined(separator: ", "), c.path,
                ]
            }
            out += table(header: ["CONSUMER", "KIND", "STAGE", "OWNER", "READS", "PATH"], rows: rows, style: style)
            return out
        }
        guard !r.readers.isEmpty else {
            return "no consumers (declare one with `feat new --consumer NAME`)\n"
        }
        var out = ""
        for reader in r.readers {
            let c = reader.consumer
            let head = [c.name, c.kind?.rawValue, c.stage.rawValue, c.owner.map(printable), c.path].compactMap { $0 }
            out += style.bold(head[0]) + " · " + head.dropFirst().joined(separator: " · ") + "\n"
            if reader.reads.isEmpty { out += "  " + style.dim("reads nothing") + "\n" }
            let width = reader.reads.map { label($0).count }.max() ?? 0
            for read in reader.reads {
                let name = label(read)
                let stage = read.stage ?? style.red("no such feature")
                out += "  " + name + String(repeating: " ", count: width - name.count) + "  " + stage + "\n"
            }
        }
        return out
    }

    public static func markdown(_ r: ConsumerReadings, feature: String?, version: Int?) -> String {
        var out = ""
        if let feature {
            let what = version.map { Identity(feature: feature, version: $0).description } ?? feature
            guard !r.readers.isEmpty else { return "No consumer reads `\(what)`.\n" + markdownWarnings(r) }
            out += "**`\(what)` is read by \(count(r.readers)).**\n\n"
        } else if r.readers.isEmpty {
            return "No consumers.\n" + markdownWarnings(r)
        }
        out += "| consumer | kind | stage | owner | reads | path |\n| --- | --- | --- | --- | --- | --- |\n"
        for reader in r.readers {
            let c = reader.consumer
            let reads = feature.map { shown(reader, feature: $0, version: version) } ?? reader.reads
            let cells = [
                markdownEscape(c.name), c.kind?.rawValue ?? "", c.stage.rawValue, markdownEscape(c.owner ?? ""),
                reads.map { markdownEscape(describe($0)) }.joined(separator: ", "), "`\(c.path)`",
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out + markdownWarnings(r)
    }

    /// The lines text output writes as warnings: one per consumer file that could not be read.
    public static func warnings(_ r: ConsumerReadings) -> [String] {
        let files = unreadable(r)
        guard !files.isEmpty else { return [] }
        var lines = files.map { "\($0.path)\($0.line.map { ":\($0)" } ?? ""): \($0.message); not listed" }
        let n = files.count
        lines.append(
            "\(n) consumer file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") not listed"
                + (r.rev == "worktree" ? ": run `feat validate` for the details" : " at \(r.rev.prefix(12))"))
        return lines
    }

    static func markdownWarnings(_ r: ConsumerReadings) -> String {
        let files = unreadable(r)
        guard !files.isEmpty else { return "" }
        let n = files.count
        return
            "\n**\(n) consumer file\(n == 1 ? "" : "s") could not be read and \(n == 1 ? "is" : "are") not listed:** "
            + files.map { "`\($0.path)\($0.line.map { ":\($0)" } ?? "")` (\(markdownEscape($0.message)))" }
            .joined(separator: ", ") + ".\n"
    }

    /// The reads of one feature (in one version, or all) that a consumer has.
    static func shown(_ reader: ConsumerReadings.Reader, feature: String, version: Int?) -> [ConsumerReadings.Read] {
        reader.reads.filter { $0.identity.feature == feature && (version == nil || $0.identity.version == version) }
    }

    /// "2 consumers (1 production, 1 shadow)": how many, by stage, most relied-on first.
    static func count(_ readers: [ConsumerReadings.Reader]) -> String {
        let n = readers.count
        let stages = Consumer.Stage.allCases.reversed().compactMap { stage -> String? in
            let k = readers.filter { $0.consumer.stage == stage }.count
            return k == 0 ? nil : "\(k) \(stage.rawValue)"
        }
        return "\(n) consumer\(n == 1 ? "" : "s") (\(stages.joined(separator: ", ")))"
    }

    /// `product_title_embedding v2`, `is_fraud (label)`.
    static func label(_ read: ConsumerReadings.Read) -> String {
        read.identity.description + (read.role == "feature" ? "" : " (\(read.role))")
    }

    /// A read with the stage of its feature: `user_txn_count_7d (production)`.
    static func describe(_ read: ConsumerReadings.Read) -> String {
        read.identity.description + " (" + (read.role == "feature" ? "" : read.role + ", ")
            + (read.stage ?? "no such feature") + ")"
    }

    static func unreadable(_ r: ConsumerReadings) -> [(path: String, line: Int?, message: String)] {
        r.unreadable.map { file in
            let problem = file.problems.first { $0.severity == .error } ?? file.problems.first
            return (file.path, problem?.line, problem?.message ?? "the file does not parse")
        }
    }
}
