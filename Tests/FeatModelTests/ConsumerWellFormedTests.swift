import Foundation
import Testing

@testable import FeatModel

@Suite("Consumer files: well-formedness, the schema made from the parser's fields, the reverse index")
struct ConsumerWellFormedTests {
    func parse(_ text: String) -> ParsedConsumer {
        ConsumerParser.parse(Array(text.utf8), path: "consumers/scorer.yaml")
    }

    static let header = "consumer: scorer\nstage: production\nowner: o@example.com\n"

    @Test("each read's problem is on that read's line, not on the line of 'reads'")
    func readLines() throws {
        let parsed = parse(
            Self.header + "reads:\n  - velocity\n\n  - {feature: embedding, rol: label}\n  - Bad-Name\n  - velocity\n")
        let lines = Dictionary(parsed.problems.map { ($0.line ?? 0, $0.message) }, uniquingKeysWith: { a, b in a + b })
        #expect(lines[7]?.contains("unknown key 'rol' in a read (did you mean 'role'?)") == true, "\(parsed.problems)")
        #expect(lines[8]?.contains("'Bad-Name' is not a feature name") == true, "\(parsed.problems)")
        #expect(lines[9]?.contains("lists velocity twice (first at line 5)") == true, "\(parsed.problems)")
        let consumer = try #require(parsed.consumer)
        #expect(consumer.reads.map(\.line) == [5, 7])
    }

    @Test("a misspelt impact is one error with the closest impact, not also 'needs impact'")
    func misspeltImpact() {
        let parsed = parse(
            Self.header + "reads: [velocity]\nacknowledgements:\n  - {feature: velocity, impact: meanin, reason: r}\n")
        #expect(parsed.problems.count == 1, "\(parsed.problems)")
        #expect(parsed.problems.first?.message.contains("did you mean 'meaning'") == true)
        #expect(parsed.problems.first?.line == 6)
    }

    @Test("a read's role is feature or label, with the closest one for a misspelling")
    func role() {
        let parsed = parse(Self.header + "reads:\n  - {feature: is_fraud, role: lable}\n")
        #expect(
            parsed.problems.map(\.message) == [
                "the read of is_fraud has role 'lable' (did you mean 'label'?); write feature or label"
            ])
    }

    @Test(
        "the command line names a read as name or name@version",
        arguments: [
            ("velocity", "velocity", 1), ("velocity@2", "velocity", 2), ("a.b_c@10", "a.b_c", 10),
        ])
    func commandLine(text: String, feature: String, version: Int) {
        #expect(Identity(commandLine: text) == Identity(feature: feature, version: version))
    }

    @Test(
        "a command-line read that is not name[@version] is refused",
        arguments: ["", "@2", "v@", "v@0", "v@-1", "v@two", "V", "v@2@3"])
    func commandLineRefused(text: String) {
        #expect(Identity(commandLine: text) == nil)
    }

    @Test(
        "schemas/consumer.schema.json is the generated schema (run `swift run feat schema consumer > schemas/consumer.schema.json`)"
    )
    func committedSchemaIsCurrent() throws {
        let file = JSONSchemaTests.schemas.appendingPathComponent("consumer.schema.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == ConsumerSchema.jsonSchema, "schemas/consumer.schema.json is out of date")
    }

    @Test(
        "the consumer schema names exactly the parser's keys, requires what the parser requires, and describes every field"
    )
    func schemaMatchesParser() throws {
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(ConsumerSchema.jsonSchema.utf8)) as? [String: Any])
        let properties = try #require(root["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == Set(ConsumerSchema.keys))
        #expect(root["required"] as? [String] == ["consumer", "stage", "owner"])
        #expect(root["additionalProperties"] as? Bool == false)
        for (key, property) in properties {
            #expect(property["description"] is String, "no description for \(key)")
        }
        let acknowledgement = try #require(
            (properties["acknowledgements"]?["items"] as? [String: Any]))
        #expect(acknowledgement["required"] as? [String] == ["feature", "impact", "reason"])
        let ackProperties = try #require(acknowledgement["properties"] as? [String: [String: Any]])
        #expect(Set(ackProperties.keys) == ["feature", "version", "impact", "reason", "expires"])
        #expect(ackProperties.values.allSatisfy { $0["description"] is String })
        #expect(
            (properties["stage"]?["enum"] as? [String]) == Consumer.Stage.allCases.map(\.rawValue),
            "a required enumeration is not nullable")
        let reads = try #require((properties["reads"]?["items"] as? [String: Any])?["anyOf"] as? [[String: Any]])
        let entry = try #require(reads.first { $0["properties"] != nil }?["properties"] as? [String: [String: Any]])
        #expect(Set(entry.keys) == ["feature", "version", "role"])
        #expect((entry["role"]?["enum"] as? [Any])?.compactMap { $0 as? String } == Consumer.Read.roles)
    }

    @Test(
        "the reverse index gives each read the stage its feature has, nil where it does not exist, and filters by name and version"
    )
    func readings() throws {
        let scorer = parse(Self.header + "reads: [velocity, {feature: embedding, version: 2}, ghost]\n")
        let board = ConsumerParser.parse(
            Array("consumer: board\nstage: experiment\nowner: o@example.com\nreads: [embedding]\n".utf8),
            path: "consumers/board.yaml")
        let broken = ConsumerParser.parse(Array("consumer: [\n".utf8), path: "consumers/broken.yaml")
        let stages = [
            Identity(feature: "velocity", version: 1): "production",
            Identity(feature: "embedding", version: 1): "shadow",
            Identity(feature: "embedding", version: 2): "explore",
        ]
        let r = ConsumerReadings(rev: "worktree", files: [scorer, broken, board], stages: stages)
        #expect(r.readers.map(\.consumer.name) == ["board", "scorer"])
        #expect(r.unreadable.map(\.path) == ["consumers/broken.yaml"])
        let reads = try #require(r.readers.last?.reads)
        #expect(reads.map(\.stage) == ["production", "explore", nil])
        #expect(r.readers(of: "embedding").map(\.consumer.name) == ["board", "scorer"])
        #expect(r.readers(of: "embedding", version: 2).map(\.consumer.name) == ["scorer"])
        #expect(r.readers(of: "velocity", version: 2).isEmpty)
        #expect(r.versions(of: "embedding") == [1, 2])
        #expect(r.featureNames == ["velocity", "embedding", "ghost"])
    }

    @Test("docs/consumers.md names every stage, kind and required key, and says what each consumer rule asks")
    func docs() throws {
        let file = JSONSchemaTests.schemas.deletingLastPathComponent().appendingPathComponent("docs/consumers.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        for stage in Consumer.Stage.allCases { #expect(text.contains("`\(stage.rawValue)`"), "\(stage)") }
        for kind in Consumer.Kind.allCases { #expect(text.contains(kind.rawValue), "\(kind)") }
        for key in ConsumerSchema.required + ["acknowledgements", "reads", "expires", "waiver_max_days"] {
            #expect(text.contains(key), "\(key)")
        }
        for rule in 11...15 { #expect(text.contains("**FEAT0\(rule) — "), "FEAT0\(rule)") }
    }
}
