/// The policy file (`.featurerepo/config.yaml`) as a JSON Schema (draft 2020-12), for editors.
/// Its keys are those `PolicyParser` reads; rule IDs, kinds and field paths come from the model,
/// so the schema cannot name a rule or a field that feat does not have.
public enum ConfigSchema {
    public static var jsonSchema: String {
        let stage: [String: JSONValue] = [
            "type": .text("object"),
            "description": .text("One stage: the ladder is the list's order; exit stages (with 'from') are off it."),
            "required": .list([.text("name")]),
            "additionalProperties": .bool(false),
            "properties": .object([
                "name": .object([
                    "type": .text("string"), "pattern": .text("^[a-z][a-z0-9_]*$"),
                    "description": .text("The stage's name, written in a feature's 'stage:'."),
                ]),
                "entry": .object([
                    "type": .text("boolean"), "description": .text("New features may start at this stage."),
                ]),
                "requires": reference(
                    "obligations",
                    "Fields every feature must fill in at this stage (and every later one on the ladder)."),
                "by_kind": .object([
                    "type": .list([.text("object"), .text("null")]),
                    "description": .text("Extra fields required of one kind at this stage."),
                    "additionalProperties": .bool(false),
                    "properties": .object(
                        Dictionary(
                            uniqueKeysWithValues: Kind.allCases.map {
                                let description = "Fields a \($0.rawValue) feature must fill in at this stage."
                                return ($0.rawValue, reference("obligations", description))
                            })),
                ]),
                "min_days": days("Days a feature must spend in the previous stage before it may enter this one."),
                "frozen": .object([
                    "type": .text("boolean"),
                    "description": .text("A contract: no breaking or meaning change in place (add a new version)."),
                ]),
                "from": .object([
                    "description": .text("Makes this an exit stage, entered from the stages listed."),
                    "anyOf": .list([
                        ref("stageName"), .object(["type": .text("array"), "items": ref("stageName")]),
                    ]),
                ]),
            ]),
        ]
        let ruleIDs = ref("ruleID")
        let settings = JSONValue.object(["enum": .list(RuleSetting.allCases.map { .text($0.rawValue) })])
        let folder: JSONValue = .object([
            "type": .text("string"), "minLength": .number(1),
            "not": .object(["pattern": .text("(^/|(^|/)\\.\\.(/|$))")]),
            "description": .text("A folder relative to the feature-repo root, inside the repository."),
        ])
        let top: [String: JSONValue] = [
            "$schema": .text("https://json-schema.org/draft/2020-12/schema"),
            "title": .text("feat policy (.featurerepo/config.yaml)"),
            "$defs": .object([
                "ruleID": .object(["enum": .list(Policy.ruleIDs.map(JSONValue.text))]),
                "stageName": .object(["type": .text("string"), "pattern": .text("^[a-z][a-z0-9_]*$")]),
                "obligation": obligation,
                "obligations": .object([
                    "anyOf": .list([
                        ref("obligation"),
                        .object(["type": .list([.text("array"), .text("null")]), "items": ref("obligation")]),
                    ])
                ]),
            ]),
            "type": .list([.text("object"), .text("null")]),
            "additionalProperties": .bool(false),
            "properties": .object([
                "version": .object([
                    "enum": .list([.number(1), .text("1")]), "description": .text("The policy format: 1."),
                ]),
                "features": .object([
                    "description": .text("Folders holding feature files, relative to the feature-repo root."),
                    "anyOf": .list([
                        folder, .object(["type": .text("array"), "minItems": .number(1), "items": folder]),
                    ]),
                ]),
                "consumers": .object([
                    "description": .text(
                        "Folders holding consumer declarations and locks, outside the feature folders (default consumers)."
                    ),
                    "anyOf": .list([
                        folder, .object(["type": .text("array"), "minItems": .number(1), "items": folder]),
                    ]),
                ]),
                "consumer_floor": .object([
                    "type": .list([.text("object"), .text("null")]),
                    "description": .text(
                        "The lowest feature stage a production or shadow consumer may read (FEAT012)."),
                    "additionalProperties": .bool(false),
                    "properties": .object([
                        "production": ref("stageName"), "shadow": ref("stageName"),
                    ]),
                ]),
                "extension_impacts": .object([
                    "type": .list([.text("object"), .text("null")]),
                    "description": .text(
                        "The impact of a change to an x- key, by key name or dotted path; unlisted x- keys are additive."
                    ),
                    "propertyNames": .object(["pattern": .text("^([a-z][a-z0-9_]*\\.)*x-[^.\\s]+$")]),
                    "additionalProperties": .object(["enum": .list(Policy.impactNames.map(JSONValue.text))]),
                ]),
                "stages": .object([
                    "type": .text("array"), "minItems": .number(1), "items": .object(stage),
                    "description": .text("The stage ladder, in order; obligations are cumulative."),
                ]),
                "allow_demotion": .object([
                    "type": .text("boolean"),
                    "description": .text("Whether a feature may move back down the ladder (FEAT004)."),
                ]),
                "rules": .object([
                    "type": .list([.text("object"), .text("null")]),
                    "description": .text("Rule severities: error, warning or off."),
                    "propertyNames": ruleIDs,
                    "properties": .object(Dictionary(uniqueKeysWithValues: Policy.ruleIDs.map { ($0, settings) })),
                    "additionalProperties": .bool(false),
                ]),
                "not_waivable": .object([
                    "description": .text("Rules whose errors no waiver in a feature file can excuse."),
                    "anyOf": .list([
                        ruleIDs, .object(["type": .list([.text("array"), .text("null")]), "items": ruleIDs]),
                    ]),
                ]),
                "waiver_max_days": days("How many days after today a waiver may expire at most (default 90)."),
                "deprecation_notice_days": days(
                    "How many days of notice a deprecation's sunset must give at least (default 30)."),
            ]),
        ]
        return JSONValue.object(top).rendered() + "\n"
    }

    /// A reference to one of the schema's `$defs`.
    static func ref(_ name: String) -> JSONValue { .object(["$ref": .text("#/$defs/" + name)]) }

    /// A reference with a description of its own, for editors' hover text.
    static func reference(_ name: String, _ description: String) -> JSONValue {
        .object(["$ref": .text("#/$defs/" + name), "description": .text(description)])
    }

    static func days(_ description: String) -> JSONValue {
        .object(["type": .text("integer"), "minimum": .number(0), "description": .text(description)])
    }

    /// One obligation: a field path the format has (offered for completion), a custom `x-`
    /// path, `a | b` (either) or `a if b = v` (only when b is v).
    static let obligation: JSONValue = .object([
        "anyOf": .list([
            .object(["enum": .list(FeatureSchema.addressablePaths.map(JSONValue.text))]),
            .object(["type": .text("string"), "pattern": .text("(^|\\.)x-|\\||\\sif\\s")]),
        ])
    ])
}
