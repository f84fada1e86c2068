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

    /// The most severe of several verdicts (the first of equals), nil when there are none.
    static func mostSevere(_ verdicts: [Verdict?]) -> Verdict? {
        var best: Verdict?
        for case let v? in verdicts where best.map({ v.impact > $0.impact }) ?? true { best = v }
        return best
    }
}

/// Both versions of a matched feature, for rules whose verdict depends on other fields.
struct FieldContext: Sendable {
    var before: Feature
    var after: Feature
    var vocabularies: VocabularyFiles
    /// Fields that the stage this change moves the feature into requires and its base stage
    /// did not, when the base stage is no contract (neither frozen nor an exit stage): a
    /// defaulted field first set there is stated because the ladder asks for it.
    var newlyRequired: Set<String> = []
    /// The policy's `extension_impacts`.
    var extensionImpacts: [String: String] = [:]

    /// An enumerated field at base and at head, an absent one read as its default (SPEC §4:
    /// `encoding: onehot`, `unseen: error`, `map.keys: open`, `map.missing: null`).
    func effective(_ path: String, default value: String) -> (before: String, after: String) {
        (
            before.definition[path: path]?.stringValue ?? value,
            after.definition[path: path]?.stringValue ?? value
        )
    }

    /// The encodings a categorical change must be judged under: the one at base and the one
    /// at head, once each. A change is as severe as it is under the stricter of them.
    var encodings: [String] {
        let e = effective("categorical.encoding", default: "onehot")
        return e.before == e.after ? [e.after] : [e.before, e.after]
    }

    /// `embedding.normalized` on both sides, false when absent.
    var normalizedOnBothSides: Bool {
        before.definition[path: "embedding.normalized"] == .bool(true)
            && after.definition[path: "embedding.normalized"] == .bool(true)
    }
}

/// Compares two definitions of one feature field by field and gives each change its impact.
enum FieldRules {
    /// Fields whose absence means "none" (SPEC §4): their first setting changes how values
    /// are computed, so they keep their row's impact, instead of declaring how the feature
    /// already behaves.
    static let absenceMeansNone: Set<String> = [
        "source.sql", "source.filter", "source.expression", "aggregation.column", "aggregation.slide", "inputs",
        "backfill.source", "aggregation.half_life", "aggregation.series.count", "aggregation.series.step",
        "aggregation.params.k", "aggregation.params.percentile", "aggregation.params.percentiles",
        "aggregation.params.precision",
        "source.mutations.table", "source.mutations.topic", "embedding.refit.every",
    ]

    /// Fields compared by their own rules rather than leaf by leaf: `inputs` are keyed by name.
    static let comparedWhole: Set<String> = ["inputs", "default"]

    /// Fields with a default (SPEC §4): absent, they are compared as that default, so setting
    /// one to its default is no change and setting another value takes the row of default →
    /// value. `map.max_keys` and `categorical.max_values` default to no limit, which has no
    /// written form; `categorical.unseen_id` defaults to N, the number of entries, which
    /// `fallback` works out for each feature.
    static let defaults: [String: Value?] = [
        "categorical.encoding": .string("onehot"), "categorical.unseen": .string("error"),
        "map.keys": .string("open"), "map.missing": .string("null"), "map.max_keys": nil,
        "embedding.normalized": .bool(false), "embedding.dtype": .string("float32"),
        "time.timezone": .string("UTC"), "time.allowed_lateness": FeatureDuration("0s").map(Value.duration),
        "aggregation.offset": FeatureDuration("0s").map(Value.duration), "time.accuracy": .string("temporal"),
        "role": .string("feature"), "length": .string("variable"), "map.null_key": .string("drop"),
        "categorical.multi_valued": .bool(false), "categorical.max_values": nil, "categorical.unseen_id": .string("N"),
        "default": .null, "source.kind": .string("events"),
        "aggregation.params.ddof": .int(1),
        "aggregation.params.periods": .int(1), "aggregation.params.distinct": .bool(false),
    ]

    /// What an absent field reads as in one feature: its default, worked out where it depends
    /// on the feature (`categorical.unseen_id` is N, the number of entries); nil when absence
    /// has no written form.
    static func fallback(_ field: String, _ feature: Feature) -> Value? {
        if field == "categorical.unseen_id" { return CategoricalRules.unseenID(of: feature).map(Value.int) }
        return defaults[field] ?? nil
    }

