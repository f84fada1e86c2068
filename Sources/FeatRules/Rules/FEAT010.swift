import FeatModel

/// Deprecation gives notice: a feature entering an exit stage, or whose `deprecation.sunset` changes while in one, has a sunset at least `deprecation_notice_days` after `--now`.
///
/// Consumers of a deprecated feature need time to move off it before FEAT007 lets it be
/// removed. A sunset already past, or closer than the notice the config asks for (30 days by
/// default), gives them none. The days are counted in UTC calendar days from `--now`.
public enum FEAT010: Rule {
    public static let id = "FEAT010"
    public static let title = "deprecation notice"
    public static let purpose =
        "Deprecation gives notice: a feature entering an exit stage, or whose deprecation.sunset changes while in one, has a sunset at least deprecation_notice_days after --now."
    public static let details =
        "Consumers of a deprecated feature need time to move off it before FEAT007 lets it be removed. A sunset already past, or closer than the notice the config asks for (30 days by default), gives them none. The days are counted in UTC calendar days from `--now`."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = true

    static let sunsetField = "deprecation.sunset"

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        let today = input.today
        let notice = policy.deprecationNoticeDays
        for c in input.changes {
            guard let before = c.before, let after = c.after, policy.stage(after.stage)?.from != nil else { continue }
            let sunsetText = after.definition[path: sunsetField]?.stringValue
            let entering = before.stage != after.stage
            let moved =
                before.stage == after.stage
                && before.definition[path: sunsetField] != after.definition[path: sunsetField]
            guard entering || moved else { continue }
            let line = after.lines[sunsetField] ?? after.line(of: entering ? "stage" : sunsetField)
            guard let text = sunsetText, let sunset = CalendarDate(text) else {
                // A missing sunset is FEAT003's when the stage requires one.
                let required = policy.obligations(at: after.stage, kind: after.kind).contains {
                    $0.alternatives.contains(sunsetField)
                }
                if !required {
                    diagnostics.report(
                        self, Message.noSunset(after.stage, notice), path: after.path, line: line,
                        identity: after.identity,
                        fields: [sunsetField])
                }
                continue
            }
            let days = today.days(until: sunset)
            guard days < notice else { continue }
            let earliest = today.adding(days: notice)
            let message =
                days < 0
                ? Message.past(sunset, today, earliest, notice) : Message.tooSoon(sunset, days, earliest, notice)
            diagnostics.report(
                self, message, path: after.path, line: line, identity: after.identity, fields: [sunsetField])
        }
    }

    enum Message {
        static func noSunset(_ stage: String, _ notice: Int) -> String {
            "moved to \(stage) without a deprecation.sunset; give consumers a date at least \(notice) days ahead"
        }
        static func past(_ sunset: CalendarDate, _ today: CalendarDate, _ earliest: CalendarDate, _ notice: Int)
            -> String
        {
            "sunset \(sunset) is already past (today is \(today)); consumers get \(notice) days' notice: set it on or after \(earliest)"
        }
        static func tooSoon(_ sunset: CalendarDate, _ days: Int, _ earliest: CalendarDate, _ notice: Int) -> String {
            "sunset \(sunset) is \(days) day\(days == 1 ? "" : "s") away; consumers get \(notice) days' notice: set it on or after \(earliest)"
        }
    }
}
