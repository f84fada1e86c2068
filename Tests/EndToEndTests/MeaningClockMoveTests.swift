import FeatTestSupport
import Foundation
import Testing

/// FEAT005 counts a stage's days from the last meaning change in it (SPEC §5), and a feature is
/// its identity, not its path: moving its file after the change must not hide the change.
@Suite("FEAT005's meaning-change clock follows a moved feature file")
struct MeaningClockMoveTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    /// `a` in shadow since October; its window widened on `changedOn`, then its file moved into
    /// a team folder; the pull request promotes it there.
    func changedThenMoved(changedOn: String) throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a as a candidate", date: "2026-09-01T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-10-01T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a's window in shadow", date: changedOn)
        try repo.git(["mv", "features/a.yaml", "features/risk_a.yaml"])
        try repo.commit("move a into the risk team's name", date: "2026-11-30T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/risk_a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("promote a", date: "2026-11-30T12:00:00Z")
        return repo
    }

    @Test("a window widened in shadow 2 days ago, then the file moved: FEAT005 still counts from the change")
    func changeBeforeMoveCounts() throws {
        let repo = try changedThenMoved(changedOn: "2026-11-29T10:00:00Z")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT005/error"), "\(findings(r))")
        let message =
            (r.json["violations"] as? [[String: Any]])?.first { $0["rule"] as? String == "FEAT005" }?["message"]
            as? String ?? ""
        #expect(message.contains("changed in meaning on 2026-11-29"), "\(message)")
    }

    @Test("a window widened in shadow long ago, then the file moved: the promotion passes")
    func oldChangeBeforeMovePasses() throws {
        let repo = try changedThenMoved(changedOn: "2026-10-10T10:00:00Z")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(!findings(r).contains("FEAT005/error"), "\(findings(r))")
    }
}
