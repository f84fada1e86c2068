import FeatModel
import Testing

@Suite("An allowed value spelt like YAML's null")
struct EnumerationNullTests {
    @Test("map.missing: null is the 'null' policy, not an empty field")
    func missingNull() throws {
        let text = "feature: m\nstage: explore\nkind: map\nmap: {key_type: string, value_type: int64, missing: null}\n"
        let parsed = FeatureParser.parse(Array(text.utf8), path: "m.yaml")
        #expect(parsed.problems.isEmpty)
        let feature = try #require(parsed.feature)
        #expect(feature.definition[path: "map.missing"] == .string("null"))
        let empty = FeatureParser.parse(Array("feature: m\nstage: explore\nkind: map\nmap: {missing: }\n".utf8), path: "m.yaml")
        #expect(empty.feature?.definition[path: "map.missing"] == .null)
    }
}
