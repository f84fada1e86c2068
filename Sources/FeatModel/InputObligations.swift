/// Obligations met through a feature's inputs (SPEC §10), judged with the catalog at hand.
extension Obligation {
    /// Fields a feature whose inputs are all features meets when every input meets them.
    public static let metThroughInputs: Set<String> = ["time.event_time", "time.ttl", "backfill.start"]

    /// Fields an embedding aggregated over an input embedding feature meets through that input.
    public static let metThroughInputEmbedding: Set<String> = [
        "embedding.model", "embedding.model_version", "embedding.dimension", "embedding.metric", "embedding.dtype",
    ]

    /// Whether a feature meets this obligation, itself or through its inputs: a feature whose
    /// inputs are all features meets `time.event_time`, `time.ttl` and `backfill.start` when
    /// every input does (through its own inputs too; a cycle or an input `resolve` cannot find
    /// meets nothing), and an embedding aggregated over an input embedding feature
    /// (`aggregation.column` names its `as`) meets the model's fields through it.
    public func isMet(by feature: Feature, resolvingInputs resolve: (Identity) -> Feature?) -> Bool {
        var visiting: Set<Identity> = []
        return isMet(by: feature, resolve, &visiting)
    }

    private func isMet(by feature: Feature, _ resolve: (Identity) -> Feature?, _ visiting: inout Set<Identity>)
        -> Bool
    {
        if isMet(by: feature.definition) { return true }
        guard visiting.insert(feature.identity).inserted else { return false }
        defer { visiting.remove(feature.identity) }
        for field in alternatives {
            let inputs = sources(of: field, in: feature)
            guard !inputs.isEmpty, let single = Obligation(field) else { continue }
            var all = true
            for input in inputs {
                guard let identity = input.feature, let upstream = resolve(identity),
                    single.isMet(by: upstream, resolve, &visiting)
                else {
                    all = false
                    break
                }
            }
            if all { return true }
        }
        return false
    }

    /// The inputs through which `field` may be met: every input when all are features (for the
    /// time and backfill fields), the input embedding an aggregated embedding reads; none otherwise.
    private func sources(of field: String, in feature: Feature) -> [FeatureInput] {
        let inputs = feature.inputs
        if Self.metThroughInputs.contains(field), !inputs.isEmpty, !inputs.contains(where: \.isRequest) {
            return inputs
        }
        if Self.metThroughInputEmbedding.contains(field), feature.kind == .embedding,
            let column = feature.definition[path: "aggregation.column"]?.stringValue,
            let input = inputs.first(where: { $0.as == column })
        {
            return [input]
        }
        return []
    }
}

extension Policy {
    /// The obligations of a stage that a feature does not meet, judged with the catalog at hand
    /// so that obligations met through inputs count (SPEC §10). `resolve` finds an input feature
    /// by identity in the same tree.
    public func missing(
        for feature: Feature, at stage: String? = nil, resolvingInputs resolve: (Identity) -> Feature?
    ) -> [Obligation] {
        missing(for: feature, at: stage).filter { !$0.isMet(by: feature, resolvingInputs: resolve) }
    }
}
