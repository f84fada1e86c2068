/// The shape a field's value must have, and how it is normalised.
indirect enum Shape: Sendable {
    /// A string; a plain number is kept as its text, a plain boolean is refused (quote it).
    case text
    /// Any non-null scalar, kept as its text (`model_version: 3`).
    case scalarText
    /// Any scalar, resolved as YAML reads it (number, boolean or text): `expectations.min`.
    case scalar
    /// A feature-style identifier.
    case identifier
    /// A name used inside a definition, without dots (`as: avg1d`, `request: amt`): an
    /// expression refers to it, and a field path names it (`inputs[avg1d]`).
    case name
    case enumeration([String])
    /// A value type: one of the nine, or `list<T>` (SPEC §10).
    case dataType
    /// One of the nine value types, never a list (`map.key_type`).
    case scalarType
    /// An integer other than 0 (`params.periods`).
    case nonZeroInteger
    case integer(min: Int)
    /// A number, optionally within a closed range.
    case number(ClosedRange<Double>?)
    case bool
    case duration
    /// A duration that may also be zero (`time.allowed_lateness: 0s`).
    case durationOrZero
    /// A duration, zero or negative with a leading `-` (`aggregation.offset: -7d`).
    case signedDuration
    /// A positive duration or one of some words (`window: lifetime`, `every: month`).
    case durationOr([String])
    case date
    /// A SHA-256 digest: 64 hexadecimal digits, normalised to lower case.
    case sha256
    /// A dotted path naming a field of this format (`aggregation.window`).
    case fieldPath
    /// A string or a list of strings, normalised to a list (`entity`).
    case nameList
    case list(Shape)
    /// A mapping whose keys are the author's names, each value of one shape (`key: {user_id: recipient_id}`).
    case mapping(Shape)
    /// A mapping with known keys; `x-` keys are always allowed, any other key is an error.
    case block([String: Shape])
    /// Either a single text or a mapping with known keys (`drift: psi` or `drift: {metric: psi}`).
    case textOrBlock([String: Shape])
    /// Any mapping, normalised but not checked (an `evidence` record).
    case freeMap
    /// Any value.
    case free
    /// A value of the feature's own shape (`default`): empty strings, lists and maps are values.
    case defaultValue
}

/// The fields of a feature file (SPEC §2): the one description that parsing, policy
/// obligations and the field reference are all made from.
public enum FeatureSchema {
    /// Aggregation functions a feature may name.
    public static let aggregationFunctions = [
        "count", "count_distinct", "approx_distinct", "sum", "mean", "min", "max", "first", "last", "stddev",
        "variance", "last_k", "first_k", "top_k", "approx_percentile", "histogram", "lag",
    ]

    /// Element types of an embedding's vectors (SPEC §2), widest first among the floats.
    public static let embeddingDTypes = ["float64", "float32", "float16", "bfloat16", "int8", "uint8", "binary"]

    /// Calendar periods an embedding may be refitted on (`refit: {every: month}`).
    public static let refitPeriods = ["day", "week", "month", "quarter", "year"]

