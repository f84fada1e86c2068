import FeatTestSupport
import Foundation
import Testing

/// `feat check` on real branches: a `main` with history, a `pr` branch on top of it.
@Suite("feat check: the graduation rules on real pull requests")
struct CheckTests {
    /// One finding of `--format json`.
    struct Finding: Equatable, CustomStringConvertible {
        var rule: String
        var severity: String
        var feature: String?
        var description: String { "\(rule) \(severity) \(feature ?? "-")" }
    }

    struct Outcome {
        var result: Run.Result
        var findings: [Finding]
        var violations: [[String: Any]]
        var status: Int32 { result.status }
        func has(_ rule: String, _ severity: String = "error", _ feature: String? = nil) -> Bool {
            findings.contains {
                $0.rule == rule && $0.severity == severity && (feature == nil || $0.feature == feature)
            }
        }
        var rules: Set<String> { Set(findings.map(\.rule)) }
    }

    func check(
        _ repo: GitFixture, base: String = "main", head: String? = nil, now: String = "2026-03-01T12:00:00Z",
        extra: [String] = []
    ) throws -> Outcome {
        var args = ["check", "--base", base, "--now", now, "--format", "json"] + extra
        if let head { args += ["--head", head] }
        let r = try FeatBinary.run(args, in: repo.path)
        let violations = r.json["violations"] as? [[String: Any]] ?? []
        let findings = violations.map {
            Finding(
                rule: $0["rule"] as? String ?? "", severity: $0["severity"] as? String ?? "",
                feature: $0["feature"] as? String)
        }
        return Outcome(result: r, findings: findings, violations: violations)
    }

