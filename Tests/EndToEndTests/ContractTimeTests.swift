import FeatTestSupport
import Foundation
import Testing

/// A contract lasts as long as its consumers read it, and time in a stage is counted from
/// when the stage landed, never from a date a commit claims (SPEC §3, §5).
@Suite("Contracts hold through deprecation, and dwell time is counted from when it landed")
struct ContractTimeTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    func deprecated(_ window: String = "7d") -> String {
        featureYAML("a", stage: "production", window: window)
            .replacingOccurrences(of: "stage: production", with: "stage: deprecated")
            + "deprecation: {reason: replaced by b, sunset: 2027-03-01}\n"
    }

    @Test("a deprecated production feature is still a contract: widening its window is FEAT006")
    func deprecatedProductionStaysFrozen() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", deprecated())
        try repo.commit("deprecate a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", deprecated("30d"))
        try repo.commit("widen a's window while deprecated")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
        let message = (r.json["violations"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("frozen production contract"), "\(message)")
    }

    @Test("a feature deprecated from candidate is no contract: its window may change")
    func deprecatedCandidateIsFree() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a as a candidate", date: "2026-01-05T10:00:00Z")
        let gone = { (window: String) in
            featureYAML("a", stage: "candidate", window: window)
                .replacingOccurrences(of: "stage: candidate", with: "stage: deprecated")
                + "deprecation: {reason: did not help, sunset: 2027-03-01}\n"
        }
        try repo.write("features/a.yaml", gone("7d"))
        try repo.commit("deprecate a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", gone("30d"))
        try repo.commit("widen a's window while deprecated")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(!findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a shadow entry dated before its parent counts from its parent's date: 3 days, not 92")
    func backDatedShadowEntry() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a as a candidate", date: "2026-11-27T10:00:00Z")
        // Work written in August and fast-forwarded onto main in late November keeps its date.
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow (authored and committed in August)", date: "2026-08-31T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("promote a", date: "2026-11-30T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT005/error"), "\(findings(r))")
        let message = (r.json["violations"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("it has 3"), "\(message)")
    }

    @Test(
        "a waiver on the base whose expires is moved later excuses nothing new: only rule, fields and reason are reviewed"
    )
    func waiverExpiresMovedIsNotNew() throws {
        let waiver = { (expires: String, reason: String) in
            "waivers:\n  - {rule: FEAT006, reason: \"\(reason)\", expires: \(expires)}\n"
        }
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml", featureYAML("a", stage: "production", extra: waiver("2026-12-10", "agreed with fraud")))
        try repo.commit("a in production, with a waiver from an earlier change", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        let widened = featureYAML(
            "a", stage: "production", window: "30d", extra: waiver("2026-12-20", "agreed  with\n  fraud"))
        try repo.write("features/a.yaml", widened)
        try repo.commit("widen the window, extend the old waiver")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
        // A new reason is a new review: it excuses this change.
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "production", window: "30d", extra: waiver("2026-12-20", "30d agreed for Q1")))
        try repo.commit("a reviewed waiver for this change")
        let waived = try check(repo)
        #expect(waived.status == 0, "\(waived.stdout) \(waived.stderr)")
        #expect(findings(waived).contains("FEAT006/warning"), "\(findings(waived))")
    }

    @Test("production → deprecated → shadow is one verdict: FEAT004 and a diff that says demoted, never reinstated")
    func leavingDeprecationDownward() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", deprecated())
        try repo.commit("deprecate a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("move a to shadow")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT004/error"), "\(findings(r))")
        let markdown = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(!markdown.stdout.contains("reinstated"), "\(markdown.stdout)")
        #expect(
            markdown.stdout.contains("demoted deprecated → shadow (it left production for deprecated)"),
            "\(markdown.stdout)")
        #expect(markdown.stdout.contains("breaking"), "\(markdown.stdout)")
    }

    @Test("a copy of an existing identity is FEAT002's finding alone, not also 'a new feature enters at explore'")
    func duplicateIsNotANewFeature() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/copy.yaml", featureYAML("a", stage: "production"))
        try repo.commit("copy a")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT002/error"), "\(findings(r))")
        #expect(!findings(r).contains("FEAT004/error"), "\(findings(r))")
    }

    /// main: `a` in shadow since October, then (on `changedOn`) its shadow copy edited.
    func shadowEdited(_ edit: (String) -> String, on changedOn: String) throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a as a candidate", date: "2026-09-01T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-10-01T10:00:00Z")
        try repo.write("features/a.yaml", edit(featureYAML("a", stage: "shadow")))
        try repo.commit("edit a in shadow", date: changedOn)
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", edit(featureYAML("a", stage: "production")))
        try repo.commit("promote a")
        return repo
    }

    @Test("shadowed for two months, but its window changed in shadow 2 days ago: FEAT005 counts from the change")
    func meaningChangeRestartsTheClock() throws {
        let repo = try shadowEdited(
            { $0.replacingOccurrences(of: "window: 7d", with: "window: 30d") }, on: "2026-11-29T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT005/error"), "\(findings(r))")
        let message = (r.json["violations"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("changed in meaning on 2026-11-29") && message.contains("it has 1"), "\(message)")
    }

    @Test("a cosmetic edit in shadow does not restart the clock")
    func cosmeticEditKeepsTheClock() throws {
        let repo = try shadowEdited(
            { $0.replacingOccurrences(of: "Transactions per user.", with: "Card transactions per user.") },
            on: "2026-11-29T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    }

    @Test("a pull request that promotes and widens the window in one change has spent 0 days in shadow")
    func promoteAndChange() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-06-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("promote a with a wider window")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT005/error"), "\(findings(r))")
    }
}
