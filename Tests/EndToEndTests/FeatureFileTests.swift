import FeatTestSupport
import Foundation
import Testing

/// One notion of a feature file: the working tree, git trees, history, diff and check agree.
@Suite("Which files are feature files, everywhere alike")
struct FeatureFileTests {
    func names(_ result: Run.Result) -> [String] {
        (result.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }.sorted()
    }

    @Test("a hidden folder committed to git is skipped by list, list --at, diff, history and check alike")
    func hiddenFolder() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/.archive/old.yaml", featureYAML("old", stage: "explore"))
        try repo.write("features/.hidden.yaml", featureYAML("hidden", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")

        let worktree = try feat("list", "--format", "json", in: repo.path)
        let committed = try feat("list", "--at", "HEAD", "--format", "json", in: repo.path)
        #expect(names(worktree) == ["a"])
        #expect(names(committed) == names(worktree))

        let diff = try feat("diff", "--format", "json", in: repo.path)
        #expect(diff.status == 0)
        #expect((diff.json["features"] as? [[String: Any]])?.isEmpty == true, "a clean tree has no phantom removal")

        let history = try feat("history", "--format", "json", in: repo.path)
        #expect(names(history) == ["a"])

        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/.archive/old.yaml", "not: [a feature\n")
        try repo.commit("touch the archive")
        let check = try feat(
            "check", "--base", "main", "--now", "2026-03-01T00:00:00Z", "--format", "json", in: repo.path)
        #expect(check.status == 0, "\(check.stdout)")
        #expect((check.json["violations"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test("a feature folder that is not a folder is a finding in validate, never skipped in silence")
    func folderNotAFolder() throws {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, more]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("more", "a file where a folder should be\n")
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("more: error: is a feature folder in the policy but not a folder"), "\(r.stdout)")
    }
}
