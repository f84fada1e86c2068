import FeatModel

/// The impact of one field change and the reason for it.
struct Verdict: Sendable, Hashable {
    var impact: Impact
    /// What changed: `aggregation.window 7d → 30d`.
    var what: String
    /// Why it has this impact, for the people and models that consume the feature.
    var why: String

    init(_ impact: Impact, _ what: String, because why: String) {
        self.impact = impact
        self.what = what
        self.why = why
    }

    var message: String { "\(what): \(why)" }

    func change(_ field: String, _ before: Value?, _ after: Value?) -> FieldChange {
        FieldChange(field: field, before: before, after: after, impact: impact, message: message, reason: why)
    }
}

/// Both versions of a matched feature, for rules whose verdict depends on other fields.
struct FieldContext: Sendable {
    var before: Feature
    var after: Feature
    var vocabularies: VocabularyFiles

    /// A string field as it is at head, or at base when the head lacks it.
    func current(_ path: String) -> String? {
        after.definition[path: path]?.stringValue ?? before.definition[path: path]?.stringValue
    }
}

/// Compares two definitions of one feature field by field and gives each change its impact.
enum FieldRules {
    /// Every field change between two versions of a feature, ordered by field path.
    static func changes(before: Feature, after: Feature, vocabularies: VocabularyFiles) -> [FieldChange] {
        let context = FieldContext(before: before, after: after, vocabularies: vocabularies)
        var changes = CategoricalRules.vocabularyChanges(context)
        let old = FieldTree.leaves(of: before.definition)
        let new = FieldTree.leaves(of: after.definition)
        for field in Set(old.keys).union(new.keys).sorted() where !CategoricalRules.vocabularyFields.contains(field) {
            let b = old[field]
            let a = new[field]
            guard !equivalent(field, b, a) else { continue }
            let verdict = classify(field, b, a, context)
            changes.append(verdict.change(field, b, a))
        }
        return changes.sorted { $0.field < $1.field }
    }

    /// Equal in meaning: the same normalised value, or SQL with the same tokens.
    static func equivalent(_ field: String, _ before: Value?, _ after: Value?) -> Bool {
        if FieldTree.equivalent(before, after) { return true }
        if SQLTokens.fields.contains(field), let b = before?.stringValue, let a = after?.stringValue {
            return SQLTokens.equivalent(b, a)
        }
        return false
    }

    /// The verdict for one changed field. Fields no rule knows are `meaning`, and say so.
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict {
        let parts = field.split(separator: ".").map(String.init)
        if parts.contains(where: { $0.hasPrefix("x-") }) {
            return DocumentationRules.custom(field, before, after)
        }
        let verdict: Verdict?
        switch parts.first ?? "" {
        case "description", "hypothesis", "tags", "evidence":
            verdict = DocumentationRules.classify(field, before, after)
        case "owner", "waivers", "sla", "monitoring", "expectations", "backfill", "deprecation":
            verdict = OperationalRules.classify(field, before, after)
        case "type", "entity", "kind":
            verdict = ShapeRules.classify(field, before, after)
        case "source", "time":
            verdict = SourceRules.classify(field, before, after)
        case "aggregation":
            verdict = AggregationRules.classify(field, before, after)
        case "categorical":
            verdict = CategoricalRules.classify(field, before, after, context)
        case "map":
            verdict = MapRules.classify(field, before, after, context)
        case "embedding":
            verdict = EmbeddingRules.classify(field, before, after)
        default:
            verdict = nil
        }
        return verdict ?? unclassified(field, before, after)
    }

    /// A field no rule knows: reported as `meaning`, the safe assumption, and said so.
    static func unclassified(_ field: String, _ before: Value?, _ after: Value?) -> Verdict {
        Verdict(.meaning, "\(Wording.transition(field, before, after))", because: "feat cannot classify this field, so it assumes values may change; review it by hand")
    }
}
