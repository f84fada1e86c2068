import FeatTestSupport
import Foundation
import Testing

@Suite("feat diff between revisions, the working tree, and as git's diff driver")
struct DiffTests {
    func repoWithHistory() throws -> (GitFixture, base: String) {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        let base = try repo.commit("base")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try FileManager.default.createDirectory(atPath: repo.path + "/features/moved", withIntermediateDirectories: true)
        try repo.git(["mv", "features/b.yaml", "features/moved/b.yaml"])
        try repo.remove("features/c.yaml")
        try repo.write("features/a_v2.yaml", featureYAML("a", stage: "explore", version: 2))
        try repo.commit("changes")
        return (repo, base)
    }

    @Test("two revisions: the SPEC §7 JSON shape, paired by identity, with impacts and reasons")
    func revisions() throws {
        let (repo, base) = try repoWithHistory()
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json["base"] as? String == base)
        #expect(r.json["head"] as? String == (try repo.head()))
        let features = r.json["features"] as? [[String: Any]] ?? []
        func find(_ name: String, _ version: Int = 1) -> [String: Any]? {
            features.first { $0["feature"] as? String == name && $0["version"] as? Int == version }
        }
        let a = try #require(find("a"))
        #expect(a["status"] as? String == "modified")
        #expect(a["impact"] as? String == "meaning")
        #expect((a["stage"] as? [String: Any])?["before"] as? String == "shadow")
        #expect((a["stage"] as? [String: Any])?["after"] as? String == "production")
        let change = (a["changes"] as? [[String: Any]])?.first { $0["field"] as? String == "aggregation.window" }
        #expect(change?["before"] as? String == "7d")
        #expect(change?["after"] as? String == "30d")
        #expect((change?["message"] as? String)?.contains("no longer comparable") == true)
        #expect(find("b")?["status"] as? String == "moved")
        #expect(find("c")?["status"] as? String == "removed")
        #expect(find("a", 2)?["status"] as? String == "added")
        let range = try feat("diff", "\(base)..HEAD", "--format", "json", in: repo.path)
        #expect((range.json["features"] as? [[String: Any]])?.count == features.count)
    }

    @Test("A...B diffs from the merge base; no HEAD means the working tree")
    func mergeBaseAndWorktree() throws {
        let (repo, base) = try repoWithHistory()
        try repo.git(["checkout", "-q", "-b", "other", base])
        try repo.write("features/zzz.yaml", featureYAML("zzz", stage: "explore"))
        try repo.commit("other work")
        let r = try feat("diff", "other...main", "--format", "json", in: repo.path)
        #expect(r.json["base"] as? String == base)
        let names = (r.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        #expect(!names.contains("zzz"))
        try repo.git(["checkout", "-q", "main"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: "tags: [x]\n"))
        let w = try feat("diff", "--format", "json", in: repo.path)
        #expect(w.json["head"] as? String == "worktree")
        let a = (w.json["features"] as? [[String: Any]])?.first
        #expect(a?["impact"] as? String == "cosmetic")
        let none = try feat("diff", "HEAD", "HEAD", in: repo.path)
        #expect(none.status == 0)
    }

    @Test("reordered, re-quoted, re-commented YAML with equal durations is no change")
    func normalisationIsNoChange() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        let base = try repo.commit("base")
        let rewritten = """
            # a comment
            stage: candidate
            feature: "a"
            kind: aggregation
            version: 1
            owner: 'risk@example.com'   # quoted now
            hypothesis: Velocity predicts fraud.
            description: "Transactions per user."
            evidence: [{value: 0.004, date: 2026-01-02, metric: auc_lift}]
            entity: user_id
            type: int64
            source:
              table: payments.transactions
            aggregation:
              window: 168h
              column: txn_id
              function: count

            """
        try repo.write("features/a.yaml", rewritten)
        try repo.commit("cosmetic rewrite")
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect((r.json["features"] as? [[String: Any]])?.isEmpty == true, "\(r.stdout)")
    }

    @Test("git diff prints semantic diffs through .gitattributes and diff.feat.command")
    func gitDriver() throws {
        let (repo, base) = try repoWithHistory()
        try repo.write(".gitattributes", "features/**/*.yaml diff=feat\nfeatures/*.yaml diff=feat\n")
        try repo.git(["config", "diff.feat.command", FeatBinary.path + " git-diff-driver"])
        let out = try repo.git(["diff", base, "HEAD", "--", "features/a.yaml"])
        #expect(out.contains("feat diff features/a.yaml"), "\(out)")
        #expect(out.contains("aggregation.window"))
        #expect(out.contains("meaning"))
        let log = try repo.git(["log", "-p", "--ext-diff", "-1", "--", "features/a.yaml"])
        #expect(log.contains("shadow → production"))
    }
}
