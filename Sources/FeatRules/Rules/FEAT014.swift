import FeatDiff
import FeatModel

/// A meaning or breaking change to a feature that a consumer reads at the base tip needs that consumer's acknowledgement, added in this pull request: an error for production consumers, a warning for shadow ones.
///
/// The feature's owner decides what the feature means; each consumer's owner decides whether
/// their model still works with it. So a frozen feature changed in place needs two keys: the
/// owner's FEAT006 waiver and every production consumer's acknowledgement (`acknowledgements`
/// in the consumer file, with an `impact` at least the change's and a reason). An
/// acknowledgement already on the base tip, with the same feature, version, impact and
/// reason, excuses nothing new. A consumer that the pull request removes, retires, moves to
/// experiment or stops reading the feature from needs none (FEAT015 reports that).
public enum FEAT014: Rule {
    public static let id = "FEAT014"
    public static let title = "consumer acknowledgement"
    public static let purpose =
        "A meaning or breaking change to a feature that a consumer reads at the base tip needs that consumer's acknowledgement, added in this pull request: an error for production consumers, a warning for shadow ones."
    public static let details =
        "The feature's owner decides what the feature means; each consumer's owner decides whether their model still works with it. So a frozen feature changed in place needs two keys: the owner's FEAT006 waiver and every production consumer's acknowledgement (`acknowledgements` in the consumer file, with an `impact` at least the change's and a reason). An acknowledgement already on the base tip, with the same feature, version, impact and reason, excuses nothing new. A consumer that the pull request removes, retires, moves to experiment or stops reading the feature from needs none (FEAT015 reports that)."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = false

    /// The impact a consumer must accept for a change: its most severe field change or stage
    /// event, when that is `meaning` or worse.
    public static func impact(of c: PairedChange) -> (impact: Impact, what: String)? {
        guard c.after != nil, c.before != nil else { return nil }
        var worst: (impact: Impact, what: String)?
        for change in c.change.changes where change.impact >= .meaning && change.impact > (worst?.impact ?? .cosmetic) {
            worst = (change.impact, change.message)
        }
        for event in c.change.events where event.impact >= .meaning && event.impact > (worst?.impact ?? .cosmetic) {
            worst = (event.impact, event.message)
        }
        return worst
    }

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let view = input.consumers
        let merged = view.mergedByName
        // A consumer file that cannot be read at the base hides whom the change reaches.
        if let (impact, _) = input.changes.lazy.compactMap(impact(of:)).max(by: { $0.impact < $1.impact }) {
            for file in view.baseUnreadable {
                diagnostics.append(
                    Violation(
                        rule: id, severity: .error, identity: nil, path: file.path, line: file.problems.first?.line,
                        message: Message.unknownReach(file.path, impact)))
            }
        }
        for c in input.changes {
            guard let (impact, what) = impact(of: c) else { continue }
            for consumer in view.reached(by: c.identity) {
                // Moved off by this pull request: FEAT015 reports it, nothing to acknowledge.
                guard let now = merged[consumer.name], now.stage.isReached, now.reads(c.identity) else { continue }
                let path = c.after?.path ?? c.change.path
                let line = c.change.line
                let acknowledgement = now.acknowledgements.first { a in
                    a.identity == c.identity && view.isNew(a, of: now.name) && !a.isExpired(on: input.today)
                        && (Impact(rawValue: a.impact) ?? .cosmetic) >= impact
                }
                if let acknowledgement {
                    diagnostics.report(
                        self, Message.acknowledged(impact, c.identity, now, what), path: path, line: line,
                        identity: c.identity, consumer: now, acknowledged: acknowledgement)
                    continue
                }
                let stale = now.acknowledgements.first { $0.identity == c.identity }
                var why = ""
                if let stale {
                    if !view.isNew(stale, of: now.name) {
                        why = " (its acknowledgement for \(c.identity) was reviewed with an earlier change)"
                    } else if (Impact(rawValue: stale.impact) ?? .cosmetic) < impact {
                        why = " (it acknowledges at most \(stale.impact))"
                    } else if stale.isExpired(on: input.today) {
                        why = " (its acknowledgement expired)"
                    }
                }
                diagnostics.report(
                    self, Message.needed(impact, c.identity, now, what, why: why), path: path, line: line,
                    identity: c.identity, consumer: now, atMost: now.stage == .production ? .error : .warning)
            }
        }
    }

    enum Message {
        static func unknownReach(_ path: String, _ impact: Impact) -> String {
            "\(path) cannot be read at the base, so who this \(impact.rawValue) change reaches is unknown; mend "
                + "it on the base branch first"
        }
        static func who(_ c: Consumer) -> String { "\(c.name) (\(c.stage.rawValue), owner \(c.owner ?? "unknown"))" }
        static func acknowledged(_ impact: Impact, _ identity: Identity, _ c: Consumer, _ what: String) -> String {
            "\(impact.rawValue) change to \(identity), which \(who(c)) reads — \(what); acknowledged"
        }
        static func needed(_ impact: Impact, _ identity: Identity, _ c: Consumer, _ what: String, why: String) -> String
        {
            "\(impact.rawValue) change to \(identity), which \(who(c)) reads — \(what); needs its owner's "
                + "acknowledgement in \(c.path): {feature: \(identity.feature), version: \(identity.version), "
                + "impact: \(impact.rawValue), reason: \"…\"}\(why)"
        }
    }
}
