import FeatModel
import Foundation
import Testing

/// The `config.yaml` that `feat init` writes, read from the repository.
let templateBytes: [UInt8] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let url = root.appendingPathComponent("templates").appendingPathComponent("config.yaml")
    return (try? Array(Data(contentsOf: url))) ?? []
}()

/// The template's policy; a config error would fail every test that uses it.
let templatePolicy: Policy = (try? PolicyParser.parse(templateBytes)) ?? Policy.standard.withNoStages

extension Policy {
    fileprivate var withNoStages: Policy {
        var p = self
        p.stages = []
        return p
    }
}

/// SPEC §3's defaults twice: as built in, and as written out in the template.
enum DefaultPolicy: String, CaseIterable, Sendable {
    case builtIn = "Policy.standard", template = "templates/config.yaml"

    var policy: Policy { self == .builtIn ? .standard : templatePolicy }
}

let defaultPolicies = DefaultPolicy.allCases

func names(_ obligations: [Obligation]) -> [String] { obligations.map(\.description) }

@Suite("The default policy (SPEC §3)")
struct DefaultPolicyTests {
    @Test("the template parses, and writes out exactly the built-in stages")
    func templateMatchesStandard() throws {
        let parsed = try PolicyParser.parse(templateBytes)
        #expect(parsed.stages == Policy.standard.stages)
        #expect(parsed.featureFolders == ["features"])
        #expect(parsed.allowDemotion == false)
        #expect(parsed.notWaivable == [])
    }

    @Test("the template's rule settings keep their lines")
    func templateRules() throws {
        let parsed = try PolicyParser.parse(templateBytes)
        let text = String(decoding: templateBytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(text.firstIndex { $0.contains("FEAT008:") }) + 1
        #expect(parsed.rules == ["FEAT008": .warning])
        #expect(parsed.ruleLines == ["FEAT008": line])
        #expect(parsed.setting(for: "FEAT008", default: .error) == .warning)
        #expect(parsed.setting(for: "FEAT001", default: .error) == .error)
    }

    @Test("the ladder, the exit stage and the entry stage", arguments: defaultPolicies)
    func ladder(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(policy.ladder.map(\.name) == ["explore", "candidate", "shadow", "production"])
        #expect(policy.stageNames == ["explore", "candidate", "shadow", "production", "deprecated"])
        #expect(policy.entryStages == ["explore"])
        #expect(policy.stage("production")?.frozen == true)
        #expect(policy.stage("production")?.minDays == 7)
        #expect(policy.stage("shadow")?.frozen == false)
        #expect(policy.stage("deprecated")?.from == ["candidate", "shadow", "production"])
        #expect(policy.stage("staging") == nil)
    }

    @Test("next and previous stages walk the ladder only", arguments: defaultPolicies)
    func nextAndPrevious(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(policy.next(after: "explore") == "candidate")
        #expect(policy.next(after: "shadow") == "production")
        #expect(policy.next(after: "production") == nil)
        #expect(policy.next(after: "deprecated") == nil)
        #expect(policy.next(after: "nowhere") == nil)
        #expect(policy.previous(before: "candidate") == "explore")
        #expect(policy.previous(before: "production") == "shadow")
        #expect(policy.previous(before: "explore") == nil)
        #expect(policy.previous(before: "deprecated") == nil)
    }

    @Test("stages rank in ladder order, exit stages after", arguments: defaultPolicies)
    func rank(_ source: DefaultPolicy) throws {
        let policy = source.policy
        let ranks = try ["explore", "candidate", "shadow", "production", "deprecated"].map {
            try #require(policy.rank(of: $0))
        }
        #expect(ranks == ranks.sorted())
        #expect(Set(ranks).count == 5)
        #expect(policy.rank(of: "nowhere") == nil)
    }

    static let moves: [(String, String, Bool)] = [
        ("explore", "candidate", true),
        ("candidate", "shadow", true),
        ("shadow", "production", true),
        ("explore", "shadow", false),  // skipping a stage
        ("explore", "production", false),
        ("candidate", "production", false),
        ("candidate", "deprecated", true),
        ("shadow", "deprecated", true),
        ("production", "deprecated", true),
        ("explore", "deprecated", false),  // never left exploration
        ("production", "shadow", false),  // demotion
        ("candidate", "explore", false),
        ("deprecated", "production", false),
        ("deprecated", "explore", false),
        ("shadow", "shadow", false),
        ("shadow", "staging", false),
    ]

    @Test("legal moves: one step up, or out to deprecated from the stages it lists", arguments: defaultPolicies)
    func legalMoves(_ source: DefaultPolicy) {
        let policy = source.policy
        for (from, to, legal) in Self.moves {
            #expect(policy.isLegalMove(from: from, to: to) == legal, "\(from) → \(to)")
        }
    }

    @Test("with allow_demotion, one step down is legal too, and only one")
    func demotion() throws {
        let policy = try PolicyParser.parse(Array("version: 1\nallow_demotion: true\n".utf8))
        #expect(policy.allowDemotion)
        #expect(policy.stages == Policy.standard.stages)
        #expect(policy.isLegalMove(from: "production", to: "shadow"))
        #expect(policy.isLegalMove(from: "candidate", to: "explore"))
        #expect(!policy.isLegalMove(from: "production", to: "candidate"))
        #expect(!policy.isLegalMove(from: "deprecated", to: "production"))
        #expect(policy.isLegalMove(from: "explore", to: "candidate"))
        #expect(!Policy.standard.isLegalMove(from: "production", to: "shadow"))
    }

    static let explore = ["feature", "kind", "owner", "hypothesis"]
    static let candidate = explore + ["description", "entity", "source", "evidence"]
    static let shadow = ["time.event_time", "time.ttl", "backfill.start", "expectations"]
    static let production = ["sla.freshness", "monitoring"]

    @Test("obligations are cumulative: each stage adds its own to every earlier stage's", arguments: defaultPolicies)
    func cumulative(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(names(policy.obligations(at: "explore", kind: .scalar)) == Self.explore)
        #expect(names(policy.obligations(at: "candidate", kind: .scalar)) == Self.candidate + ["type"])
        #expect(names(policy.obligations(at: "shadow", kind: .scalar)) == Self.candidate + ["type"] + Self.shadow)
        #expect(
            names(policy.obligations(at: "production", kind: .scalar))
                == Self.candidate + ["type"] + Self.shadow + Self.production)
    }