    /// main with `a` in production (since 2026-01-07), `b` at candidate, `c` at explore; then a `pr` branch.
    func baseRepo(config: String = "version: 1\nfeatures: [features]\n") throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", config)
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("base", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a to production", date: "2026-01-20T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    // MARK: passing, and the JSON shape

    @Test("a pull request that adds a hypothesis passes: exit 0, SPEC §7 JSON")
    func passing() throws {
        let repo = try baseRepo()
        try repo.write("features/d.yaml", featureYAML("d", stage: "explore"))
        try repo.commit("add d")
        let out = try check(repo)
        #expect(out.status == 0, "\(out.result.stdout)\(out.result.stderr)")
        #expect(out.result.json["ok"] as? Bool == true)
        #expect(out.result.json["base"] as? String == (try repo.head("main")))
        #expect(out.result.json["head"] as? String == (try repo.head()))
        #expect(out.findings.isEmpty)
        let keys = out.result.stdout.components(separatedBy: "\n").first { $0.contains("\"base\"") }
        #expect(keys != nil)
        #expect(out.result.stdout.range(of: "\"base\"")!.lowerBound < out.result.stdout.range(of: "\"ok\"")!.lowerBound)
    }

    @Test("violations carry rule, severity, feature, version, path, line and message, in that order")
    func violationShape() throws {
        let repo = try baseRepo()
        try repo.write(
            "features/c.yaml",
            featureYAML("c", stage: "explore").replacingOccurrences(of: "stage: explore", with: "stage: candidate"))
        try repo.commit("promote c without its obligations")
        let out = try check(repo)
        #expect(out.status == 1)
        let v = try #require(
            out.violations.first { ($0["message"] as? String)?.contains("requires description") == true })
        #expect(v["rule"] as? String == "FEAT003")
        #expect(v["severity"] as? String == "error")
        #expect(v["feature"] as? String == "c")
        #expect(v["version"] as? Int == 1)
        #expect(v["path"] as? String == "features/c.yaml")
        #expect(v["line"] as? Int == 3)
        #expect((v["message"] as? String)?.contains("stage candidate requires description") == true)
        let text = out.result.stdout
        let order = ["\"rule\"", "\"severity\"", "\"feature\"", "\"version\"", "\"path\"", "\"line\"", "\"message\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
    }

    // MARK: FEAT001, FEAT002

    @Test("a broken feature file is FEAT001 with its line: exit 1, not 2; the other rules still run")
    func brokenFile() throws {
        let repo = try baseRepo()
        try repo.write("features/broken.yaml", "feature: broken\nstage: explore\nkind: [unclosed\n")
        try repo.write(
            "features/c.yaml",
            featureYAML("c", stage: "candidate").replacingOccurrences(
                of: "description: Transactions per user.\n", with: ""))
        try repo.commit("broken")
        let out = try check(repo)
        #expect(out.status == 1, "\(out.result.stderr)")
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT001" })
        #expect(v["path"] as? String == "features/broken.yaml")
        #expect(v["line"] as? Int != nil)
        #expect(out.has("FEAT003", "error", "c"))
    }

    @Test("an unknown stage in the head is FEAT001 against the base policy's stages")
    func unknownStage() throws {
        let repo = try baseRepo()
        try repo.write(
            "features/d.yaml",
            featureYAML("d", stage: "explore").replacingOccurrences(of: "stage: explore", with: "stage: explor"))
        try repo.commit("typo")
        let out = try check(repo)
        #expect(out.status == 1)
        #expect(out.violations.contains { ($0["message"] as? String)?.contains("did you mean 'explore'") == true })
    }

    @Test("a duplicate identity is FEAT002 on the second file")
    func duplicate() throws {
        let repo = try baseRepo()
        try repo.write("features/other/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("dup")
        let out = try check(repo)
        #expect(out.status == 1)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT002" })
        #expect(v["path"] as? String == "features/other/c.yaml")
        #expect((v["message"] as? String)?.contains("features/c.yaml") == true)
    }

    @Test("FEAT002 reports the file the pull request adds, even when it sorts before the one already there")
    func duplicateReportsTheNewFile() throws {
        let repo = try baseRepo()
        try repo.write("features/0-early/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("dup, earlier by path")
        let out = try check(repo)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT002" })
        #expect(v["path"] as? String == "features/0-early/c.yaml")
    }

    @Test("problems already on the base do not fail an unrelated pull request")
    func preexistingProblems() throws {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.write("features/broken.yaml", "feature: broken\nstage: [explore\n")
        try repo.write("features/d1.yaml", featureYAML("d", stage: "explore"))
        try repo.write("features/d2.yaml", featureYAML("d", stage: "explore"))
        try repo.commit("base with old problems")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/new.yaml", featureYAML("fresh", stage: "explore"))
        try repo.commit("unrelated")
        let out = try check(repo)
        #expect(out.status == 0, "\(out.findings)")
        try repo.write("features/broken.yaml", "feature: broken\nstage: [explore\nkind: x\n")
        try repo.commit("touch the broken file")
        #expect(try check(repo).has("FEAT001"))
    }

    // MARK: FEAT003, FEAT004

    @Test("a promotion that meets its obligations passes; one that misses them is FEAT003")
    func obligations() throws {
        let repo = try baseRepo()
        try repo.write("features/c.yaml", featureYAML("c", stage: "candidate"))
        try repo.commit("promote c")
        #expect(try check(repo).status == 0)
        try repo.write(
            "features/b.yaml",
            featureYAML("b", stage: "candidate").replacingOccurrences(of: "stage: candidate", with: "stage: shadow"))
        try repo.commit("promote b, no shadow fields")
        let out = try check(repo)
        #expect(out.status == 1)
        let missing = out.violations.filter { $0["rule"] as? String == "FEAT003" }
        #expect(missing.count == 1)
        #expect(
            missing.first?["message"] as? String
                == "stage shadow requires time.event_time, time.ttl, backfill.start, expectations")
        #expect(missing.first?["line"] as? Int == 3)
    }

    @Test("a skipped stage is FEAT004; a new feature must enter at an entry stage")
    func skippedStage() throws {
        let repo = try baseRepo()
        try repo.write("features/b.yaml", featureYAML("b", stage: "production"))
        try repo.write("features/e.yaml", featureYAML("e", stage: "candidate"))
        try repo.commit("b skips shadow")
        let out = try check(repo)
        #expect(out.status == 1)
        let b = out.violations.first { $0["rule"] as? String == "FEAT004" && $0["feature"] as? String == "b" }
        #expect((b?["message"] as? String)?.contains("skipping shadow") == true)
        #expect(out.has("FEAT004", "error", "e"))
        // b was never in shadow: no time there either.
        #expect(out.has("FEAT005", "error", "b"))
    }

    @Test("a demotion is FEAT004 unless the base config allows it")
    func demotion() throws {
        let repo = try baseRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("demote a")
        let out = try check(repo)
        #expect(out.status == 1)
        #expect(out.has("FEAT004", "error", "a"))
        #expect(
            out.violations.contains {
                ($0["message"] as? String)?.contains("demoted from production to shadow") == true
            })

        let allowed = try baseRepo(config: "version: 1\nfeatures: [features]\nallow_demotion: true\n")
        try allowed.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try allowed.commit("demote a")
        let ok = try check(allowed)
        #expect(!ok.rules.contains("FEAT004"), "\(ok.findings)")
    }

    @Test("a deprecated feature reinstated to the stage it left passes; to another stage it is FEAT004")
    func reinstatement() throws {
        let repo = try baseRepo()
        try repo.git(["checkout", "-q", "main"])
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "deprecated").replacingOccurrences(of: "2026-03-01", with: "2026-04-15"))
        try repo.commit("deprecate a", date: "2026-02-10T10:00:00Z")
        try repo.git(["checkout", "-q", "-B", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a is still needed")
        let back = try check(repo)
        #expect(back.status == 0, "\(back.findings)")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a to shadow instead")
        let elsewhere = try check(repo)
        #expect(elsewhere.status == 1)
        let v = try #require(elsewhere.violations.first { $0["rule"] as? String == "FEAT004" })
        #expect((v["message"] as? String)?.contains("only back to the stage it left (production)") == true)
    }

    // MARK: FEAT005

    /// main: `f` at candidate; a side branch promotes it to shadow on 2026-01-06, merged into
    /// main by a merge commit on 2026-01-10; the pr promotes it to production.
    func dwellRepo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.write("features/f.yaml", featureYAML("f", stage: "candidate"))
        try repo.commit("f", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("features/f.yaml", featureYAML("f", stage: "shadow"))
        try repo.commit("f to shadow", date: "2026-01-06T10:00:00Z")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("README", "main moves on\n")
        try repo.commit("other", date: "2026-01-08T10:00:00Z")
        let merge = repo.environment(date: ISO8601DateFormatter().date(from: "2026-01-10T10:00:00Z"))
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], env: merge)
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/f.yaml", featureYAML("f", stage: "production"))
        try repo.commit("f to production", date: "2026-01-12T10:00:00Z")
        return repo
    }

    @Test("dwell time counts from the merge commit on the base's first-parent line, to --now")
    func dwellAcrossMerge() throws {
        let repo = try dwellRepo()
        // 6 days after the merge (10 after the side commit): too soon.
        let early = try check(repo, now: "2026-01-16T12:00:00Z")
        #expect(early.status == 1)
        let v = try #require(early.violations.first { $0["rule"] as? String == "FEAT005" })
        #expect((v["message"] as? String)?.contains("it has 6") == true, "\(v)")
        #expect((v["message"] as? String)?.contains("since 2026-01-10") == true, "\(v)")
        // 7 days after the merge: enough.
        let later = try check(repo, now: "2026-01-17T10:00:01Z")
        #expect(later.status == 0, "\(later.findings)")
    }

    @Test("a shallow clone that cannot show when the feature entered its stage exits 2; never guesses")
    func shallowClone() throws {
        let repo = try dwellRepo()
        try repo.git(["checkout", "-q", "main"])
        for i in 0..<3 {
            try repo.write("README", "filler \(i)\n")
            try repo.commit("filler \(i)", date: "2026-01-1\(3 + i)T10:00:00Z")
        }
        try repo.git(["checkout", "-q", "pr"])
        try repo.git(["rebase", "-q", "main"])
        let clone = repo.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repo.git(["clone", "-q", "--depth", "3", "--no-single-branch", "file://" + repo.path, clone])
        let r = try FeatBinary.run(
            ["check", "--base", "origin/main", "--head", "origin/pr", "--now", "2026-02-01"], in: clone)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("history too shallow"))
        #expect(r.stderr.contains("FEAT005"))
        #expect(r.stderr.contains("fetch-depth: 0"))
        // The full history decides.
        let full = try check(repo, now: "2026-02-01")
        #expect(full.status == 0, "\(full.findings)")
    }

    // MARK: FEAT006 and waivers

    @Test("a meaning change in place to a frozen feature is FEAT006; a new version beside it is allowed")
    func frozen() throws {
        let repo = try baseRepo()
        try repo.write("features/a_v2.yaml", featureYAML("a", stage: "explore", version: 2, window: "30d"))
        try repo.commit("a v2")
        let added = try check(repo)
        #expect(added.status == 0, "\(added.findings)")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("a window in place")
        let out = try check(repo)
        #expect(out.status == 1)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT006" })
        #expect(v["line"] as? Int == 13)
        #expect((v["message"] as? String)?.contains("add version 2") == true)
    }

    @Test(
        "a waiver added with the change turns FEAT006 into a warning with its reason; expired or reason-less, it does not"
    )
    func waivers() throws {
        let repo = try baseRepo()
        let waiver =
            "waivers:\n  - {rule: FEAT006, reason: \"backfill re-run under the new window\", expires: 2026-05-01}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("a window in place, waived")
        let waived = try check(repo, now: "2026-03-01T12:00:00Z")
        #expect(waived.status == 0, "\(waived.findings)")
        let v = try #require(waived.violations.first { $0["rule"] as? String == "FEAT006" })
        #expect(v["severity"] as? String == "warning")
        let w = v["waiver"] as? [String: Any]
        #expect(w?["reason"] as? String == "backfill re-run under the new window")
        #expect(w?["expires"] as? String == "2026-05-01")

        let expired = try check(repo, now: "2026-05-02T12:00:00Z")
        #expect(expired.status == 1)
        #expect(expired.findings.filter { $0.rule == "FEAT006" && $0.severity == "error" }.count == 1)
        #expect(
            expired.violations.contains { ($0["message"] as? String)?.contains("waiver expired on 2026-05-01") == true }
        )

        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "production", window: "30d", extra: "waivers:\n  - {rule: FEAT006}\n"))
        try repo.commit("no reason")
        let reasonless = try check(repo)
        #expect(reasonless.status == 1)
        #expect(reasonless.violations.contains { ($0["message"] as? String)?.contains("has no reason") == true })
    }

    @Test("not_waivable in the base config keeps the error")
    func notWaivable() throws {
        let repo = try baseRepo(config: "version: 1\nfeatures: [features]\nnot_waivable: [FEAT006]\n")
        let waiver = "waivers:\n  - {rule: FEAT006, reason: \"please\", expires: 2026-05-01}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("waived")
        let out = try check(repo)
        #expect(out.status == 1)
        #expect(out.has("FEAT006", "error", "a"))
        #expect(out.violations.contains { ($0["message"] as? String)?.contains("not waivable") == true })
    }

    // MARK: FEAT007

    @Test("removal: free at an entry stage, refused before deprecation or before the sunset, allowed after")
    func removal() throws {
        let repo = try baseRepo()
        try repo.remove("features/c.yaml")
        try repo.commit("drop hypothesis c")
        #expect(try check(repo).status == 0)
        try repo.remove("features/b.yaml")
        try repo.commit("drop candidate b")
        let refused = try check(repo)
        #expect(refused.status == 1)
        let v = try #require(refused.violations.first { $0["rule"] as? String == "FEAT007" })
        #expect(v["feature"] as? String == "b")
        #expect(v["path"] as? String == "features/b.yaml")
        #expect(v["line"] is NSNull)

        // b deprecated on main (sunset 2026-03-01), removed in a new pr.
        try repo.git(["checkout", "-q", "main"])
        try repo.write("features/b.yaml", featureYAML("b", stage: "deprecated"))
        try repo.commit("deprecate b")
        try repo.git(["checkout", "-q", "-b", "pr2"])
        try repo.remove("features/b.yaml")
        try repo.commit("remove b")
        let early = try check(repo, now: "2026-02-28T23:00:00Z")
        #expect(early.status == 1)
        #expect(
            early.violations.contains { ($0["message"] as? String)?.contains("before its sunset 2026-03-01") == true })
        let after = try check(repo, now: "2026-03-01T08:00:00Z")
        #expect(after.status == 0, "\(after.findings)")
    }

    // MARK: FEAT008

    @Test("a head that weakens the policy is still judged by the base policy, and gets FEAT008")
    func policyWeakened() throws {
        let repo = try baseRepo()
        try repo.write(
            ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrules: {FEAT006: off, FEAT008: off}\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("weaken and break")
        let out = try check(repo)
        #expect(out.status == 1)
        #expect(out.has("FEAT006", "error", "a"))
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT008" })
        #expect(v["severity"] as? String == "warning")
        #expect(v["path"] as? String == ".featurerepo/config.yaml")
    }

    @Test("severities come from the base config; an unknown rule ID there stops the check, naming the closest ID")
    func severityOverrides() throws {
        // The policy is checked as strictly as a feature file (SPEC §5): an unknown rule ID
        // at the merge base is no longer a note but an error that stops the check (exit 2).
        let typo = try baseRepo(
            config: "version: 1\nfeatures: [features]\nrules:\n  FEAT006: warning\n  FEAT0066: off\n")
        try typo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try typo.commit("a window")
        let refused = try feat("check", "--base", "main", "--now", "2026-03-01T12:00:00Z", in: typo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("unknown rule 'FEAT0066'"))
        #expect(refused.stderr.contains("did you mean 'FEAT006'"))
        #expect(refused.stderr.contains(":.featurerepo/config.yaml:5:"))

        let repo = try baseRepo(config: "version: 1\nfeatures: [features]\nrules:\n  FEAT006: warning\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("a window")
        let out = try check(repo)
        #expect(out.status == 0, "\(out.findings)")
        #expect(out.has("FEAT006", "warning", "a"))
        let strict = try check(repo, extra: ["--fail-on", "warning"])
        #expect(strict.status == 1)
        #expect(strict.result.json["ok"] as? Bool == false)
    }

    // MARK: FEAT009

    @Test("a version changed in place is FEAT009 (warning), a removal plus an addition")
    func versionInPlace() throws {
        let repo = try baseRepo()
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore", version: 2))
        try repo.commit("c v2 in place")
        let out = try check(repo)
        #expect(out.status == 0, "\(out.findings)")
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT009" })
        #expect(v["severity"] as? String == "warning")
        #expect(v["version"] as? Int == 2)
        #expect(v["line"] as? Int == 2)
        // In production, the removal of v1 is also FEAT007.
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore", version: 2))
        try repo.commit("a v2 in place")
        let a = try check(repo)
        #expect(a.has("FEAT007", "error", "a"))
        #expect(a.has("FEAT009", "warning", "a"))
    }

    // MARK: formats

    func failingRepo() throws -> GitFixture {
        let repo = try baseRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "candidate"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "production"))
        try repo.commit("mixed")
        return repo
    }

    @Test(
        "markdown: verdict first, findings with file:line, the semantic diff, a mermaid timeline of this PR's stage changes"
    )
    func markdown() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "markdown", in: repo.path)
        #expect(r.status == 1)
        let text = r.stdout
        #expect(text.hasPrefix("## ❌ feat check failed"))
        #expect(text.contains("`features/a.yaml:13`"))
        #expect(text.contains("FEAT006"))
        #expect(text.contains("### feat diff"))
        #expect(text.contains("```mermaid\ntimeline"))
        #expect(text.contains("candidate → production"))
        #expect(text.contains("explore → candidate"))
        let verdict = try #require(text.range(of: "feat check failed"))
        let diff = try #require(text.range(of: "### feat diff"))
        let mermaid = try #require(text.range(of: "```mermaid"))
        #expect(verdict.lowerBound < diff.lowerBound && diff.lowerBound < mermaid.lowerBound)
    }

    @Test("github: workflow commands with rule IDs, file and line; data and properties escaped")
    func github() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "github", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("::error file=features/a.yaml,line=13,title=FEAT006::FEAT006: "))
        #expect(r.stdout.contains("title=FEAT004::"))
        for line in r.stdout.split(separator: "\n") where line.hasPrefix("::") {
            #expect(line.hasPrefix("::error ") || line.hasPrefix("::warning "))
        }
    }

    @Test("github escaping in a monorepo: the path is relative to the git root; %, newlines, : and , are escaped")
    func githubEscapingMonorepo() throws {
        let repo = try GitFixture()
        try repo.write("ml/.featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.write("ml/features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("base")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("ml/features/x,y:z.yaml", "feature: bad\nstage: explore\nowner: \"100%\nreally\"\nkind: [\n")
        try repo.commit("odd file")
        let r = try feat("check", "--base", "main", "--format", "github", in: repo.path + "/ml")
        #expect(r.status == 1, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("::error") })
        #expect(line.contains("file=ml/features/x%2Cy%3Az.yaml"))
        #expect(!line.dropFirst(2).contains("::error"))
    }

    @Test("sarif: SARIF 2.1.0 with every rule, levels, locations")
    func sarif() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "sarif", in: repo.path)
        #expect(r.status == 1)
        let log = r.json
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = driver["rules"] as? [[String: Any]] ?? []
        #expect(rules.compactMap { $0["id"] as? String } == (1...15).map { String(format: "FEAT%03d", $0) })
        #expect(rules.allSatisfy { ($0["shortDescription"] as? [String: Any])?["text"] is String })
        #expect((rules[7]["defaultConfiguration"] as? [String: Any])?["level"] as? String == "warning")
        let results = run["results"] as? [[String: Any]] ?? []
        let frozen = try #require(results.first { $0["ruleId"] as? String == "FEAT006" })
        #expect(frozen["level"] as? String == "error")
        let location = (frozen["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String == "features/a.yaml")
        #expect((location?["region"] as? [String: Any])?["startLine"] as? Int == 13)
    }

    @Test("sarif: the log is valid against the official SARIF 2.1.0 schema", .needsPython("jsonschema"))
    func sarifValidates() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "sarif", in: repo.path)
        #expect(r.status == 1)
        try SchemaValidation.validateSARIF(r.stdout)
        // The validator is real: the same log with an invalid level is refused.
        let broken = r.stdout.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\"")
        #expect(broken != r.stdout)
        #expect(try SchemaValidation.sarifErrors(broken).contains("fatal"))
    }

    @Test("junit: one test case per rule; failing rules carry their IDs")
    func junit() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "junit", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("<?xml"))
        #expect(r.stdout.components(separatedBy: "<testcase ").count - 1 == 15)
        #expect(r.stdout.contains("<failure type=\"FEAT006\""))
        #expect(r.stdout.contains("<failure type=\"FEAT004\""))
    }

    @Test("junit: an XML parser reads it, one test case per rule below testsuites", .needsPython())
    func junitParses() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "junit", in: repo.path)
        #expect(r.status == 1)
        try SchemaValidation.parseXML(r.stdout)
    }

    @Test("text: path:line: severity[rule]: message, then the verdict")
    func text() throws {
        let repo = try failingRepo()
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("features/a.yaml:13: error[FEAT006]: "))
        #expect(r.stdout.contains("feat check failed"))
    }

    @Test("could not run: unknown revision, bad --now; other commands refuse check-only formats")
    func couldNotRun() throws {
        let repo = try baseRepo()
        #expect(try feat("check", "--base", "nope", in: repo.path).status == 2)
        #expect(try feat("check", "--base", "main", "--now", "yesterday", in: repo.path).status == 2)
        #expect(try feat("check", in: repo.path).status == 2)
        #expect(try feat("check", "--base", "main", "--format", "mermaid", in: repo.path).status == 2)
        for command in ["list", "history", "diff", "validate"] {
            let r = try feat(command, "--format", "sarif", in: repo.path)
            #expect(r.status == 2, "\(command)")
        }
    }

    // MARK: scoped waivers

    /// main: `a` in production with a FEAT006 waiver for its window change, merged on 2026-02-01.
    func waivedOnMain(expires: String) throws -> GitFixture {
        let repo = try baseRepo()
        try repo.git(["checkout", "-q", "main"])
        let waiver =
            "waivers:\n  - {rule: FEAT006, reason: \"window 7d → 30d agreed with consumers\", expires: \(expires)}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("a window 30d, waived", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "-B", "pr"])
        return repo
    }

    @Test("a FEAT006 waiver merged last month for window 7d → 30d does not excuse this month's entity and type changes")
    func waiverDoesNotExcuseLaterChanges() throws {
        let repo = try waivedOnMain(expires: "2026-04-15")
        let text = try repo.read("features/a.yaml")
            .replacingOccurrences(of: "entity: [user_id]", with: "entity: [account_id]")
            .replacingOccurrences(of: "type: int64", with: "type: string")
        try repo.write("features/a.yaml", text)
        try repo.commit("a: new entity and type, in place", date: "2026-03-01T09:00:00Z")
        let out = try check(repo)
        #expect(out.status == 1, "\(out.findings)")
        let frozen = out.violations.filter { $0["rule"] as? String == "FEAT006" }
        #expect(frozen.count == 2)
        #expect(frozen.allSatisfy { $0["severity"] as? String == "error" && $0["waiver"] == nil })
        #expect(
            frozen.allSatisfy { ($0["message"] as? String)?.contains("reviewed with an earlier pull request") == true })
    }

    @Test("an expired waiver on a feature whose pull request only rewords the description passes with a warning")
    func expiredWaiverOnRewording() throws {
        let repo = try waivedOnMain(expires: "2026-02-20")
        let text = try repo.read("features/a.yaml")
            .replacingOccurrences(
                of: "description: Transactions per user.", with: "description: Card transactions per user.")
        try repo.write("features/a.yaml", text)
        try repo.commit("a: clearer description", date: "2026-03-01T09:00:00Z")
        let out = try check(repo)
        #expect(out.status == 0, "\(out.findings)")
        #expect(out.findings == [Finding(rule: "FEAT001", severity: "warning", feature: "a")])
        #expect(
            out.violations.first?["message"] as? String
                == "waiver for FEAT006 expired on 2026-02-20 and excuses nothing; remove it")
        #expect(out.violations.first?["line"] as? Int == 20)
    }

    @Test("a waiver with fields excuses the window change it names, not the type change beside it")
    func waiverLimitedToFields() throws {
        let repo = try baseRepo()
        let waiver =
            "waivers:\n  - {rule: FEAT006, reason: agreed, expires: 2026-04-01, fields: [aggregation.window]}\n"
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "production", window: "30d", extra: waiver)
                .replacingOccurrences(of: "type: int64", with: "type: int32"))
        try repo.commit("a window and type")
        let out = try check(repo)
        #expect(out.status == 1)
        let frozen = out.violations.filter { $0["rule"] as? String == "FEAT006" }
        #expect(frozen.count == 2)
        #expect(frozen.contains { $0["severity"] as? String == "warning" && $0["line"] as? Int == 13 })
        #expect(
            frozen.contains {
                $0["severity"] as? String == "error"
                    && ($0["message"] as? String)?.contains("covers only aggregation.window") == true
            })
    }

    @Test("a waiver without expires, or expiring past waiver_max_days, is FEAT001 in check and validate, worded alike")
    func waiverProblemsInCheckAndValidate() throws {
        let repo = try baseRepo(config: "version: 1\nfeatures: [features]\nwaiver_max_days: 30\n")
        let waiver = "waivers:\n  - {rule: FEAT003, reason: later}\n"
        try repo.write("features/d.yaml", featureYAML("d", stage: "explore", extra: waiver))
        try repo.commit("d with an endless waiver")
        let out = try check(repo)
        #expect(out.status == 1)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT001" })
        let message = try #require(v["message"] as? String)
        #expect(
            message == "waiver for FEAT003 has no expires date; a waiver ends within 30 days (on or before 2026-03-31)")
        #expect(v["line"] as? Int == 8)
        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 1)
        #expect(
            validate.stdout.contains(
                "features/d.yaml:8: error: waiver for FEAT003 has no expires date; a waiver ends within 30 days"))
        // Far ahead is refused the same way.
        let far = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400 * 60)).prefix(10)
        try repo.write(
            "features/d.yaml",
            featureYAML("d", stage: "explore", extra: "waivers:\n  - {rule: FEAT003, reason: later, expires: \(far)}\n")
        )
        let tooFar = try feat("validate", in: repo.path)
        #expect(tooFar.status == 1)
        #expect(tooFar.stdout.contains("more than 30 days ahead"))
    }

    @Test("validate honours a waiver for a state rule, and warns about an expired one that excuses nothing")
    func validateWaivers() throws {
        let repo = try featureRepo()
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400 * 10)).prefix(10)
        let missing = featureYAML("m", stage: "candidate").replacingOccurrences(
            of: "description: Transactions per user.\n", with: "")
        try repo.write(
            "features/m.yaml", missing + "waivers:\n  - {rule: FEAT003, reason: written next week, expires: \(soon)}\n")
        try repo.write(
            "features/x.yaml",
            featureYAML(
                "x", stage: "explore", extra: "waivers:\n  - {rule: FEAT003, reason: old, expires: 2020-01-01}\n"))
        let r = try feat("validate", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)")
        let problems = r.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 2)
        let waived = try #require(problems.first { $0["path"] as? String == "features/m.yaml" })
        #expect(waived["severity"] as? String == "warning")
        #expect(waived["rule"] as? String == "FEAT003")
        #expect(waived["waiver"] as? String == "written next week")
        #expect((waived["message"] as? String)?.contains("requires description") == true)
        #expect(
            problems.contains {
                $0["path"] as? String == "features/x.yaml"
                    && $0["message"] as? String
                        == "waiver for FEAT003 expired on 2020-01-01 and excuses nothing; remove it"
            })
    }

    /// `feat check --format sarif` on a pull request whose FEAT006 error is waived.
    func waivedSARIF() throws -> Run.Result {
        let repo = try baseRepo()
        let waiver = "waivers:\n  - {rule: FEAT006, reason: \"consumers agreed\", expires: 2026-04-01}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("a window, waived")
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", "--format", "sarif", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)")
        return r
    }

    @Test("sarif: a waived finding carries an inSource suppression with its reason")
    func sarifSuppression() throws {
        let r = try waivedSARIF()
        let run = try #require((r.json["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first { $0["ruleId"] as? String == "FEAT006" })
        #expect(result["level"] as? String == "warning")
        let suppression = try #require((result["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "inSource")
        #expect(suppression["justification"] as? String == "consumers agreed")
    }

    @Test("sarif: a log with a suppression is valid against the official schema", .needsPython("jsonschema"))
    func sarifSuppressionValidates() throws {
        try SchemaValidation.validateSARIF(try waivedSARIF().stdout)
    }

    // MARK: FEAT009 first, FEAT010, FEAT008's summary

    @Test(
        "an in-place version bump of a production feature leads with FEAT009; FEAT007 and FEAT004 follow in its terms")
    func versionBumpLeadsWithFEAT009() throws {
        let repo = try baseRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", version: 2))
        try repo.commit("a v2 in place")
        let r = try feat("check", "--base", "main", "--now", "2026-03-01", in: repo.path)
        #expect(r.status == 1)
        let lines = r.lines.filter { $0.hasPrefix("features/") }
        #expect(lines.count == 3, "\(r.stdout)")
        #expect(
            lines.first?.hasPrefix("features/a.yaml:2: warning[FEAT009]: version changed in place from 1 to 2") == true)
        #expect(
            lines.dropFirst().first?.contains(
                "error[FEAT007]: changing the version in place removes a v1, which is production") == true)
        #expect(lines.last?.contains("error[FEAT004]: a v2 is a new identity") == true)
        #expect(!r.stdout.contains("FEAT005"))
    }

    @Test("deprecating with a sunset closer than the notice is FEAT010; a month ahead passes; a past sunset fails")
    func deprecationNotice() throws {
        let repo = try baseRepo()
        func deprecate(sunset: String) throws -> Outcome {
            try repo.write(
                "features/b.yaml",
                featureYAML("b", stage: "deprecated").replacingOccurrences(
                    of: "sunset: 2026-03-01", with: "sunset: \(sunset)"))
            try repo.commit("deprecate b, sunset \(sunset)")
            return try check(repo)
        }
        let soon = try deprecate(sunset: "2026-03-15")
        #expect(soon.status == 1)
        let v = try #require(soon.violations.first { $0["rule"] as? String == "FEAT010" })
        #expect(
            v["message"] as? String
                == "sunset 2026-03-15 is 14 days away; consumers get 30 days' notice: set it on or after 2026-03-31")
        #expect(v["line"] as? Int == 17)
        let past = try deprecate(sunset: "2026-02-01")
        #expect(past.status == 1)
        #expect(
            past.violations.contains {
                $0["rule"] as? String == "FEAT010" && ($0["message"] as? String)?.contains("already past") == true
            })
        let fine = try deprecate(sunset: "2026-04-01")
        #expect(fine.status == 0, "\(fine.findings)")
    }

    @Test("FEAT008 says what a weaker policy does: production no longer frozen, FEAT006 off, fewer days")
    func policyChangeSummary() throws {
        let repo = try baseRepo()
        let weaker = """
            version: 1
            features: [features]
            rules: {FEAT006: off}
            stages:
              - {name: explore, entry: true, requires: [feature, kind, owner, hypothesis]}
              - {name: candidate, requires: [description, entity, source, evidence]}
              - {name: shadow, requires: [time.event_time, backfill.start, expectations]}
              - {name: production, requires: [sla.freshness, monitoring], min_days: 3}
              - {name: deprecated, requires: [deprecation.reason, deprecation.sunset], from: [candidate, shadow, production]}

            """
        try repo.write(".featurerepo/config.yaml", weaker)
        try repo.commit("a lighter policy")
        let out = try check(repo)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT008" })
        #expect(v["severity"] as? String == "warning")
        let message = try #require(v["message"] as? String)
        for expected in [
            "production no longer frozen", "FEAT006 off", "min_days for production 7 → 3",
            "shadow no longer requires time.ttl",
        ] {
            #expect(message.contains(expected), "\(expected): \(message)")
        }
    }

    @Test("a head config that cannot be read is a FEAT008 error: merging it would stop every later check")
    func brokenHeadPolicy() throws {
        let repo = try baseRepo()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrulez: {}\n")
        try repo.commit("typo in the config")
        let out = try check(repo)
        #expect(out.status == 1)
        let v = try #require(out.violations.first { $0["rule"] as? String == "FEAT008" })
        #expect(v["severity"] as? String == "error")
        #expect((v["message"] as? String)?.contains("cannot be read") == true)
        #expect((v["message"] as? String)?.contains("rulez") == true)
    }

    // MARK: feat rules and docs/rules.md

    @Test("feat rules lists every rule with its severity; docs/rules.md is its markdown, unchanged")
    func rulesDocs() throws {
        let dir = FileManager.default.temporaryDirectory.path
        let text = try feat("rules", in: dir)
        #expect(text.status == 0)
        for id in (1...10).map({ String(format: "FEAT%03d", $0) }) { #expect(text.stdout.contains(id)) }
        #expect(text.stdout.contains("FEAT010  error    deprecation notice"))
        #expect(text.stdout.contains("FEAT008  warning"))
        let markdown = try feat("rules", "--format", "markdown", in: dir)
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/rules.md")
        let committed = try String(contentsOf: docs, encoding: .utf8)
        #expect(
            committed == markdown.stdout,
            "docs/rules.md is out of date: run `feat rules --format markdown > docs/rules.md`")
    }
}

