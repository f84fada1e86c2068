import FeatTestSupport
import Foundation
import Testing

/// The merge `feat check` judges is the one the forge makes (SPEC §5): the text merge for every
/// path, whatever `merge=` attributes say — also those only this clone has
/// (`.git/info/attributes`, `core.attributesFile`) — and a conflict wherever git would see one,
/// directory renames included, rather than a judgement of a tree that never lands.
@Suite("The judged merge is the forge's merge")
struct MergeAttributeTests {
    static let now = "2026-12-01T00:00:00Z"

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    func errorPaths(_ r: Run.Result) -> [String] {
        (r.json["error"] as? [String: Any])?["paths"] as? [String] ?? []
    }

    /// main: `a` in shadow; main widens the window to 14d, a `pr` branch to 30d (a conflict).
    func conflictingWindows() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        try repo.commit("main: 14d", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("pr: 30d", date: "2026-02-02T10:00:00Z")
        return repo
    }

    @Test("a union merge driver in .git/info/attributes cannot merge two windows into one file: exit 2")
    func infoAttributesIgnored() throws {
        let repo = try conflictingWindows()
        try repo.write(".git/info/attributes", "*.yaml merge=union\n")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect((r.json["error"] as? [String: Any])?["kind"] as? String == "conflict", "\(r.stdout)")
        #expect(errorPaths(r) == ["features/a.yaml"], "\(r.stdout)")
    }

    @Test("a union merge driver in core.attributesFile cannot merge two windows into one file: exit 2")
    func configuredAttributesFileIgnored() throws {
        let repo = try conflictingWindows()
        try repo.write(".fixture-home/attributes", "*.yaml merge=union\n")
        try repo.git(["config", "core.attributesFile", repo.path + "/.fixture-home/attributes"])
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(errorPaths(r) == ["features/a.yaml"], "\(r.stdout)")
    }

