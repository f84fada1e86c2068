import FeatDiff
import FeatModel

/// A feature that a shadow or production consumer reads at the base tip cannot be removed until no such consumer reads it; deprecating it is a warning naming the consumer.
///
/// Removal breaks every reader at once, sunset or not: the consumer files say who still
/// reads the feature, so the pull request that removes it first moves them off (drops the
/// read, or retires the consumer) in an earlier change. Reach is taken from the base tip,
/// so removing the consumer and the feature in one pull request cannot pass. Deprecation is
/// allowed and reported once per consumer, with its owner, so the notice reaches them.
public enum FEAT013: Rule {
    public static let id = "FEAT013"
    public static let title = "removal while read"
    public static let purpose =
        "A feature that a shadow or production consumer reads at the base tip cannot be removed until no such consumer reads it; deprecating it is a warning naming the consumer."
    public static let details =
        "Removal breaks every reader at once, sunset or not: the consumer files say who still reads the feature, so the pull request that removes it first moves them off (drops the read, or retires the consumer) in an earlier change. Reach is taken from the base tip, so removing the consumer and the feature in one pull request cannot pass. Deprecation is allowed and reported once per consumer, with its owner, so the notice reaches them."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = false

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        // A feature that another derives from cannot be removed, whatever its sunset (SPEC §10).
        for c in input.changes where c.after == nil && c.change.status == .removed {
            for derived in input.catalog.values.sorted(by: { $0.identity < $1.identity })
            where derived.featureInputs.contains(where: { $0.feature == c.identity }) {
                diagnostics.append(
                    Violation(
                        rule: id, severity: .error, identity: c.identity, path: c.change.path, line: nil,
                        message: Message.derivedFrom(c.identity, derived)))
            }
        }
        for c in input.changes {
            let readers = input.consumers.reached(by: c.identity)
            guard !readers.isEmpty else { continue }
            if c.after == nil, c.change.status == .removed {
                for consumer in readers {
                    diagnostics.report(
                        self, Message.removed(c.identity, consumer), path: c.change.path, line: nil,
                        identity: c.identity, consumer: consumer)
                }
            } else if c.change.stageEvent?.kind == .deprecated {
                for consumer in readers {
                    diagnostics.report(
                        self, Message.deprecated(c.identity, consumer), path: c.change.path,
                        line: c.after?.line(of: "stage"), identity: c.identity, consumer: consumer, atMost: .warning)
                }
            }
        }
    }

    enum Message {
        static func derivedFrom(_ identity: Identity, _ derived: Feature) -> String {
            "\(identity) is removed while \(derived.identity) (\(derived.stage), owner \(derived.owner ?? "unknown")) is "
                + "derived from it (\(derived.path)); change that feature's inputs first"
        }
        static func removed(_ identity: Identity, _ consumer: Consumer) -> String {
            "\(identity) is removed while \(consumer.name) (\(consumer.stage.rawValue), owner "
                + "\(consumer.owner ?? "unknown")) reads it; drop the read from \(consumer.path) or retire the "
                + "consumer in an earlier pull request"
        }
        static func deprecated(_ identity: Identity, _ consumer: Consumer) -> String {
            "\(identity) is deprecated while \(consumer.name) (\(consumer.stage.rawValue), owner "
                + "\(consumer.owner ?? "unknown")) reads it: tell them, and move it off before the sunset "
                + "(\(consumer.path))"
        }
    }
}
