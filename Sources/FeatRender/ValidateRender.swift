import FeatJSON
import FeatModel
import FeatReport

/// Renders `feat validate`: every finding as `path:line: severity: message`.
public enum ValidateRender {
    public static func text(_ findings: [Finding], files: Int, style: Style) -> String {
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
            "\(files) file\(files == 1 ? "" : "s") checked, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        out += (errors == 0 ? style.green(summary) : style.red(summary)) + "\n"
        return out
    }

    public static func json(_ findings: [Finding], files: Int) -> JSON {
        .object([
            ("ok", .bool(!findings.contains { $0.problem.severity == .error })),
            ("files", .int(files)),
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
                        return .object(fields)
                    })
            ),
        ])
    }

    public static func markdown(_ findings: [Finding], files: Int) -> String {
        let errors = findings.filter { $0.problem.severity == .error }.count
        var out =
            errors == 0
            ? "**feat validate:** \(files) files, no errors\n"
            : "**feat validate:** \(errors) error(s) in \(files) files\n"
        if findings.isEmpty { return out }
        out += "\n| file | line | severity | problem |\n| --- | ---: | --- | --- |\n"
        for f in findings {
            out +=
                "| `\(f.path)` | \(f.problem.line.map(String.init) ?? "") | \(f.problem.severity.rawValue) | \(markdownEscape(f.problem.message)) |\n"
        }
        return out
    }
}
