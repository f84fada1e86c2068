import FeatDiff
import FeatModel

/// A consumer removed, retired or moved down, or a read dropped from a shadow or production consumer, is reported for review; so is a new consumer that reads a feature the same pull request changes in meaning.
///
/// Moving a consumer off a feature is how a breaking change or a removal becomes possible,
/// so it is worth a reviewer's look. A consumer declared in the pull request that changes
/// what it reads was trained on something else, or is declared late.
public enum FEAT015: Rule {
    public static let id = "FEAT015"
    public static let title = "consumer moved off"
    public static let purpose =
        "A consumer removed, retired or moved down, or a read dropped from a shadow or production consumer, is reported for review; so is a new consumer that reads a feature the same pull request changes in meaning."
    public static let details =
        "Moving a consumer off a feature is how a breaking change or a removal becomes possible, so it is worth a reviewer's look. A consumer declared in the pull request that changes what it reads was trained on something else, or is declared late."
    public static let defaultSeverity = Severity.warning
    public static let scope = RuleScope.change
    public static let waivable = false

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let view = input.consumers
        let merged = view.mergedByName
        for old in view.base where old.stage.isReached {
            guard let now = merged[old.name] else {
                diagnostics.report(
                    self, Message.removed(old), path: old.path, line: nil, identity: nil, consumer: old)
                continue
            }
            if now.stage < old.stage || now.stage == .retired {
                diagnostics.report(
                    self, Message.movedDown(old, now), path: now.path, line: now.lines["stage"], identity: nil,
                    consumer: now)
            }
            for read in old.reads where !now.reads(read.identity) {
                diagnostics.report(
                    self, Message.dropped(now, read.identity), path: now.path, line: now.lines["reads"],
                    identity: read.identity, consumer: now)
            }
        }
        let baseNames = Set(view.base.map(\.name))
        let changed = Dictionary(
            input.changes.compactMap { c in FEAT014.impact(of: c).map { (c.identity, $0) } },
            uniquingKeysWith: { a, _ in a })
        for now in merged.values.sorted(by: { $0.name < $1.name }) where !baseNames.contains(now.name) {
            for read in now.reads {
                guard let (impact, _) = changed[read.identity] else { continue }
                diagnostics.report(
                    self, Message.declaredLate(now, read.identity, impact), path: now.path, line: read.line,
                    identity: read.identity, consumer: now)
            }
        }
    }

    enum Message {
        static func removed(_ c: Consumer) -> String {
            "\(c.name) (\(c.stage.rawValue), owner \(c.owner ?? "unknown")) is removed"
        }
        static func movedDown(_ old: Consumer, _ now: Consumer) -> String {
            "\(now.name) moves from \(old.stage.rawValue) to \(now.stage.rawValue) (owner \(now.owner ?? "unknown"))"
        }
        static func dropped(_ c: Consumer, _ identity: Identity) -> String {
            "\(c.name) no longer reads \(identity) (owner \(c.owner ?? "unknown"))"
        }
        static func declaredLate(_ c: Consumer, _ identity: Identity, _ impact: Impact) -> String {
            "\(c.name) is declared in the pull request that changes \(identity) (\(impact.rawValue)): was it "
                + "trained on the new definition?"
        }
    }
}
