import FeatDiff
import FeatModel

/// Stage moves follow the ladder: one step forward, into an exit stage only from the stages it allows, out of an exit stage only back to the stage the feature left, new features at an entry stage, no demotion unless configured.
///
/// A skipped stage skips its obligations and its review; a demotion silently changes
/// what consumers were promised. Both are errors; `allow_demotion: true` in the config
/// permits moving back one stage. Leaving an exit stage for the stage the feature left
/// (found in the base branch's history) withdraws the deprecation: a reinstatement.
public enum FEAT004: Rule {
    public static let id = "FEAT004"
    public static let title = "stage ladder"
    public static let purpose =
        "Stage moves follow the ladder: one step forward, into an exit stage only from the stages it allows, out of an exit stage only back to the stage the feature left, new features at an entry stage, no demotion unless configured."
    public static let details =
        "A skipped stage skips its obligations and its review; a demotion silently changes what consumers were promised. Both are errors; `allow_demotion: true` in the config permits moving back one stage. Leaving an exit stage for the stage the feature left (found in the base branch's history) withdraws the deprecation: a reinstatement."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        let inPlace = input.identityChangesInPlace
        let duplicated = input.duplicatedIdentities
        for c in input.changes {
            guard let f = c.after, policy.stage(f.stage) != nil else { continue }
            let line = f.line(of: "stage")
            guard let before = c.before else {
                // Only a feature the base did not have is new: one unreadable at the base has
                // no stage there to judge a move from. A copy of an identity that exists is
                // FEAT002's finding, not a new feature.
                if c.change.status == .added, !policy.entryStages.contains(f.stage), !duplicated.contains(f.identity) {
                    let replaced = inPlace[f.path].map { $0.removed.identity }
                    diagnostics.report(
                        self, Message.newNotAtEntry(f.identity, f.stage, policy.entryStages, replacing: replaced),
                        path: f.path, line: line, identity: f.identity, fields: ["stage"])
                } else if c.change.status == .unreadable, !policy.entryStages.contains(f.stage) {
                    // Unreadable at the base and on its first-parent line before it (the runner
                    // looked back): no contract to compare with, so nothing may be assumed.
                    diagnostics.report(
                        self, Message.unknownBase(f.identity, f.stage), path: f.path, line: line,
                        identity: f.identity, fields: ["stage"])
                }
                continue
            }
            let left = input.stageLeft(c)
            guard let move = policy.move(from: before.stage, to: f.stage, left: left), let problem = move.problem
            else { continue }
            diagnostics.report(
                self, message(move, problem), path: f.path, line: line, identity: f.identity, fields: ["stage"])
        }
    }

    /// Whether the runner must find which stage this feature had before its base stage: it
    /// leaves an exit stage, which it may only do back to the stage it left.
    public static func needsStageEntry(_ c: PairedChange, policy: Policy) -> Bool {
        guard let before = c.before, let after = c.after, before.stage != after.stage else { return false }
        return policy.stage(before.stage)?.from != nil
    }

    static func message(_ move: StageMove, _ problem: StageMove.Problem) -> String {
        switch problem {
        case .skipped(let passed): return Message.skipped(move.from, move.to, passed)
        case .demotion(let allowed): return Message.demoted(move.from, move.to, allowed: allowed)
        case .exitNotAllowed(let from): return Message.exitNotAllowed(move.from, move.to, from)
        case .leavesExit(let left): return Message.leavesExit(move.from, move.to, left: left)
        }
    }

    enum Message {
        static func unknownBase(_ id: Identity, _ stage: String) -> String {
            "\(id) could not be read at the merge base nor earlier on the base branch, so nothing shows what its "
                + "\(stage) contract was; mend the file on the base branch first"
        }
        static func newNotAtEntry(_ identity: Identity, _ stage: String, _ entries: [String], replacing: Identity?)
            -> String
        {
            let entry = entries.first ?? "the entry stage"
            let at = entries.joined(separator: " or ")
            guard let replacing else {
                return
                    "a new feature enters at \(at), not \(stage); add it at \(entry) and promote it one stage at a time"
            }
            return
                "\(identity.feature) v\(identity.version) is a new identity, not \(replacing.feature) v\(replacing.version) carried over: it enters at \(at), not \(stage), and climbs the ladder on its own"
        }
        static func skipped(_ old: String, _ new: String, _ skipped: [String]) -> String {
            let what = skipped.isEmpty ? "" : ", skipping \(skipped.joined(separator: ", "))"
            return "moved from \(old) to \(new)\(what); promote one stage at a time"
        }
        static func demoted(_ old: String, _ new: String, allowed: Bool) -> String {
            allowed
                ? "demoted from \(old) to \(new); a demotion may only go back one stage"
                : "demoted from \(old) to \(new); demotions are not allowed (set allow_demotion: true in the config to permit them)"
        }
        static func exitNotAllowed(_ old: String, _ new: String, _ allowed: [String]) -> String {
            "moved from \(old) to \(new); \(new) may only be entered from \(allowed.joined(separator: ", "))"
        }
        static func leavesExit(_ old: String, _ new: String, left: String?) -> String {
            guard let left else {
                return
                    "moved from \(old) to \(new); a feature leaves \(old) only back to the stage it left, or by being removed"
            }
            return
                "moved from \(old) to \(new); a feature leaves \(old) only back to the stage it left (\(left)), or by being removed"
        }
    }
}
