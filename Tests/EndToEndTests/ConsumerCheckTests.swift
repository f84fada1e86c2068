import FeatTestSupport
import Foundation
import Testing

/// Who reads a feature decides what a change to it needs (SPEC §8): the check's consumer
/// rules on real pull requests.
@Suite("feat check knows who reads a feature")
struct ConsumerCheckTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func violations(_ r: Run.Result, _ rule: String) -> [[String: Any]] {
        (r.json["violations"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == rule }
    }

    func check(_ repo: GitFixture, format: String = "json") throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", format, in: repo.path)
    }

    static func consumer(
        _ name: String, stage: String = "production", reads: [String] = ["a"], extra: String = ""
    ) -> String {
        "consumer: \(name)\nkind: model\nstage: \(stage)\nowner: \(name)-ml@example.com\nreads: [\(reads.joined(separator: ", "))]\n"
            + extra
    }

    static let waiver = "waivers:\n  - {rule: FEAT006, reason: agreed with the model owners, expires: 2026-12-20}\n"

    /// main: `a` in production, read by the production model `fraud`; then a `pr` branch.
    func production(consumers: [String: String] = ["fraud": consumer("fraud")]) throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        for (name, text) in consumers { try repo.write("consumers/\(name).yaml", text) }
        try repo.commit("a in production, with its consumers", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    @Test("a frozen feature changed in place needs two keys: the owner's waiver alone fails on the consumer (FEAT014)")
    func twoKeyRule() throws {
        let repo = try production()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("widen a's window under a waiver")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/warning"), "\(findings(r))")
        let v = try #require(violations(r, "FEAT014").first, "\(r.stdout)")
        #expect(v["severity"] as? String == "error")
        let message = v["message"] as? String ?? ""
        #expect(
            message.contains("fraud") && message.contains("fraud-ml@example.com")
                && message.contains("consumers/fraud.yaml"), "\(message)")
        let consumer = try #require(v["consumer"] as? [String: Any])
        #expect(consumer["consumer"] as? String == "fraud" && consumer["stage"] as? String == "production")
        let reach = try #require((r.json["reach"] as? [[String: Any]])?.first)
        #expect(reach["feature"] as? String == "a" && reach["impact"] as? String == "meaning")

        // The consumer's owner acknowledges in the same pull request: both keys turned.
        try repo.write(
            "consumers/fraud.yaml",
            Self.consumer(
                "fraud",
                extra:
                    "acknowledgements:\n  - {feature: a, impact: meaning, reason: retrained on 30 days, expires: 2026-12-20}\n"
            ))
        try repo.commit("fraud acknowledges")
        let ok = try check(repo)
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        let acknowledged = try #require(violations(ok, "FEAT014").first)
        #expect(acknowledged["severity"] as? String == "warning")
        #expect((acknowledged["acknowledgement"] as? [String: Any])?["impact"] as? String == "meaning")
        let markdown = try check(repo, format: "markdown")
        #expect(markdown.stdout.contains("Reaches 1 production consumer"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("acknowledged"), "\(markdown.stdout)")
    }

    @Test("an acknowledgement already on the base excuses nothing new, nor one for a milder impact")
    func staleAcknowledgement() throws {
        let old = "acknowledgements:\n  - {feature: a, impact: meaning, reason: earlier change}\n"
        let repo = try production(consumers: ["fraud": Self.consumer("fraud", extra: old)])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("widen a's window")
        let r = try check(repo)
        #expect(r.status == 1)
        let message = violations(r, "FEAT014").first?["message"] as? String ?? ""
        #expect(message.contains("reviewed with an earlier change"), "\(message)")
    }

    @Test("a shadow consumer's missing acknowledgement is a warning, and an experiment consumer is not reached")
    func shadowAndExperiment() throws {
        let repo = try production(consumers: [
            "probe": Self.consumer("probe", stage: "shadow"),
            "notebook": Self.consumer("notebook", stage: "experiment"),
        ])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("widen a's window")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(findings(r).filter { $0.hasPrefix("FEAT014") } == ["FEAT014/warning"], "\(findings(r))")
    }

    @Test("a feature read by a production consumer cannot be removed, even together with the consumer (FEAT013)")
    func removalWhileRead() throws {
        let gone =
            featureYAML("a", stage: "production")
            .replacingOccurrences(of: "stage: production", with: "stage: deprecated")
            + "deprecation: {reason: replaced, sunset: 2026-02-01}\n"
        let repo = try featureRepo()
        try repo.write("features/a.yaml", gone)
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud"))
        try repo.commit("a deprecated, still read", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.remove("features/a.yaml")
        try repo.remove("consumers/fraud.yaml")
        try repo.commit("remove a and its reader in one go")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT013/error"), "\(findings(r))")
        #expect(findings(r).contains("FEAT015/warning"), "the consumer's removal is reported too: \(findings(r))")
    }

    @Test("a production consumer added reading a shadow feature is below the floor (FEAT012)")
    func stageFloor() throws {
        let repo = try featureRepo()
        try repo.write("features/s.yaml", featureYAML("s", stage: "shadow"))
        try repo.commit("s in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["s"]))
        try repo.commit("fraud reads s in production")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        let v = try #require(violations(r, "FEAT012").first)
        #expect(v["path"] as? String == "consumers/fraud.yaml")
        #expect((v["message"] as? String ?? "").contains("production or above"), "\(v)")
    }

    @Test("a consumer that reads a misspelt feature fails FEAT011 with the closest name")
    func readMustExist() throws {
        let repo = try production()
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["a", "aa_count"]))
        try repo.write("features/aa_counts.yaml", featureYAML("aa_counts", stage: "explore"))
        try repo.commit("fraud reads a misspelt feature")
        let r = try check(repo)
        #expect(r.status == 1)
        let message = violations(r, "FEAT011").first?["message"] as? String ?? ""
        #expect(message.contains("did you mean 'aa_counts'"), "\(message)")
        #expect(message.contains("aa_count, which no feature file declares"), "\(message)")
    }

    @Test("a read dropped from a production consumer is reported for review (FEAT015)")
    func readDropped() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "production"))
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["a", "b"]))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["a"]))
        try repo.commit("fraud stops reading b")
        let r = try check(repo)
        #expect(r.status == 0)
        #expect(findings(r) == ["FEAT015/warning"], "\(findings(r))")
    }

    @Test("with 200 consumers on one feature the markdown stays under 60,000 characters, capped with a count")
    func manyConsumersCapped() throws {
        var consumers: [String: String] = [:]
        for i in 0..<200 { consumers["model_\(i)"] = Self.consumer("model_\(i)") }
        let repo = try production(consumers: consumers)
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("widen a's window")
        let markdown = try check(repo, format: "markdown")
        #expect(markdown.status == 1)
        #expect(markdown.stdout.count < 60_000, "\(markdown.stdout.count) characters")
        #expect(markdown.stdout.contains("Reaches 200 production consumers"))
        #expect(markdown.stdout.contains("and 175 more"), "the list is capped with a count")
        let json = try check(repo)
        #expect(((json.json["reach"] as? [[String: Any]])?.first?["consumers"] as? [Any])?.count == 200)
    }

    @Test("a production consumer reading a label as a feature leaks the target (FEAT012); saying role: label is fine")
    func labelLeakage() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/is_fraud.yaml", featureYAML("is_fraud", stage: "production", extra: "role: label\n"))
        try repo.commit("a feature and a label", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["a", "is_fraud"]))
        try repo.commit("fraud reads the label as a feature")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        let message = violations(r, "FEAT012").first?["message"] as? String ?? ""
        #expect(message.contains("a label (role: label)"), "\(r.stdout)")
        try repo.write(
            "consumers/fraud.yaml", Self.consumer("fraud", reads: ["a", "{feature: is_fraud, role: label}"]))
        try repo.commit("the read says it is the target")
        #expect(try check(repo).status == 0)
    }

    @Test("a feature derived from a label is refused on its own file (FEAT012)")
    func derivedFromLabel() throws {
        let repo = try featureRepo()
        try repo.write("features/is_fraud.yaml", featureYAML("is_fraud", stage: "shadow", extra: "role: label\n"))
        try repo.commit("a label", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "features/d.yaml", featureYAML("d", stage: "explore", extra: "inputs:\n  - {feature: is_fraud, as: y}\n"))
        try repo.commit("d computed from the label")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(violations(r, "FEAT012").first?["path"] as? String == "features/d.yaml", "\(r.stdout)")
    }
}
