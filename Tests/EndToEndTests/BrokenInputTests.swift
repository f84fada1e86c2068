import FeatTestSupport
import Foundation
import Testing

/// A feature derived from another (`inputs`) whose input's file was broken for a while: the
/// input's change across the broken stretch should reach the derived feature, graded from the
/// input's last readable version, as the input's own entry is. Known not to yet: the derived
/// feature's grading pairs the input's broken version, so its entry is missing. Grading the
/// input from its last readable version there (tried) made the log of every feature and the
/// log of its newest commits disagree where an input was also removed while broken; both need
/// the unreadable stretch kept per file in the walk's touches.
@Suite("A derived feature whose input's file was broken for a while")
struct BrokenInputTests {
    /// `a` and `d` (reading `a`) from 1 October; `a` broken on the 2nd and mended with a
    /// narrower window on the 3rd.
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.write(
            "features/d.yaml",
            featureYAML("d", stage: "candidate", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a and d", date: "2026-10-01T00:00:00Z")
        try repo.write("features/a.yaml", "feature: a\nversion: 1\nstage: [oops\n")
        try repo.commit("break a", date: "2026-10-02T00:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "1d"))
        try repo.commit("mend a, narrowed", date: "2026-10-03T00:00:00Z")
        return repo
    }

    @Test("the narrowed input is a meaning change of the derived feature where the input is mended")
    func meaningReachesDerived() throws {
        let repo = try repository()
        // The input's own entries are right today; the derived feature's is the known gap.
        let whole = try FeatBinary.run(["log", "--format", "json"], in: repo.path, env: ["FEAT_NO_INDEX": "1"])
        #expect(entries(whole, "a").map { $0["impact"] as? String ?? "null" } == ["meaning", "null", "additive"])
        withKnownIssue("a derived feature's entry across its input's unreadable stretch") {
            try derivedEntries(repo)
        }
    }

    func derivedEntries(_ repo: GitFixture) throws {
        for args in [["log", "--format", "json"], ["log", "d", "--format", "json"]] {
            let r = try FeatBinary.run(args, in: repo.path, env: ["FEAT_NO_INDEX": "1"])
            #expect(r.status == 0, "\(r.stderr)")
            let d = entries(r, "d")
            #expect(d.map { $0["impact"] as? String ?? "null" } == ["meaning", "additive"], "\(args): \(r.stdout)")
            let reached = d.first?["changes"] as? [[String: Any]] ?? []
            #expect(
                reached.contains { ($0["message"] as? String ?? "").contains("aggregation.window 7d → 1d") },
                "\(args): \(r.stdout)")
        }
    }
}
