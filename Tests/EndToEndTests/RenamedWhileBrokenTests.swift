import FeatTestSupport
import Foundation
import Testing

/// A feature renamed while its file could not be read: the identity that appears when the file
/// is mended is new there, and its later changes are graded like any other's.
@Suite("A feature renamed while its file could not be read")
struct RenamedWhileBrokenTests {
    /// `b` from 1 October, broken on the 2nd, renamed `b2` while broken on the 3rd, mended on
    /// the 4th, its window narrowed on the 5th; `a` beside it throughout.
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("a and b", date: "2026-10-01T00:00:00Z")
        try repo.write("features/b.yaml", "feature: b\nversion: 1\nstage: [oops\n")
        try repo.commit("break b", date: "2026-10-02T00:00:00Z")
        try repo.write("features/b.yaml", "feature: b2\nversion: 1\nstage: [oops\n")
        try repo.commit("rename b while broken", date: "2026-10-03T00:00:00Z")
        try repo.write("features/b.yaml", featureYAML("b2", stage: "candidate"))
        try repo.commit("mend b2", date: "2026-10-04T00:00:00Z")
        try repo.write("features/b.yaml", featureYAML("b2", stage: "candidate", window: "1d"))
        try repo.commit("narrow b2", date: "2026-10-05T00:00:00Z")
        return repo
    }

    @Test("the narrowed window is a meaning change in the log of every feature, not one more unreadable entry")
    func meaningChangeSeen() throws {
        let repo = try repository()
        let r = try feat("log", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let b2 = entries(r, "b2")
        #expect(b2.map { $0["status"] as? String ?? "" } == ["modified", "added"], "\(r.stdout)")
        #expect(b2.map { $0["impact"] as? String ?? "null" } == ["meaning", "additive"], "\(r.stdout)")
        let narrowed = b2.first?["changes"] as? [[String: Any]] ?? []
        #expect(narrowed.map { $0["field"] as? String ?? "" } == ["aggregation.window"], "\(r.stdout)")
    }

    @Test("the log of one name says what the log of every feature says about it")
    func namedAgrees() throws {
        let repo = try repository()
        let whole = try feat("log", "--format", "json", in: repo.path)
        for name in ["a", "b", "b2"] {
            let one = try feat("log", name, "--format", "json", in: repo.path)
            #expect(one.status == 0, "\(one.stderr)")
            let alone = entries(one, name).map { NSDictionary(dictionary: $0) }
            #expect(!alone.isEmpty, "\(name): \(one.stdout)")
            #expect(alone == entries(whole, name).map { NSDictionary(dictionary: $0) }, "\(name)")
        }
    }
}
