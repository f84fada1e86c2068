import FeatTestSupport
import Foundation
import Testing

/// A criss-cross history has more than one merge base; `feat check` merges from a virtual base
/// as git does and reports every base (SPEC §5, §7: `merge_bases`).
@Suite("A criss-cross merge reports all its merge bases")
struct CrissCrossMergeTests {
    static let now = "2026-12-01T00:00:00Z"

    /// main and pr each merged the other once after both moved on: two merge bases.
    func crissCross() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("a in production, b explored", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("main adds c", date: "2026-01-06T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/d.yaml", featureYAML("d", stage: "explore"))
        try repo.commit("pr adds d", date: "2026-01-07T10:00:00Z")
        let mainTip = try repo.head("main")
        let prTip = try repo.head("pr")
        try repo.git(["merge", "-q", "--no-ff", "-m", "pr merges main", mainTip])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "main merges pr", prTip])
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore", extra: "tags: [main]\n"))
        try repo.commit("main tags b", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("pr widens a's window in production", date: "2026-02-02T10:00:00Z")
        return repo
    }

    @Test("check --format json lists both merge bases and judges the merge of a criss-cross history")
    func mergeBasesListed() throws {
        let repo = try crissCross()
        let all = try repo.git(["merge-base", "--all", "main", "pr"]).split(separator: "\n").map(String.init)
        try #require(all.count == 2, "the fixture is a criss-cross: \(all)")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let bases = r.json["merge_bases"] as? [String] ?? []
        #expect(Set(bases) == Set(all), "\(r.stdout)")
        #expect(bases.first == r.json["merge_base"] as? String, "merge_base is the first of merge_bases")
        let rules = (r.json["violations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules == ["FEAT006"], "the widened window, and nothing main did: \(r.stdout)")
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.stdout.contains("merge bases "), "\(text.stdout)")
    }

    @Test("a history with one merge base reports no merge_bases")
    func singleBase() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("main adds c", date: "2026-01-06T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/d.yaml", featureYAML("d", stage: "explore"))
        try repo.commit("pr adds d", date: "2026-01-07T10:00:00Z")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["merge_bases"] == nil, "\(r.stdout)")
        #expect((r.json["merge_base"] as? String)?.count == 40)
    }
}
