import FeatModel
import Foundation
import Testing

/// Derived and request-time features (SPEC §10): `inputs` read into typed entries, the FEAT001
/// checks that need no other file, and the obligations inputs meet.
@Suite("Inputs: derived and request-time features")
struct InputsTests {
    static let head = "feature: f\nstage: explore\nkind: scalar\nowner: me\nhypothesis: h\nentity: [user_id]\n"

    @Test("a derived request-time feature reads into typed inputs: feature, version, as, key, request, type")
    func typedInputs() throws {
        let file = parse(
            """
            feature: f
            stage: explore
            kind: scalar
            entity: [user_id, recipient_id]
            inputs:
              - {feature: user_txn_amount_mean_1d, version: 2, as: avg1d}
              - {feature: user_home_location, as: home, key: {user_id: recipient_id}}
              - {request: amt, type: float64}
            source: {expression: "amt > coalesce(avg1d, 0.0)"}
            time: {event_time: request}

            """)
        #expect(file.problems == [])
        let feature = try #require(file.feature)
        let inputs = feature.inputs
        #expect(inputs.map(\.name) == ["avg1d", "home", "amt"])
        #expect(inputs[0].feature == Identity(feature: "user_txn_amount_mean_1d", version: 2))
        #expect(inputs[0].as == "avg1d" && inputs[0].request == nil && inputs[0].line == 6)
        #expect(inputs[1].version == 1, "version defaults to 1")
        #expect(inputs[1].key == ["user_id": "recipient_id"])
        #expect(inputs[1].column(for: "user_id") == "recipient_id")
        #expect(inputs[0].column(for: "user_id") == "user_id", "a key left out maps to itself")
        #expect(inputs[2].isRequest && inputs[2].request == "amt" && inputs[2].type == "float64")
        #expect(inputs[2].path == "inputs[amt]")
        #expect(feature.featureInputs.map(\.name) == ["avg1d", "home"])
        #expect(feature.requestInputs.map(\.name) == ["amt"])
        #expect(feature.isRequestTime)
        #expect(feature.line(of: "inputs[amt].type") == 8)
    }

