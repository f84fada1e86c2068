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
        try FileManager.default.createDirectory(
            atPath: repo.path + "/features/moved", withIntermediateDirectories: true)
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

    // MARK: Feature-level events

    /// main with `p` in production, `s` in shadow, `e` at explore.
    func eventsRepo() throws -> (GitFixture, base: String) {
        let repo = try featureRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "production"))
        try repo.write("features/s.yaml", featureYAML("s", stage: "shadow"))
        try repo.write("features/e.yaml", featureYAML("e", stage: "explore"))
        return (repo, try repo.commit("base"))
    }

    func feature(_ r: Run.Result, _ name: String) -> [String: Any]? {
        (r.json["features"] as? [[String: Any]])?.first { $0["feature"] as? String == name }
    }

    func events(_ f: [String: Any]?) -> [[String: Any]] { f?["events"] as? [[String: Any]] ?? [] }

    @Test("removing a production feature is breaking in JSON, text and the markdown verdict; at explore compatible")
    func removalImpact() throws {
        let (repo, base) = try eventsRepo()
        try repo.remove("features/p.yaml")
        try repo.remove("features/e.yaml")
        try repo.commit("remove p and e")
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(feature(r, "p")?["status"] as? String == "removed")
        #expect(feature(r, "p")?["impact"] as? String == "breaking")
        #expect(feature(r, "e")?["status"] as? String == "removed")
        #expect(feature(r, "e")?["impact"] as? String == "compatible")
        let md = try feat("diff", base, "HEAD", "--format", "markdown", in: repo.path)
        #expect(md.status == 0)
        #expect(md.stdout.contains("**Verdict: breaking**"), "\(md.stdout)")
        #expect(!md.stdout.contains("no change to an existing contract"))
        let text = try feat("diff", base, "HEAD", in: repo.path)
        #expect(text.stdout.contains("p  removed  breaking"), "\(text.stdout)")
        #expect(text.stdout.contains("removed at production: consumers of this identity lose it"))
    }

    @Test("production → deprecated is a compatible deprecation, never a promotion")
    func deprecation() throws {
        let (repo, base) = try eventsRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "deprecated"))
        try repo.commit("deprecate p")
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let p = try #require(feature(r, "p"))
        let e = try #require(events(p).first)
        #expect(events(p).count == 1)
        #expect(e["event"] as? String == "deprecated")
        #expect(e["from"] as? String == "production")
        #expect(e["to"] as? String == "deprecated")
        #expect(e["impact"] as? String == "compatible")
        let text = try feat("diff", base, "HEAD", in: repo.path)
        #expect(!text.stdout.contains("promoted"), "\(text.stdout)")
        #expect(text.stdout.contains("deprecated (was production)"))
        let md = try feat("diff", base, "HEAD", "--format", "markdown", in: repo.path)
        #expect(md.stdout.contains("production → deprecated (deprecated)"), "\(md.stdout)")
        #expect(!md.stdout.contains("(promoted)"))
    }

    @Test("a demotion out of production is breaking, out of shadow meaning; a promotion compatible")
    func demotionAndPromotion() throws {
        let (repo, base) = try eventsRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "shadow"))
        try repo.write("features/s.yaml", featureYAML("s", stage: "candidate"))
        try repo.write("features/e.yaml", featureYAML("e", stage: "candidate"))
        try repo.commit("move stages")
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let p = events(feature(r, "p")).first
        #expect(p?["event"] as? String == "demoted")
        #expect(p?["impact"] as? String == "breaking")
        #expect(feature(r, "p")?["impact"] as? String == "breaking")
        let s = events(feature(r, "s")).first
        #expect(s?["event"] as? String == "demoted")
        #expect(s?["impact"] as? String == "meaning")
        let e = events(feature(r, "e")).first
        #expect(e?["event"] as? String == "promoted")
        #expect(e?["impact"] as? String == "compatible")
    }

    // MARK: Unreadable files

    /// A repository whose head breaks `p` (production): a removal it is not.
    func brokenHead() throws -> (GitFixture, base: String) {
        let (repo, base) = try eventsRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "production") + "tags: [unclosed\n")
        try repo.commit("break p")
        return (repo, base)
    }

    @Test("a file broken at head is unreadable with exit 1 in JSON, text and markdown, never removed")
    func unreadableHead() throws {
        let (repo, base) = try brokenHead()
        let r = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stderr)")
        let features = r.json["features"] as? [[String: Any]] ?? []
        #expect(features.count == 1, "\(r.stdout)")
        let p = try #require(features.first)
        #expect(p["status"] as? String == "unreadable")
        #expect(p["feature"] as? String == "p")
        #expect(p["path"] as? String == "features/p.yaml")
        #expect(p["impact"] is NSNull)
        #expect((p["problem"] as? String)?.isEmpty == false)
        #expect((p["line"] as? Int ?? 0) > 0)
        #expect(r.stderr.contains("features/p.yaml:"))
        let text = try feat("diff", base, "HEAD", in: repo.path)
        #expect(text.status == 1)
        #expect(text.stdout.contains("p  unreadable  not compared"), "\(text.stdout)")
        #expect(text.stdout.contains("unreadable at head: features/p.yaml:"))
        #expect(!text.stdout.contains("removed"))
        let md = try feat("diff", base, "HEAD", "--format", "markdown", in: repo.path)
        #expect(md.status == 1)
        #expect(md.stdout.contains("**Verdict: incomplete**"), "\(md.stdout)")
        #expect(md.stdout.contains("could not be read and was not compared:** `features/p.yaml:"))
        #expect(!md.stdout.contains("removed"))
    }

    @Test("a file broken in the working tree is unreadable with exit 1; one broken at both sides alike is not listed")
    func unreadableWorktree() throws {
        let (repo, _) = try eventsRepo()
        try repo.write("features/s.yaml", "feature: s\nstage: [\n")
        let r = try feat("diff", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stderr)")
        let s = try #require(feature(r, "s"))
        #expect(s["status"] as? String == "unreadable")
        // Committed broken and left alone: the working tree did not change it.
        try repo.commit("break s")
        let again = try feat("diff", "--format", "json", in: repo.path)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect((again.json["features"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test("a file broken at base and mended at head is unreadable, not added")
    func unreadableBase() throws {
        let (repo, base) = try brokenHead()
        try repo.write("features/p.yaml", featureYAML("p", stage: "production"))
        try repo.commit("mend p")
        let r = try feat("diff", "HEAD~1", "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 1)
        #expect(feature(r, "p")?["status"] as? String == "unreadable")
        #expect(feature(r, "p")?["unreadable_at"] as? String == "base")
        // Across both commits the file is unchanged: nothing to report.
        let whole = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(whole.status == 0)
        #expect((whole.json["features"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test("git's diff driver reports a broken file as unreadable, not removed, and lets git go on")
    func unreadableDriver() throws {
        let (repo, base) = try brokenHead()
        try repo.write(".gitattributes", "features/*.yaml diff=feat\n")
        try repo.git(["config", "diff.feat.command", FeatBinary.path + " git-diff-driver"])
        let out = try repo.git(["diff", base, "HEAD", "--", "features/p.yaml"])
        #expect(out.contains("feat diff features/p.yaml"), "\(out)")
        #expect(out.contains("unreadable"))
        #expect(out.contains("features/p.yaml:"))
        #expect(!out.contains("removed"))
    }

    @Test("git's diff driver uses the repository's stages: production → deprecated is a deprecation")
    func driverDeprecation() throws {
        let (repo, base) = try eventsRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "deprecated"))
        try repo.write(".gitattributes", "features/*.yaml diff=feat\n")
        try repo.commit("deprecate p")
        try repo.git(["config", "diff.feat.command", FeatBinary.path + " git-diff-driver"])
        let out = try repo.git(["diff", base, "HEAD", "--", "features/p.yaml"])
        #expect(out.contains("compatible deprecated (was production)"), "\(out)")
        #expect(!out.contains("promoted"))
    }

    @Test("feat check: a file broken at head is FEAT001's, not a removal for FEAT007")
    func unreadableInCheck() throws {
        let (repo, _) = try eventsRepo()
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/p.yaml", featureYAML("p", stage: "production") + "tags: [unclosed\n")
        try repo.commit("break p")
        let r = try feat("check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let rules = (r.json["violations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("FEAT001"), "\(r.stdout)")
        #expect(!rules.contains("FEAT007"), "\(r.stdout)")
    }
}