    static let fields: [String: Shape] = [
        "feature": .identifier,
        "version": .integer(min: 1),
        "stage": .identifier,
        "kind": .enumeration(Kind.allCases.map(\.rawValue)),
        "owner": .text,
        "hypothesis": .text,
        "description": .text,
        "evidence": .list(.freeMap),
        "entity": .nameList,
        "type": .dataType,
        "inputs": .list(
            .block([
                "feature": .identifier, "version": .integer(min: 1), "as": .name, "key": .mapping(.text),
                "request": .name, "type": .dataType,
            ])),
        "source": .block([
            "table": .text, "sql": .text, "filter": .text, "expression": .text,
            "kind": .enumeration(["events", "snapshot"]),
            "stream": .block(["kind": .enumeration(["kafka", "kinesis", "pubsub", "push"]), "topic": .text]),
            "mutations": .block(["table": .text, "topic": .text]),
        ]),
        "role": .enumeration(["feature", "label"]),
        "default": .defaultValue,
        "length": .enumeration(["fixed", "variable"]),
        "time": .block([
            "event_time": .text, "ttl": .duration, "timezone": .text, "allowed_lateness": .durationOrZero,
            "accuracy": .enumeration(["temporal", "daily"]),
        ]),
        "aggregation": .block([
            "function": .enumeration(aggregationFunctions), "column": .scalarText,
            "window": .durationOr(["lifetime"]), "slide": .duration, "half_life": .duration, "offset": .signedDuration,
            "series": .block(["count": .integer(min: 1), "step": .duration]), "group_by": .scalarText,
            "params": .block([
                "k": .integer(min: 1), "distinct": .bool, "percentile": .number(0...1),
                "percentiles": .list(.number(0...1)), "precision": .integer(min: 1), "ddof": .integer(min: 0),
                "periods": .nonZeroInteger,
            ]),
        ]),
        "categorical": .block([
            "vocabulary": .list(.scalarText), "vocabulary_file": .text, "vocabulary_sha256": .sha256,
            "unseen": .enumeration(["bucket", "error", "ignore"]),
            "encoding": .enumeration(["onehot", "index", "hash"]), "buckets": .integer(min: 1),
            "multi_valued": .bool, "max_values": .integer(min: 1), "unseen_id": .integer(min: 0),
            "fitted": .block([
                "dataset": .text, "range": .scalarText, "order": .enumeration(["sorted", "frequency"]),
                "min_count": .integer(min: 1), "top_k": .integer(min: 1),
            ]),
        ]),
        "map": .block([
            "key_type": .scalarType, "value_type": .dataType, "keys": .enumeration(["open", "closed"]),
            "known_keys": .list(.scalarText), "max_keys": .integer(min: 1),
            "missing": .enumeration(["zero", "null"]), "null_key": .text,
        ]),
        "embedding": .block([
            "model": .text, "model_version": .scalarText, "dimension": .integer(min: 1),
            "metric": .enumeration(["cosine", "dot", "l2"]), "normalized": .bool, "objective": .text,
            "input": .scalarText, "dtype": .enumeration(embeddingDTypes),
            "pooling": .enumeration(["mean", "cls", "max", "last", "none"]),
            "refit": .block(["every": .durationOr(refitPeriods)]),
        ]),
        "backfill": .block(["start": .date, "end": .date, "strategy": .text, "source": .text]),
        "expectations": .block([
            "null_rate_max": .number(0...1), "min": .scalar, "max": .scalar, "unique": .bool,
            "allowed_values": .list(.scalarText), "max_keys": .integer(min: 1),
        ]),
        "sla": .block(["freshness": .duration, "latency": .duration, "availability": .number(nil)]),
        "monitoring": .block([
            "drift": .textOrBlock([
                "metric": .text, "threshold": .number(nil), "window": .duration, "baseline": .text,
            ]),
            "dashboard": .text, "alert": .text,
        ]),
        "deprecation": .block(["reason": .text, "sunset": .date, "replacement": .identifier]),
        "tags": .list(.text),
        "waivers": .list(.block(["rule": .text, "reason": .text, "expires": .date, "fields": .list(.fieldPath)])),
    ]

    /// Blocks that belong to one kind only.
    static let kindBlocks: Set<String> = Set(Kind.allCases.compactMap(\.block))

    /// Kinds that may carry another kind's block (SPEC §10): an `aggregation` fills a map
    /// (with `group_by`) or an embedding (element-wise over vectors).
    public static let sharedBlocks: [String: Set<Kind>] = ["aggregation": [.map, .embedding]]

    /// Whether a feature of `kind` may carry `block` besides its own.
    public static func carries(_ kind: Kind?, _ block: String) -> Bool {
        kind.map { sharedBlocks[block]?.contains($0) ?? false } ?? false
    }

    /// One field of the format, described for messages, docs and a JSON Schema.
    public struct Field: Sendable, Hashable {
        /// Dotted path; `[]` marks the entries of a list (`waivers[].rule`).
        public var path: String
        /// What the value is: text, name, integer, number, boolean, duration, date, sha256, field path,
        /// one of, type, value, list, mapping, text or mapping, free-form.
        public var type: String
        /// The allowed values of an enumeration (or of `type`).
        public var allowed: [String]
        public var minimum: Double?
        public var maximum: Double?
        /// The kind whose block holds this field, for kind-specific fields.
        public var kind: Kind?
        /// Whether a stage may require it: a path into mappings only (no list entries).
        public var isAddressable: Bool
    }

