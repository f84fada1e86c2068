import FeatDiff
import FeatModel

/// No `breaking` or `meaning` change in place to a feature whose base stage is frozen, or that the pull request reinstates into a frozen stage.
///
/// A frozen stage (production, by default) is a contract: consumers rely on its shape and
/// on what its values mean. Change it by adding a new version beside it and deprecating
/// this one. A feature brought back from deprecation to production returns to the same
/// consumers, so it comes back unchanged.
public enum FEAT006: Rule {
    public static let id = "FEAT006"
    public static let title = "frozen contracts"
    public static let purpose =
        "No breaking or meaning change in place to a feature whose base stage is frozen, or that the pull request reinstates into a frozen stage."
    public static let details =
        "A frozen stage (production, by default) is a contract: consumers rely on its shape and on what its values mean. Change it by adding a new version beside it and deprecating this one. A feature brought back from deprecation to production returns to the same consumers, so it comes back unchanged."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for c in input.changes {
            guard let before = c.before, let after = c.after else { continue }
            let reinstated = c.change.stageEvent?.kind == .reinstated
            let frozen =
                policy.stage(before.stage)?.frozen == true
                ? before.stage
                : reinstated && policy.stage(after.stage)?.frozen == true ? after.stage : nil
            guard let frozen else { continue }
            for change in c.change.changes where change.impact >= .meaning {
                diagnostics.report(
                    self, Message.inPlace(change, stage: frozen, version: after.version + 1), path: after.path,
                    line: after.line(of: change.field) ?? c.change.line, identity: after.identity,
                    fields: [change.field])
            }
        }
    }

    enum Message {
        static func inPlace(_ change: FieldChange, stage: String, version: Int) -> String {
            "\(change.impact.rawValue) change to a frozen \(stage) contract — \(change.message); add version \(version) instead"
        }
    }
}
