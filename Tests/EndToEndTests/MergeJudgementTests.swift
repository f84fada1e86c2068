import FeatTestSupport
import Foundation
import Testing

/// `feat check` judges what the merge would put on the base branch, not the branch against
/// its merge base (SPEC §5): the base may have moved on since the branch left it.
@Suite("The check judges the merge, not the branch")
struct MergeJudgementTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture, head: String = "HEAD") throws -> Run.Result {
        try feat("check", "--base", "main", "--head", head, "--now", Self.now, "--format", "json", in: repo.path)
    }

    func objectFiles(_ repo: GitFixture) -> [String] {
        let objects = repo.path + "/.git/objects"
        return (FileManager.default.enumerator(atPath: objects)?.allObjects as? [String] ?? []).sorted()
    }

    /// main: `a` in shadow since January; a `pr` branch made there.
    func shadowWithBranch() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        return repo
    }

    @Test("a window widened on a branch while main promoted the feature is judged as a change to production")
    func staleBase() throws {
        let repo = try shadowWithBranch()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("promote a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a's window", date: "2026-02-02T10:00:00Z")
        let before = objectFiles(repo)
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
        #expect(r.json["base"] as? String == (try repo.head("main")))
        #expect(r.json["merge_base"] as? String == (try repo.head("main~1")))
        #expect((r.json["merged"] as? String)?.count == 40)
        // Nothing the merge made reaches the object database, a ref or the index.
        #expect(objectFiles(repo) == before)
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.stdout.contains("merged into it in memory"), "\(text.stdout)")
        let markdown = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("The base moved on since this branch left it"), "\(markdown.stdout)")
    }

    @Test("a stacked pull request after its parent was squash-merged cannot borrow the parent's waiver")
    func stackedAfterSquash() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        let waiver = "waivers:\n  - {rule: FEAT006, reason: agreed with the fraud team, expires: 2026-12-20}\n"
        try repo.git(["checkout", "-q", "-b", "pr1"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "14d", extra: waiver))
        try repo.commit("PR 1: window 14d, waived", date: "2026-11-20T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr2"])
        let card = featureYAML("a", stage: "production", window: "14d", extra: waiver)
            .replacingOccurrences(of: "entity: [user_id]", with: "entity: [card_id]")
        try repo.write("features/a.yaml", card)
        try repo.commit("PR 2: keyed by card", date: "2026-11-21T10:00:00Z")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--squash", "pr1"])
        try repo.commit("PR 1 (squashed)", date: "2026-11-22T10:00:00Z")
        let r = try check(repo, head: "pr2")
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT006/error"), "\(findings(r))")
    }

    @Test("a branch that contains the base tip is judged as it is: no merge is computed")
    func headContainsBase() throws {
        let repo = try shadowWithBranch()
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        let head = try repo.commit("widen a's window in shadow")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["merge_base"] as? String == (try repo.head("main")))
        #expect(
            r.json["merged"] as? String
                == (try repo.git(["rev-parse", head + "^{tree}"])).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("parallel edits to other fields on the base are not this pull request's changes")
    func parallelEditsAreNotThePullRequests() throws {
        let repo = try shadowWithBranch()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("main widens the window in shadow", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("add b", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let changed = (r.json["violations"] as? [[String: Any]]) ?? []
        #expect(changed.isEmpty, "\(r.stdout)")
        let diff = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(!diff.stdout.contains("30d"), "the window main changed is not in this pull request: \(diff.stdout)")
    }

    @Test("a merge that conflicts in a feature file cannot be judged: exit 2 naming the file")
    func conflictInFeatureFile() throws {
        let repo = try shadowWithBranch()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        try repo.commit("main: 14d", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("pr: 30d", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("features/a.yaml") && r.stderr.contains("rebase"), "\(r.stderr)")
        // A CI step reading stdout still gets JSON saying why.
        let error = try #require(r.json["error"] as? [String: Any], "\(r.stdout)")
        #expect(r.json["ok"] is NSNull)
        #expect(error["kind"] as? String == "conflict")
        #expect(error["paths"] as? [String] == ["features/a.yaml"])
    }

    @Test("a conflict outside what feat judges keeps the base's file and the check runs")
    func conflictElsewhere() throws {
        let repo = try featureRepo()
        try repo.write("README.md", "one\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("README.md", "two\n")
        try repo.commit("main edits the readme", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("README.md", "three\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("pr edits the readme and a", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["ok"] as? Bool == true)
    }

    /// A production one-hot feature whose vocabulary is `vocabulary`.
    static func categorical(_ vocabulary: String) -> String {
        """
        feature: c1
        version: 1
        stage: production
        kind: categorical
        owner: risk@example.com
        hypothesis: Channels differ.
        description: The payment channel.
        evidence:
          - {date: 2026-01-02, metric: auc_lift, value: 0.004}
        entity: [user_id]
        source: {table: payments.transactions}
        categorical: {vocabulary_file: \(vocabulary), unseen: bucket, encoding: onehot}
        time: {event_time: created_at, ttl: 1d}
        backfill: {start: 2024-01-01}
        expectations: {null_rate_max: 0.0}
        sla: {freshness: 1h}
        monitoring: {drift: psi}

        """
    }

    /// main: c1 reads vocab/v.txt; docs/list.txt (`list`) is no one's vocabulary yet. main then
    /// writes `mainList` there; the `pr` branch writes `prList` and points c1 at it.
    func repointedVocabulary(list: String, mainList: String, prList: String) throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("vocab/v.txt", "a\nb\n")
        try repo.write("docs/list.txt", list)
        try repo.write("features/c1.yaml", Self.categorical("vocab/v.txt"))
        try repo.commit("c1 in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("docs/list.txt", mainList)
        try repo.commit("main edits the list", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("docs/list.txt", prList)
        try repo.write("features/c1.yaml", Self.categorical("docs/list.txt"))
        try repo.commit("pr makes the list c1's vocabulary", date: "2026-02-02T10:00:00Z")
        return repo
    }

    @Test("a conflict in a file the pull request newly makes a feature's vocabulary cannot be judged: exit 2")
    func conflictInNewlyReferencedFile() throws {
        let repo = try repointedVocabulary(list: "a\nb\nq\n", mainList: "a\nb\n", prList: "a\nb\nz\n")
        let r = try check(repo)
        #expect(r.status == 2, "main's side of the list is not what lands: \(r.stdout) \(r.stderr)")
        let error = try #require(r.json["error"] as? [String: Any], "\(r.stdout)")
        #expect(error["kind"] as? String == "conflict")
        #expect(error["paths"] as? [String] == ["docs/list.txt"], "\(r.stdout)")
        #expect(r.stderr.contains("docs/list.txt") && r.stderr.contains("rebase"), "\(r.stderr)")
    }

    @Test("a conflicted vocabulary is never judged by the base's entries as if they were the pull request's")
    func conflictedVocabularyNotQuotedFromBase() throws {
        let repo = try repointedVocabulary(list: "a\nb\n", mainList: "a\nb\nx\n", prList: "a\nb\ny\n")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(!r.stdout.contains("'x'"), "main's entry is not the pull request's: \(r.stdout)")
        #expect((r.json["error"] as? [String: Any])?["paths"] as? [String] == ["docs/list.txt"], "\(r.stdout)")
    }

    @Test("a conflict in a file a feature used as its vocabulary only at the base tip still stops the check")
    func conflictInVocabularyTheBaseReferences() throws {
        let repo = try featureRepo()
        try repo.write("vocab/v.txt", "a\nb\n")
        try repo.write("docs/list.txt", "a\nb\nq\n")
        try repo.write("features/c1.yaml", Self.categorical("vocab/v.txt"))
        try repo.commit("c1 in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("docs/list.txt", "a\nb\n")
        try repo.write("features/c1.yaml", Self.categorical("docs/list.txt"))
        try repo.commit("main makes the list c1's vocabulary", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("docs/list.txt", "a\nb\nz\n")
        try repo.commit("pr edits the list", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect((r.json["error"] as? [String: Any])?["paths"] as? [String] == ["docs/list.txt"], "\(r.stdout)")
    }

    @Test("a merge attribute in the pull request cannot union two windows into one file")
    func mergeAttributesIgnored() throws {
        let repo = try shadowWithBranch()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        try repo.commit("main: 14d", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write(".gitattributes", "*.yaml merge=union\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("pr: 30d with a union merge attribute", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("features/a.yaml"), "\(r.stderr)")
    }

    @Test("a head with no history in common with the base exits 2: there is no merge base")
    func unrelatedHistories() throws {
        let repo = try shadowWithBranch()
        try repo.git(["checkout", "-q", "--orphan", "other"])
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("an unrelated root")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("no merge base"), "\(r.stderr)")
        #expect((r.json["error"] as? [String: Any])?["kind"] as? String == "unrelated", "\(r.stdout)")
    }

    @Test("a merge over more than a thousand feature files is read on every core, and a copied identity is still found")
    func largeMergeReadInParallel() throws {
        let repo = try featureRepo()
        for i in 0..<1_100 { try repo.write("features/f\(i).yaml", featureYAML("f\(i)", stage: "explore")) }
        try repo.commit("1,100 features", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/f1.yaml", featureYAML("f1", stage: "explore", extra: "tags: [main]\n"))
        try repo.commit("main moves on", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/copy.yaml", featureYAML("f999", stage: "explore"))
        try repo.commit("a copy of f999", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r) == ["FEAT002/error"], "the unchanged f999 was read through the merge: \(findings(r))")
        #expect((r.json["merge_base"] as? String) != (r.json["base"] as? String), "a merge was made")
    }
}
