import FeatDiff
import FeatModel
import FeatRules
import Foundation
import GitID

/// A stage change made by one commit of a pull request.
public struct StageChange: Sendable, Hashable {
    public var identity: Identity
    public var transition: Transition

    public init(identity: Identity, transition: Transition) {
        self.identity = identity
        self.transition = transition
    }
}

/// The result of `feat check`: findings, and what the pull request changes.
public struct CheckReport: Sendable {
    /// The `--base` tip: what the merge result is compared with, and whose policy judges.
    public var base: ObjectID
    /// The merge base of the base tip and the head.
    public var mergeBase: ObjectID
    /// Every merge base when there are several (a criss-cross history, merged from a virtual
    /// base), `mergeBase` first; empty when there is one.
    public var mergeBases: [ObjectID] = []
    /// The tree judged: the head's when it contains the base tip, else the merge of the head
    /// into the base tip, computed in memory.
    public var merged: ObjectID
    public var head: ObjectID
    /// The feature-repo root inside the git repository ("" at the top), for annotations
    /// whose paths must be relative to the repository root.
    public var prefix: String
    /// Severity from which the check fails (`--fail-on`).
    public var failOn: Severity
    public var violations: [Violation]
    public var diff: DiffReport
    /// Stage changes of this pull request, oldest first.
    public var stageChanges: [StageChange]
    /// Who the changes reach: the consumers that read each changed feature at the base tip.
    public var reach: [Reach] = []
    /// Each rule's severity under the base policy; nil when turned off.
    public var ruleSeverities: [String: Severity?]
    public var now: Date
    /// Wall seconds per phase, for profiling (FEAT_PROFILE).
    public var phases: [(name: String, seconds: Double)] = []

    public init(
        base: ObjectID, mergeBase: ObjectID, merged: ObjectID, head: ObjectID, prefix: String, failOn: Severity,
        violations: [Violation],
        diff: DiffReport, stageChanges: [StageChange], ruleSeverities: [String: Severity?], now: Date,
        phases: [(name: String, seconds: Double)] = []
    ) {
        self.base = base
        self.mergeBase = mergeBase
        self.merged = merged
        self.head = head
        self.prefix = prefix
        self.failOn = failOn
        self.violations = violations
        self.diff = diff
        self.stageChanges = stageChanges
        self.ruleSeverities = ruleSeverities
        self.now = now
        self.phases = phases
    }

    /// Whether the tree judged differs from the head's: the base moved on since the branch
    /// left it, so the merge is not the branch.
    public var judgedMerge: Bool { mergeBase != base }

    public var errors: Int { violations.filter { $0.severity == .error }.count }
    public var warnings: Int { violations.count - errors }
    /// False when a finding reaches `failOn`.
    public var ok: Bool { !violations.contains { $0.severity >= failOn } }
}
