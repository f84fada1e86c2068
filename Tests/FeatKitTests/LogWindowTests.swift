import FeatDiff
import FeatKit
import FeatReport
import FeatTestSupport
import Foundation
import GitID
import Testing

/// A log limited to the newest commits that changed a feature (the catalog page's changelog)
/// holds exactly the entries the whole log holds for those commits: graded from the state
/// before its oldest commit — an unreadable stretch, a move, a referenced file, a derived
/// feature and a policy change crossing the window's start included.
@Suite("The log of the newest commits is the whole log's newest entries")
struct LogWindowTests {
    /// A candidate aggregation: `featureYAML` at candidate, with its window and more fields.
    static func aggregation(_ name: String, window: String = "7d", stage: String = "candidate", extra: String = "")
        -> String
    {
        featureYAML(name, stage: stage, window: window, extra: extra)
    }

    static let os = SampleFeatures.os

    /// Twenty-five commits, each changing features in a way the log must follow.
    func repository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.write("features/a.yaml", Self.aggregation("a"))
        try repo.write("features/b.yaml", Self.aggregation("b"))
        try repo.write(
            "features/c.yaml", Self.aggregation("c", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.write("features/os.yaml", Self.os)
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.commit("base")
        try repo.write("features/a.yaml", Self.aggregation("a", window: "14d"))
        try repo.commit("widen a")
        try repo.write("features/b.yaml", "# reformatted\n" + Self.aggregation("b"))
        try repo.commit("reformat b")
        try repo.write("vocab/os.txt", "ios\nandroid\n")
        try repo.commit("reorder the os vocabulary")
        try repo.write("features/os.yaml", "feature: os\nstage: [candidate\n")
        try repo.commit("os broken")
        try repo.write("features/b.yaml", Self.aggregation("b").replacingOccurrences(of: "per user", with: "per payer"))
        try repo.commit("describe b")
        try repo.write("features/os.yaml", Self.os.replacingOccurrences(of: "onehot", with: "index"))
        try repo.commit("os mended, encoded by index")
        try repo.remove("features/b.yaml")
        try repo.write(
            "features/sub/b.yaml", Self.aggregation("b").replacingOccurrences(of: "per user", with: "per payer"))
        try repo.commit("move b")
        try repo.write("features/a.yaml", Self.aggregation("a", window: "30d"))
        try repo.commit("widen a again (reaches c)")
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n# the same folders\n")
        try repo.commit("policy comment")
        try repo.write("features/e.yaml", Self.aggregation("e"))
        try repo.commit("add e")
        try repo.write("features/a.yaml", Self.aggregation("a", window: "30d", stage: "shadow"))
        try repo.commit("promote a")
        try repo.remove("features/sub/b.yaml")
        try repo.commit("remove b")
        try repo.write("vocab/os.txt", "ios\nandroid\nlinux\n")
        try repo.commit("append to the os vocabulary")
        // Broken, removed while broken, then back with a narrower window: graded from the
        // last version that could be read, wherever the window starts.
        try repo.write("features/g.yaml", Self.aggregation("g"))
        try repo.commit("add g")
        try repo.write("features/g.yaml", "feature: g\nstage: [candidate\n")
        try repo.commit("g broken")
        try repo.remove("features/g.yaml")
        try repo.commit("g removed while broken")
        try repo.write("features/g.yaml", Self.aggregation("g", window: "3d"))
        try repo.commit("g back, 3 days")
        try repo.write("features/e.yaml", Self.aggregation("e", window: "2d"))
        try repo.commit("narrow e")
        // A copy of a removed (a stays at its own file, at its stage), then a broken there:
        // the unreadable entry says the stage a had.
        try repo.write("features/copy/a.yaml", Self.aggregation("a", window: "30d", stage: "shadow"))
        try repo.commit("a copied")
        try repo.remove("features/copy/a.yaml")
        try repo.commit("the copy removed")
        try repo.write("features/a.yaml", "feature: a\nstage: [shadow\n")
        try repo.commit("a broken")
        try repo.write("features/a.yaml", Self.aggregation("a", window: "60d", stage: "shadow"))
        try repo.commit("a mended, 60 days")
        // e held by two files, then one of them changed: compared with itself, not moved.
        try repo.write("features/twin/e.yaml", Self.aggregation("e", window: "2d"))
        try repo.commit("e copied")
        try repo.write("features/e.yaml", Self.aggregation("e", window: "5d"))
        try repo.commit("widen e at its own file")
        return repo
    }

    @Test(
        "every entry of the whole log says what diff PARENT COMMIT says of that feature (past an unreadable stretch aside)"
    )
    func agreesWithDiff() throws {
        let repo = try repository()
        let feat = try FeatureRepository.locate(from: repo.path)
        let head = try feat.resolve("HEAD")
        let whole = try feat.semanticLog(at: head, policy: try feat.policy(at: head), index: false)
        var compared = 0
        for log in whole.features {
            // Newest first: an entry right after an unreadable one is graded from the last
            // version that could be read, not from its parent (by design): not compared here.
            for (i, entry) in log.entries.enumerated() where entry.problem == nil {
                if i + 1 < log.entries.count, log.entries[i + 1].problem != nil { continue }
                guard let parent = try? feat.resolve(entry.commit.description + "^") else { continue }
                let diff = try feat.semanticDiff(base: parent, head: entry.commit).report
                let change = try #require(
                    diff.features.first { $0.identity == log.identity }, "\(log.identity) at \(entry.commit)")
                #expect(entry.changes == change.changes, "\(log.identity) at \(entry.commit)")
                #expect(entry.events == change.events, "\(log.identity) at \(entry.commit)")
                #expect(entry.impact == change.impact, "\(log.identity) at \(entry.commit)")
                #expect(entry.status == change.status, "\(log.identity) at \(entry.commit)")
                compared += 1
            }
        }
        #expect(compared >= 12, "entries compared: \(compared)")
    }

    @Test("for every window size, the entries are the whole log's entries of the window's commits")
    func everyWindow() throws {
        let repo = try repository()
        let feat = try FeatureRepository.locate(from: repo.path)
        let head = try feat.resolve("HEAD")
        let policy = try feat.policy(at: head)
        let whole = try feat.semanticLog(at: head, policy: policy, index: false)
        #expect(whole.window == nil)
        let everyEntry = whole.features.flatMap(\.entries)
        #expect(everyEntry.count >= 12, "the fixture's commits are entries: \(everyEntry.count)")
        let chain = try repo.git(["rev-list", "--first-parent", "--reverse", "HEAD"]).split(separator: "\n").map(
            String.init)
        let changing = Set(everyEntry.map(\.commit.description))
        var sizes = 0
        for newest in 1...changing.count + 3 {
            let log = try feat.semanticLog(at: head, policy: policy, newest: newest, index: false)
            guard let window = log.window else {
                #expect(log.features == whole.features, "a window holding every commit is the whole log")
                continue
            }
            sizes += 1
            let start = try #require(chain.firstIndex(of: window.commit.description))
            let inside = Set(chain[start...])
            for feature in whole.features {
                let expected = feature.entries.filter { inside.contains($0.commit.description) }
                let got = log.features.first { $0.identity == feature.identity }?.entries ?? []
                #expect(got == expected, "newest \(newest), \(feature.identity)")
            }
            #expect(window.commits <= newest)
        }
        #expect(sizes >= 10, "the windows tried")
    }
}