    @Test("an identity key mapping written out is no mapping")
    func identityKey() throws {
        let feature = try #require(
            parse(Self.head + "inputs:\n  - {feature: a, as: x, key: {user_id: user_id}}\n").feature)
        #expect(feature.inputs.first?.keyMapping == [:])
    }

    static let bad: [(String, String, String)] = [
        (
            "two inputs named alike", "inputs:\n  - {feature: a, as: x}\n  - {feature: b, as: x}\n",
            "9: 'inputs' names 'x' twice (first at line 8); each input's 'as' or request name is unique in a file"
        ),
        (
            "a request field named like a feature input's as",
            "inputs:\n  - {feature: a, as: amt}\n  - {request: amt, type: float64}\n",
            "9: 'inputs' names 'amt' twice (first at line 8); each input's 'as' or request name is unique in a file"
        ),
        (
            "a request type that is no type", "inputs:\n  - {request: amt, type: double}\n",
            "8: 'inputs[0].type' must be a type: bool, int32, int64, float32, float64, string, bytes, date, "
                + "timestamp, found 'double'"
        ),
        (
            "a key that is not a mapping", "inputs:\n  - {feature: a, as: x, key: user_id}\n",
            "8: 'inputs[0].key' must be a mapping, found 'user_id'"
        ),
        (
            "a key mapping to a column this feature does not have",
            "inputs:\n  - feature: a\n    as: x\n    key: {user_id: recipent_id}\n",
            "10: 'inputs[0].key.user_id' maps to 'recipent_id', which is neither an entity key of this feature "
                + "nor a request input"
        ),
        (
            "an entry naming neither a feature nor a request field", "inputs:\n  - {as: x}\n",
            "8: 'inputs[0]' names neither a feature ('feature:') nor a request field ('request:')"
        ),
        (
            "an entry naming both", "inputs:\n  - {feature: a, as: x, request: amt, type: int64}\n",
            "8: 'inputs[0]' names both a feature and a request field; write them as two inputs"
        ),
        (
            "a feature input without as", "inputs:\n  - {feature: a}\n",
            "8: 'inputs[0]' needs 'as': the name the expression gives the input feature"
        ),
        (
            "a request input without type", "inputs:\n  - {request: amt}\n",
            "8: 'inputs[0]' needs 'type': the type of the request field"
        ),
        (
            "a request input with a feature's version", "inputs:\n  - request: amt\n    type: int64\n    version: 2\n",
            "10: 'inputs[0].version' belongs to a feature input, not to a request field"
        ),
        (
            "an as with a dot", "inputs:\n  - {feature: a, as: x.y}\n",
            "8: 'inputs[0].as' must be a name of lower-case letters, digits and '_', starting with a letter, "
                + "at most 64 characters, found 'x.y'"
        ),
        (
            "event_time request without a request input",
            "inputs:\n  - {feature: a, as: x}\ntime: {event_time: request}\n",
            "9: 'time.event_time: request' is the request's own time, for a feature with a request input "
                + "('inputs: [{request: …, type: …}]'); this one has none"
        ),
        (
            "backfill.source without a request input", "backfill: {source: request_log, start: 2024-01-01}\n",
            "7: 'backfill.source' is for a feature computed at request time (one with a request input); "
                + "without it, history comes from 'source'"
        ),
        (
            "a request-time backfill without its source",
            "inputs:\n  - {request: amt, type: float64}\nbackfill: {start: 2024-01-01}\n",
            "9: a feature computed at request time rebuilds its history from logged requests: "
                + "'backfill.start' needs 'backfill.source' (such as request_log)"
        ),
    ]

    @Test("inputs that break a rule of the format are FEAT001 problems on their line", arguments: bad)
    func badInputs(_ label: String, _ text: String, _ finding: String) {
        #expect(findings(Self.head + text) == [finding], "\(label)")
    }

    @Test("a key may map to a request input, and a request-time backfill names its source")
    func keyToRequestInput() {
        let text =
            Self.head
            + "inputs:\n  - {feature: a, as: x, key: {user_id: payer}}\n  - {request: payer, type: string}\n"
            + "backfill: {source: request_log, start: 2024-01-01}\ntime: {event_time: request}\n"
        #expect(findings(text) == [])
    }

    static let candidate = """
        feature: f
        stage: candidate
        kind: scalar
        owner: me
        hypothesis: h
        description: d
        entity: [user_id]
        evidence: [{metric: auc}]
        type: bool

        """

    @Test("one input meets source; with more than one, source.expression is required (FEAT003)")
    func inputsMeetSource() throws {
        let one = try #require(parse(Self.candidate + "inputs: [{feature: a, as: x}]\n").feature)
        #expect(Policy.standard.missing(for: one).isEmpty)
        let two = try #require(
            parse(
                Self.candidate + "inputs: [{feature: a, as: x}, {request: amt, type: float64}]\n"
                    + "source: {table: t}\n"
            ).feature)
        let missing = Policy.standard.missing(for: two)
        #expect(missing.map(\.description) == ["source"])
        #expect(missing.first?.description(for: two.definition) == "source.expression (combining 2 inputs)")
        let combined = try #require(
            parse(
                Self.candidate + "inputs: [{feature: a, as: x}, {request: amt, type: float64}]\n"
                    + "source: {expression: amt > x}\n"
            ).feature)
        #expect(Policy.standard.missing(for: combined).isEmpty)
    }

    @Test("source is never met by source.kind, filter or mutations alone")
    func sourceNotMetByQualifiers() throws {
        let filtered = try #require(parse(Self.candidate + "source: {filter: amount > 0}\n").feature)
        #expect(Policy.standard.missing(for: filtered).map(\.description) == ["source"])
    }

    @Test("a request-time feature needs no time.ttl at shadow, whatever the stages say")
    func requestTimeNeedsNoTTL() throws {
        let text =
            Self.candidate.replacingOccurrences(of: "stage: candidate", with: "stage: shadow")
            + "inputs: [{request: amt, type: float64}]\ntime: {event_time: request}\n"
            + "backfill: {source: request_log, start: 2024-01-01}\nexpectations: {null_rate_max: 0.0}\n"
        let feature = try #require(parse(text).feature)
        #expect(parse(text).problems == [])
        #expect(Policy.standard.missing(for: feature).isEmpty)
        let batch = try #require(
            parse(
                text.replacingOccurrences(of: "{request: amt, type: float64}", with: "{feature: a, as: x}")
                    .replacingOccurrences(of: "event_time: request", with: "event_time: at")
                    .replacingOccurrences(of: "source: request_log, ", with: "")
            ).feature)
        #expect(Policy.standard.missing(for: batch).map(\.field) == ["time.ttl"])
    }

    @Test("a feature whose inputs are all features meets time and backfill through them, along a chain")
    func metThroughInputs() throws {
        let shadow =
            Self.candidate.replacingOccurrences(of: "stage: candidate", with: "stage: shadow")
            + "expectations: {null_rate_max: 0.0}\n"
        let derived = try #require(
            parse(
                shadow.replacingOccurrences(of: "feature: f", with: "feature: derived")
                    + "inputs: [{feature: middle, as: m}]\n"
            ).feature)
        let middle = try #require(
            parse(
                shadow.replacingOccurrences(of: "feature: f", with: "feature: middle")
                    + "inputs: [{feature: base, as: b}]\n"
            ).feature)
        let base = try #require(
            parse(
                shadow.replacingOccurrences(of: "feature: f", with: "feature: base")
                    + "source: {table: t}\ntime: {event_time: at, ttl: 1d}\nbackfill: {start: 2024-01-01}\n"
            ).feature)
        let catalog = [derived, middle, base].reduce(into: [Identity: Feature]()) { $0[$1.identity] = $1 }
        #expect(Policy.standard.missing(for: derived, resolvingInputs: { catalog[$0] }).isEmpty)
        // Without the catalog the obligations stand; with an input missing from it, they are unmet.
        #expect(
            Policy.standard.missing(for: derived).map(\.field) == ["time.event_time", "time.ttl", "backfill.start"])
        let broken = catalog.filter { $0.key.feature != "base" }
        #expect(Policy.standard.missing(for: derived, resolvingInputs: { broken[$0] }).count == 3)
    }

    @Test("a cycle of inputs meets nothing through them, and does not loop")
    func cycleMeetsNothing() throws {
        let shadow =
            Self.candidate.replacingOccurrences(of: "stage: candidate", with: "stage: shadow")
            + "expectations: {null_rate_max: 0.0}\n"
        let a = try #require(
            parse(shadow.replacingOccurrences(of: "feature: f", with: "feature: a") + "inputs: [{feature: b, as: x}]\n")
                .feature)
        let b = try #require(
            parse(shadow.replacingOccurrences(of: "feature: f", with: "feature: b") + "inputs: [{feature: a, as: x}]\n")
                .feature)
        let catalog = [a.identity: a, b.identity: b]
        #expect(Policy.standard.missing(for: a, resolvingInputs: { catalog[$0] }).count == 3)
    }

    @Test("waivers may name an input by its name, and a field below it")
    func waiverFieldsNameInputs() {
        #expect(FeatureSchema.isField("inputs"))
        #expect(FeatureSchema.isField("inputs[avg1d]"))
        #expect(FeatureSchema.isField("inputs[amt].type"))
        #expect(!FeatureSchema.isField("inputs[amt].colour"))
        #expect(!FeatureSchema.isField("inputs[a.b]"))
        #expect(InputPath("inputs[amt].type") == InputPath(name: "amt", leaf: "type"))
    }
}
