import FeatModel
import Foundation
import Testing

@Suite("The JSON Schema is made from the parser's own description")
struct JSONSchemaTests {
    static let schemas = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    func schema() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(FeatureSchema.jsonSchema.utf8))
        return try #require(object as? [String: Any])
    }

    func property(_ path: String, in root: [String: Any]) -> [String: Any]? {
        var current: [String: Any]? = root
        for part in path.split(separator: ".") {
            current = (current?["properties"] as? [String: Any])?[String(part)] as? [String: Any]
        }
        return current
    }

    @Test("nested blocks are closed, enumerations and ranges are those the parser checks")
    func nested() throws {
        let root = try schema()
        #expect(root["additionalProperties"] as? Bool == false)
        #expect(property("expectations", in: root)?["additionalProperties"] as? Bool == false)
        #expect(property("expectations.null_rate_max", in: root)?["maximum"] as? Double == 1)
        #expect(property("embedding.dimension", in: root)?["minimum"] as? Double == 1)
        let functions = property("aggregation.function", in: root)?["enum"] as? [Any]
        #expect(functions?.compactMap { $0 as? String } == FeatureSchema.aggregationFunctions)
        let metric = property("embedding.metric", in: root)?["enum"] as? [Any]
        #expect(metric?.compactMap { $0 as? String } == ["cosine", "dot", "l2"])
        #expect(property("monitoring.drift", in: root)?["anyOf"] != nil)
        #expect(root["required"] as? [String] == ["feature", "stage"])
        let waiver = (property("waivers", in: root)?["items"] as? [String: Any]).flatMap { property("rule", in: $0) }
        #expect(waiver?["enum"] as? [String] == Policy.ruleIDs)
    }

    /// The dotted path of every property that carries a description (`[]` for list entries).
    func described(_ node: [String: Any], prefix: String) -> Set<String> {
        var out: Set<String> = []
        for (key, value) in node["properties"] as? [String: Any] ?? [:] {
            guard let child = value as? [String: Any] else { continue }
            let path = prefix.isEmpty ? key : prefix + "." + key
            if child["description"] is String { out.insert(path) }
            out.formUnion(described(child, prefix: path))
            for option in child["anyOf"] as? [[String: Any]] ?? [] { out.formUnion(described(option, prefix: path)) }
            if let items = child["items"] as? [String: Any] { out.formUnion(described(items, prefix: path + "[]")) }
        }
        return out
    }

    @Test("every field has a description editors show on hover")
    func descriptions() throws {
        let paths = described(try schema(), prefix: "")
        let missing = FeatureSchema.reference.map(\.path).filter { !paths.contains($0) }
        #expect(missing.isEmpty, "no description for \(missing); add one to FeatureSchema.descriptions")
        #expect(paths.count == FeatureSchema.reference.count)
    }

    @Test(
        "schemas/ holds the generated schemas (regenerate them when the format or the policy changes)",
        arguments: [("feature", FeatureSchema.jsonSchema), ("config", ConfigSchema.jsonSchema)])
    func committedCopyIsCurrent(name: String, generated: String) throws {
        let file = Self.schemas.appendingPathComponent("\(name).schema.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let command = "swift run feat schema \(name) > schemas/\(name).schema.json"
        #expect(text == generated, "schemas/\(name).schema.json is out of date: run `\(command)`")
    }

    @Test("the config schema names exactly feat's rule IDs, kinds and policy keys")
    func configSchema() throws {
        let object = try JSONSerialization.jsonObject(with: Data(ConfigSchema.jsonSchema.utf8))
        let root = try #require(object as? [String: Any])
        #expect(root["additionalProperties"] as? Bool == false)
        let top = try #require(root["properties"] as? [String: Any])
        #expect(
            Set(top.keys) == [
                "version", "features", "consumers", "stages", "allow_demotion", "rules", "not_waivable",
                "waiver_max_days", "deprecation_notice_days", "extension_impacts", "consumer_floor",
            ])
        let rules = try #require(top["rules"] as? [String: Any])
        let idsRef = (rules["propertyNames"] as? [String: Any])?["$ref"] as? String
        let defs = root["$defs"] as? [String: Any]
        let ids = (idsRef.flatMap { defs?[String($0.dropFirst("#/$defs/".count))] } as? [String: Any])?["enum"]
        #expect(ids as? [String] == Policy.ruleIDs)
        #expect(rules["additionalProperties"] as? Bool == false)
        let stage = try #require((top["stages"] as? [String: Any])?["items"] as? [String: Any])
        #expect(stage["additionalProperties"] as? Bool == false)
        let stageKeys = (stage["properties"] as? [String: Any]).map { Set($0.keys) }
        #expect(stageKeys == ["name", "entry", "requires", "by_kind", "min_days", "frozen", "from"])
        let byKind = (stage["properties"] as? [String: Any])?["by_kind"] as? [String: Any]
        let kinds = (byKind?["properties"] as? [String: Any]).map { Set($0.keys) }
        #expect(kinds == Set(Kind.allCases.map(\.rawValue)))
    }
}
