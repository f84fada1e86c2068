import FeatTestSupport
import Foundation
import Testing

@Suite("Repositories libgit2 1.5 reads with caveats: untrusted owners, partial clones")
struct RepositoryKindsTests {
    @Test(
        "a repository owned by another user names safe.directory in one line and exits 2",
        .enabled(if: getuid() == 0, "needs root: only root can hand a folder to another user (chown); run as root"))
    func untrusted() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        let chown = try Run.process("/bin/chown", ["-R", "nobody", repo.path], in: "/")
        try #require(chown.status == 0)
        defer { _ = try? Run.process("/bin/chown", ["-R", "root", repo.path], in: "/") }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("feat-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = try feat("list", "--at", "HEAD", in: repo.path, env: ["HOME": home, "XDG_CONFIG_HOME": home])
        #expect(r.status == 2)
        #expect(r.stderr.contains("safe.directory"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        let trusted = try feat(
            "list", "--at", "HEAD", in: repo.path, env: ["HOME": home, "FEAT_TRUST_REPOSITORY": "1"])
        #expect(trusted.status == 0, "\(trusted.stderr)")
    }

    @Test("a partial clone opens; a blob that was never fetched is one clear error, exit 2")
    func partialClone() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("two")
        try repo.git(["config", "uploadpack.allowFilter", "true"])
        let clone = repo.path + "-partial"
        try repo.git(["clone", "-q", "--no-checkout", "--filter=blob:none", "file://" + repo.path, clone])
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repo.git(["checkout", "-q", "main"], in: clone)
        let r = try feat("history", in: clone)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("partial clone"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal"))
    }
}
