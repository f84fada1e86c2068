import FeatDiff
import FeatModel
import Foundation

/// Promotion into a stage with `min_days` requires that many days in the previous stage, counted from the first-parent commit on the base branch where the feature entered it, to `--now`.
///
/// The clock starts at the commit on the base branch's first-parent history that gave the
/// feature its previous stage — for a change merged from a side branch, the merge commit,
/// when the stage became visible to everyone. The clock never runs backwards: a commit
/// dated before its parent (back-dated work fast-forwarded onto the branch) counts from the
/// latest date before it on the branch. A shallow clone that cannot show that commit stops
/// the check (exit 2) rather than guess.
public enum FEAT005: Rule {
    public static let id = "FEAT005"
    public static let title = "time in stage"
    public static let purpose =
        "Promotion into a stage with min_days requires that many days in the previous stage, counted from the first-parent commit on the base branch where the feature entered it, to --now."
    public static let details =
        "The clock starts at the commit on the base branch's first-parent history that gave the feature its previous stage — for a change merged from a side branch, the merge commit, when the stage became visible to everyone. The clock never runs backwards: a commit dated before its parent (back-dated work fast-forwarded onto the branch) counts from the latest date before it on the branch. A shallow clone that cannot show that commit stops the check (exit 2) rather than guess."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = true

    /// The stages a feature may be promoted into `stage` from: the ladder's previous stage,
    /// or the `from` list of an exit stage.
    static func predecessors(of stage: StageRule, _ policy: Policy) -> [String] {
        if let from = stage.from { return from }
        return policy.previous(before: stage.name).map { [$0] } ?? []
    }

    /// Whether the runner must find when this feature entered its base stage.
    public static func needsStageEntry(_ c: PairedChange, policy: Policy) -> Bool {
        guard let after = c.after, let before = c.before, before.stage != after.stage,
            let target = policy.stage(after.stage), (target.minDays ?? 0) > 0
        else { return false }
        return predecessors(of: target, policy).contains(before.stage)
    }

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for c in input.changes {
            guard let f = c.after, c.before?.stage != f.stage, let target = policy.stage(f.stage),
                let minDays = target.minDays, minDays > 0
            else { continue }
            let previous = predecessors(of: target, policy)
            guard !previous.isEmpty else { continue }
            // Back to the stage it left for an exit stage: it served its time there already.
            // Unreadable at the base, it has no stage there to count from.
            if input.isReinstatement(c) || c.before == nil && c.change.status != .added { continue }
            let line = f.line(of: "stage")
            let wanted = previous.joined(separator: " or ")
            // A new feature off its entry stage is FEAT004's finding; saying it has no time
            // anywhere would only restate it (unless the config makes FEAT004 the milder one).
            if c.before == nil, !policy.entryStages.contains(f.stage),
                let ladder = RuleRegistry.severity(of: FEAT004.self, under: policy),
                let dwell = RuleRegistry.severity(of: self, under: policy), ladder >= dwell
            {
                continue
            }
            guard let before = c.before, previous.contains(before.stage) else {
                diagnostics.report(
                    self, Message.neverThere(f.stage, minDays, wanted, was: c.before?.stage), path: f.path, line: line,
                    identity: f.identity, fields: ["stage"])
                continue
            }
            guard let entry = input.stageEntries[f.identity], entry.stage == before.stage else {
                diagnostics.report(
                    self, Message.unknownEntry(f.stage, before.stage), path: f.path, line: line, identity: f.identity,
                    fields: ["stage"])
                continue
            }
            // A promotion that also changes the meaning promotes what was never in the stage.
            if let changed = c.change.changes.first(where: { $0.impact >= .meaning }) {
                diagnostics.report(
                    self, Message.changedOnPromotion(f.stage, minDays, before.stage, changed), path: f.path, line: line,
                    identity: f.identity, fields: ["stage", changed.field])
                continue
            }
            let days = Int((input.now.timeIntervalSince(entry.clockStart) / 86_400).rounded(.down))
            if days < minDays {
                diagnostics.report(
                    self, Message.tooSoon(f.stage, minDays, before.stage, days: max(0, days), entry: entry),
                    path: f.path,
                    line: line, identity: f.identity, fields: ["stage"])
            }
        }
    }

    enum Message {
        static func neverThere(_ stage: String, _ minDays: Int, _ previous: String, was: String?) -> String {
            let state = was.map { "it was \($0) on the base" } ?? "it is new"
            return "\(stage) requires \(minDays) days in \(previous) first; \(state)"
        }
        static func tooSoon(_ stage: String, _ minDays: Int, _ previous: String, days: Int, entry: StageEntry) -> String
        {
            if let change = entry.lastMeaningChange, change.date > entry.date {
                return "\(stage) requires \(minDays) days in \(previous) unchanged in meaning; it has \(days) (in "
                    + "\(previous) since \(day(entry.date)), changed in meaning on \(day(change.date)), commit "
                    + "\(change.commit.prefix(12)))"
            }
            return
                "\(stage) requires \(minDays) days in \(previous); it has \(days) (in \(previous) since \(day(entry.date)), commit \(entry.commit.prefix(12)))"
        }
        static func changedOnPromotion(_ stage: String, _ minDays: Int, _ previous: String, _ change: FieldChange)
            -> String
        {
            "\(stage) requires \(minDays) days in \(previous) unchanged in meaning, and this change also changes it "
                + "(\(change.message)): what was in \(previous) is not what is promoted; promote first, or change it "
                + "and let it dwell"
        }
        static func unknownEntry(_ stage: String, _ previous: String) -> String {
            "\(stage) requires time in \(previous), but the base history does not show when it entered \(previous)"
        }
        static func day(_ date: Date) -> String { CalendarDate(utc: date).description }
    }
}