    @Test("an aggregation at shadow still owes candidate's function and window", arguments: defaultPolicies)
    func aggregationAtShadow(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(
            names(policy.obligations(at: "shadow", kind: .aggregation))
                == Self.candidate + ["type", "aggregation.function", "aggregation.window"] + Self.shadow)
    }

    @Test("each kind adds its own fields", arguments: defaultPolicies)
    func byKind(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(
            names(policy.obligations(at: "production", kind: .categorical))
                == Self.candidate + [
                    "categorical.vocabulary or categorical.vocabulary_file",
                    "categorical.unseen or categorical.buckets",
                ]
                + Self.shadow + ["categorical.encoding"] + Self.production)
        #expect(
            names(policy.obligations(at: "shadow", kind: .map))
                == Self.candidate + ["map.key_type", "map.value_type"] + Self.shadow
                + ["map.keys", "map.known_keys (when map.keys is closed)", "map.max_keys (when map.keys is open)"])
        #expect(
            names(policy.obligations(at: "shadow", kind: .embedding))
                == Self.candidate + ["embedding.model", "embedding.dimension"] + Self.shadow
                + ["embedding.model_version", "embedding.metric"])
    }

    @Test("without a kind, only the all-kinds obligations apply", arguments: defaultPolicies)
    func noKind(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(names(policy.obligations(at: "shadow", kind: nil)) == Self.candidate + Self.shadow)
    }

    @Test("deprecated owes its own fields and those of the lowest stage it is entered from", arguments: defaultPolicies)
    func deprecated(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(
            names(policy.obligations(at: "deprecated", kind: .scalar))
                == Self.candidate + ["type", "deprecation.reason", "deprecation.sunset"])
    }

    @Test("an unknown stage owes nothing", arguments: defaultPolicies)
    func unknownStage(_ source: DefaultPolicy) {
        let policy = source.policy
        #expect(policy.obligations(at: "staging", kind: .scalar) == [])
    }
}

@Suite("What a feature still owes")
struct MissingObligationsTests {
    /// A feature complete up to shadow for every kind but its own block.
    static func file(kind: Kind, stage: String = "shadow", _ extra: String) -> String {
        """
        feature: f
        stage: \(stage)
        kind: \(kind.rawValue)
        owner: o
        hypothesis: h
        description: d
        entity: e
        source: {table: t}
        evidence: [{date: 2026-01-01}]
        time: {event_time: ts, ttl: 1d}
        backfill: {start: 2025-01-01}
        expectations: {min: 0}
        type: int64

        """ + extra
    }

