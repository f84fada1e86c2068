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
        let empty = FeatureParser.parse(
            Array("feature: m\nstage: explore\nkind: map\nmap: {missing: }\n".utf8), path: "m.yaml")
        // An empty value is a value left out (SPEC §2): absent, not null.
        #expect(empty.feature?.definition[path: "map.missing"] == nil)
    }
}

@Suite("Empty values where they make no sense")
struct EmptyValueTests {
    @Test("an empty list entry is a problem on its line")
    func emptyEntry() {
        let text = "feature: c\nstage: explore\nkind: categorical\ncategorical:\n  vocabulary: [a, ~]\n"
        let parsed = FeatureParser.parse(Array(text.utf8), path: "c.yaml")
        #expect(
            parsed.problems.map(\.message) == ["'categorical.vocabulary[1]' is empty; remove it or give it a value"])
        #expect(parsed.problems.first?.line == 5)
    }

    @Test("a zero duration is refused")
    func zeroDuration() {
        let text = "feature: a\nstage: explore\nkind: aggregation\naggregation: {window: 0s}\n"
        let parsed = FeatureParser.parse(Array(text.utf8), path: "a.yaml")
        #expect(parsed.problems.first?.message.contains("a positive duration") == true)
    }

    @Test("an empty config is the default policy")
    func emptyConfig() throws {
        #expect(try PolicyParser.parse(Array("# nothing yet\n".utf8)) == Policy.standard)
    }
}