    /// Every field change between two versions of a feature, ordered by field path.
    static func changes(
        before: Feature, after: Feature, vocabularies: VocabularyFiles, newlyRequired: Set<String> = [],
        extensionImpacts: [String: String] = [:]
    ) -> [FieldChange] {
        let context = FieldContext(
            before: before, after: after, vocabularies: vocabularies, newlyRequired: newlyRequired,
            extensionImpacts: extensionImpacts)
        var changes = CategoricalRules.vocabularyChanges(context) + InputRules.changes(context)
        if let change = DefaultRules.change(context) { changes.append(change) }
        // Fields equal on both sides hold no change: only where the definitions differ is read.
        let (old, new) = FieldTree.differingLeaves(before.definition, after.definition)
        for field in Set(old.keys).union(new.keys).sorted()
        where !CategoricalRules.isVocabularyField(field)
            && !comparedWhole.contains(FieldTree.components(field).first ?? field)
        {
            let b = old[field]
            let a = new[field]
            guard !equivalent(field, b, a) else { continue }
            if let before = fallback(field, before), let after = fallback(field, after),
                equivalent(field, b ?? before, a ?? after)
            {
                continue  // set to, or removed from, what absence already meant
            }
            let verdict = classify(field, b, a, context)
            changes.append(verdict.change(field, b, a))
        }
        return changes.sorted { $0.field < $1.field }
    }

    /// Equal in meaning: the same normalised value, SQL with the same tokens, the same set of
    /// join keys.
    static func equivalent(_ field: String, _ before: Value?, _ after: Value?) -> Bool {
        if FieldTree.equivalent(before, after) { return true }
        if SQLTokens.fields.contains(field), let b = before?.stringValue, let a = after?.stringValue {
            return SQLTokens.equivalent(b, a)
        }
        if field == "entity", let b = FieldTree.strings(before), let a = FieldTree.strings(after) {
            return Set(b) == Set(a)
        }
        // `refit: {every: day}` is `every: 1d`; `month` equals no duration.
        if field == "embedding.refit.every", let b = before, let a = after {
            return EmbeddingRules.period(b) == EmbeddingRules.period(a)
        }
        // `US/Eastern` is `America/New_York`; `Zulu`, `GMT` and `UTC` are all UTC.
        if field == "time.timezone", let b = before?.stringValue, let a = after?.stringValue {
            return TimeZoneName.same(b, a)
        }
        return false
    }

    /// The verdict for one changed field.
    ///
    /// A field first set declares how the feature already behaves (`additive`), except where
    /// its first setting changes the values. Fields no rule knows are `meaning`, and say so.
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict {
        let parts = FieldTree.components(field)
        if let custom = parts.firstIndex(where: { $0.hasPrefix("x-") }) {
            let path = parts[...custom].joined(separator: ".")
            let listed = context.extensionImpacts[path] ?? context.extensionImpacts[parts[custom]]
            return DocumentationRules.custom(field, before, after, listed: listed.flatMap(Impact.init(rawValue:)))
        }
        let top = parts.first ?? ""
        // A field the format does not know is named, with the closest known one: never
        // graded by the block it sits in (`expectations.nul_rate_max` is no data check).
        if top != "evidence", !FeatureSchema.isField(field), FeatureSchema.field(field) == nil {
            return unclassified(field, before, after, hint: FeatureSchema.hint(forPath: field))
        }
        let verdict: Verdict?
        switch top {
        case "backfill" where field == "backfill.source":
            verdict = SourceRules.backfillSource(field, before, after)
        case "backfill" where field == "backfill.start" && AggregationRules.spansLifetime(context):
            verdict = AggregationRules.lifetimeStart(field, before, after)
        case "description", "hypothesis", "tags", "evidence":
            // Documentation is cosmetic however it changes, first setting included.
            return DocumentationRules.classify(field, before, after) ?? unclassified(field, before, after)
        case "owner", "waivers", "sla", "monitoring", "expectations", "backfill", "deprecation":
            verdict = OperationalRules.classify(field, before, after)
        case "type", "entity", "kind", "role", "length":
            verdict = ShapeRules.classify(field, before, after)
        case "source", "time":
            verdict = SourceRules.classify(field, before, after, context)
        case "aggregation":
            verdict = AggregationRules.classify(field, before, after, context)
        case "categorical":
            verdict = CategoricalRules.classify(field, before, after, context)
        case "map":
            verdict = MapRules.classify(field, before, after, context)
        case "embedding":
            verdict = EmbeddingRules.classify(field, before, after, context)
        default:
            verdict = nil
        }
        guard let verdict else { return unclassified(field, before, after) }
        if before == nil, let after, !keepsImpactWhenFirstSet(field, context) {
            return declared(field, after, top: top)
        }
        return verdict
    }

