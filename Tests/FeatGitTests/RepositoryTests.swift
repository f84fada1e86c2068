import FeatGit
import FeatTestSupport
import Foundation
import GitID
import Testing

@Suite("FeatGit against the git CLI on real repositories")
struct RepositoryTests {
    /// main: 5 commits with a merge of a topic branch; `side` forks from main~2.
    func history() throws -> GitFixture {
        let repo = try GitFixture()
        for i in 1...3 {
            try repo.write("features/f\(i).yaml", "feature: f\(i)\nstage: explore\n")
            try repo.commit("c\(i)")
        }
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.write("features/t.yaml", "feature: t\nstage: explore\n")
        try repo.commit("topic")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("README", "x\n")
        try repo.commit("main moves")
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge topic", "topic"])
        try repo.git(["branch", "side", "main~2"])
        try repo.git(["checkout", "-q", "side"])
        try repo.write("features/s.yaml", "feature: s\nstage: explore\n")
        try repo.commit("side work")
        try repo.git(["checkout", "-q", "main"])
        return repo
    }

    @Test("revisions, ranges and merge bases agree with git")
    func revisions() throws {
        let fixture = try history()
        let repo = try Repository.open(discoveringFrom: fixture.path + "/features")
        for rev in ["HEAD", "main~1", "HEAD^2", "side", "topic"] {
            #expect(try repo.resolveCommit(rev).description == fixture.head(rev))
        }
        for (a, b) in [("main", "side"), ("side", "main"), ("main~3", "main"), ("main", "main~3"), ("topic", "main")] {
            let expected = try fixture.git(["merge-base", a, b]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(
                try repo.mergeBase(repo.resolveCommit(a), repo.resolveCommit(b)).description == expected, "\(a) \(b)")
        }
        let symmetric = try repo.resolveRange("side...main")
        #expect(
            symmetric.from.description
                == (try fixture.git(["merge-base", "side", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        let range = try repo.resolveRange("main~2..main")
        #expect(range.from.description == (try fixture.head("main~2")))
        #expect(range.to?.description == (try fixture.head("main")))
        #expect(throws: GitError.unknownRevision("nope")) { try repo.resolveCommit("nope") }
        try fixture.git(["tag", "-a", "v1", "-m", "annotated", "main~1"])
        #expect(try repo.resolveCommit("v1").description == fixture.head("main~1"))
    }

    @Test("the first-parent walk and tree diffs agree with git")
    func walkAndDiff() throws {
        let fixture = try history()
        let repo = try Repository.open(discoveringFrom: fixture.path)
        let chain = try repo.firstParentHistory(from: repo.resolveCommit("HEAD"))
        let count = Int(
            try fixture.git(["rev-list", "--first-parent", "--count", "HEAD"]).trimmingCharacters(
                in: .whitespacesAndNewlines))
        #expect(chain.steps.count == count)
        #expect(chain.shallowBoundary == nil)
        #expect(chain.steps.last?.commit.description == (try fixture.head()))
        let a = try repo.commit(repo.resolveCommit("main~2")).tree
        let b = try repo.commit(repo.resolveCommit("main")).tree
        let changes = try repo.changedBlobs(from: a, to: b).map(\.path).sorted()
        let expected = try fixture.git(["diff", "--name-only", "--no-renames", "main~2", "main"]).split(separator: "\n")
            .map(String.init).sorted()
        #expect(changes == expected)
    }

    @Test("a shallow clone stops at its boundary, read from the shallow file")
    func shallow() throws {
        let fixture = try history()
        let clone = fixture.path + "-shallow"
        try fixture.git(["clone", "-q", "--depth", "2", "file://" + fixture.path, clone])
        defer { try? FileManager.default.removeItem(atPath: clone) }
        let repo = try Repository.open(discoveringFrom: clone)
        #expect(!repo.shallowBoundary.isEmpty)
        let chain = try repo.firstParentHistory(from: repo.resolveCommit("HEAD"))
        #expect(chain.steps.count == 2)
        #expect(chain.shallowBoundary == chain.steps.first?.commit)
    }

    @Test("opening outside a repository is notARepository")
    func notARepository() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-none-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: GitError.notARepository(path: dir)) { try Repository.open(discoveringFrom: dir) }
    }
}

@Suite("Blob ids without writing")
struct BlobHashTests {
    @Test("a blob's id is what git hash-object says, empty file included")
    func matchesGit() throws {
        let repo = try GitFixture()
        for (i, text) in ["", "web\napp\n", "ünïcode\r\n"].enumerated() {
            try repo.write("f\(i)", text)
            let git = try repo.git(["hash-object", "--no-filters", "f\(i)"])
            #expect(
                Repository.blobID(of: Array(text.utf8))?.description
                    == git.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
