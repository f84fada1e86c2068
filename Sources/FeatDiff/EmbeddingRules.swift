import FeatModel

/// Embeddings, whose meaning is defined by the model that made them: a different model, version,
/// input or metric gives vectors of the same shape in a different space (`meaning`); a different
/// dimension no longer fits (`breaking`).
enum EmbeddingRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "embedding.dimension":
            if before == nil {
                return Verdict(.compatible, change, because: "the vector size is now part of the contract")
            }
            return Verdict(.breaking, change, because: "vectors no longer fit the indexes and models sized for the old dimension")
        case "embedding.model":
            return Verdict(.meaning, change, because: "vectors from another model live in another space, so nearest neighbours and downstream models silently misread them")
        case "embedding.model_version":
            return Verdict(.meaning, change, because: "a new model version moves vectors in the space, so they are not comparable with stored ones or those a model was trained on")
        case "embedding.metric":
            return Verdict(.meaning, change, because: "similarity is measured differently, so scores and nearest neighbours change")
        case "embedding.normalized":
            return Verdict(.meaning, change, because: "vector lengths change, so dot-product and l2 scores shift")
        case "embedding.objective":
            return Verdict(.meaning, change, because: "the vectors are trained to capture something else, so closeness means something else")
        case "embedding.input":
            return Verdict(.meaning, change, because: "a different input is embedded; same shape, different vectors")
        default:
            return nil
        }
    }
}
