import FeatDiff
import FeatModel

/// Who a pull request's changes reach (SPEC §8): for each changed feature, the consumers that
/// read it at the base tip, with their stage, owner and whether they acknowledged the change.
public struct Reach: Sendable, Hashable {
    public struct Reader: Sendable, Hashable {
        public var consumer: ConsumerRef
        public var acknowledged: Bool
    }

    public var identity: Identity
    /// The change's impact; nil for a feature unreadable on a side.
    public var impact: Impact?
    public var readers: [Reader]

    /// The reach of every changed feature that some consumer reads, in the order of the
    /// changes; `violations` tell which consumers acknowledged.
    public static func of(_ input: CheckInput, violations: [Violation]) -> [Reach] {
        var acknowledged = Set<String>()
        for v in violations where v.acknowledgement != nil {
            if let c = v.consumer, let f = v.identity { acknowledged.insert("\(c.consumer)\u{1}\(f)") }
        }
        return input.changes.compactMap { c in
            let readers = input.consumers.readers(of: c.identity).sorted {
                ($1.stage, $0.name) < ($0.stage, $1.name)
            }
            guard !readers.isEmpty else { return nil }
            return Reach(
                identity: c.identity, impact: c.change.impact,
                readers: readers.map {
                    Reader(
                        consumer: ConsumerRef($0), acknowledged: acknowledged.contains("\($0.name)\u{1}\(c.identity)"))
                })
        }
    }

    /// "2 production consumers, 1 shadow": the consumers reached, counted once each by stage.
    public static func summary(_ reach: [Reach]) -> String? {
        var byStage: [String: Set<String>] = [:]
        for r in reach {
            for reader in r.readers { byStage[reader.consumer.stage, default: []].insert(reader.consumer.consumer) }
        }
        let order = Consumer.Stage.allCases.reversed().map(\.rawValue)
        let parts = order.compactMap { stage -> String? in
            guard let n = byStage[stage]?.count, n > 0 else { return nil }
            return "\(n) \(stage)"
        }
        guard !parts.isEmpty else { return nil }
        let total = byStage.values.reduce(0) { $0 + $1.count }
        return parts.joined(separator: ", ") + (total == 1 ? " consumer" : " consumers")
    }
}
