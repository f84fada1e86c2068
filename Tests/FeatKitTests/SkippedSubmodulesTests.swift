import FeatTestSupport
import Foundation
import GitID
import Testing

@testable import FeatKit

/// After a diff of two commits, the submodules it skips at the base follow from those at the
/// head and the git links the diff found changed below the feature folders, instead of a walk
/// of the base's whole tree: the answer must be the walk's, whatever happened to each link.
@Suite("A diff skips the submodules a walk of both commits finds")
struct SkippedSubmodulesTests {
    /// Commits what is staged and returns the new commit.
    func commit(_ repo: GitFixture, _ message: String) throws -> ObjectID {
        try repo.git(["commit", "-q", "--allow-empty", "-m", message])
        repo.clock += 86_400
        let text = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = ObjectID(hex: text) else { throw FixtureError("no commit id in '\(text)'") }
        return id
    }

    /// Stages a git link (a submodule's entry, mode 160000) at `path`, pointing at `target`.
    func link(_ repo: GitFixture, _ path: String, to target: ObjectID) throws {
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(target),\(path)"])
    }

    /// Writes and stages a file.
    func file(_ repo: GitFixture, _ path: String, _ text: String) throws {
        try repo.write(path, text)
        try repo.git(["add", path])
    }

    /// The submodules skipped by a fresh handle (both commits walked), and by a handle that
    /// diffed the two commits first (the head's list and the diff's changes), and whether the
    /// second answered from the diff.
    func skipped(_ repo: GitFixture, base: ObjectID, head: ObjectID) throws
        -> (walked: [String], afterDiff: [String], fromDiff: Bool)
    {
        let walked = try FeatureRepository.locate(from: repo.path).skippedSubmodules(base: base, head: head)
        let handle = try FeatureRepository.locate(from: repo.path)
        _ = try handle.semanticDiff(base: base, head: head)
        let fromDiff = try handle.submodulesByChange(base: base, head: head) != nil
        return (walked, try handle.skippedSubmodules(base: base, head: head), fromDiff)
    }

    @Test("removed, kept, moved, updated, replaced by a folder, added, and outside the feature folders")
    func everyChange() throws {
        let repo = try GitFixture()
        try file(repo, ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try file(repo, "features/a.yaml", featureYAML("a", stage: "production"))
        let first = try commit(repo, "a")
        try file(repo, "features/b.yaml", featureYAML("b", stage: "production"))
        let second = try commit(repo, "b")
        for path in ["features/vendor", "features/kept", "features/x/moved", "features/updated", "features/swap"] {
            try link(repo, path, to: first)
        }
        try link(repo, "src/lib", to: first)
        try link(repo, "features/x/.hidden", to: first)
        let base = try commit(repo, "submodules")

        try repo.git(["rm", "-q", "--cached", "features/vendor", "features/x/moved", "features/swap", "src/lib"])
        try link(repo, "features/y/moved", to: first)
        try link(repo, "features/updated", to: second)
        try link(repo, "features/added", to: first)
        try file(repo, "features/swap/c.yaml", featureYAML("c", stage: "candidate"))
        try file(repo, "features/a.yaml", featureYAML("a", stage: "production", window: "14d"))
        let head = try commit(repo, "submodules change")

        let expected = [
            "features/added", "features/kept", "features/swap", "features/updated", "features/vendor",
            "features/x/moved", "features/y/moved",
        ]
        for (from, to) in [(base, head), (head, base)] {
            let found = try skipped(repo, base: from, head: to)
            #expect(found.walked == expected)
            #expect(found.afterDiff == found.walked)
            #expect(found.fromDiff)
        }
    }

    @Test("a feature folder that one side lacks is walked, as is a change of the policy's folders")
    func walkedWhenFoldersDiffer() throws {
        let repo = try GitFixture()
        try file(repo, ".featurerepo/config.yaml", "version: 1\nfeatures: [features, more]\n")
        try file(repo, "features/a.yaml", featureYAML("a", stage: "production"))
        let first = try commit(repo, "a")
        try link(repo, "features/vendor", to: first)
        let base = try commit(repo, "a submodule")
        try link(repo, "more/vendor", to: first)
        try file(repo, "features/a.yaml", featureYAML("a", stage: "production", window: "14d"))
        let head = try commit(repo, "a folder with a submodule")
        let found = try skipped(repo, base: base, head: head)
        #expect(found.walked == ["features/vendor", "more/vendor"])
        #expect(found.afterDiff == found.walked)
        #expect(!found.fromDiff)

        try file(repo, ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.git(["rm", "-q", "--cached", "features/vendor"])
        let narrower = try commit(repo, "one folder")
        let again = try skipped(repo, base: head, head: narrower)
        #expect(again.walked == ["features/vendor", "more/vendor"])
        #expect(again.afterDiff == again.walked)
        #expect(!again.fromDiff)
    }
}
