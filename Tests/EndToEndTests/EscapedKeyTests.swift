import FeatTestSupport
import Foundation
import Testing

/// A key or value may be written with a YAML escape (`"\x69nputs"` is `inputs`): feat looks for
/// keys in a file's bytes before it parses it, so such a file must never be passed over.
@Suite("Keys and values written with YAML escapes are found")
struct EscapedKeyTests {
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("vocab/ch.txt", "web\nios\n")
        try repo.write(
            "features/ch.yaml",
            "feature: ch\nstage: explore\nkind: categorical\nowner: g@example.com\nhypothesis: H.\n"
                + "entity: [order_id]\ntype: string\nsource: {table: orders}\n"
                + "categorical: {\"vocabulary\\x5ffile\": vocab/ch.txt, encoding: index}\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write(
            "features/d.yaml",
            featureYAML("d", stage: "explore", extra: "\"\\x69nputs\":\n  - {feature: a, as: a_in}\n"))
        try repo.write(
            "features/is_fraud.yaml", featureYAML("is_fraud", stage: "production", extra: "role: \"\\x6cabel\"\n"))
        try repo.commit("base", date: "2026-01-05T10:00:00Z")
        return repo
    }

    @Test("an escaped vocabulary_file's reorder and an escaped inputs' upstream change are in the diff, cold and warm")
    func referencesAndInputs() throws {
        let repo = try repository()
        let valid = try FeatBinary.run(["validate", "features/ch.yaml", "features/d.yaml"], in: repo.path)
        #expect(valid.status == 0, "\(valid.stdout) \(valid.stderr)")
        try repo.write("vocab/ch.txt", "ios\nweb\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "14d"))
        try repo.commit("reorder the vocabulary, widen a", date: "2026-01-06T10:00:00Z")
        for env in [["FEAT_NO_INDEX": "1"], [:], [:]] {
            let r = try FeatBinary.run(["diff", "HEAD~1", "HEAD", "--format", "json"], in: repo.path, env: env)
            let features = r.json["features"] as? [[String: Any]] ?? []
            let impacts = Dictionary(
                features.compactMap { f in (f["feature"] as? String).map { ($0, f["impact"] as? String ?? "") } },
                uniquingKeysWith: { a, _ in a })
            #expect(impacts["ch"] == "breaking", "\(env): \(impacts)")
            #expect(impacts["d"] == "meaning", "\(env): \(impacts)")
        }
    }

    @Test("a production consumer reading an escaped label as a feature leaks the target (FEAT012)")
    func label() throws {
        let repo = try repository()
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [a, is_fraud]\n")
        try repo.commit("read the label", date: "2026-01-06T10:00:00Z")
        for env in [["FEAT_NO_INDEX": "1"], [:], [:]] {
            let r = try FeatBinary.run(
                ["check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json"], in: repo.path,
                env: env)
            let rules = (r.json["violations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(r.status == 1 && rules.contains("FEAT012"), "\(env): \(r.stdout) \(r.stderr)")
        }
    }
}

/// The same file gives the same report on every run: no order taken from a hashed set.
@Suite("Reports do not depend on the run")
struct RunOrderTests {
    @Test("blocks of several kinds on one line of a file without a kind are reported in the same order every run")
    func kindBlocksInAFixedOrder() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/x.yaml",
            // One line: the three problems tie on it, so only the rule's own order separates them.
            "{feature: x, stage: explore, owner: a@example.com, hypothesis: H., map: {max_keys: 10}, "
                + "embedding: {dimensions: 8}, categorical: {vocabulary: [a, b]}}\n")
        try repo.commit("x")
        var outputs = Set<String>()
        for _ in 0..<6 {
            let r = try FeatBinary.run(["validate", "--format", "json"], in: repo.path)
            #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
            outputs.insert(r.stdout)
        }
        #expect(outputs.count == 1, "\(outputs)")
        let text = try #require(outputs.first)
        let order = ["'categorical' block", "'embedding' block", "'map' block"].compactMap {
            text.range(of: $0)?.lowerBound
        }
        #expect(order.count == 3 && order == order.sorted(), "\(text)")
    }
}
