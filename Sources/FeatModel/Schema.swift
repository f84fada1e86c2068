/// The shape a field's value must have, and how it is normalised.
indirect enum Shape: Sendable {
    /// A string; a plain number is kept as its text, a plain boolean is refused (quote it).
    case text
    /// Any non-null scalar, kept as its text (`model_version: 3`).
    case scalarText
    /// A feature-style identifier.
    case identifier
    case enumeration([String])
    case dataType
    case integer(min: Int)
    case number
    case bool
    case duration
    case date
    /// A string or a list of strings, normalised to a list (`entity`).
    case nameList
    case list(Shape)
    /// A mapping with known keys; `x-` keys always allowed; `open` allows any other key too.
    case block([String: Shape], open: Bool = false)
    /// Any mapping, normalised but not checked.
    case freeMap
    /// Any value.
    case free
}

/// The fields of a feature file (SPEC §2).
enum FeatureSchema {
    static let stringOrNumber = Shape.scalarText

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
        "source": .block(["table": .text, "sql": .text, "filter": .text, "expression": .text]),
        "time": .block(["event_time": .text, "ttl": .duration, "timezone": .text]),
        "aggregation": .block([
            "function": .text, "column": .scalarText, "window": .duration, "slide": .duration,
        ]),
        "categorical": .block([
            "vocabulary": .list(.scalarText), "vocabulary_file": .text, "vocabulary_sha256": .text,
            "unseen": .enumeration(["bucket", "error", "ignore"]),
            "encoding": .enumeration(["onehot", "index", "hash"]), "buckets": .integer(min: 1),
        ]),
        "map": .block([
            "key_type": .dataType, "value_type": .dataType, "keys": .enumeration(["open", "closed"]),
            "known_keys": .list(.scalarText), "max_keys": .integer(min: 1),
            "missing": .enumeration(["zero", "null"]),
        ]),
        "embedding": .block([
            "model": .text, "model_version": .scalarText, "dimension": .integer(min: 1),
            "metric": .enumeration(["cosine", "dot", "l2"]), "normalized": .bool, "objective": .text,
            "input": .scalarText,
        ]),
        "backfill": .block(["start": .date, "end": .date, "strategy": .text]),
        "expectations": .freeMap,
        "sla": .block(["freshness": .duration, "latency": .duration, "availability": .number], open: true),
        "monitoring": .freeMap,
        "deprecation": .block(["reason": .text, "sunset": .date, "replacement": .identifier]),
        "tags": .list(.text),
        "waivers": .list(.block(["rule": .text, "reason": .text, "expires": .date, "fields": .nameList])),
    ]

    /// Blocks that belong to one kind only.
    static let kindBlocks: Set<String> = Set(Kind.allCases.compactMap(\.block))
}
