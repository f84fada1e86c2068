import FeatModel

/// Embeddings, whose meaning is defined by the model that made them: a different model, version,
/// input, objective, metric or normalisation gives vectors of the same shape that mean something
/// else (`meaning`); a different dimension no longer fits (`breaking`). Cosine and dot product
/// give equal scores on normalised vectors, so switching between them there is `compatible`.
enum EmbeddingRules {
    /// Element types widened without loss: every value of the first is exact in the second.
    static let losslessDTypes: Set<[String]> = [
        ["float16", "float32"], ["bfloat16", "float32"], ["float16", "float64"], ["bfloat16", "float64"],
        ["float32", "float64"],
    ]

    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "embedding.dimension":
            if after == nil {
                return Verdict(
                    .breaking, change,
                    because: """
                        the vector size is no longer part of the contract, so indexes and models sized for it cannot \
                        rely on it
                        """)
            }
            return Verdict(
                .breaking, change,
                because: """
                    vectors no longer fit the indexes and models sized for the old dimension
                    """)
        case "embedding.dtype":
            let dtype = context.effective("embedding.dtype", default: "float32")
            if Self.losslessDTypes.contains([dtype.before, dtype.after]) {
                return Verdict(
                    .compatible, change,
                    because:
                        "every \(dtype.before) component is exact in \(dtype.after): vectors are unchanged, stored wider"
                )
            }
            return Verdict(
                .breaking, change,
                because: """
                    components are stored as \(dtype.after) instead of \(dtype.before): models and indexes built for \
                    the old element type misread them, and a narrower type loses precision
                    """)
        case "embedding.pooling":
            return Verdict(
                .meaning, change,
                because: "token vectors are combined differently, so each vector means something else in the same space"
            )
        case "embedding.model":
            return Verdict(
                .meaning, change,
                because: """
                    vectors from another model live in another space, so nearest neighbours and downstream models \
                    silently misread them
                    """)
        case "embedding.model_version":
            return Verdict(
                .meaning, change,
                because: """
                    a new model version moves vectors in the space, so they are not comparable with stored ones or \
                    those a model was trained on
                    """)
        case "embedding.metric":
            return metric(change, before?.stringValue, after?.stringValue, context)
        case "embedding.normalized":
            let old = before == .bool(true)
            let new = after == .bool(true)
            if old == new {
                return Verdict(
                    .compatible, change,
                    because: """
                        an absent normalized means false, so vectors are produced as before
                        """)
            }
            return Verdict(
                .meaning, change,
                because: new
                    ? "vectors are now scaled to unit length, so dot-product and l2 scores change"
                    : "vectors are no longer scaled to unit length, so dot-product and l2 scores change")
        case "embedding.objective":
            return Verdict(
                .meaning, change,
                because: """
                    the vectors are trained to capture something else, so closeness means something else
                    """)
        case "embedding.refit.every":
            return Verdict(
                .meaning, change,
                because: before == nil
                    ? "the model is now refitted on a cadence, so vectors compare only within a period"
                    : after == nil
                        ? "the model is no longer refitted on a cadence, so vectors of one period mean something "
                            + "else than those of the last"
                        : "the model is refitted on another cadence, so vectors compare within other periods")
        case "embedding.input":
            return Verdict(.meaning, change, because: "a different input is embedded; same shape, different vectors")
        default:
            return nil
        }
    }

    /// A refit cadence by value: `day` is `1d`, `week` is `1w`; `month`, `quarter` and `year`
    /// equal no duration.
    static func period(_ value: Value) -> Value {
        switch value.stringValue {
        case "day": return FeatureDuration("1d").map(Value.duration) ?? value
        case "week": return FeatureDuration("1w").map(Value.duration) ?? value
        default: return value
        }
    }

    /// Cosine ↔ dot on vectors normalised at base and head is `compatible`; any other change `meaning`.
    static func metric(_ change: String, _ before: String?, _ after: String?, _ context: FieldContext) -> Verdict {
        let pair = Set([before, after].compactMap { $0 })
        if pair == ["cosine", "dot"], context.normalizedOnBothSides {
            return Verdict(
                .compatible, change,
                because: """
                    the vectors are normalised at both versions, so cosine similarity and dot product give equal \
                    scores and the same neighbours
                    """)
        }
        if pair == ["cosine", "dot"] {
            return Verdict(
                .meaning, change,
                because: """
                    the vectors are not normalised at both versions, so cosine similarity and dot product give \
                    different scores and neighbours
                    """)
        }
        return Verdict(
            .meaning, change,
            because: """
                similarity is measured differently, so scores and nearest neighbours change
                """)
    }
}