    /// Every field of the format, parents before children, sorted by path.
    public static let reference: [Field] = {
        var out: [Field] = []
        func walk(_ shapes: [String: Shape], prefix: String, kind: Kind?, addressable: Bool) {
            for (key, shape) in shapes.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? key : prefix + "." + key
                let kind = kind ?? (prefix.isEmpty ? Kind.allCases.first { $0.block == key } : nil)
                describe(shape, path: path, kind: kind, addressable: addressable)
            }
        }
        func describe(_ shape: Shape, path: String, kind: Kind?, addressable: Bool) {
            var field = Field(path: path, type: "", allowed: [], kind: kind, isAddressable: addressable)
            switch shape {
            case .text: field.type = "text"
            case .scalarText: field.type = "text"
            case .scalar: field.type = "value"
            case .identifier, .name: field.type = "name"
            case .enumeration(let values): (field.type, field.allowed) = ("one of", values)
            case .dataType, .scalarType: (field.type, field.allowed) = ("type", DataType.allCases.map(\.rawValue))
            case .nonZeroInteger: field.type = "integer"
            case .integer(let minimum): (field.type, field.minimum) = ("integer", Double(minimum))
            case .number(let range):
                (field.type, field.minimum, field.maximum) = ("number", range?.lowerBound, range?.upperBound)
            case .bool: field.type = "boolean"
            case .duration, .durationOrZero, .signedDuration: field.type = "duration"
            case .durationOr(let words): (field.type, field.allowed) = ("duration or one of", words)
            case .date: field.type = "date"
            case .sha256: field.type = "sha256"
            case .fieldPath: field.type = "field path"
            case .nameList: field.type = "list"
            case .freeMap, .free: field.type = "free-form"
            case .defaultValue: field.type = "value"
            case .mapping: field.type = "mapping of names"
            case .list(let element):
                field.type = "list"
                out.append(field)
                if case .block(let children) = element {
                    walk(children, prefix: path + "[]", kind: kind, addressable: false)
                }
                return
            case .block(let children):
                field.type = "mapping"
                out.append(field)
                walk(children, prefix: path, kind: kind, addressable: addressable)
                return
            case .textOrBlock(let children):
                field.type = "text or mapping"
                out.append(field)
                walk(children, prefix: path, kind: kind, addressable: addressable)
                return
            }
            out.append(field)
        }
        walk(fields, prefix: "", kind: nil, addressable: true)
        return out.sorted { $0.path < $1.path }
    }()

    static let byPath: [String: Field] = Dictionary(reference.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })

    /// Paths a stage may require or a waiver may name.
    public static let addressablePaths: [String] = reference.filter(\.isAddressable).map(\.path)

    /// The field at a dotted path, nil for unknown paths and for custom (`x-`) fields.
    public static func field(_ path: String) -> Field? { byPath[path] }

    /// Whether a dotted path names a field of the format: a known field, or a custom
    /// `x-` field (anything below it is the author's own).
    public static func isField(_ path: String) -> Bool {
        if let f = byPath[path] { return f.isAddressable }
        if let input = InputPath(path) { return input.leaf.map { byPath["inputs[]." + $0] != nil } ?? true }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let custom = parts.firstIndex(where: { $0.hasPrefix("x-") }) else { return false }
        // Everything above the custom key must be a known block (`source.x-notes`), or nothing (`x-team`).
        if custom == 0 { return true }
        let parent = parts[..<custom].joined(separator: ".")
        guard let p = byPath[parent], p.isAddressable else { return false }
        return p.type == "mapping" || p.type == "text or mapping"
    }

    /// " (did you mean 'x'?)" for an unknown field path, or "".
    public static func hint(forPath path: String) -> String {
        Suggestion.hint(for: path, in: addressablePaths)
    }
}

/// A field path that names one input by its name (SPEC §10): `inputs[avg1d]`, `inputs[amt].type`.
/// Inputs are keyed by name, never by position, so changes and waivers name them so.
public struct InputPath: Sendable, Hashable, CustomStringConvertible {
    /// The input's `as`, or its request field.
    public var name: String
    /// The field below the entry (`type`, `key`), nil for the entry itself.
    public var leaf: String?

    public init(name: String, leaf: String? = nil) {
        self.name = name
        self.leaf = leaf
    }

    /// Reads `inputs[<name>]` or `inputs[<name>].<field>`; nil for any other path.
    public init?(_ path: String) {
        guard path.hasPrefix("inputs["), let close = path.firstIndex(of: "]") else { return nil }
        let name = String(path[path.index(path.startIndex, offsetBy: 7)..<close])
        let rest = path[path.index(after: close)...]
        guard InputNames.isValid(name) else { return nil }
        if rest.isEmpty {
            self.init(name: name)
        } else if rest.hasPrefix("."), rest.count > 1, !rest.dropFirst().contains(".") {
            self.init(name: name, leaf: String(rest.dropFirst()))
        } else {
            return nil
        }
    }

    public var description: String { "inputs[\(name)]" + (leaf.map { "." + $0 } ?? "") }
}

/// Names a definition uses for its own parts (an input's `as`, a request field): a lower-case
/// letter, then lower-case letters, digits and `_`; no dots, so a field path can hold one.
public enum InputNames {
    public static let maxLength = 64

    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, (0x61...0x7A).contains(first), name.utf8.count <= maxLength else {
            return false
        }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }
}
