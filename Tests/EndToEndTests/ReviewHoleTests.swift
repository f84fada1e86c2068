import FeatTestSupport
import Foundation
import Testing

/// Holes an adversarial review of this round's verdicts found, each reproduced on a real
/// repository: every one let a meaning or breaking change through, or blocked harmless work.
@Suite("The review's holes stay closed")
struct ReviewHoleTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    static func consumer(_ name: String, stage: String, reads: String = "a") -> String {
        "consumer: \(name)\nkind: model\nstage: \(stage)\nowner: \(name)-ml@example.com\nreads: [\(reads)]\n"
    }

    /// main: `a` in shadow, read by the production model `fraud`; a `pr` branch.
    func readByProduction(stage: String = "shadow") throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: stage))
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", stage: "production"))
        try repo.commit("a, read by fraud in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    @Test("a second consumer file with the production consumer's name cannot stand in for it")
    func duplicateConsumerName() throws {
        let repo = try readByProduction()
        try repo.write("consumers/a-fraud.yaml", Self.consumer("fraud", stage: "experiment"))
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a; a second file named fraud")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT011/error") && findings(r).contains("FEAT014/error"), "\(findings(r))")
    }

    @Test("moving the consumers folder away from the production consumers is a FEAT008 error")
    func consumersFolderEmptied() throws {
        let repo = try readByProduction()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nconsumers: [nowhere]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("point consumers elsewhere, widen a")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT008/error"), "\(findings(r))")
    }

    @Test("a consumer file unreadable at the base hides the reach of a meaning change: FEAT014 error")
    func unreadableConsumerAtBase() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", stage: "production") + "stage: production\n")
        try repo.commit("a consumer file with a duplicate key", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT014/error"), "\(findings(r))")
    }

    @Test(
        "an input cannot be removed from under a derived feature, sunset or not (FEAT013, FEAT001 on the derived one)")
    func inputRemoved() throws {
        let repo = try featureRepo()
        let gone =
            featureYAML("a", stage: "production")
            .replacingOccurrences(of: "stage: production", with: "stage: deprecated")
            + "deprecation: {reason: replaced, sunset: 2026-02-01}\n"
        try repo.write("features/a.yaml", gone)
        try repo.write(
            "features/d.yaml", featureYAML("d", stage: "production", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("d derives from a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.remove("features/a.yaml")
        try repo.commit("remove a after its sunset")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT013/error") && findings(r).contains("FEAT001/error"), "\(findings(r))")
    }

    @Test("a derived feature judged for an input's change is not a duplicate of itself (FEAT002)")
    func derivedNotSelfDuplicate() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write(
            "features/d.yaml", featureYAML("d", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("d derives from a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a in shadow")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!findings(r).contains("FEAT002/error"), "\(findings(r))")
    }

    @Test("production → deprecated → archived is still a production contract (FEAT006)")
    func exitStageChain() throws {
        let repo = try featureRepo()
        let policy = try repo.read(".featurerepo/config.yaml")
        let stages = """
            stages:
              - {name: explore, entry: true, requires: [feature, kind, owner, hypothesis]}
              - {name: candidate, requires: [description]}
              - {name: shadow}
              - {name: production, frozen: true}
              - {name: deprecated, from: [candidate, shadow, production], requires: [deprecation.reason]}
              - {name: archived, from: [deprecated]}

            """
        try repo.write(".featurerepo/config.yaml", policy + stages)
        let at = { (stage: String, window: String) in
            featureYAML("a", stage: "production", window: window).replacingOccurrences(
                of: "stage: production", with: "stage: \(stage)") + "deprecation: {reason: old, sunset: 2027-03-01}\n"
        }
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", at("deprecated", "7d"))
        try repo.commit("deprecate", date: "2026-02-05T10:00:00Z")
        try repo.write("features/a.yaml", at("archived", "7d"))
        try repo.commit("archive", date: "2026-03-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", at("archived", "30d"))
        try repo.commit("widen the archived feature's window")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a meaning change made across an unreadable commit still restarts the dwell clock (FEAT005)")
    func clockAcrossUnreadable() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-09-01T10:00:00Z")
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "shadow").replacingOccurrences(of: "entity: [user_id]", with: "entity: [user_id"))
        try repo.commit("a typo", date: "2026-11-29T09:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("mend it, with a wider window", date: "2026-11-29T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("promote", date: "2026-11-30T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT005/error"), "\(findings(r))")
    }

    @Test("consumer_floor is a policy key: a policy setting it still judges")
    func consumerFloorKey() throws {
        let repo = try featureRepo()
        try repo.write(
            ".featurerepo/config.yaml",
            "version: 1\nfeatures: [features]\nconsumer_floor: {production: production, shadow: shadow}\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        try repo.write(".featurerepo/config.yaml", "version: 1\nconsumer_floor: {production: prodution}\n")
        let bad = try feat("validate", in: repo.path)
        #expect(bad.status == 2 && bad.stderr.contains("did you mean 'production'"), "\(bad.stderr)")
    }

    @Test("a feature's waiver naming a consumer rule is FEAT001: consumers answer in their own files")
    func waiverForConsumerRule() throws {
        let repo = try featureRepo()
        let waiver = "waivers:\n  - {rule: FEAT014, reason: we asked them, expires: 2026-12-20}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore", extra: waiver))
        try repo.commit("a waiver for FEAT014", date: "2026-11-20T10:00:00Z")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1, "\(v.stdout) \(v.stderr)")
        #expect(v.stdout.contains("acknowledges in its file"), "\(v.stdout)")
    }
}