    @Test("a local -merge attribute does not turn a clean text merge into a conflict")
    func localBinaryAttributeIgnored() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", extra: "tags: [payments]\n"))
        try repo.commit("a in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", extra: "tags: [payments, velocity]\n"))
        try repo.commit("main tags a", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write(
            "features/a.yaml", featureYAML("a", stage: "shadow", window: "30d", extra: "tags: [payments]\n"))
        try repo.commit("pr widens a's window in shadow", date: "2026-02-02T10:00:00Z")
        try repo.write(".git/info/attributes", "*.yaml -merge\n")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["ok"] as? Bool == true, "\(r.stdout)")
        // The merge holds both edits: the pull request's window, main's tags (not its change).
        let markdown = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("30d"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("velocity"), "\(markdown.stdout)")
    }

    @Test("a feature file added inside a folder the base renamed as a whole is a conflict naming both paths")
    func directoryRenamedOnBase() throws {
        let repo = try featureRepo()
        try repo.write("drafts/ads/x.yaml", featureYAML("x", stage: "explore"))
        try repo.write("drafts/ads/y.yaml", featureYAML("y", stage: "explore"))
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("drafts outside the feature folders", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.git(["mv", "drafts/ads", "features/ads"])
        try repo.commit("main moves the ads drafts into features/", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("drafts/ads/new.yaml", featureYAML("new_ads", stage: "production"))
        try repo.commit("pr adds a production draft", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect((r.json["error"] as? [String: Any])?["kind"] as? String == "conflict", "\(r.stdout)")
        let paths = errorPaths(r).joined(separator: " ")
        #expect(paths.contains("drafts/ads/new.yaml") && paths.contains("features/ads/new.yaml"), "\(r.stdout)")
        #expect(r.stderr.contains("features/ads/new.yaml"), "\(r.stderr)")
    }

    @Test("a feature file the base adds inside a folder the pull request renamed as a whole is a conflict")
    func directoryRenamedOnHead() throws {
        let repo = try featureRepo()
        try repo.write("features/ads/x.yaml", featureYAML("x", stage: "explore"))
        try repo.write("features/ads/y.yaml", featureYAML("y", stage: "explore"))
        try repo.commit("ads features", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/ads/z.yaml", featureYAML("z", stage: "explore"))
        try repo.commit("main adds z to ads", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.git(["mv", "features/ads", "features/marketing"])
        try repo.commit("pr renames ads to marketing", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        let paths = errorPaths(r).joined(separator: " ")
        #expect(paths.contains("features/ads/z.yaml") && paths.contains("features/marketing/z.yaml"), "\(r.stdout)")
    }

    @Test("a feature the base adds inside a folder the pull request moved out of the feature folders is a conflict")
    func directoryMovedOutOfFeaturesOnHead() throws {
        let repo = try featureRepo()
        try repo.write("features/exp/e1.yaml", featureYAML("e1", stage: "explore"))
        try repo.write("features/exp/e2.yaml", featureYAML("e2", stage: "explore"))
        try repo.write("features/p1.yaml", featureYAML("p1", stage: "explore"))
        try repo.commit("two hypotheses in features/exp", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/exp/p9.yaml", featureYAML("p9", stage: "shadow"))
        try repo.commit("main adds p9 in shadow to features/exp", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try FileManager.default.createDirectory(atPath: repo.path + "/attic", withIntermediateDirectories: true)
        try repo.git(["mv", "features/exp", "attic/exp"])
        try repo.commit("pr retires the hypotheses to attic/", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "git's merge moves p9 out of the feature folders: \(r.stdout) \(r.stderr)")
        #expect((r.json["error"] as? [String: Any])?["kind"] as? String == "conflict", "\(r.stdout)")
        #expect(errorPaths(r) == ["attic/exp/p9.yaml", "features/exp/p9.yaml"], "\(r.stdout)")
    }

    @Test("notes added inside a feature folder the base renamed are not feature files: the check runs")
    func directoryRenameOfNonFeatureFiles() throws {
        let repo = try featureRepo()
        try repo.write("features/grp/g1.yaml", featureYAML("g1", stage: "explore"))
        try repo.write("features/grp/g2.yaml", featureYAML("g2", stage: "explore"))
        try repo.commit("grp features", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.git(["mv", "features/grp", "features/group"])
        try repo.commit("main renames grp to group", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/grp/NOTES.txt", "why these exist\n")
        try repo.write("features/grp/README.md", "# grp\n")
        try repo.write("features/velocity_h.yaml", featureYAML("velocity_h", stage: "explore"))
        try repo.commit("pr documents grp and adds velocity_h", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["ok"] as? Bool == true, "\(r.stdout)")
        let markdown = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("velocity_h"), "the pull request's feature was judged: \(markdown.stdout)")
    }

    @Test("the JSON error of a conflict lists each path on its own")
    func conflictPathsAreSeparate() throws {
        let repo = try featureRepo()
        try repo.write("features/a/f1.yaml", featureYAML("f1", stage: "explore"))
        try repo.write("features/a/f2.yaml", featureYAML("f2", stage: "explore"))
        try repo.commit("a features", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.git(["mv", "features/a", "features/b"])
        try repo.commit("main renames a to b", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/a/f3.yaml", featureYAML("f3", stage: "explore"))
        try repo.commit("pr adds f3 to a", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(errorPaths(r) == ["features/a/f3.yaml", "features/b/f3.yaml"], "\(r.stdout)")
        #expect(r.stderr.contains("features/b/f3.yaml / features/a/f3.yaml"), "the message pairs them: \(r.stderr)")
    }

    @Test("a folder renamed on one side and files added elsewhere on the other merge cleanly")
    func directoryRenameWithoutConflict() throws {
        let repo = try featureRepo()
        try repo.write("features/ads/x.yaml", featureYAML("x", stage: "explore"))
        try repo.write("features/ads/y.yaml", featureYAML("y", stage: "explore"))
        try repo.commit("ads features", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.git(["mv", "features/ads", "features/marketing"])
        try repo.commit("main renames ads to marketing", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write("features/risk/z.yaml", featureYAML("z", stage: "explore"))
        try repo.commit("pr adds z elsewhere", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.json["ok"] as? Bool == true, "\(r.stdout)")
    }

    @Test("a feature file the pull request moves and edits against a conflicting edit on the base names both paths")
    func movedAndEditedConflict() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        try repo.commit("main: 14d", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.git(["mv", "features/a.yaml", "features/risk_a.yaml"])
        try repo.write("features/risk_a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("pr: moves a and sets 30d", date: "2026-02-02T10:00:00Z")
        let r = try check(repo)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        let paths = errorPaths(r).joined(separator: " ")
        #expect(paths.contains("features/a.yaml") && paths.contains("features/risk_a.yaml"), "\(r.stdout)")
    }
}
