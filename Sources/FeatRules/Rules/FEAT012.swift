import FeatModel

/// Stage floor: a production consumer reads only features at a frozen stage, a shadow consumer only features at shadow or above.
///
/// A model in production that reads a feature still in shadow depends on a contract nobody
/// has made. The floor is judged for the consumer files a pull request adds or changes, and
/// for the features whose stage it changes (a demotion, a deprecation, a reinstatement) —
/// never on an unrelated edit to a feature that an old consumer reads — on the merge result.
/// A feature in an exit stage counts as at the stage it left. A consumer that reads a
/// `role: label` feature (a training target) must say so in its read (`role: label`), or it
/// leaks the label into what it predicts. A derived feature is a consumer of its inputs: at a
/// frozen stage (or an exit stage left from one) it reads only feature inputs at or above the
/// production consumers' floor, judged when the pull request changes its stage or `inputs`,
/// or an input's stage; the finding sits on the derived feature's file.
public enum FEAT012: Rule {
    public static let id = "FEAT012"
    public static let title = "consumer stage floor"
    public static let purpose =
        "Stage floor: a production consumer reads only features at a frozen stage, a shadow consumer only features at shadow or above."
    public static let details =
        "A model in production that reads a feature still in shadow depends on a contract nobody has made. The floor is judged for the consumer files a pull request adds or changes, and for the features whose stage it changes (a demotion, a deprecation, a reinstatement) — never on an unrelated edit to a feature that an old consumer reads — on the merge result. A feature in an exit stage counts as at the stage it left. A consumer that reads a `role: label` feature (a training target) must say so in its read (`role: label`), or it leaks the label into what it predicts. A derived feature is a consumer of its inputs: at a frozen stage (or an exit stage left from one) it reads only feature inputs at or above the production consumers' floor, judged when the pull request changes its stage or `inputs`, or an input's stage; the finding sits on the derived feature's file."
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
        inputFloor(input, moved: moved, into: &diagnostics)
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

    /// A derived feature at a frozen stage reads its feature inputs as a production consumer
    /// would (SPEC §10): each at the production floor or above. Judged for the derived features
    /// whose stage or inputs the pull request changes (every input), and for those whose
    /// input's stage it changes (that input); an input that does not exist is FEAT001's.
    static func inputFloor(
        _ input: CheckInput, moved: [Identity: PairedChange], into diagnostics: inout Diagnostics
    ) {
        let policy = input.policy
        guard let floor = policy.consumerFloor(for: .production) else { return }
        var changes: [Identity: PairedChange] = [:]
        for c in input.changes where c.after != nil { changes[c.identity] = c }
        // The judged files, then the merge result's other derived features, once each.
        var derived: [Identity: Feature] = [:]
        for f in input.catalog.values where !f.featureInputs.isEmpty { derived[f.identity] = f }
        for f in input.headFiles.compactMap(\.feature) where !f.featureInputs.isEmpty { derived[f.identity] = f }
        for feature in derived.values.sorted(by: { $0.identity < $1.identity }) {
            let change = changes[feature.identity]
            let own =
                change.map { c in
                    c.before == nil || c.before?.stage != c.after?.stage
                        || Set(c.before?.featureInputs.compactMap(\.feature) ?? [])
                            != Set(feature.featureInputs.compactMap(\.feature))
                } ?? false
            guard own || feature.featureInputs.contains(where: { $0.feature.map { moved[$0] != nil } ?? false }),
                isFrozen(feature.stage, left: change.flatMap { stageLeft(by: $0, in: input) }, policy: policy)
            else { continue }
            for entry in feature.featureInputs {
                guard let source = entry.feature, own || moved[source] != nil,
                    let stage = input.consumers.mergedStages[source]
                else { continue }
                let inputLeft = moved[source].flatMap { stageLeft(by: $0, in: input) }
                guard !policy.meetsFloor(stage, left: inputLeft, floor: floor) else { continue }
                let at =
                    policy.stage(stage)?.from != nil ? inputLeft.map { "\(stage) (left from \($0))" } ?? stage : stage
                diagnostics.report(
                    self, Message.inputBelowFloor(feature, source, entry.path, at: at, floor: floor),
                    path: feature.path, line: entry.line ?? feature.line(of: "inputs"), identity: feature.identity,
                    input: InputRef(source, stage: stage), fields: [entry.path])
            }
        }
    }

    /// The stage a feature that the pull request moves into an exit stage left: the one it had
    /// at the base, or, when it was already in an exit stage there, the one the history shows
    /// it left for it.
    static func stageLeft(by c: PairedChange, in input: CheckInput) -> String? {
        guard let before = c.before?.stage else { return nil }
        return input.policy.stage(before)?.from != nil ? input.stageLeft(c) : before
    }

    /// Whether a feature at `stage` is bound by a frozen contract: a frozen stage, or an exit
    /// stage left from one (when it is known which).
    static func isFrozen(_ stage: String, left: String?, policy: Policy) -> Bool {
        guard let rule = policy.stage(stage) else { return false }
        if rule.from == nil { return rule.frozen }
        return left.flatMap { policy.stage($0)?.frozen } ?? false
    }

    enum Message {
        static func inputBelowFloor(
            _ feature: Feature, _ source: Identity, _ path: String, at: String, floor: String
        ) -> String {
            "\(feature.identity) (\(feature.stage), owner \(feature.owner ?? "unknown")) reads \(source) at \(path), "
                + "which is \(at) in the merge result; a feature at a frozen stage reads its inputs as a production "
                + "consumer does, at \(floor) or above — promote \(source.feature) first, or move "
                + "\(feature.identity.feature) down in \(feature.path)"
        }
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
