import FeatJSON
import FeatModel
import FeatReport

/// Renders `feat validate`: every finding as `path:line: severity: message`.
public enum ValidateRender {
    /// "3 files", or "3 feature files and 2 consumer files" when consumer files were checked.
    static func checked(_ files: Int, consumers: Int) -> String {
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        if consumers == 0 { return count(files, "file") }
        if files == 0 { return count(consumers, "consumer file") }
        return count(files, "feature file") + " and " + count(consumers, "consumer file")
    }

    public static func text(_ findings: [Finding], files: Int, consumerFiles: Int = 0, style: Style) -> String {
        var out = ""
        for f in findings {
            let location = f.path + (f.problem.line.map { ":\($0)" } ?? "")
            let severity = f.problem.severity == .error ? style.red("error") : style.yellow("warning")
            out += "\(style.bold(printable(location))): \(severity): \(printable(f.problem.message))\n"
            if let waiver = f.waiver { out += "  waived: \(printable(waiver))\n" }
        }
        let errors = findings.filter { $0.problem.severity == .error }.count
        let warnings = findings.count - errors
        let summary =
            "\(checked(files, consumers: consumerFiles)) checked, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        out += (errors == 0 ? style.green(summary) : style.red(summary)) + "\n"
        return out
    }

    public static func json(_ findings: [Finding], files: Int, consumerFiles: Int = 0) -> JSON {
        .object([
            ("ok", .bool(!findings.contains { $0.problem.severity == .error })),
            ("files", .int(files)), ("consumer_files", .int(consumerFiles)),
            (
                "problems",
                .array(
                    findings.map { f in
                        var fields: [(String, JSON)] = [
                            ("path", .string(f.path)), ("line", f.problem.line.map(JSON.int) ?? .null),
                            ("severity", .string(f.problem.severity.rawValue)),
                            ("feature", .optional(f.identity?.feature)),
                            ("version", f.identity.map { .int($0.version) } ?? .null),
                            ("message", .string(f.problem.message)),
                        ]
                        if let rule = f.rule { fields.append(("rule", .string(rule))) }
                        if let waiver = f.waiver { fields.append(("waiver", .string(waiver))) }
                        if f.inConsumerFile {
                            fields.append(("consumer", f.consumer.map(CheckRender.consumer) ?? .null))
                        }
                        return .object(fields)
                    })
            ),
        ])
    }

    public static func markdown(_ findings: [Finding], files: Int, consumerFiles: Int = 0) -> String {
        let errors = findings.filter { $0.problem.severity == .error }.count
        let checked = consumerFiles == 0 ? "\(files) files" : checked(files, consumers: consumerFiles)
        var out =
            errors == 0
            ? "**feat validate:** \(checked), no errors\n"
            : "**feat validate:** \(errors) error(s) in \(checked)\n"
        if findings.isEmpty { return out }
        out += "\n| file | line | severity | problem |\n| --- | ---: | --- | --- |\n"
        for f in findings {
            out +=
                "| `\(f.path)` | \(f.problem.line.map(String.init) ?? "") | \(f.problem.severity.rawValue) | \(markdownEscape(f.problem.message)) |\n"
        }
        return out
    }
}