    static func keepsImpactWhenFirstSet(_ field: String, _ context: FieldContext) -> Bool {
        // An aggregation first set on a map or an embedding declares how it is already filled.
        if field.hasPrefix("aggregation."), AggregationRules.filledFirst(context) { return false }
        if absenceMeansNone.contains(field) { return true }
        // A lifetime window starts at backfill.start: first set, it moves every value.
        if field == "backfill.start", AggregationRules.spansLifetime(context) { return true }
        // A defaulted field takes the row of default → value, unless the ladder asks for it in
        // this very change, before any contract binds the feature.
        if defaults.keys.contains(field) { return !context.newlyRequired.contains(field) }
        // Buckets under another encoding than hash declare nothing: they do not apply.
        if field == "categorical.buckets", !context.encodings.contains("hash") { return true }
        // A limit set while a closed map opens is judged with the opening (SPEC §4, Maps).
        return field == "map.max_keys" && MapRules.opensClosedMap(context)
    }

    /// A field absent before and now set: it states how the feature already behaves.
    static func declared(_ field: String, _ value: Value, top: String) -> Verdict {
        let what = Wording.transition(field, nil, value)
        switch top {
        case "deprecation":
            return Verdict(
                .additive, what,
                because: """
                    a deprecation notice is now stated; values are unchanged, and consumers are told to plan a \
                    migration
                    """)
        case "waivers":
            return Verdict(
                .additive, what,
                because: """
                    a reviewed exception to a merge check is recorded; values and consumers are unaffected
                    """)
        case "owner", "sla", "monitoring", "expectations", "backfill":
            return Verdict(
                .additive, what,
                because: """
                    declares how the feature is already run; confirm that it matches what is in place
                    """)
        default:
            return Verdict(
                .additive, what,
                because: """
                    declares how the feature already behaves; confirm that it matches what is served
                    """)
        }
    }

    /// Last components of field names that set a shape: a field the tool does not know
    /// whose name says it sets a type, a size or a layout is taken to be one.
    static let shapeWords = ["type", "dimension", "dim", "shape", "size", "width", "length", "encoding", "format"]

    /// True when an unknown field sets what consumers read: anything under `categorical`
    /// (its entries and their layout are the feature's shape), or a type- or size-like name.
    static func setsShape(_ field: String) -> Bool {
        let parts = FieldTree.components(field)
        if parts.first == "categorical" { return true }
        let leaf = (parts.last ?? field).lowercased()
        return shapeWords.contains { leaf.contains($0) }
    }

    /// A field no rule knows: `meaning`, the safe assumption, or `breaking` when it sets a shape.
    static func unclassified(_ field: String, _ before: Value?, _ after: Value?, hint: String = "") -> Verdict {
        let what = Wording.transition(field, before, after)
        if !hint.isEmpty {
            return Verdict(
                setsShape(field) ? .breaking : .meaning, what,
                because: "the format has no such field\(hint), so feat cannot classify it and assumes "
                    + (setsShape(field) ? "consumers misread it" : "values may change") + "; review it by hand")
        }
        if setsShape(field) {
            return Verdict(
                .breaking, what,
                because: """
                    feat cannot classify this field, and it sets the shape consumers read, so it assumes they fail or \
                    misread it; review it by hand
                    """)
        }
        return Verdict(
            .meaning, what,
            because: """
                feat cannot classify this field, so it assumes values may change; review it by hand
                """)
    }
}
