import FeatGit
import FeatTestSupport
import Foundation
import GitID
import Testing

/// Issue 20, item 6: a revision that does not resolve says what to type or fetch instead.
@Suite("An unknown revision says what to do instead")
struct RevisionHintTests {
    /// main (two commits), a tag v1.0 and a branch release/1.0.
    func repository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit("one")
        try repo.write("a.txt", "b\n")
        try repo.commit("two")
        try repo.git(["tag", "v1.0"])
        try repo.git(["branch", "release/1.0"])
        return repo
    }

    /// What resolving `revision` says, as feat prints it.
    func message(_ repo: Repository, _ revision: String) -> String {
        do {
            return "resolved to \(try repo.resolveCommit(revision))"
        } catch {
            return error.description
        }
    }

    @Test(
        "a typo names the closest branch or tag, keeping what follows the name",
        arguments: [
            ("mian", "main"), ("mian~1", "main~1"), ("Main^", "main^"), ("relase/1.0", "release/1.0"),
            ("v1.O", "v1.0"),
        ])
    func typo(revision: String, meant: String) throws {
        let fixture = try repository()
        let repo = try Repository.open(discoveringFrom: fixture.path)
        #expect(message(repo, revision) == "unknown revision '\(revision)' (did you mean '\(meant)'?)")
    }

    @Test("a name nothing resembles stays a plain unknown revision")
    func noHint() throws {
        let fixture = try repository()
        let repo = try Repository.open(discoveringFrom: fixture.path)
        #expect(throws: GitError.unknownRevision("nope")) { try repo.resolveCommit("nope") }
        #expect(throws: GitError.unknownRevision("deadbeefdeadbeef")) { try repo.resolveCommit("deadbeefdeadbeef") }
    }

    @Test("origin/main without a remote named origin: no such remote, and the pre-commit hook's base to pass instead")
    func noOrigin() throws {
        let fixture = try repository()
        let repo = try Repository.open(discoveringFrom: fixture.path)
        #expect(
            message(repo, "origin/main")
                == "unknown revision 'origin/main': no remote 'origin' in this repository; the pre-commit hook's "
                + "default base is origin/main — pass --base main (in .pre-commit-config.yaml: args: [main])")
        try fixture.git(["remote", "add", "upstream", "https://example.com/x.git"])
        let other = try Repository.open(discoveringFrom: fixture.path)
        #expect(
            message(other, "origin/release/1.0")
                == "unknown revision 'origin/release/1.0': no remote 'origin' in this repository (its remotes: upstream); "
                + "the local branch is 'release/1.0'")
    }

    /// An origin with main and feature, and a clone of it made with `extra` clone options.
    func clone(_ extra: [String]) throws -> (origin: GitFixture, clone: GitFixture) {
        let origin = try repository()
        try origin.git(["checkout", "-q", "-b", "feature"])
        try origin.write("b.txt", "b\n")
        try origin.commit("feature work")
        try origin.git(["checkout", "-q", "main"])
        let path = origin.path + "-clone"
        try origin.git(["clone", "-q"] + extra + ["file://" + origin.path, path])
        return (origin, GitFixture(existing: path))
    }

    @Test("a shallow single-branch clone says so and gives the fetch that brings the base; that fetch works")
    func shallowSingleBranch() throws {
        let (origin, clone) = try clone(["--depth", "1", "--single-branch", "--branch", "feature"])
        let repo = try Repository.open(discoveringFrom: clone.path)
        let fetch = "git fetch --unshallow origin main:refs/remotes/origin/main"
        #expect(
            message(repo, "origin/main")
                == "unknown revision 'origin/main': the clone is shallow and has only branch 'feature' of origin; "
                + "fetch it: \(fetch)")
        #expect(message(repo, "main").hasSuffix("fetch it: \(fetch), then name it origin/main"))
        try clone.git(Array(fetch.split(separator: " ").dropFirst().map(String.init)))
        let fetched = try Repository.open(discoveringFrom: clone.path)
        #expect(try fetched.resolveCommit("origin/main").description == origin.head("main"))
    }

    @Test("a single-branch clone with its history: the same fetch, without --unshallow")
    func singleBranch() throws {
        let (_, clone) = try clone(["--single-branch", "--branch", "feature"])
        let repo = try Repository.open(discoveringFrom: clone.path)
        #expect(
            message(repo, "origin/main")
                == "unknown revision 'origin/main': the clone has only branch 'feature' of origin; "
                + "fetch it: git fetch origin main:refs/remotes/origin/main")
    }

    @Test("a full clone: a name only the remote has is its remote-tracking branch; an unknown one, fetch it")
    func fullClone() throws {
        let (_, clone) = try clone([])
        let repo = try Repository.open(discoveringFrom: clone.path)
        #expect(message(repo, "feature") == "unknown revision 'feature' (did you mean 'origin/feature'?)")
        #expect(
            message(repo, "origin/develop")
                == "unknown revision 'origin/develop': origin has no branch 'develop' here (its branches here: "
                + "'feature', 'main', 'release/1.0'); fetch it: git fetch origin develop")
    }

    @Test(
        "a date written another way than ISO 8601 shows how to write it",
        arguments: [
            ("05/09/2026", "year first: 2026-05-09 or 2026-05-09T12:00 (2026-09-05 if 05 is the day)"),
            ("25/09/2026", "year first: 2026-09-25 or 2026-09-25T12:00"),
            ("9/25/2026", "year first: 2026-09-25 or 2026-09-25T12:00"),
            ("2026/5/9", "year first: 2026-05-09 or 2026-05-09T12:00"),
            ("09.05.2026", "year first: 2026-09-05 or 2026-09-05T12:00 (2026-05-09 if 09 is the day)"),
        ])
    func dates(text: String, hint: String) throws {
        #expect(RevisionHint.date(text) == .advice("dates are written ISO 8601, " + hint))
        let fixture = try repository()
        let repo = try Repository.open(discoveringFrom: fixture.path)
        #expect(message(repo, text) == "unknown revision '\(text)': dates are written ISO 8601, " + hint)
    }

    @Test(
        "revisions with slashes or dots that are not dates get no date hint",
        arguments: ["release/1.0", "v1.2.3", "a/b/c", "1.2"])
    func notDates(text: String) {
        #expect(RevisionHint.date(text) == nil)
    }
}
