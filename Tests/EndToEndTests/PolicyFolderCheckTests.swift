import FeatTestSupport
import Foundation
import Testing

/// Each side's features are read from that side's own policy's folders (SPEC §5): a folder
/// the pull request adds to the policy brings its files in as new features, and one it drops
/// takes them out as removed ones.
@Suite("A pull request that changes the feature folders is judged on the features it adds or drops")
struct PolicyFolderCheckTests {
    static let now = "2026-12-01T00:00:00Z"

    func findings(_ r: Run.Result) -> [String] {
        (r.json["violations"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")" }
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    @Test(
        "a folder added to the policy with a production feature in it: the feature never climbed the ladder (FEAT004)")
    func folderAddedWithProductionFeature() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, teams/ads/features]\n")
        try repo.write("teams/ads/features/ctr.yaml", featureYAML("ctr", stage: "production"))
        try repo.commit("adopt the ads team's folder")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT004/error"), "\(findings(r))")
        #expect(findings(r).contains("FEAT008/warning"), "\(findings(r))")
    }

    @Test("a file already committed in a folder the policy now adds counts as added too")
    func existingFileInAddedFolder() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("teams/ads/features/ctr.yaml", featureYAML("ctr", stage: "production"))
        try repo.commit("start: the ads folder is not a feature folder yet", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, teams/ads/features]\n")
        try repo.commit("adopt the ads team's folder")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT004/error"), "\(findings(r))")
    }

    @Test("a folder dropped from the policy removes its production features: FEAT007")
    func folderDroppedRemovesProduction() throws {
        let repo = try featureRepo()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, legacy]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("legacy/old.yaml", featureYAML("old", stage: "production"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.commit("stop reading legacy/")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(findings(r).contains("FEAT007/error"), "\(findings(r))")
    }

    @Test("features: ['.'] reads every file once: no duplicate identity blocks an unrelated change")
    func rootFolderCountsOnce() throws {
        let repo = try featureRepo()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: ['.', features]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("add b")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(!findings(r).contains("FEAT002/error"), "\(findings(r))")
        let list = try feat("list", "--format", "json", in: repo.path)
        let paths = (list.json["features"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.sorted() == ["features/a.yaml", "features/b.yaml"], "\(list.stdout)")
    }
}
