import FeatJSON
import FeatModel
import FeatReport
import FeatRules
import GitID

/// Renders `feat check --format sarif`: SARIF 2.1.0, for code-scanning uploads.
public enum CheckSARIF {
    public static let schema =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// One run: the tool with every rule (its configured level under the base policy), and
    /// one result per finding with its file and line.
    public static func sarif(_ report: CheckReport, toolVersion: String) -> JSON {
        let rules = RuleRegistry.all
        var index: [String: Int] = [:]
        for (i, r) in rules.enumerated() { index[r.id] = i }
        let descriptors: [JSON] = rules.map { r in
            let configured = report.ruleSeverities[r.id] ?? r.defaultSeverity
            var configuration: [(String, JSON)] = [("level", .string(level(configured ?? r.defaultSeverity)))]
            if configured == nil { configuration.insert(("enabled", .bool(false)), at: 0) }
            return .object([
                ("id", .string(r.id)), ("name", .string(camelName(r.title))),
                ("shortDescription", .object([("text", .string(r.purpose))])),
                ("fullDescription", .object([("text", .string(r.purpose + " " + r.details))])),
                ("defaultConfiguration", .object(configuration)),
            ])
        }
        let results: [JSON] = report.violations.map { v in
            var message = v.message + (CheckRender.baseLine(v) ?? "")
            if let waiver = v.waiver { message += " (waived: \(waiver))" }
            var physical: [(String, JSON)] = [
                (
                    "artifactLocation",
                    .object([("uri", .string(uri(CheckRender.repositoryPath(v.path, report.prefix))))])
                )
            ]
            if let line = v.line, line >= 1, !v.lineAtBase {
                physical.append(("region", .object([("startLine", .int(line))])))
            }
            var fields: [(String, JSON)] = [("ruleId", .string(v.rule))]
            if let i = index[v.rule] { fields.append(("ruleIndex", .int(i))) }
            fields += [
                ("level", .string(level(v.severity))),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([("physicalLocation", .object(physical))])])),
            ]
            if let waiver = v.waiver {
                // A waived finding is suppressed in the source it excuses, with the waiver's reason.
                fields.append(
                    (
                        "suppressions",
                        .array([
                            .object([
                                ("kind", .string("inSource")), ("status", .string("accepted")),
                                ("justification", .string(waiver)),
                            ])
                        ])
                    ))
            }
            var properties: [(String, JSON)] = []
            if let feature = v.feature { properties.append(("feature", .string(feature))) }
            if v.lineAtBase, let line = v.line { properties.append(("baseLine", .int(line))) }
            if let version = v.version { properties.append(("version", .int(version))) }
            if let waiver = v.waiver { properties.append(("waiver", .string(waiver))) }
            if let expires = v.waiverExpires { properties.append(("waiverExpires", .string(expires.description))) }
            if let c = v.consumer { properties.append(("consumer", CheckRender.consumer(c))) }
            if let a = v.acknowledgement { properties.append(("acknowledgement", .string(a.reason ?? ""))) }
            if !properties.isEmpty { fields.append(("properties", .object(properties))) }
            return .object(fields)
        }
        let run: JSON = .object([
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string("feat")), ("version", .string(toolVersion)),
                            ("rules", .array(descriptors)),
                        ])
                    )
                ])
            ),
            ("results", .array(results)),
            (
                "properties",
                .object([
                    ("base", .string(report.base.description)),
                    ("merge_base", .string(report.mergeBase.description)),
                    ("merged", .string(report.merged.description)), ("head", .string(report.head.description)),
                    ("ok", .bool(report.ok)),
                ])
            ),
        ])
        return .object([("$schema", .string(schema)), ("version", .string("2.1.0")), ("runs", .array([run]))])
    }

    static func level(_ severity: Severity) -> String { severity == .error ? "error" : "warning" }

    /// `stage ladder` → `StageLadder`: SARIF's rule `name` is an identifier-like word.
    static func camelName(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// A relative path as a URI reference: reserved and non-ASCII bytes percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in path.utf8 {
            if allowed.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}