    func missing(_ text: String, at stage: String? = nil, policy: Policy = .standard) throws -> [String] {
        let parsed = parse(text)
        #expect(parsed.problems == [])
        let feature = try #require(parsed.feature)
        return names(policy.missing(for: feature, at: stage))
    }

    @Test("an aggregation at shadow without a window owes candidate's window", arguments: defaultPolicies)
    func aggregationWithoutWindow(_ source: DefaultPolicy) throws {
        let policy = source.policy
        let text = Self.file(kind: .aggregation, "aggregation: {function: count}\n")
        #expect(try missing(text, policy: policy) == ["aggregation.window"])
        // A window in a custom field does not count.
        #expect(try missing(text + "x-aggregation: {window: 7d}\n", policy: policy) == ["aggregation.window"])
    }

    @Test("a closed map at shadow owes its known keys; an open one does not", arguments: defaultPolicies)
    func closedMap(_ source: DefaultPolicy) throws {
        let policy = source.policy
        let closed = Self.file(kind: .map, "map: {key_type: string, value_type: int64, keys: closed}\n")
        #expect(try missing(closed, policy: policy) == ["map.known_keys (when map.keys is closed)"])
        let closedWithKeys = Self.file(
            kind: .map, "map: {key_type: string, value_type: int64, keys: closed, known_keys: [a]}\n")
        #expect(try missing(closedWithKeys, policy: policy) == [])
    }

    @Test("an open map at shadow owes max_keys; a closed one does not", arguments: defaultPolicies)
    func openMap(_ source: DefaultPolicy) throws {
        let policy = source.policy
        let open = Self.file(kind: .map, "map: {key_type: string, value_type: int64, keys: open}\n")
        #expect(try missing(open, policy: policy) == ["map.max_keys (when map.keys is open)"])
        let openWithMax = Self.file(
            kind: .map, "map: {key_type: string, value_type: int64, keys: open, max_keys: 50}\n")
        #expect(try missing(openWithMax, policy: policy) == [])
    }

    @Test("a map at shadow that does not say open or closed owes keys only")
    func mapWithoutKeys() throws {
        let text = Self.file(kind: .map, "map: {key_type: string, value_type: int64}\n")
        #expect(try missing(text) == ["map.keys"])
    }

    @Test(
        "a categorical feature needs a vocabulary or a vocabulary file",
        arguments: [
            ("categorical: {vocabulary: [a, b], unseen: error, encoding: index}\n", [String]()),
            (
                "categorical: {vocabulary_file: vocab/cats.txt, vocabulary_sha256: \(String(repeating: "ab", count: 32)), unseen: error, encoding: hash, buckets: 64}\n",
                []
            ),
            (
                "categorical: {unseen: error, encoding: index}\n",
                ["categorical.vocabulary or categorical.vocabulary_file"]
            ),
            (
                "categorical: {vocabulary: [], unseen: error, encoding: index}\n",
                ["categorical.vocabulary or categorical.vocabulary_file"]
            ),
            (
                "categorical: {vocabulary: [a]}\n",
                ["categorical.unseen or categorical.buckets", "categorical.encoding"]
            ),
            // Hashing ignores `unseen`: a hash feature owes its buckets, never an unseen policy.
            ("categorical: {vocabulary: [a], encoding: hash, buckets: 8}\n", [String]()),
        ])
    func categorical(block: String, owed: [String]) throws {
        #expect(try missing(Self.file(kind: .categorical, block)) == owed)
    }

    @Test("an embedding at shadow owes its model version and metric")
    func embedding() throws {
        let text = Self.file(kind: .embedding, "embedding: {model: m, dimension: 8}\n")
        #expect(try missing(text) == ["embedding.model_version", "embedding.metric"])
    }

    @Test("empty evidence is no evidence")
    func emptyEvidence() throws {
        let text = Self.file(kind: .scalar, "").replacingOccurrences(
            of: "evidence: [{date: 2026-01-01}]", with: "evidence: []")
        #expect(try missing(text) == ["evidence"])
    }

    @Test("what an explore feature would owe at another stage")
    func atAnotherStage() throws {
        let text = "feature: f\nstage: explore\nkind: aggregation\nowner: o\nhypothesis: h\n"
        #expect(try missing(text) == [])
        #expect(
            try missing(text, at: "candidate")
                == [
                    "description", "entity", "source", "evidence", "type", "aggregation.function", "aggregation.window",
                ])
    }
}
