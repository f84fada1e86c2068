extension ConsumerSchema {
    /// The consumer-file format as a JSON Schema (draft 2020-12), made from the fields the
    /// parser reads, for editors (yaml-language-server). As in the feature schema, an empty
    /// field means an absent one, so values may also be null.
    public static var jsonSchema: String {
        var props: [String: JSONValue] = [:]
        for (key, shape) in fields {
            let property: JSONValue
            switch key {
            case "reads": property = readsSchema
            case "acknowledgements":
                property = .object([
                    "type": .list([.text("array"), .text("null")]),
                    "items": object(
                        blockFields(acknowledgement), prefix: "acknowledgements[]",
                        required: ["feature", "impact", "reason"]),
                ])
            default:
                let plain = FeatureSchema.schema(shape, path: key)
                property = required.contains(key) ? nonNull(plain) : plain
            }
            props[key] = described(property, key)
        }
        let top: [String: JSONValue] = [
            "$schema": .text("https://json-schema.org/draft/2020-12/schema"),
            "title": .text("feat consumer file"),
            "type": .list([.text("object"), .text("null")]),
            "required": .list(required.map(JSONValue.text)),
            "properties": .object(props),
            "patternProperties": .object(["^x-": .object([:])]),
            "additionalProperties": .bool(false),
        ]
        return JSONValue.object(top).rendered() + "\n"
    }

    /// The keys every consumer file must have (the parser reports each one missing).
    public static let required = ["consumer", "stage", "owner"]

    /// One entry of `reads`: a feature name (version 1), or `{feature, version, role}`.
    static var readsSchema: JSONValue {
        let name = nonNull(FeatureSchema.schema(.identifier, path: "reads[]"))
        let entry = object(
            [
                "feature": .identifier, "version": .integer(min: 1), "role": .enumeration(Consumer.Read.roles),
            ], prefix: "reads[]", required: ["feature"], nullable: false)
        return .object([
            "type": .list([.text("array"), .text("null")]),
            "items": .object(["anyOf": .list([name, entry])]),
        ])
    }

    /// A required field left empty is missing, as feat reads it: the schema refuses null there.
    static func nonNull(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        if case .list(let types)? = fields["type"] {
            let kept = types.filter { if case .text("null") = $0 { return false } else { return true } }
            fields["type"] = kept.count == 1 ? kept[0] : .list(kept)
        }
        if case .list(let values)? = fields["enum"] {
            fields["enum"] = .list(values.filter { if case .null = $0 { return false } else { return true } })
        }
        return .object(fields)
    }

    static func blockFields(_ shape: Shape) -> [String: Shape] {
        if case .block(let children) = shape { return children }
        return [:]
    }

    /// An object of known properties with their descriptions: `x-` keys are the author's own.
    static func object(
        _ shapes: [String: Shape], prefix: String, required: [String], nullable: Bool = true
    ) -> JSONValue {
        var props: [String: JSONValue] = [:]
        for (key, shape) in shapes {
            let plain = FeatureSchema.schema(shape, path: prefix + "." + key)
            props[key] = described(required.contains(key) ? nonNull(plain) : plain, prefix + "." + key)
        }
        return .object([
            "type": nullable ? .list([.text("object"), .text("null")]) : .text("object"),
            "required": .list(required.map(JSONValue.text)),
            "properties": .object(props),
            "patternProperties": .object(["^x-": .object([:])]),
            "additionalProperties": .bool(false),
        ])
    }

    static func described(_ schema: JSONValue, _ path: String) -> JSONValue {
        guard case .object(var fields) = schema, let text = descriptions[path] else { return schema }
        fields["description"] = .text(text)
        return .object(fields)
    }

    /// One line per field, shown by editors when hovering a key; docs/consumers.md says more.
    public static let descriptions: [String: String] = [
        "consumer": "The consumer's name (the same rules as a feature name).",
        "kind": "What reads the features: model, service, job or dashboard.",
        "stage": "experiment (listed, never blocks), shadow, production (both reached by changes) or retired.",
        "owner": "Who answers for this consumer: a team address, a person. Changes are routed to them.",
        "description": "What it is and where it runs, in one sentence.",
        "reads": "The features it reads: a name (version 1), or {feature, version, role}.",
        "reads[].feature": "The feature's name.",
        "reads[].version": "The feature's version (default 1).",
        "reads[].role": "feature (default), or label for a training target read on purpose.",
        "acknowledgements":
            "Reviewed acceptance of a meaning or breaking change to a feature it reads (FEAT014).",
        "acknowledgements[].feature": "The feature whose change is accepted.",
        "acknowledgements[].version": "Its version (default 1).",
        "acknowledgements[].impact": "The most severe impact accepted: meaning or breaking, usually.",
        "acknowledgements[].reason": "Why the consumer still works (retrained, checked, not affected). Required.",
        "acknowledgements[].expires": "Optional: the last day it holds (YYYY-MM-DD), at most waiver_max_days ahead.",
        "tags": "Labels for search and grouping.",
    ]
}
