import FeatJSON

extension FeatureSchema {
    /// The feature-file JSON Schema for one policy: the format as in `jsonSchema`, plus the
    /// policy's stages as the values `stage` may take and, for each stage and kind, the
    /// obligations it has (cumulative, an exit stage with those of the lowest stage it may be
    /// entered from) as `if`/`then` requirements — so an editor marks a missing obligation as
    /// the author types, the way `feat validate` would.
    public static func jsonSchema(for policy: Policy) -> String {
        var top = properties(fields, prefix: "")
        if case .object(var props)? = top["properties"], case .object(var stage)? = props["stage"] {
            stage["enum"] = .list(policy.stageNames.map(JSONValue.text))
            stage["description"] = .text(
                "One of this repository's stages: " + policy.stageNames.joined(separator: ", "))
            props["stage"] = .object(stage)
            top["properties"] = .object(props)
        }
        var rules: [JSONValue] = []
        for stage in policy.stages {
            let common = policy.obligations(at: stage.name, kind: nil)
            if !common.isEmpty {
                rules.append(rule(when: ["stage": stage.name], require: common))
            }
            for kind in Kind.allCases {
                let extra = policy.obligations(at: stage.name, kind: kind).filter { !common.contains($0) }
                if !extra.isEmpty {
                    rules.append(rule(when: ["stage": stage.name, "kind": kind.rawValue], require: extra))
                }
            }
        }
        top["allOf"] = .list(rules)
        top["required"] = .list([.text("feature"), .text("stage")])
        top["$schema"] = .text("https://json-schema.org/draft/2020-12/schema")
        top["title"] = .text("feat feature file (with this repository's stage obligations)")
        return JSONValue.object(top).rendered() + "\n"
    }

    /// `if` the top-level fields have these values `then` every obligation holds.
    static func rule(when values: [String: String], require obligations: [Obligation]) -> JSONValue {
        let condition = JSONValue.object([
            "properties": .object(values.mapValues { .object(["const": .text($0)]) }),
            "required": .list(values.keys.sorted().map(JSONValue.text)),
        ])
        return .object(["if": condition, "then": .object(["allOf": .list(obligations.map(requirement))])])
    }

    /// One obligation as a schema: the field present and not empty; any one of alternatives;
    /// a condition as a nested `if`.
    static func requirement(_ o: Obligation) -> JSONValue {
        // Each alternative, and what else the format lets meet it (inputs meet source, …).
        var fields: [String] = []
        for field in o.alternatives + o.alternatives.flatMap(FormatObligations.alternatives(for:))
        where !fields.contains(field) {
            fields.append(field)
        }
        let present: JSONValue =
            fields.count == 1 ? present(fields[0]) : .object(["anyOf": .list(fields.map(present))])
        guard let condition = o.condition else { return present }
        return .object(["if": has(condition.field, value: condition.value), "then": present])
    }

    /// A dotted path required down to its leaf, which may not be an empty value (an empty
    /// value is a value left out: it meets no obligation).
    static func present(_ path: String) -> JSONValue {
        let parts = path.split(separator: ".").map(String.init)
        var schema: JSONValue = .object(["not": .object(["enum": .list([.null, .text(""), .list([]), .object([:])])])])
        for part in parts.reversed() {
            schema = .object([
                "type": .text("object"), "required": .list([.text(part)]),
                "properties": .object([part: schema]),
            ])
        }
        return schema
    }

    /// The field at a dotted path has this value.
    static func has(_ path: String, value: String) -> JSONValue {
        let parts = path.split(separator: ".").map(String.init)
        var schema: JSONValue = .object(["const": .text(value)])
        for part in parts.reversed() {
            schema = .object(["required": .list([.text(part)]), "properties": .object([part: schema])])
        }
        return schema
    }
}
