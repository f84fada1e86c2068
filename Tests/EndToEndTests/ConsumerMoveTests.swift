import FeatTestSupport
import Foundation
import Testing

/// A consumer is known by its name, as a feature by its identity (SPEC §8): a pull request that
/// moves a consumer file has not declared a new consumer, and what the file says was already
/// reviewed on the base.
@Suite("A moved consumer file is the same consumer")
struct ConsumerMoveTests {
    static let now = "2026-12-01T00:00:00Z"
    static let waiver = "waivers:\n  - {rule: FEAT006, reason: agreed with the model owners, expires: 2026-12-20}\n"

    func rules(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    static func consumer(_ extra: String = "", reads: String = "[a]") -> String {
        "consumer: fraud\nkind: model\nstage: production\nowner: fraud-ml@example.com\nreads: \(reads)\n" + extra
    }

    @Test("an acknowledgement already on the base excuses nothing when its consumer file moves in the pull request")
    func movedAcknowledgementIsNotNew() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        let ack =
            "acknowledgements:\n  - {feature: a, impact: meaning, reason: retrained on 30 days, expires: 2026-12-20}\n"
        try repo.write("consumers/fraud.yaml", Self.consumer(ack))
        try repo.commit("a in production, read by fraud (acknowledged long ago)", date: "2026-11-20T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.git(["mv", "consumers/fraud.yaml", "consumers/risk_fraud.yaml"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("move fraud's file and widen a's window")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(rules(r).contains("FEAT014/error"), "\(rules(r))")
        #expect(!rules(r).contains("FEAT015/warning"), "fraud is not declared in this pull request: \(rules(r))")
    }

    @Test("a consumer file moved with the same content is not re-judged as a new declaration")
    func pureMoveIsNotJudgedAgain() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/s.yaml", featureYAML("s", stage: "shadow"))
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrules: {FEAT012: off}\n")
        try repo.write("consumers/fraud.yaml", Self.consumer(reads: "[a, s]"))
        try repo.commit("fraud reads a shadow feature while FEAT012 is off", date: "2026-11-20T10:00:00Z")
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.commit("FEAT012 turned on", date: "2026-11-21T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.git(["mv", "consumers/fraud.yaml", "consumers/risk_fraud.yaml"])
        try repo.commit("move fraud's file into a team folder")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["ok"] as? Bool == true, "\(r.stdout)")
        #expect(rules(r).isEmpty, "\(rules(r))")
    }

    @Test("a consumer file moved and edited is judged for what the edit adds")
    func moveWithEditIsJudged() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/s.yaml", featureYAML("s", stage: "shadow"))
        try repo.write("consumers/fraud.yaml", Self.consumer())
        try repo.commit("fraud reads a", date: "2026-11-20T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.git(["mv", "consumers/fraud.yaml", "consumers/risk_fraud.yaml"])
        try repo.write("consumers/risk_fraud.yaml", Self.consumer(reads: "[a, s]"))
        try repo.commit("move fraud's file and read a shadow feature")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(rules(r).contains("FEAT012/error"), "\(rules(r))")
    }
}
