import FeatTestSupport
import Foundation
import Testing

/// Holes an adversarial review found in the merge gate: each let a breaking change to a
/// production feature pass `feat check` (exit 0), or hid it from `feat diff`.
@Suite("The merge gate has no holes")
struct GateHoleTests {
    static let now = "2026-12-01T00:00:00Z"

    /// main: `a` in production; then a `pr` branch.
    func production(_ extra: String = "") throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", extra: extra))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    func replaceEntity(_ text: String) -> String {
        text.replacingOccurrences(of: "entity: [user_id]", with: "entity: [card_id]")
    }

    @Test("a waiver whose fields are all misspelt excuses nothing, not everything")
    func misspeltWaiverFields() throws {
        let repo = try production()
        let waivers = """
            waivers:
              - {rule: FEAT006, reason: "only the function change was agreed", expires: 2026-12-15, fields: [aggregation.functoin]}
              - {rule: FEAT001, reason: "a typo we accept", expires: 2026-12-15}

            """
        try repo.write("features/a.yaml", replaceEntity(featureYAML("a", stage: "production", extra: waivers)))
        try repo.commit("replace the entity under a misspelt waiver")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a waiver on the base rewritten with a time on the same day is the same waiver: it excuses nothing new")
    func waiverRewrittenSameDay() throws {
        let waiver = { (expires: String) in
            "waivers:\n  - {rule: FEAT006, reason: agreed, expires: \(expires), fields: [entity]}\n"
        }
        let repo = try production(waiver("2026-12-15"))
        try repo.write(
            "features/a.yaml",
            replaceEntity(featureYAML("a", stage: "production", extra: waiver("2026-12-15T00:00:00Z"))))
        try repo.commit("replace the entity, rewrite the waiver's date")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
        // Alone, the rewrite is no change at all.
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", extra: waiver("2026-12-15T00:00:00Z")))
        let diff = try feat("diff", "main", "--format", "json", in: repo.path)
        #expect((diff.json["features"] as? [[String: Any]])?.isEmpty == true, "\(diff.stdout)")
    }

    @Test(
        "a blank line inserted in a vocabulary file is an inserted empty category: breaking, even under a FEAT001 waiver"
    )
    func blankLineInVocabularyFile() throws {
        let repo = try featureRepo()
        try repo.write("vocab/ch.txt", "web\napp\nstore\n")
        let categorical = featureYAML("c", stage: "production")
            .replacingOccurrences(of: "kind: aggregation", with: "kind: categorical")
            .replacingOccurrences(of: "type: int64\n", with: "")
            .replacingOccurrences(
                of: "aggregation: {function: count, column: txn_id, window: 7d}",
                with: "categorical: {vocabulary_file: vocab/ch.txt, unseen: bucket, encoding: onehot}")
        try repo.write("features/c.yaml", categorical)
        try repo.commit("c in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("vocab/ch.txt", "web\n\napp\nstore\n")
        try repo.write(
            "features/c.yaml", categorical + "waivers:\n  - {rule: FEAT001, reason: x, expires: 2026-12-15}\n")
        try repo.commit("a blank line")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        let change = (diff.json["features"] as? [[String: Any]])?.first
        #expect(change?["impact"] as? String == "breaking", "\(diff.stdout)")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a feature reinstated from deprecation into production comes back unchanged (FEAT006)")
    func reinstatedWithBreakingChange() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        let deprecated =
            featureYAML("a", stage: "production")
            .replacingOccurrences(of: "stage: production", with: "stage: deprecated")
            + "deprecation: {reason: old, sunset: 2027-03-01}\n"
        try repo.write("features/a.yaml", deprecated)
        try repo.commit("deprecate a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", replaceEntity(featureYAML("a", stage: "production")))
        try repo.commit("bring a back, with another entity")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a file broken at the merge base is judged against its last readable version there")
    func brokenBaseJudgedByLastReadable() throws {
        let repo = try production()
        try repo.git(["checkout", "-q", "main"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production") + "owner: twice@example.com\n")
        try repo.commit("a broken on main (a duplicate key)")
        try repo.git(["checkout", "-q", "-B", "pr"])
        try repo.write("features/a.yaml", replaceEntity(featureYAML("a", stage: "production")))
        try repo.commit("mend a, and replace its entity")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a file that was never readable on the base cannot enter a frozen stage unseen")
    func neverReadableBase() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production") + "owner: twice@example.com\n")
        try repo.commit("a, broken from the start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", replaceEntity(featureYAML("a", stage: "production")))
        try repo.commit("mend a, and replace its entity")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(findings(r).contains("FEAT004/error"), "\(findings(r))")
    }
}
