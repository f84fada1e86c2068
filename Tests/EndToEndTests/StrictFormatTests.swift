import FeatTestSupport
import Foundation
import Testing

/// The format and the policy are checked at every depth, by the real binary.
@Suite("Strict format and policy: nested fields, merge keys, the merge base's policy")
struct StrictFormatTests {
    @Test("validate names a misspelt nested field with its line and the closest known one, and exits 1")
    func nestedTypo() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "shadow").replacingOccurrences(
                of: "expectations: {min: 0}", with: "expectations: {nul_rate_max: 0.0}"))
        try repo.write(
            "features/b.yaml",
            featureYAML("b", stage: "candidate").replacingOccurrences(
                of: "function: count", with: "function: cnt"))
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                "features/a.yaml:16: error: unknown field 'nul_rate_max' in 'expectations' (did you mean 'null_rate_max'?)"
            ))
        #expect(r.stdout.contains("features/b.yaml:13: error: 'aggregation.function' must be one of"))
        #expect(r.stdout.contains("(did you mean 'count'?), found 'cnt'"))
    }

    @Test(
        "validate refuses a YAML merge key with its line; diff says the file is not compared, never that the merged fields went"
    )
    func mergeKeys() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a")
        let merged = featureYAML("a", stage: "shadow").replacingOccurrences(
            of: "time: {event_time: created_at, ttl: 1d}",
            with: "x-defaults: &defaults {event_time: created_at, ttl: 1d}\ntime: {<<: *defaults}")
        try repo.write("features/a.yaml", merged)
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        #expect(v.stdout.contains("features/a.yaml:15: error: YAML merge keys ('<<') are not supported"))
        let d = try feat("diff", "--format", "json", in: repo.path)
        #expect(d.stderr.contains("features/a.yaml:15: YAML merge keys ('<<') are not supported"))
        #expect(d.stderr.contains("not compared"))
        // Before, the file was read without its merged keys: time.event_time and time.ttl "removed".
        #expect(!d.stdout.contains("time.ttl"))
        #expect(!d.stdout.contains("time.event_time"))
        // The file is unreadable in the diff, never removed, and the diff exits 1.
        #expect(d.status == 1)
        let entry = (d.json["features"] as? [[String: Any]])?.first
        #expect(entry?["status"] as? String == "unreadable", "\(d.stdout)")
        #expect(entry?["impact"] is NSNull)
    }

    @Test(
        "a misspelt rule ID or obligation in the policy stops validate with config.yaml:LINE and a suggestion (exit 2)")
    func policyTypos() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write(
            ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrules:\n  FEAT010: error\n  FEAT06: off\n")
        let rule = try feat("validate", in: repo.path)
        #expect(rule.status == 2)
        #expect(
            rule.stderr.contains(
                ".featurerepo/config.yaml:5: unknown rule 'FEAT06' in 'rules' (did you mean 'FEAT006'?)"))
        try repo.write(
            ".featurerepo/config.yaml",
            """
            version: 1
            stages:
              - name: explore
                entry: true
                requires: [feature, owner]
                by_kind:
                  aggregation: [aggregation.functon]

            """)
        let field = try feat("validate", in: repo.path)
        #expect(field.status == 2)
        #expect(
            field.stderr.contains(
                ".featurerepo/config.yaml:7: 'aggregation.functon' is not a field of a feature file "
                    + "(did you mean 'aggregation.function'?)"))
        try repo.write(".featurerepo/config.yaml", "version: 1\nrules: {FEAT010: error}\nnot_waivable: [FEAT010]\n")
        let fine = try feat("validate", in: repo.path)
        #expect(fine.status == 0, "\(fine.stderr)\(fine.stdout)")
    }

    /// main whose policy (committed before the checks existed) misspells a rule; a `pr` branch on top.
    func brokenBase() throws -> (GitFixture, base: String) {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrules:\n  FEAT06: off\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let base = try repo.commit("base", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return (repo, base)
    }

    @Test(
        "a broken policy at the base: check exits 2 naming <sha>:.featurerepo/config.yaml:LINE, even if the PR fixes it"
    )
    func brokenMergeBasePolicy() throws {
        let (repo, base) = try brokenBase()
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("add b")
        let r = try feat("check", "--base", "main", "--now", "2026-03-01T12:00:00Z", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(base.prefix(12)):.featurerepo/config.yaml:4: unknown rule 'FEAT06' in 'rules'"))
        #expect(r.stderr.contains("did you mean 'FEAT006'"))
        #expect(r.stderr.contains("the base's policy"))
        #expect(r.stderr.contains("nothing in a pull request may choose the rules that judge it"))

        // The pull request that mends the policy is judged by the broken one too: it cannot pass itself.
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nrules:\n  FEAT006: off\n")
        try repo.commit("fix the policy")
        let fix = try feat("check", "--base", "main", "--now", "2026-03-01T12:00:00Z", in: repo.path)
        #expect(fix.status == 2)
        #expect(fix.stderr.contains("\(base.prefix(12)):.featurerepo/config.yaml:4:"))
        // Once merged past the check, the next pull request is judged by the mended policy.
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--ff-only", "pr"])
        try repo.git(["checkout", "-q", "-b", "next"])
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("add c")
        let next = try feat("check", "--base", "main", "--now", "2026-03-01T12:00:00Z", in: repo.path)
        #expect(next.status == 0, "\(next.stderr)\(next.stdout)")
    }

    @Test(
        "a head policy broken then mended within the pull request: FEAT008 names the problem while broken, none once mended"
    )
    func headPolicyBrokenThenFixed() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("base", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nnot_waivable: [FEAT0003]\n")
        try repo.commit("break the policy")
        let broken = try feat(
            "check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json", in: repo.path)
        // The head's problem is FEAT008's to report (its severity is the rules module's: an error);
        // what matters here is that the base's sound policy judged it, not exit 2.
        let violations = broken.json["violations"] as? [[String: Any]] ?? []
        let v = try #require(violations.first { $0["rule"] as? String == "FEAT008" })
        #expect((v["message"] as? String)?.contains("unknown rule 'FEAT0003' in 'not_waivable'") == true)
        #expect((v["message"] as? String)?.contains("did you mean 'FEAT003'") == true)
        #expect(v["severity"] as? String == "error", "merging a broken policy would stop every later check")
        #expect(broken.status == 1)

        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nnot_waivable: [FEAT003]\n")
        try repo.commit("mend the policy")
        let mended = try feat(
            "check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json", in: repo.path)
        #expect(mended.status == 0, "\(mended.stdout)")
        let after = mended.json["violations"] as? [[String: Any]] ?? []
        let change = try #require(after.first { $0["rule"] as? String == "FEAT008" })
        #expect(change["severity"] as? String == "warning")
        #expect((change["message"] as? String)?.contains("FEAT0003") == false)
        #expect(!after.contains { $0["severity"] as? String == "error" })
    }

    @Test("every feature template and the default policy validate, at every stage their comments describe")
    func templatesValidate() throws {
        let repo = try GitFixture()
        let initialised = try feat("init", in: repo.path)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        for kind in ["scalar", "aggregation", "categorical", "map", "embedding"] {
            let made = try feat(
                "new", "t_\(kind)", "--kind", kind, in: repo.path,
                env: ["GIT_AUTHOR_EMAIL": "ml@example.com"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}
