import FeatModel
import Foundation
import Testing

@Suite("The JSON Schema is made from the parser's own description")
struct JSONSchemaTests {
    static let committed = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/feature.schema.json")

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
    }

    @Test("docs/feature.schema.json is the generated schema (regenerate it when the format changes)")
    func committedCopyIsCurrent() throws {
        let text = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(text == FeatureSchema.jsonSchema, "write FeatureSchema.jsonSchema to docs/feature.schema.json")
    }
}
