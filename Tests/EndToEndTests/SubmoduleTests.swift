import FeatTestSupport
import Foundation
import Testing

/// A submodule inside a feature folder holds another repository's files, which feat cannot
/// judge (SPEC §2): `validate` refuses it, `check` refuses a pull request that adds or moves
/// one, and `list`, `history` and `diff` skip it with a warning, so every command sees the same
/// features.
@Suite("Submodules inside feature folders")
struct SubmoduleTests {
    static let now = "2026-03-01T12:00:00Z"
    static let message = "a submodule inside a feature folder: feat cannot judge what another repository holds"

    /// Another repository holding a production feature.
    func otherRepository() throws -> GitFixture {
        let other = try GitFixture()
        try other.write("smuggled.yaml", featureYAML("smuggled", stage: "production"))
        try other.commit("a production feature elsewhere")
        return other
    }

    /// Adds `other` as a submodule at `path`, with file URLs allowed (git refuses them by default).
    func addSubmodule(_ other: GitFixture, at path: String, in repo: GitFixture) throws {
        try repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", other.path, path])
    }

    /// main: one feature; `pr` adds a submodule holding a production feature at `path`.
    func repository(submoduleAt path: String = "features/vendor") throws -> (GitFixture, GitFixture) {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        let other = try otherRepository()
        try addSubmodule(other, at: path, in: repo)
        try repo.commit("vendor features as a submodule")
        return (repo, other)
    }

    @Test("validate refuses a submodule inside a feature folder (FEAT001, exit 1), naming its path")
    func validateRefuses() throws {
        let (repo, _) = try repository()
        #expect(FileManager.default.fileExists(atPath: repo.path + "/features/vendor/smuggled.yaml"))
        let out = try feat("validate", in: repo.path)
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("features/vendor"), "\(out.stdout)")
        #expect(out.stdout.contains(Self.message), "\(out.stdout)")
        // The other repository's file is not read as one of ours.
        #expect(!out.stdout.contains("smuggled"), "\(out.stdout)")
        let json = try feat("validate", "--format", "json", in: repo.path)
        let problems = json.json["problems"] as? [[String: Any]] ?? []
        #expect(
            problems.map { "\($0["rule"] ?? "")/\($0["severity"] ?? "")/\($0["path"] ?? "")" }
                == ["FEAT001/error/features/vendor"], "\(json.stdout)")
    }

    @Test("validate refuses a submodule that is not checked out (an empty folder the index records)")
    func validateRefusesUninitialised() throws {
        let (repo, _) = try repository()
        let clone = GitFixture(existing: repo.path + "-clone")
        defer { try? FileManager.default.removeItem(atPath: clone.path) }
        try repo.git(["clone", "-q", "--branch", "pr", repo.path, clone.path])
        #expect(
            (try? FileManager.default.contentsOfDirectory(atPath: clone.path + "/features/vendor")) == [],
            "the submodule is not checked out")
        let out = try feat("validate", in: clone.path)
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("features/vendor"), "\(out.stdout)")
        #expect(out.stdout.contains(Self.message), "\(out.stdout)")
    }

    @Test("list shows no feature from a submodule, in the working tree and at a commit, and warns about it")
    func listSkips() throws {
        let (repo, _) = try repository()
        for args in [["list"], ["list", "--at", "HEAD"]] {
            let out = try FeatBinary.run(args, in: repo.path)
            #expect(out.status == 0, "\(args): \(out.stdout)\(out.stderr)")
            #expect(!out.stdout.contains("smuggled"), "\(args): \(out.stdout)")
            #expect(out.stderr.contains("features/vendor: \(Self.message)"), "\(args): \(out.stderr)")
            let json = try FeatBinary.run(args + ["--format", "json"], in: repo.path)
            let names = (json.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
            #expect(names == ["a"], "\(args): \(json.stdout)")
        }
    }

    @Test("show cannot find a feature that only a submodule holds")
    func showSkips() throws {
        let (repo, _) = try repository()
        let out = try feat("show", "smuggled", in: repo.path)
        #expect(out.status != 0, "\(out.stdout)")
    }

    @Test("a submodule outside the feature folders is none of feat's business")
    func outsideFeatureFolders() throws {
        let (repo, _) = try repository(submoduleAt: "third_party/vendor")
        let out = try feat("validate", in: repo.path)
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        let list = try feat("list", in: repo.path)
        #expect(!list.stderr.contains("submodule"), "\(list.stderr)")
    }

    @Test("check refuses a pull request that adds a submodule inside a feature folder (FEAT001)")
    func checkRefusesAdded() throws {
        let (repo, _) = try repository()
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let v = (r.json["violations"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "FEAT001" }
        #expect(v?["path"] as? String == "features/vendor", "\(r.stdout)")
        #expect((v?["message"] as? String) == Self.message, "\(r.stdout)")
    }

    @Test("check refuses a pull request that moves a submodule into a feature folder (FEAT001)")
    func checkRefusesMoved() throws {
        let (repo, _) = try repository(submoduleAt: "third_party/vendor")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--ff-only", "pr"])
        try repo.git(["checkout", "-q", "-b", "move"])
        try repo.git(["mv", "third_party/vendor", "features/vendor"])
        try repo.commit("move the submodule into the feature folder")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let paths = (r.json["violations"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains("features/vendor"), "\(r.stdout)")
    }

    @Test("diff and history see the same features as list: none from a submodule")
    func diffAndHistorySkip() throws {
        let (repo, _) = try repository()
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(!diff.stdout.contains("smuggled"), "\(diff.stdout)")
        let history = try feat("history", "--format", "json", in: repo.path)
        #expect(history.status == 0, "\(history.stdout)\(history.stderr)")
        #expect(!history.stdout.contains("smuggled"), "\(history.stdout)")
        #expect(diff.stderr.contains("features/vendor: \(Self.message)"), "\(diff.stderr)")
        #expect(history.stderr.contains("features/vendor: \(Self.message)"), "\(history.stderr)")
    }

    @Test("diff of the working tree skips a submodule present on both sides")
    func worktreeDiffSkips() throws {
        let (repo, _) = try repository()
        let diff = try feat("diff", "--format", "json", in: repo.path)
        #expect(!diff.stdout.contains("smuggled"), "\(diff.stdout)")
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
    }
}
