import FeatTestSupport
import Foundation
import Testing

/// A referenced file is compared as git stores it (SPEC §2): git stores a symbolic link as the
/// text of its target, not the file it points at, so a vocabulary reached through a link has
/// no entries feat could compare. It is refused with the path, never read as one category
/// (the link's target) or followed to whatever the checkout holds.
@Suite("A vocabulary file that is a symbolic link is refused")
struct SymlinkVocabularyTests {
    static let now = "2026-12-01T00:00:00Z"

    static let feature = """
        feature: c
        stage: explore
        kind: categorical
        owner: risk@example.com
        hypothesis: Channels differ.
        categorical: {vocabulary_file: vocab/link.txt, encoding: onehot, unseen: bucket}

        """

    func withLink(_ repo: GitFixture) throws {
        try repo.write("vocab/real.txt", "web\nstore\n")
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/vocab/link.txt", withDestinationPath: "real.txt")
    }

    @Test("validate refuses a feature whose vocabulary_file is a symbolic link, naming the path and line")
    func validateRefuses() throws {
        let repo = try featureRepo()
        try withLink(repo)
        try repo.write("features/c.yaml", Self.feature)
        let r = try feat("validate", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let problems = r.json["problems"] as? [[String: Any]] ?? []
        let problem = problems.first { ($0["message"] as? String ?? "").contains("vocab/link.txt") }
        #expect(problem?["rule"] as? String == "FEAT001", "\(r.stdout)")
        #expect(problem?["path"] as? String == "features/c.yaml")
        #expect(problem?["line"] as? Int == 6)
        #expect(problem?["severity"] as? String == "error")
    }

    @Test("a pull request adding a feature whose vocabulary is a committed symbolic link fails FEAT001")
    func checkRefuses() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try withLink(repo)
        try repo.write("features/c.yaml", Self.feature)
        try repo.commit("c, its vocabulary through a link")
        let mode = try repo.git(["ls-tree", "HEAD", "vocab/link.txt"])
        try #require(mode.hasPrefix("120000"), "the fixture commits a symbolic link: \(mode)")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let violations = r.json["violations"] as? [[String: Any]] ?? []
        let finding = violations.first { ($0["message"] as? String ?? "").contains("vocab/link.txt") }
        #expect(finding?["rule"] as? String == "FEAT001", "\(r.stdout)")
        #expect(finding?["path"] as? String == "features/c.yaml")
        #expect(finding?["line"] as? Int == 6)
        // The diff never reads the link's target text as a vocabulary of one category.
        let diff = try feat("diff", "main", "pr", "--format", "json", in: repo.path)
        #expect(!diff.stdout.contains("real.txt"), "\(diff.stdout)")
    }

    /// The FEAT001 messages about `vocab/...` or `vlink/...` of a validate or check JSON.
    func vocabularyMessages(_ r: Run.Result, key: String) -> [String] {
        (r.json[key] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            .filter { $0.contains("vocabulary_file") }
    }

    @Test("a vocabulary_file that is a symbolic link is named as one, never as a file that does not exist")
    func linkNamedAsLink() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try withLink(repo)
        try repo.write("features/c.yaml", Self.feature)
        try repo.commit("c, its vocabulary through a link")
        let expected =
            "categorical.vocabulary_file 'vocab/link.txt' is a symbolic link, which feat never follows; "
            + "commit the file itself there"
        let validate = try feat("validate", "--format", "json", in: repo.path)
        #expect(vocabularyMessages(validate, key: "problems") == [expected], "\(validate.stdout)")
        let check = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(check.status == 1, "\(check.stdout) \(check.stderr)")
        #expect(vocabularyMessages(check, key: "violations") == [expected], "\(check.stdout)")
    }

    @Test("validate and check both refuse a vocabulary reached through a symbolically linked folder, in one line")
    func linkedFolderRefusedAlike() throws {
        let repo = try featureRepo()
        try repo.write("vocab/cats.txt", "web\nstore\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/vlink", withDestinationPath: "vocab")
        try repo.write(
            "features/c.yaml", Self.feature.replacingOccurrences(of: "vocab/link.txt", with: "vlink/cats.txt"))
        try repo.commit("c, its vocabulary through a linked folder")
        let expected =
            "categorical.vocabulary_file 'vlink/cats.txt' is reached through 'vlink', a symbolic link, "
            + "which feat never follows; commit the file itself there"
        let validate = try feat("validate", "--format", "json", in: repo.path)
        #expect(validate.status == 1, "validate must not follow the linked folder: \(validate.stdout)")
        #expect(vocabularyMessages(validate, key: "problems") == [expected], "\(validate.stdout)")
        let check = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(check.status == 1, "\(check.stdout) \(check.stderr)")
        #expect(vocabularyMessages(check, key: "violations") == [expected], "\(check.stdout)")
    }
}
