import FeatModel
import FeatReport
import FeatRules
import GitID

/// Renders `feat check --format junit`: one test case per rule, for CI test reports.
public enum CheckJUnit {
    /// A rule's findings that reach `--fail-on` are one `<failure>` (each finding a line of
    /// it); findings below it go to `<system-out>`; a rule the config turns off is skipped.
    public static func junit(_ report: CheckReport) -> String {
        let rules = RuleRegistry.all
        var failures = 0
        var skipped = 0
        var cases = ""
        for rule in rules {
            let found = report.violations.filter { $0.rule == rule.id }
            let failing = found.filter { $0.severity >= report.failOn }
            let other = found.filter { $0.severity < report.failOn }
            let name = "\(rule.id) \(rule.title)"
            cases += "    <testcase classname=\"feat.check\" name=\"\(xml(name))\">\n"
            if case .some(.none) = report.ruleSeverities[rule.id] {
                skipped += 1
                cases += "      <skipped message=\"turned off in the config\"/>\n"
            } else if !failing.isEmpty {
                failures += 1
                let first = failing[0]
                let summary =
                    "\(failing.count) finding\(failing.count == 1 ? "" : "s") of \(rule.id): \(CheckRender.location(first)): \(first.message)"
                cases += "      <failure type=\"\(rule.id)\" message=\"\(xml(summary))\">"
                cases += xml(failing.map(line).joined(separator: "\n")) + "</failure>\n"
            }
            if !other.isEmpty {
                cases += "      <system-out>" + xml(other.map(line).joined(separator: "\n")) + "</system-out>\n"
            }
            cases += "    </testcase>\n"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let attributes = "tests=\"\(rules.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\""
        out += "<testsuites name=\"feat check\" \(attributes)>\n"
        out += "  <testsuite name=\"feat check \(xml(String(report.head.description.prefix(12))))\" \(attributes)>\n"
        out += "    <properties>\n"
        out += "      <property name=\"base\" value=\"\(report.base.description)\"/>\n"
        out += "      <property name=\"merge_base\" value=\"\(report.mergeBase.description)\"/>\n"
        out += "      <property name=\"merged\" value=\"\(report.merged.description)\"/>\n"
        out += "      <property name=\"head\" value=\"\(report.head.description)\"/>\n"
        out += "    </properties>\n"
        out += cases
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// `error FEAT003 features/a.yaml:12 (a): message [waived: reason]`.
    static func line(_ v: Violation) -> String {
        var text = "\(v.severity.rawValue) \(v.rule) \(CheckRender.location(v))"
        if let identity = v.identity { text += " (\(identity))" }
        text += ": \(v.message)"
        if let waiver = v.waiver { text += " [waived: \(waiver)]" }
        return text
    }

    /// Text safe in XML content and attributes; characters XML 1.0 forbids are dropped.
    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t": out.unicodeScalars.append(c)
            case "\r": out += "&#13;"
            default:
                if c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value) { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
