import FeatTestSupport
import Foundation
import Testing

/// A feature file that cannot be read keeps its last known stage (SPEC §7), also when it is
/// moved while unreadable: the file that arrives unreadable is the one that left.
@Suite("A feature moved while its file could not be read")
struct UnreadableMoveTests {
    /// main: `a` in shadow from 1 October, broken on the 2nd, moved while broken on the 3rd,
    /// mended unchanged on the 6th.
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a in shadow", date: "2026-10-01T00:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow") + "broken: [\n")
        try repo.commit("break a", date: "2026-10-02T00:00:00Z")
        try repo.git(["mv", "features/a.yaml", "features/a-moved.yaml"])
        try FileManager.default.createDirectory(
            atPath: repo.path + "/features/sub", withIntermediateDirectories: true)
        try repo.git(["mv", "features/a-moved.yaml", "features/sub/a.yaml"])
        try repo.commit("move a while broken", date: "2026-10-03T00:00:00Z")
        try repo.write("features/sub/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("mend a", date: "2026-10-06T00:00:00Z")
        return repo
    }

    @Test("history shows one transition, not a removal and a new feature")
    func history() throws {
        let repo = try repository()
        let r = try feat("history", "a", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(stages(transitions(r, "a")) == ["null→shadow"], "\(r.stdout)")
    }

    @Test("the stage clock keeps running: promoting 8 days after entering shadow passes FEAT005")
    func check() throws {
        let repo = try repository()
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/sub/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("promote a", date: "2026-10-09T00:00:00Z")
        let r = try feat("check", "--base", "main", "--now", "2026-10-09T01:00:00Z", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let rules = (r.json["violations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(!rules.contains("FEAT005"), "\(r.stdout)")
    }

    @Test("the log lists the unreadable commits and grades the mended file against the last readable one")
    func log() throws {
        let repo = try repository()
        let r = try feat("log", "a", "--format", "json", in: repo.path)
        let features = r.json["features"] as? [[String: Any]] ?? []
        let entries = features.first?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["status"] as? String ?? "" } == ["unreadable", "unreadable", "added"], "\(r.stdout)")
    }
}
