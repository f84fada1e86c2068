/// How the shapes of SPEC §10 meet the obligations a policy names, where a field written out
/// would be meaningless or fake: obligations are replaced, never faked.
///
/// - `source` is met by `table`, `sql`, `expression`, `stream` or `inputs` — never by `kind`,
///   `filter` or `mutations` alone; with more than one input, only by `source.expression`,
///   which says how they combine.
/// - `time.ttl` is met by a feature computed at request time: its value is never stale.
/// - `aggregation.function` is met when the function has the parameters it requires
///   (`params.k` for `last_k`), so a stage asks for them with the function.
/// - a vocabulary is met by `categorical.fitted`: a vocabulary learned from data.
/// - `embedding.model_version` is met by `embedding.refit`: the model is refitted on a cadence.
/// - `entity` is met by `entity: none`, a global feature.
///
/// Obligations met through other files (an input's `time.event_time`) are judged with the
/// catalog at hand, in `Policy.missing(for:resolvingInputs:)`.
enum FormatObligations {
    static func present(_ definition: Value, _ field: String) -> Bool {
        definition[path: field]?.isPresent ?? false
    }

    /// The fields of `source` that say where values come from, without `inputs`.
    static let sourceFields = ["table", "sql", "expression", "stream"]

    static func inputCount(_ definition: Value) -> Int {
        Feature.inputs(of: definition).count
    }

    static func isRequestTime(_ definition: Value) -> Bool {
        Feature.inputs(of: definition).contains(where: \.isRequest)
    }

    /// Whether a definition meets an obligation naming `field`.
    static func meets(_ definition: Value, _ field: String) -> Bool {
        switch field {
        case "source":
            let inputs = inputCount(definition)
            if inputs > 1 { return present(definition, "source.expression") }
            return inputs == 1 || sourceFields.contains { present(definition, "source." + $0) }
        case "time.ttl":
            return present(definition, field) || isRequestTime(definition)
        case "aggregation.function":
            return present(definition, field) && AggregationFunctions.missingParameters(definition).isEmpty
        case "embedding.model_version":
            return present(definition, field) || present(definition, "embedding.refit")
        case "categorical.vocabulary", "categorical.vocabulary_file":
            return present(definition, field) || present(definition, "categorical.fitted")
        default:
            return present(definition, field)
        }
    }

    /// The other fields whose presence may meet an obligation naming `field` (a superset: what
    /// `meets` decides exactly, an editor's schema can only approximate), so the schema
    /// written for editors never marks as missing what `feat validate` accepts.
    static func alternatives(for field: String) -> [String] {
        switch field {
        case "source", "time.ttl", "time.event_time", "backfill.start": return ["inputs"]
        case "embedding.model_version": return ["embedding.refit"]
        case "categorical.vocabulary", "categorical.vocabulary_file": return ["categorical.fitted"]
        default: return []
        }
    }

    /// What a definition that does not meet an obligation naming `field` is asked for, when
    /// its shape asks for something else than the field; nil otherwise.
    static func shortfall(_ definition: Value, _ field: String) -> String? {
        switch field {
        case "source":
            let inputs = inputCount(definition)
            return inputs > 1 ? "source.expression (combining \(inputs) inputs)" : nil
        case "aggregation.function":
            let missing = AggregationFunctions.missingParameters(definition)
            guard let function = definition[path: field]?.stringValue, !missing.isEmpty else { return nil }
            let params = missing.map { $0.map { "aggregation.params." + $0 }.joined(separator: " or ") }
            return params.joined(separator: ", ") + " (for \(function))"
        default:
            return nil
        }
    }
}
