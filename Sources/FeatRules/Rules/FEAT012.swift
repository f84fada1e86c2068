import FeatModel

/// Stage floor: a production consumer reads only features at a frozen stage, a shadow consumer only features at shadow or above.
///
/// A model in production that reads a feature still in shadow depends on a contract nobody
/// has made. The floor is judged for the consumer files a pull request adds or changes, and
/// for the features whose stage it changes (a demotion, a deprecation, a reinstatement) —
/// never on an unrelated edit to a feature that an old consumer reads — on the merge result.
/// A feature in an exit stage counts as at the stage it left. A consumer that reads a
/// `role: label` feature (a training target) must say so in its read (`role: label`), or it
/// leaks the label into what it predicts.
public enum FEAT012: Rule {
    public static let id = "FEAT012"
    public static let title = "consumer stage floor"
    public static let purpose =
        "Stage floor: a production consumer reads only features at a frozen stage, a shadow consumer only features at shadow or above."
    public static let details =
        "A model in production that reads a feature still in shadow depends on a contract nobody has made. The floor is judged for the consumer files a pull request adds or changes, and for the features whose stage it changes (a demotion, a deprecation, a reinstatement) — never on an unrelated edit to a feature that an old consumer reads — on the merge result. A feature in an exit stage counts as at the stage it left. A consumer that reads a `role: label` feature (a training target) must say so in its read (`role: label`), or it leaks the label into what it predicts."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = false

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        let view = input.consumers
        var moved: [Identity: PairedChange] = [:]
        for c in input.changes where c.after != nil && c.before?.stage != c.after?.stage { moved[c.identity] = c }
        // A feature derived from a label is computed from the target (on the derived file).
        for file in input.headFiles {
            guard let f = file.feature, !f.isLabel else { continue }
            for entry in f.featureInputs {
                guard let source = entry.feature, view.labels.contains(source) else { continue }
                diagnostics.report(
                    self, Message.derivedFromLabel(f.identity, source, entry.path), path: f.path,
                    line: entry.line ?? f.line(of: "inputs"), identity: f.identity, fields: [entry.path])
            }
        }
        for consumer in view.merged.compactMap(\.consumer) where consumer.stage.isReached {
            guard let floor = policy.consumerFloor(for: consumer.stage) else { continue }
            let changed = view.changedPaths.contains(consumer.path)
            for read in consumer.reads {
                guard changed || moved[read.identity] != nil, let stage = view.mergedStages[read.identity] else {
                    continue
                }
                let left = moved[read.identity].flatMap { c in
                    policy.stage(stage)?.from != nil ? (input.stageLeft(c) ?? c.before?.stage) : nil
                }
                // A training target read as a feature leaks the label into the prediction.
                if read.role != "label", view.labels.contains(read.identity) {
                    diagnostics.report(
                        self, Message.leaksLabel(consumer, read.identity), path: consumer.path, line: read.line,
                        identity: read.identity, consumer: consumer)
                }
                guard !policy.meetsFloor(stage, left: left, floor: floor) else { continue }
                let at = left.map { "\(stage) (left from \($0))" } ?? stage
                diagnostics.report(
                    self, Message.belowFloor(consumer, read.identity, at: at, floor: floor), path: consumer.path,
                    line: read.line, identity: read.identity, consumer: consumer)
            }
        }
    }

    enum Message {
        static func derivedFromLabel(_ identity: Identity, _ label: Identity, _ path: String) -> String {
            "\(identity) is derived from \(label), a label (role: label), at \(path): a feature computed from the "
                + "target leaks it into every model that reads it"
        }
        static func leaksLabel(_ consumer: Consumer, _ identity: Identity) -> String {
            "\(consumer.name) (\(consumer.stage.rawValue), owner \(consumer.owner ?? "unknown")) reads \(identity), a "
                + "label (role: label), as a feature: the target would leak into the prediction; if it is what "
                + "the model is trained to predict, say so in the read ({feature: \(identity.feature), role: label}) "
                + "in \(consumer.path)"
        }
        static func belowFloor(_ consumer: Consumer, _ identity: Identity, at: String, floor: String) -> String {
            "\(consumer.name) (\(consumer.stage.rawValue), owner \(consumer.owner ?? "unknown")) reads \(identity), "
                + "which is \(at) in the merge result; a \(consumer.stage.rawValue) consumer reads features at "
                + "\(floor) or above — promote the feature first, or move the consumer down in \(consumer.path)"
        }
    }
}
