import FeatJSON

extension FeatureSchema {
    /// The feature-file format as a JSON Schema (draft 2020-12), made from the same description
    /// the parser uses, for editors (yaml-language-server) and other tools. An empty field
    /// means an absent one, so every value may also be null.
    public static var jsonSchema: String {
        var top = properties(fields, prefix: "")
        top["required"] = .list([.text("feature"), .text("stage")])
        top["$schema"] = .text("https://json-schema.org/draft/2020-12/schema")
        top["title"] = .text("feat feature file")
        return JSONValue.object(top).rendered() + "\n"
    }

    /// An object of known properties: `x-` keys are the author's own, any other key is refused.
    static func properties(_ shapes: [String: Shape], prefix: String) -> [String: JSONValue] {
        var props: [String: JSONValue] = [:]
        for (key, shape) in shapes {
            let path = prefix.isEmpty ? key : prefix + "." + key
            var property = schema(shape, path: path)
            // A waiver naming a rule feat does not have is an error: offer the IDs instead.
            if path == "waivers[].rule" { property = .object(["enum": .list(Policy.ruleIDs.map(JSONValue.text))]) }
            if case .object(var fields) = property, let text = descriptions[path] {
                fields["description"] = .text(text)
                property = .object(fields)
            }
            props[key] = property
        }
        return [
            "type": .list([.text("object"), .text("null")]),
            "properties": .object(props),
            "patternProperties": .object(["^x-": .object([:])]),
            "additionalProperties": .bool(false),
        ]
    }

    static func schema(_ shape: Shape, path: String) -> JSONValue {
        func types(_ names: String...) -> JSONValue { .list((names + ["null"]).map(JSONValue.text)) }
        switch shape {
        case .text:
            return .object(["type": types("string", "number")])
        case .scalarText, .scalar:
            return .object(["type": types("string", "number", "boolean")])
        case .identifier:
            return .object([
                "type": types("string"), "pattern": .text("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$"),
                "maxLength": .number(Double(FeatureName.maxLength)),
            ])
        case .name:
            return .object([
                "type": types("string"), "pattern": .text("^[a-z][a-z0-9_]*$"),
                "maxLength": .number(Double(InputNames.maxLength)),
            ])
        case .mapping(let element):
            return .object([
                "type": types("object"), "additionalProperties": schema(element, path: path + ".*"),
            ])
        case .enumeration(let values):
            // `missing: null` is the value null: YAML tools read it as JSON null.
            return .object(["enum": .list(values.map(JSONValue.text) + [.null])])
        case .scalarType:
            return .object(["enum": .list(DataType.allCases.map { .text($0.rawValue) } + [.null])])
        case .dataType:
            let scalar = JSONValue.object(["enum": .list(DataType.allCases.map { .text($0.rawValue) } + [.null])])
            let list = JSONValue.object(["type": .text("string"), "pattern": .text(ValueType.listPattern)])
            return .object(["anyOf": .list([scalar, list])])
        case .nonZeroInteger:
            return .object(["type": types("integer"), "not": .object(["const": .number(0)])])
        case .integer(let minimum):
            return .object(["type": types("integer"), "minimum": .number(Double(minimum))])
        case .number(let range):
            var s: [String: JSONValue] = ["type": types("number")]
            if let range {
                s["minimum"] = .number(range.lowerBound)
                s["maximum"] = .number(range.upperBound)
            }
            return .object(s)
        case .bool:
            return .object(["type": types("boolean")])
        case .duration:
            // At most 12 digits, and not zero: a duration of nothing is refused.
            return .object(["type": types("string"), "pattern": .text("^(?=[0-9]{1,12}[smhdw]$)0*[1-9][0-9]*[smhdw]$")])
        case .durationOrZero:
            return .object(["type": types("string"), "pattern": .text("^[0-9]{1,12}[smhdw]$")])
        case .signedDuration:
            return .object(["type": types("string"), "pattern": .text("^-?[0-9]{1,12}[smhdw]$")])
        case .durationOr(let words):
            let duration = JSONValue.object([
                "type": .text("string"), "pattern": .text("^(?=[0-9]{1,12}[smhdw]$)0*[1-9][0-9]*[smhdw]$"),
            ])
            return .object(["anyOf": .list([duration, .object(["enum": .list(words.map(JSONValue.text) + [.null])])])])
        case .date:
            return .object(["type": types("string"), "pattern": .text("^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$")])
        case .sha256:
            return .object(["type": types("string"), "pattern": .text("^[0-9a-fA-F]{64}$")])
        case .fieldPath:
            let known: JSONValue = .object(["enum": .list(addressablePaths.map(JSONValue.text))])
            return .object([
                "anyOf": .list([known, .object(["type": .text("string"), "pattern": .text("(^|\\.)x-")])])
            ])
        case .nameList:
            return .object(["type": types("string", "array"), "items": .object(["type": .text("string")])])
        case .list(let element):
            return .object(["type": types("array"), "items": schema(element, path: path + "[]")])
        case .block(let children):
            return .object(properties(children, prefix: path))
        case .textOrBlock(let children):
            let block = JSONValue.object(properties(children, prefix: path))
            return .object(["anyOf": .list([.object(["type": .text("string")]), block])])
        case .freeMap:
            return .object(["type": types("object")])
        case .free, .defaultValue:
            return .object([:])
        }
    }
}

