extension FeatureSchema {
    /// The feature-file format as a JSON Schema (draft 2020-12), made from the same description
    /// the parser uses, for editors (yaml-language-server) and other tools. An empty field
    /// means an absent one, so every value may also be null.
    public static var jsonSchema: String {
        var top = properties(fields)
        top["required"] = .list([.text("feature"), .text("stage")])
        top["$schema"] = .text("https://json-schema.org/draft/2020-12/schema")
        top["title"] = .text("feat feature file")
        return JSONValue.object(top).rendered(indent: "") + "\n"
    }

    /// An object of known properties: `x-` keys are the author's own, any other key is refused.
    static func properties(_ shapes: [String: Shape]) -> [String: JSONValue] {
        var props: [String: JSONValue] = [:]
        for (key, shape) in shapes { props[key] = schema(shape) }
        return [
            "type": .list([.text("object"), .text("null")]),
            "properties": .object(props),
            "patternProperties": .object(["^x-": .object([:])]),
            "additionalProperties": .bool(false),
        ]
    }

    static func schema(_ shape: Shape) -> JSONValue {
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
        case .enumeration(let values):
            // `missing: null` is the value null: YAML tools read it as JSON null.
            return .object(["enum": .list(values.map(JSONValue.text) + [.null])])
        case .dataType:
            return .object(["enum": .list(DataType.allCases.map { .text($0.rawValue) } + [.null])])
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
        case .date:
            return .object(["type": types("string"), "pattern": .text("^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$")])
        case .sha256:
            return .object(["type": types("string"), "pattern": .text("^[0-9a-fA-F]{64}$")])
        case .fieldPath:
            let known: JSONValue = .object(["enum": .list(addressablePaths.map(JSONValue.text))])
            return .object(["anyOf": .list([known, .object(["type": .text("string"), "pattern": .text("(^|\\.)x-")])])])
        case .nameList:
            return .object(["type": types("string", "array"), "items": .object(["type": .text("string")])])
        case .list(let element):
            return .object(["type": types("array"), "items": schema(element)])
        case .block(let children):
            return .object(properties(children))
        case .textOrBlock(let children):
            return .object(["anyOf": .list([.object(["type": .text("string")]), .object(properties(children))])])
        case .freeMap:
            return .object(["type": types("object")])
        case .free:
            return .object([:])
        }
    }
}

/// Just enough JSON to write a schema: keys sorted, so the output is stable.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([JSONValue])
    case object([String: JSONValue])

    func rendered(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .text(let s): return Self.quoted(s)
        case .list(let items):
            let plain = items.allSatisfy {
                switch $0 {
                case .text, .null: return true
                default: return false
                }
            }
            if plain, items.count <= 12 {
                return "[" + items.map { $0.rendered(indent: inner) }.joined(separator: ", ") + "]"
            }
            if items.isEmpty { return "[]" }
            let body = items.map { inner + $0.rendered(indent: inner) }
            return "[\n" + body.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let body = fields.sorted { $0.key < $1.key }.map {
                inner + Self.quoted($0.key) + ": " + $0.value.rendered(indent: inner)
            }
            return "{\n" + body.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
