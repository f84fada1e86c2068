import FeatTestSupport
import Foundation
import Testing

/// An input's change reaches every feature derived from it (SPEC §10): the derived features'
/// contracts and consumers hear of it.
@Suite("A change to an input reaches the features derived from it")
struct PropagationTests {
    static let now = "2026-12-01T00:00:00Z"
    static let waiver = "waivers:\n  - {rule: FEAT006, reason: agreed upstream, expires: 2026-12-20}\n"

    func derived(_ name: String, from input: String, extra: String = "") -> String {
        featureYAML(name, stage: "production", extra: "inputs:\n  - {feature: \(input), as: \(input)_in}\n" + extra)
    }

    func violations(_ r: Run.Result) -> [[String: Any]] { r.json["violations"] as? [[String: Any]] ?? [] }

    /// main: a → b → c, all in production; `fraud` reads c.
    func chain() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/b.yaml", derived("b", from: "a"))
        try repo.write("features/c.yaml", derived("c", from: "b"))
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [c]\n")
        try repo.commit("a chain of three", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    @Test(
        "a chain of three: widening a's window is a meaning change at inputs[...] on b and on c, and c's consumer must acknowledge"
    )
    func chainOfThree() throws {
        let repo = try chain()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: Self.waiver))
        try repo.commit("widen a's window, waived on a")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let frozen = violations(r).filter { $0["rule"] as? String == "FEAT006" && $0["severity"] as? String == "error" }
        #expect(Set(frozen.compactMap { $0["feature"] as? String }) == ["b", "c"], "\(r.stdout)")
        let onC = try #require(frozen.first { $0["feature"] as? String == "c" })
        #expect((onC["message"] as? String ?? "").contains("upstream"), "\(onC)")
        #expect(
            violations(r).contains { $0["rule"] as? String == "FEAT014" && $0["feature"] as? String == "c" },
            "the consumer of c is reached through the chain: \(r.stdout)")
        let diff = try feat("diff", "main", "pr", "--format", "json", in: repo.path)
        let fields = (diff.json["features"] as? [[String: Any]] ?? []).flatMap { f in
            (f["changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        }
        #expect(fields.contains("inputs[a_in]") && fields.contains("inputs[b_in]"), "\(diff.stdout)")
    }

    @Test("a cosmetic change to an input reaches nobody")
    func cosmeticStaysPut() throws {
        let repo = try chain()
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "production").replacingOccurrences(
                of: "Transactions per user.", with: "Card transactions per user."))
        try repo.commit("reword a")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(violations(r).isEmpty, "\(r.stdout)")
    }

    @Test("a cycle of inputs does not hang the check; each feature on it is reached once")
    func cycle() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml", featureYAML("a", stage: "shadow", extra: "inputs:\n  - {feature: b, as: b_in}\n"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a and b read each other", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "features/a.yaml",
            featureYAML("a", stage: "shadow", window: "30d", extra: "inputs:\n  - {feature: b, as: b_in}\n"))
        try repo.commit("widen a")
        let diff = try feat("diff", "main", "pr", "--format", "json", in: repo.path)
        let features = diff.json["features"] as? [[String: Any]] ?? []
        #expect(features.count == 2, "\(diff.stdout)")
        let onB = features.first { $0["feature"] as? String == "b" }
        #expect((onB?["changes"] as? [[String: Any]])?.count == 1, "\(diff.stdout)")
    }

    @Test("an input naming a feature that does not exist is FEAT001 with the closest name, in validate and check")
    func missingInput() throws {
        let repo = try featureRepo()
        try repo.write("features/txn_mean.yaml", featureYAML("txn_mean", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "features/d.yaml", featureYAML("d", stage: "explore", extra: "inputs:\n  - {feature: txn_maen, as: m}\n"))
        try repo.commit("d reads a misspelt input")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        #expect(
            v.stdout.contains("inputs[m] names txn_maen") && v.stdout.contains("did you mean 'txn_mean'"), "\(v.stdout)"
        )
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1)
        #expect(violations(r).contains { $0["rule"] as? String == "FEAT001" && $0["feature"] as? String == "d" })
    }

    @Test("inputs that form a cycle are FEAT001 naming the cycle")
    func cycleIsRefused() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml", featureYAML("a", stage: "explore", extra: "inputs:\n  - {feature: b, as: b_in}\n"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "explore", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a and b read each other", date: "2026-01-05T10:00:00Z")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        #expect(v.stdout.contains("inputs form a cycle: a → b → a"), "\(v.stdout)")
    }

    // MARK: The input floor (FEAT012, SPEC §10)

    func floorFindings(_ r: Run.Result) -> [[String: Any]] {
        violations(r).filter { $0["rule"] as? String == "FEAT012" && $0["input"] != nil }
    }

    @Test("a derived feature promoted to production while its input is in shadow is FEAT012 on the derived file")
    func promotedAboveShadowInput() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("b reads a, both in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "features/b.yaml",
            featureYAML(
                "b", stage: "production",
                extra: "inputs:\n  - {feature: a, as: a_in}\n"
                    + "waivers:\n  - {rule: FEAT012, reason: we know, expires: 2026-12-20}\n"))
        try repo.commit("promote b, not a")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let found = floorFindings(r)
        #expect(found.count == 1, "\(r.stdout)")
        let finding = try #require(found.first)
        #expect(finding["severity"] as? String == "error", "no waiver excuses the input floor: \(finding)")
        #expect(finding["feature"] as? String == "b" && finding["path"] as? String == "features/b.yaml", "\(finding)")
        #expect(finding["line"] as? Int != nil, "\(finding)")
        let read = finding["input"] as? [String: Any] ?? [:]
        #expect(
            read["feature"] as? String == "a" && read["version"] as? Int == 1 && read["stage"] as? String == "shadow")
        #expect(finding["consumer"] == nil, "\(finding)")
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.status == 1 && text.stdout.contains("features/b.yaml:"), "\(text.stdout)")
        #expect(text.stdout.contains("reads a at inputs[a_in], which is shadow in the merge result"), "\(text.stdout)")
    }

    @Test(
        "demoting an input to shadow reaches the production feature derived from it, which the pull request leaves alone"
    )
    func demotedInputReachesDerived() throws {
        let repo = try featureRepo()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nallow_demotion: true\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/b.yaml", derived("b", from: "a"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "production"))
        try repo.commit("b reads a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "shadow"))
        try repo.commit("demote a and c")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let found = floorFindings(r)
        #expect(found.count == 1, "only b reads a demoted input: \(r.stdout)")
        #expect(found.first?["path"] as? String == "features/b.yaml", "\(r.stdout)")
        #expect((found.first?["input"] as? [String: Any])?["stage"] as? String == "shadow", "\(r.stdout)")
    }

    @Test("re-pointing a production feature's input at a candidate feature is FEAT012; at a production one it is not")
    func repointedInput() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/a2.yaml", featureYAML("a2", stage: "production"))
        try repo.write("features/draft.yaml", featureYAML("draft", stage: "candidate"))
        try repo.write("features/b.yaml", derived("b", from: "a"))
        try repo.commit("b reads a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/b.yaml", derived("b", from: "a2", extra: Self.waiver))
        try repo.commit("b reads a2")
        let fine = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(fine.status == 0, "\(fine.stdout) \(fine.stderr)")
        #expect(floorFindings(fine).isEmpty, "\(fine.stdout)")
        try repo.write("features/b.yaml", derived("b", from: "draft", extra: Self.waiver))
        try repo.commit("b reads draft")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(
            floorFindings(r).map { ($0["input"] as? [String: Any])?["feature"] as? String } == ["draft"], "\(r.stdout)")
    }

    @Test("an edit to an input already below the floor does not judge the derived feature: only moves do")
    func unrelatedEditLeavesFloorAlone() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.write("features/b.yaml", derived("b", from: "a"))
        try repo.commit("b reads a candidate, from before the rule", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        try repo.write("features/b.yaml", derived("b", from: "a", extra: Self.waiver))
        try repo.commit("widen a, waived on b")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(floorFindings(r).isEmpty, "\(r.stdout)")
        #expect(
            violations(r).contains { $0["rule"] as? String == "FEAT006" && $0["feature"] as? String == "b" },
            "the propagated change still reaches b: \(r.stdout)")
    }
}
