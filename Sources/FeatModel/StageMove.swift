/// How a feature's stage changes between two versions, and whether the ladder allows it
/// (SPEC §3, §4): the one classification that the diff's stage events, FEAT004 and
/// `feat promote` share, so that a report can never call a move both an error and fine.
public struct StageMove: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Up the ladder.
        case promoted
        /// Into an exit stage.
        case deprecated
        /// Down the ladder, or out of an exit stage below the stage it left.
        case demoted
        /// Out of an exit stage, back to the stage the feature left.
        case reinstated
    }

    public enum Problem: Sendable, Hashable {
        /// More than one step up; the stages passed over.
        case skipped([String])
        /// A demotion where the policy allows none, or more than one step.
        case demotion(allowed: Bool)
        /// Into an exit stage from a stage it may not be entered from.
        case exitNotAllowed(from: [String])
        /// Out of an exit stage to another stage than the one the feature left (nil: unknown).
        case leavesExit(left: String?)
    }

    public var kind: Kind
    public var from: String
    public var to: String
    /// Why the ladder forbids the move; nil when it is legal.
    public var problem: Problem?

    public var isLegal: Bool { problem == nil }
}

extension Policy {
    /// The move from `old` to `new`, or nil when the stage did not change or a stage is not
    /// in the policy. `left` is the stage the feature left for the exit stage `old`, when the
    /// history shows it: without it, leaving an exit stage is taken to be a reinstatement
    /// when it goes back to a stage that may enter the exit stage, and is not legal.
    public func move(from old: String, to new: String, left: String? = nil) -> StageMove? {
        guard old != new, let source = stage(old), let target = stage(new) else { return nil }
        let ladder = self.ladder.map(\.name)
        if let allowed = target.from {
            return StageMove(
                kind: .deprecated, from: old, to: new,
                problem: allowed.contains(old) ? nil : .exitNotAllowed(from: allowed))
        }
        guard let to = ladder.firstIndex(of: new) else { return nil }
        if let allowed = source.from {
            if let left, let back = ladder.firstIndex(of: left) {
                if to == back { return StageMove(kind: .reinstated, from: old, to: new, problem: nil) }
                return StageMove(
                    kind: to < back ? .demoted : .promoted, from: old, to: new, problem: .leavesExit(left: left))
            }
            let lowest = allowed.compactMap { ladder.firstIndex(of: $0) }.min() ?? 0
            let kind: StageMove.Kind = allowed.contains(new) || to >= lowest ? .reinstated : .demoted
            return StageMove(kind: kind, from: old, to: new, problem: .leavesExit(left: nil))
        }
        guard let from = ladder.firstIndex(of: old) else { return nil }
        if to > from {
            let passed = Array(ladder[(from + 1)..<to])
            return StageMove(kind: .promoted, from: old, to: new, problem: passed.isEmpty ? nil : .skipped(passed))
        }
        let legal = allowDemotion && to == from - 1
        return StageMove(kind: .demoted, from: old, to: new, problem: legal ? nil : .demotion(allowed: allowDemotion))
    }

    /// Whether moving from one stage to another is a legal single step, as far as the two
    /// stages tell (leaving an exit stage needs the stage left: see `move(from:to:left:)`).
    public func isLegalMove(from old: String, to new: String) -> Bool {
        move(from: old, to: new)?.isLegal ?? false
    }
}
