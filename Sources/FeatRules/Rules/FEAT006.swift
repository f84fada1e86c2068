import FeatDiff
import FeatModel

/// No `breaking` or `meaning` change in place to a feature whose base stage is frozen, or is an exit stage left from a frozen one, or that the pull request reinstates into a frozen stage.
///
/// A frozen stage (production, by default) is a contract: consumers rely on its shape and
/// on what its values mean. Change it by adding a new version beside it and deprecating
/// this one. A deprecated production feature is still a contract until it is removed: its
/// consumers read it until the sunset. A feature brought back from deprecation to
/// production returns to the same consumers, so it comes back unchanged.
public enum FEAT006: Rule {
    public static let id = "FEAT006"
    public static let title = "frozen contracts"
    public static let purpose =
        "No breaking or meaning change in place to a feature whose base stage is frozen, or is an exit stage left from a frozen one, or that the pull request reinstates into a frozen stage."
    public static let details =
        "A frozen stage (production, by default) is a contract: consumers rely on its shape and on what its values mean. Change it by adding a new version beside it and deprecating this one. A deprecated production feature is still a contract until it is removed: its consumers read it until the sunset. A feature brought back from deprecation to production returns to the same consumers, so it comes back unchanged."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for c in input.changes {
            guard let before = c.before, let after = c.after else { continue }
            let reinstated = c.change.stageEvent?.kind == .reinstated
            let frozen =
                frozenContract(before, input: input)
                ?? (reinstated && policy.stage(after.stage)?.frozen == true
                    ? after.stage : nil)
            guard let frozen else { continue }
            for change in c.change.changes where change.impact >= .meaning {
                diagnostics.report(
                    self, Message.inPlace(change, stage: frozen, version: after.version + 1), path: after.path,
                    line: after.line(of: change.field) ?? c.change.line, identity: after.identity,
                    fields: [change.field])
            }
        }
    }

    /// The frozen stage whose contract binds a feature at the base: its own stage, or, in an
    /// exit stage, the stage it left when that one is frozen (its consumers read it until the
    /// sunset). When the base history does not show which stage it left, any frozen stage the
    /// exit stage may be entered from binds it: a contract is never assumed away.
    static func frozenContract(_ before: Feature, input: CheckInput) -> String? {
        let policy = input.policy
        guard let stage = policy.stage(before.stage) else { return nil }
        if stage.frozen { return stage.name }
        guard stage.from != nil else { return nil }
        if let entry = input.stageEntries[before.identity], entry.stage == before.stage, let left = entry.from,
            let leftStage = policy.stage(left)
        {
            if leftStage.frozen { return left }
            // Left from another exit stage (production → deprecated → archived): what that one
            // left is not in view, so any frozen stage it may come from binds.
            guard leftStage.from != nil else { return nil }
            return frozenReachable(from: leftStage, policy: policy)
        }
        return frozenReachable(from: stage, policy: policy)
    }

    /// A frozen stage an exit stage may be entered from, directly or through other exit stages.
    static func frozenReachable(from stage: StageRule, policy: Policy) -> String? {
        var seen: Set<String> = [stage.name]
        var queue = stage.from ?? []
        while let name = queue.first {
            queue.removeFirst()
            guard seen.insert(name).inserted, let s = policy.stage(name) else { continue }
            if s.frozen { return s.name }
            queue += s.from ?? []
        }
        return nil
    }

    /// Whether the runner must find the stage this feature left: it is in an exit stage at
    /// the base, whose frozen-ness is that of the stage it left.
    public static func needsStageEntry(_ c: PairedChange, policy: Policy) -> Bool {
        guard let before = c.before, c.after != nil, let stage = policy.stage(before.stage), !stage.frozen,
            stage.from != nil
        else { return false }
        return frozenReachable(from: stage, policy: policy) != nil
    }

    enum Message {
        static func inPlace(_ change: FieldChange, stage: String, version: Int) -> String {
            "\(change.impact.rawValue) change to a frozen \(stage) contract — \(change.message); add version \(version) instead"
        }
    }
}