extension FeatureSchema {
    /// One line per field, shown by editors when hovering a key; docs/format.md says more.
    static let descriptions: [String: String] = [
        "feature": "The feature's name; with version, its identity.",
        "version": "The contract's major version (default 1); a breaking change is a new file with the next version.",
        "stage": "The stage this feature is at: one of the policy's stages.",
        "kind": "scalar, aggregation, categorical, map or embedding.",
        "owner": "Who answers for this feature: a team address, a person.",
        "hypothesis": "What this feature should predict, and why you believe it.",
        "description": "One sentence a consumer can rely on.",
        "evidence": "What exploration found: free-form records (date, metric, value, dataset, ...).",
        "entity": "The join key(s); their order carries no meaning.",
        "type": "The value's type: one of nine, or a list of one (list<int64>).",
        "tags": "Labels for search and grouping.",
        "inputs": "The features this one is derived from, and the fields known only at request time.",
        "inputs[].feature": "An input feature's name; with version, the feature read.",
        "inputs[].version": "The input feature's version (default 1).",
        "inputs[].as": "The name the expression gives the input feature.",
        "inputs[].key":
            "The input's entity keys mapped to this feature's columns ({user_id: recipient_id}); a key left out maps to itself.",
        "inputs[].request": "A field the caller sends at request time; also its name in the expression.",
        "inputs[].type": "The request field's type.",
        "source": "Where the values are computed from.",
        "source.table": "The table read.",
        "source.sql": "A query computing the values.",
        "source.filter": "A condition rows must meet.",
        "source.expression": "The expression computing the value from a row.",
        "time": "When a value is true, and for how long.",
        "time.event_time": "The column saying when each row happened.",
        "time.ttl": "How long a value stays valid after its event time (90s, 30m, 1h, 7d, 2w).",
        "time.timezone": "An IANA time-zone name, for windows aligned to calendar days.",
        "time.allowed_lateness": "How late an event may arrive and still count (default 0s: late events are dropped).",
        "aggregation": "How events are aggregated.",
        "aggregation.function": "The aggregate.",
        "aggregation.column": "The column aggregated.",
        "aggregation.window": "How far back events count (7d, 30d, ...), or lifetime: all history.",
        "aggregation.half_life": "Exponential decay within the window: an event this old counts half.",
        "aggregation.offset":
            "How long before the point in time the window ends (default 0s); negative looks forward, for labels only.",
        "aggregation.series": "One value per step: the feature is a list of count values.",
        "aggregation.series.count": "How many values the list holds.",
        "aggregation.series.step": "How far apart the values are.",
        "length": "With a list<T> type: fixed (padded to the length the definition gives) or variable (the default).",
        "aggregation.params": "The function's parameters.",
        "aggregation.group_by": "On a map: the column whose values become the map's keys (spend per category).",
        "map.null_key":
            "With aggregation.group_by: where rows whose group is null go: drop (the default) or a key name.",
        "aggregation.params.k": "last_k, first_k, top_k: how many values the list holds.",
        "aggregation.params.distinct": "last_k, first_k: keep each value once (default false).",
        "aggregation.params.percentile": "approx_percentile: the one percentile, from 0 to 1 (a single value).",
        "aggregation.params.percentiles":
            "approx_percentile: several percentiles, from 0 to 1 (a list, read by position).",
        "aggregation.params.precision": "approx_percentile, approx_distinct: the sketch's precision.",
        "aggregation.params.ddof": "stddev, variance: delta degrees of freedom (default 1).",
        "aggregation.params.periods": "lag: how many values back (default 1); negative looks ahead, for labels only.",
        "default": "What the feature reads as when the entity has no value: a value of its own shape (default null).",
        "source.kind": "events (the default: rows are events in time) or snapshot (rows are states at a time).",
        "source.stream": "The stream that feeds online values.",
        "source.stream.kind": "kafka, kinesis, pubsub or push.",
        "source.stream.topic": "The topic read; required for kafka, kinesis and pubsub.",
        "source.mutations": "Changes to rows applied within the day (a table and its change stream).",
        "source.mutations.table": "The table of mutations.",
        "source.mutations.topic": "The stream of mutations.",
        "embedding.refit": "The model is refitted on a cadence: vectors compare only within a period.",
        "embedding.refit.every":
            "day, week, month, quarter or year (calendar periods in time.timezone), or a duration.",
        "role": "feature or label (default feature): a label is what a model predicts, never an input to it.",
        "time.accuracy": "How often the value moves: temporal (with each event, the default) or daily.",
        "aggregation.slide": "For a hopping window: how far the window moves at each step.",
        "categorical": "The categories and their encoding.",
        "categorical.vocabulary": "The categories, in encoding order: the order is the encoding.",
        "categorical.vocabulary_file":
            "Instead of vocabulary: a file (relative to the feature-repo root, one entry per line) or a URI.",
        "categorical.vocabulary_sha256": "The SHA-256 of the vocabulary file's bytes; required for a URI.",
        "categorical.unseen": "What a value outside the vocabulary becomes.",
        "categorical.encoding": "How categories reach the model (default onehot).",
        "categorical.buckets": "With hash encoding: the number of buckets.",
        "categorical.multi_valued":
            "A set of categories per row: multi-hot with onehot, a list of ids otherwise (default false).",
        "categorical.max_values": "With multi_valued: a row keeps at most this many categories, in vocabulary order.",
        "categorical.unseen_id":
            "With index encoding and unseen: bucket, the id unseen values take (default N, after the vocabulary).",
        "categorical.fitted":
            "A vocabulary learned from training data instead of listed: the parameters that learn it.",
        "categorical.fitted.dataset": "The data the vocabulary is learned from.",
        "categorical.fitted.range": "The period of that data.",
        "categorical.fitted.order": "How entries are ordered: sorted, or by frequency.",
        "categorical.fitted.min_count": "How often a value must occur to be an entry.",
        "categorical.fitted.top_k": "At most this many entries, the most frequent.",
        "map": "A sparse set of keyed values: the map's contract.",
        "map.key_type": "The type of the keys.",
        "map.value_type": "The type of the values.",
        "map.keys": "Whether keys outside known_keys may appear (default open).",
        "map.known_keys": "The keys (all of them when closed).",
        "map.max_keys": "With open keys: the most keys a row may have.",
        "map.missing": "What an absent key reads as (default null).",
        "embedding": "The model and the vectors it makes.",
        "embedding.model": "The model's name.",
        "embedding.model_version": "The model's version: vectors of another version are not comparable.",
        "embedding.dimension": "The length of each vector.",
        "embedding.metric": "How vectors are compared.",
        "embedding.normalized": "Whether vectors have length 1 (default false).",
        "embedding.dtype": "The type of each component as stored and served (default float32).",
        "embedding.pooling": "How token vectors are combined into one vector.",
        "embedding.objective": "What the model was trained to do.",
        "embedding.input": "What is embedded.",
        "backfill": "How past values are computed.",
        "backfill.start": "The first day computed (YYYY-MM-DD).",
        "backfill.end": "The last day computed, when bounded (YYYY-MM-DD).",
        "backfill.strategy": "How the backfill runs (incremental, full, ...).",
        "backfill.source":
            "For a feature computed at request time: where its history comes from (request_log); absent, from source.",
        "expectations": "What the values must look like.",
        "expectations.null_rate_max": "The largest share of nulls allowed, from 0 to 1.",
        "expectations.min": "The smallest value allowed.",
        "expectations.max": "The largest value allowed.",
        "expectations.unique": "Whether values must be unique.",
        "expectations.allowed_values": "The only values allowed.",
        "expectations.max_keys": "For maps: the most keys a row may have.",
        "sla": "What serving promises.",
        "sla.freshness": "How old the newest value may be (1h, 1d, ...).",
        "sla.latency": "How long a lookup may take.",
        "sla.availability": "The share of time the feature is served (0.999).",
        "monitoring": "How you would notice it going wrong.",
        "monitoring.drift": "Drift detection: a metric's name, or a mapping.",
        "monitoring.drift.metric": "The drift measure (psi, ...).",
        "monitoring.drift.threshold": "The value that raises an alert.",
        "monitoring.drift.window": "The window the measure is taken over.",
        "monitoring.drift.baseline": "What the values are compared with.",
        "monitoring.dashboard": "Where to look.",
        "monitoring.alert": "Who or what is paged.",
        "deprecation": "Why and when the feature goes.",
        "deprecation.reason": "Why it is deprecated.",
        "deprecation.sunset": "The day it may be removed (YYYY-MM-DD).",
        "deprecation.replacement": "The feature to use instead.",
        "waivers": "Reviewed exceptions to a rule: {rule, reason, expires, fields}.",
        "waivers[].rule": "The rule waived (FEAT001 ... FEAT010).",
        "waivers[].reason": "Why it is acceptable. Required.",
        "waivers[].expires": "When the waiver stops applying (YYYY-MM-DD). Required.",
        "waivers[].fields": "Optional: only changes of these fields are excused.",
    ]
}

/// Just enough JSON to write a schema: keys sorted, so the output is stable.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([JSONValue])
    case object([String: JSONValue])

    /// The value as JSON text, objects by sorted key, two-space indent.
    func rendered() -> String { json.serialized() }

    var json: JSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .text(let s): return .string(s)
        case .list(let items): return .array(items.map(\.json))
        case .object(let fields): return .object(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
        }
    }
}