/// Validation with tools outside Swift: python's jsonschema for SARIF, its XML parser for JUnit.
/// Tests that use it say so with `.needsPython(...)`, so that they are skipped, with the reason,
/// where that python is missing.
enum SchemaValidation {
    static var resources: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources").path
    }

    /// Runs a python script with `input` in a file, whose path is the script's `sys.argv[1]`.
    static func python(_ script: String, input: String) throws -> Run.Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feat-\(UUID().uuidString).txt")
        try Data(input.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Python.run(script, [file.path], in: resources)
    }

    /// Validates against the official schema (Resources/sarif-schema-2.1.0.json, see SOURCES.md).
    static func validateSARIF(_ text: String) throws {
        let errors = try sarifErrors(text)
        #expect(errors.isEmpty, "not valid against the SARIF 2.1.0 schema:\n\(errors)")
    }

    /// What the official SARIF 2.1.0 schema says is wrong with a log: empty when it validates.
    /// The script exits 3 when the log is invalid; any other failure (python's own exit 1 on an
    /// exception, a missing module) fails the test with python's stderr.
    static func sarifErrors(_ text: String) throws -> String {
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open("sarif-schema-2.1.0.json"))
            log = json.load(open(sys.argv[1]))
            validator = jsonschema.validators.validator_for(schema)(schema)
            errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
            for e in errors: print(list(e.path), e.message)
            sys.exit(3 if errors else 0)
            """
        let r = try python(script, input: text)
        try #require(
            r.status == 0 || r.status == 3,
            "the SARIF validator did not run (python: \(Python.origin), exit \(r.status)): \(r.stderr)")
        return r.status == 0 ? "" : r.stdout
    }

    static func parseXML(_ text: String) throws {
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == "testsuites", root.tag
            print(len(root.findall(".//testcase")))
            """
        let r = try python(script, input: text)
        #expect(r.status == 0, "JUnit XML does not parse (python: \(Python.origin)): \(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "15")
    }
}

@Suite("CI templates against the published schemas")
struct CITemplateSchemaTests {
    @Test(
        "feat init --ci github and --ci gitlab write files their CI accepts",
        .needsPython("jsonschema", "yaml"),
        arguments: [
            ("github", ".github/workflows/feat.yml", "github-workflows.json"),
            ("gitlab", ".gitlab-ci.yml", "gitlab-ci.json"),
        ])
    func validates(ci: String, file: String, schema: String) throws {
        let repo = try GitFixture()
        let r = try feat("init", "--ci", ci, in: repo.path)
        #expect(r.status == 0)
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open("\(schema)"))
            doc = yaml.safe_load(open(sys.argv[1]))
            if True in doc:  # YAML 1.1 reads the key `on:` as a boolean; GitHub does not
                doc["on"] = doc.pop(True)
            errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(doc))
            for e in errors: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """
        let out = try SchemaValidation.python(script, input: try repo.read(file))
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
    }
}
