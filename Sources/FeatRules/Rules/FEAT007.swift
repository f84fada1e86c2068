import FeatDiff
import FeatModel

/// A removed feature was deprecated on the base and its sunset date has come; features still at an entry stage may be removed freely.
///
/// Removing a contract its consumers still read breaks them without notice. Deprecation
/// gives the notice (`deprecation.reason`, `deprecation.sunset`); removal waits for the
/// sunset day (in UTC, at `--now`). A hypothesis at an entry stage promised nothing.
public enum FEAT007: Rule {
    public static let id = "FEAT007"
    public static let title = "removal after sunset"
    public static let purpose =
        "A removed feature was deprecated on the base and its sunset date has come; features still at an entry stage may be removed freely."
    public static let details =
        "Removing a contract its consumers still read breaks them without notice. Deprecation gives the notice (`deprecation.reason`, `deprecation.sunset`); removal waits for the sunset day (in UTC, at `--now`). A hypothesis at an entry stage promised nothing."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = false

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        let today = input.today
        let inPlace = input.identityChangesInPlace
        for c in input.changes where c.change.status == .removed {
            let stage = c.before?.stage ?? c.change.stageBefore ?? ""
            if policy.entryStages.contains(stage) { continue }
            let path = c.change.path
            // When the file's identity changed in place, the old identity goes with it: say so,
            // at the line that changed it.
            var line: Int?
            var lead = "removed"
            if let added = inPlace[path]?.added.after {
                let field = added.name == c.identity.feature ? "version" : "feature"
                line = added.line(of: field)
                lead = "changing the \(field) in place removes \(c.identity.feature) v\(c.identity.version),"
            }
            guard policy.stage(stage)?.from != nil else {
                let exits = policy.stages.filter { $0.from != nil }.map(\.name)
                diagnostics.report(
                    self, Message.notDeprecated(lead, stage, exits), path: path, line: line, identity: c.identity)
                continue
            }
            guard let text = c.before?.definition[path: "deprecation.sunset"]?.stringValue,
                let sunset = CalendarDate(text)
            else {
                diagnostics.report(self, Message.noSunset(lead, stage), path: path, line: line, identity: c.identity)
                continue
            }
            if today < sunset {
                diagnostics.report(
                    self, Message.beforeSunset(lead, sunset, today), path: path, line: line, identity: c.identity)
            }
        }
    }

    enum Message {
        static func notDeprecated(_ lead: String, _ stage: String, _ exits: [String]) -> String {
            let exit = exits.first ?? "deprecated"
            let at = lead == "removed" ? "at" : "which is"
            return
                "\(lead) \(at) \(stage); move it to \(exit) with a reason and a sunset date first, and remove it after the sunset"
        }
        static func noSunset(_ lead: String, _ stage: String) -> String {
            "\(lead) while \(stage) without a deprecation.sunset date; consumers were given no date"
        }
        static func beforeSunset(_ lead: String, _ sunset: CalendarDate, _ today: CalendarDate) -> String {
            "\(lead) before its sunset \(sunset) (today is \(today)); consumers were promised it until then"
        }
    }
}
