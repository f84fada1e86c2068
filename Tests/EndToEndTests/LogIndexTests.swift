import FeatTestSupport
import Foundation
import Testing

/// A named `feat log` reads from the history index only the commits that can matter to its
/// features, decoding nothing else: what it reads must be the cold log, whoever wrote the
/// index and however it grew since.
@Suite("feat log NAME through the history index answers as a cold run")
struct LogIndexTests {
    /// The log as a run without the index gives it.
    func cold(_ repo: GitFixture, _ args: String...) throws -> String {
        let r = try FeatBinary.run(args + ["--no-index"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The log read through the index, which must already hold every commit.
    func warm(_ repo: GitFixture, _ args: String...) throws -> String {
        let r = try FeatBinary.run(args, in: repo.path, env: ["FEAT_PROFILE": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test(
        "moves, replacements, unreadable stretches, removals and inputs read back from the index, before and after it grows"
    )
    func roundTrip() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/other.yaml", featureYAML("other", stage: "explore"))
        try repo.commit("a and other", date: "2026-01-05T10:00:00Z")
        try repo.write(
            "features/d.yaml", featureYAML("d", stage: "explore", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("d from a")
        try repo.remove("features/a.yaml")
        try repo.write("features/moved/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("move a, to candidate")
        // Another feature takes a's old path; a breaks and is mended.
        try repo.write("features/a.yaml", featureYAML("b", stage: "explore"))
        try repo.write("features/moved/a.yaml", "feature: a\nstage: candidate\nkind: [\n")
        try repo.commit("b where a was; a broken")
        try repo.remove("features/moved/a.yaml")
        try repo.write("features/again/a.yaml", "feature: a\nstage: candidate\nkind: {\n")
        try repo.commit("a moved while unreadable")
        try repo.write("features/again/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        try repo.commit("a mended, widened")
        try repo.write("features/other.yaml", featureYAML("other", stage: "candidate"))
        try repo.commit("other alone")

        // `history` writes the index; the logs then read it.
        #expect(try FeatBinary.run(["history"], in: repo.path).status == 0)
        let names = ["a", "b", "d", "other"]
        for name in names {
            #expect(try warm(repo, "log", name, "--format", "json") == cold(repo, "log", name, "--format", "json"))
        }
        #expect(try warm(repo, "log", "a", "d") == cold(repo, "log", "a", "d"))

        // New commits: the log reads them, adds them to the index and writes it back; the next
        // runs read the rewritten file.
        try repo.remove("features/again/a.yaml")
        try repo.commit("a removed")
        try repo.write("features/a2.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.write("features/other.yaml", featureYAML("other", stage: "shadow"))
        try repo.commit("a back, other to shadow")
        let grown = try FeatBinary.run(["log", "d"], in: repo.path, env: ["FEAT_PROFILE": "1"])
        #expect(grown.status == 0, "\(grown.stderr)")
        #expect(grown.stdout == (try cold(repo, "log", "d")))
        for name in names {
            #expect(try warm(repo, "log", name, "--format", "json") == cold(repo, "log", name, "--format", "json"))
        }
        #expect(try warm(repo, "log") == cold(repo, "log"))
        #expect(try warm(repo, "history", "--format", "json") == cold(repo, "history", "--format", "json"))

        let unknown = try FeatBinary.run(["log", "oter"], in: repo.path)
        let unknownCold = try FeatBinary.run(["log", "oter", "--no-index"], in: repo.path)
        #expect(unknown.status == 2 && unknown.stderr == unknownCold.stderr, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("other"), "\(unknown.stderr)")
    }
}
