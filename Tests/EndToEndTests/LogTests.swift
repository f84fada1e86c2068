import FeatTestSupport
import Foundation
import Testing

/// `feat log`: each feature's semantic changelog, graded as `feat diff PARENT COMMIT` grades
/// it, followed by identity (SPEC §9). Every run here also runs without the history index and
/// with it twice, and must answer alike (`feat` in Support.swift).
@Suite("feat log: how a feature's meaning changed, commit by commit")
struct LogTests {
    /// A one-hot categorical feature whose vocabulary is the file `vocab/os.txt`.
    static let osFeature = SampleFeatures.os

    /// Runs git in a folder; throws when it fails.
    func repo(_ dir: String, _ arguments: String...) throws -> String {
        let r = try Run.process("/usr/bin/git", arguments, in: dir)
        guard r.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return r.stdout
    }

    func fields(_ entry: [String: Any]) -> [String] {
        (entry["changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test("every entry of the demo's log is what feat diff PARENT COMMIT says about that feature")
    func agreesWithDiffOnTheDemo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-log-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try feat("demo", dir.path, in: FileManager.default.temporaryDirectory.path)
        #expect(demo.status == 0, "\(demo.stderr)")
        let log = try feat("log", "--format", "json", in: dir.path)
        #expect(log.status == 0, "\(log.stderr)")
        let features = log.json["features"] as? [[String: Any]] ?? []
        var compared = 0
        for feature in features {
            let name = feature["feature"] as? String ?? ""
            for entry in feature["entries"] as? [[String: Any]] ?? [] {
                let commit = try #require(entry["commit"] as? String)
                guard (try? repo(dir.path, "rev-parse", "-q", "--verify", commit + "^")) != nil else {
                    #expect(entry["status"] as? String == "added", "in the root commit: \(name)")
                    compared += 1
                    continue
                }
                let diff = try feat("diff", commit + "^", commit, "--format", "json", in: dir.path)
                let changed = (diff.json["features"] as? [[String: Any]] ?? []).first {
                    ($0["feature"] as? String) == name && ($0["version"] as? Int) == (feature["version"] as? Int)
                }
                let graded = try #require(changed, "\(name) at \(commit.prefix(10)): not in the diff\n\(diff.stdout)")
                #expect(entry["impact"] as? String == graded["impact"] as? String, "\(name) at \(commit.prefix(10))")
                #expect(entry["status"] as? String == graded["status"] as? String, "\(name) at \(commit.prefix(10))")
                let messages = { (o: [String: Any], key: String) in
                    (o[key] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                }
                #expect(messages(entry, "changes") == messages(graded, "changes"), "\(name) at \(commit.prefix(10))")
                #expect(messages(entry, "events") == messages(graded, "events"), "\(name) at \(commit.prefix(10))")
                compared += 1
            }
        }
        // The demo's story: four features, each added and promoted, one changed in place.
        #expect(compared >= 9, "\(log.stdout)")
    }

    @Test("feat demo tells the changelog of a feature and ends by writing the catalog of its story")
    func demoShowsLogAndCatalog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-log-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try feat("demo", dir.path, in: FileManager.default.temporaryDirectory.path)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("log user_txn_count_7d"), "\(demo.stdout)")
        #expect(demo.stdout.contains("aggregation.column set to txn_id"), "the log's graded change: \(demo.stdout)")
        let page = dir.appendingPathComponent("catalog.html").path
        #expect(demo.stdout.contains("wrote \(page)"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("user_txn_count_7d") && html.hasPrefix("<!DOCTYPE html>"), "\(html.prefix(200))")
    }

    @Test("a reformat and a move are no entries; a change of window is one, graded meaning")
    func reformatAndMove() throws {
        let repo = try featureRepo()
        try repo.write("features/risk/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        // A comment added, a flow mapping written as a block, the same values: the definition did not change.
        let text = featureYAML("a", stage: "candidate").replacingOccurrences(
            of: "aggregation: {function: count, column: txn_id, window: 7d}",
            with: "aggregation:\n  window: 7d  # a week\n  column: txn_id\n  function: count")
        try repo.write("features/risk/a.yaml", "# velocity\n" + text)
        try repo.commit("reformat a")
        try repo.git(["mv", "features/risk", "features/fraud"])
        try repo.commit("move a")
        try repo.write("features/fraud/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        let widened = try repo.commit("widen a")
        let log = try feat("log", "a", "--format", "json", in: repo.path)
        let list = entries(log, "a")
        #expect(list.count == 2, "\(log.stdout)")
        #expect(list.first?["commit"] as? String == widened)
        #expect(list.first?["impact"] as? String == "meaning")
        #expect(list.first.map(fields) == ["aggregation.window"])
        #expect(list.first?["path"] as? String == "features/fraud/a.yaml")
        #expect(list.last?["status"] as? String == "added")
    }

    @Test("--since keeps entries from that day on; --min-impact drops milder ones but keeps an unreadable commit")
    func filters() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", extra: "tags: [velocity]\n"))
        try repo.commit("tag a", date: "2026-01-10T10:00:00Z")
        try repo.write("features/a.yaml", "feature: a\nstage: [candidate\n")
        let broken = try repo.commit("break a", date: "2026-01-12T10:00:00Z")
        try repo.write(
            "features/a.yaml", featureYAML("a", stage: "candidate", window: "14d", extra: "tags: [velocity]\n"))
        try repo.commit("mend a, wider", date: "2026-01-20T10:00:00Z")

        let since = try feat("log", "a", "--since", "2026-01-10", "--format", "json", in: repo.path)
        #expect(entries(since, "a").count == 3, "\(since.stdout)")
        let severe = try feat("log", "--min-impact", "meaning", "--format", "json", in: repo.path)
        let kept = entries(severe, "a")
        #expect(kept.count == 2, "\(severe.stdout)")
        #expect(kept.last?["commit"] as? String == broken)
        #expect(kept.last?["impact"] is NSNull)
        #expect((kept.last?["problem"] as? String)?.isEmpty == false)
        let bad = try feat("log", "--min-impact", "severe", in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("meaning"), "\(bad.stderr)")
        let impossible = try feat("log", "--since", "2026-13-01", in: repo.path)
        #expect(impossible.status == 2)
        #expect(impossible.stderr.contains("--since '2026-13-01' is not a valid date"), "\(impossible.stderr)")
        #expect(impossible.stdout.isEmpty)
    }

    @Test("after an unreadable stretch the mended file is graded against the last version that could be read")
    func unreadableStretch() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", "feature: a\nstage: shadow\nkind: [\n")
        try repo.commit("break a")
        try repo.write("features/a.yaml", "feature: a\nstage: shadow\nkind: {\n")
        try repo.commit("still broken")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        let mended = try repo.commit("mend a")
        let log = try feat("log", "a", "--format", "json", in: repo.path)
        let list = entries(log, "a")
        #expect(list.count == 4, "\(log.stdout)")
        let newest = try #require(list.first)
        #expect(newest["commit"] as? String == mended)
        #expect(newest["status"] as? String == "modified", "mended, not re-added: \(log.stdout)")
        #expect(fields(newest) == ["aggregation.window"])
        #expect(newest["impact"] as? String == "meaning")
        #expect(list[1]["impact"] is NSNull && list[2]["impact"] is NSNull)
    }

    @Test("a change to a referenced vocabulary file alone is an entry of the feature that references it")
    func vocabularyFile() throws {
        let repo = try featureRepo()
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.write("features/os.yaml", Self.osFeature)
        try repo.commit("add os", date: "2026-01-05T10:00:00Z")
        try repo.write("README.md", "unrelated\n")
        try repo.commit("readme")
        try repo.write("vocab/os.txt", "ios\nandroid\n")
        let reordered = try repo.commit("reorder the vocabulary")
        let log = try feat("log", "os", "--format", "json", in: repo.path)
        let list = entries(log, "os")
        #expect(list.count == 2, "\(log.stdout)")
        #expect(list.first?["commit"] as? String == reordered)
        #expect(list.first?["impact"] as? String == "breaking", "a reordered one-hot vocabulary: \(log.stdout)")
    }

    @Test("a derived feature's log carries its input's meaning change, with the input's reason")
    func derivedFeature() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a, and b from a", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        let widened = try repo.commit("widen a")
        let log = try feat("log", "b", "--format", "json", in: repo.path)
        let list = entries(log, "b")
        #expect(list.count == 2, "\(log.stdout)")
        #expect(list.first?["commit"] as? String == widened)
        #expect(list.first.map(fields)?.first?.hasPrefix("inputs[") == true, "\(log.stdout)")
        #expect(list.first?["impact"] as? String == "meaning")
        #expect((log.json["features"] as? [[String: Any]])?.count == 1, "only b was asked for: \(log.stdout)")
    }

    @Test("a change merged by a merge commit is credited to who made it, with the merger as merged_by")
    func mergeCredit() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "wider"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        try repo.commit("widen a", author: "Bob Builder", email: "bob@example.com")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(
            ["merge", "-q", "--no-ff", "wider", "-m", "Merge wider"], env: repo.environment(author: "Alice Merger"))
        let log = try feat("log", "a", "--format", "json", in: repo.path)
        let newest = try #require(entries(log, "a").first, "\(log.stdout)")
        #expect((newest["author"] as? [String: Any])?["name"] as? String == "Bob Builder")
        #expect((newest["merged_by"] as? [String: Any])?["name"] as? String == "Alice Merger")
        #expect(fields(newest) == ["aggregation.window"])
    }

    @Test("the log graded in parts on several threads is byte for byte the log graded in one")
    func partsAgree() throws {
        let repo = try featureRepo()
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a, and b from a", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", "feature: a\nstage: shadow\nkind: [\n")
        try repo.commit("break a")
        try repo.write("features/c.yaml", featureYAML("c", stage: "candidate"))
        try repo.commit("add c")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("mend a, wider")
        try repo.git(["mv", "features/c.yaml", "features/c2.yaml"])
        try repo.commit("move c")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("features/c2.yaml", featureYAML("c", stage: "candidate", window: "14d"))
        try repo.commit("widen c", author: "Bob Builder", email: "bob@example.com")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(
            ["merge", "-q", "--no-ff", "side", "-m", "Merge side"], env: repo.environment(author: "Alice Merger"))
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d"))
        try repo.commit("promote a")
        try repo.remove("features/c2.yaml")
        try repo.commit("remove c")
        let one = try feat("log", "--format", "json", in: repo.path, env: ["FEAT_WORKERS": "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(entries(one, "a").count == 4, "\(one.stdout)")
        for threads in ["2", "3", "4"] {
            let parts = try feat("log", "--format", "json", in: repo.path, env: ["FEAT_WORKERS": threads])
            #expect(parts.stdout == one.stdout, "\(threads) parts:\n\(parts.stdout)\none:\n\(one.stdout)")
            #expect(parts.status == one.status)
        }
    }

    @Test("in a shallow clone the first visible change is graded against the boundary's tree, not called an addition")
    func shallowClone() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "14d"))
        try repo.commit("widen a")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        let widened = try repo.commit("widen a again")
        let clone = repo.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repo.git(["clone", "-q", "--depth", "2", "file://" + repo.path, clone])
        let log = try feat("log", "a", "--format", "json", in: clone)
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.json["shallow_boundary"] is String, "\(log.stdout)")
        let list = entries(log, "a")
        #expect(list.count == 1, "only the change after the boundary: \(log.stdout)")
        #expect(list.first?["commit"] as? String == widened)
        #expect(list.first?["status"] as? String == "modified")
        #expect(list.first?["impact"] as? String == "meaning")
    }

    @Test("the log of every feature grades a vocabulary deleted and restored reordered as the log of that feature does")
    func everyFeatureAgreesWithOne() throws {
        let repo = try featureRepo()
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.write("features/os.yaml", Self.osFeature)
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add os and a", date: "2026-01-05T10:00:00Z")
        try repo.remove("vocab/os.txt")
        try repo.commit("vocabulary deleted")
        try repo.write("vocab/os.txt", "ios\nandroid\n")
        let restored = try repo.commit("vocabulary restored, reordered")
        let one = entries(try feat("log", "os", "--format", "json", in: repo.path), "os")
        let every = try feat("log", "--format", "json", in: repo.path)
        func canonical(_ list: [[String: Any]]) throws -> Data {
            try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])
        }
        #expect(try canonical(entries(every, "os")) == canonical(one), "\(every.stdout)")
        #expect(one.first?["commit"] as? String == restored)
        #expect(one.first?["impact"] as? String == "breaking", "\(one)")
        #expect(one.count == 3)
    }

    @Test("an input's change merged by a merge commit is credited on the derived feature to who made it")
    func propagatedCredit() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write(
            "features/b.yaml", featureYAML("b", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("a, and b from a", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "wider"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a", author: "Bob Builder", email: "bob@example.com")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(
            ["merge", "-q", "--no-ff", "wider", "-m", "Merge wider"], env: repo.environment(author: "Alice Merger"))
        let log = try feat("log", "--format", "json", in: repo.path)
        for name in ["a", "b"] {
            let newest = try #require(entries(log, name).first, "\(log.stdout)")
            #expect((newest["author"] as? [String: Any])?["name"] as? String == "Bob Builder", "\(name)")
            #expect((newest["merged_by"] as? [String: Any])?["name"] as? String == "Alice Merger", "\(name)")
        }
    }

    @Test("an unknown feature name is refused with the closest known one")
    func unknownName() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("user_txn_count", stage: "candidate"))
        try repo.commit("add", date: "2026-01-05T10:00:00Z")
        let r = try feat("log", "user_txn_cuont", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("user_txn_count"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("markdown output is a table per feature with every value escaped")
    func markdown() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z", author: "<b>Mallory</b> @team")
        let r = try feat("log", "--format", "markdown", in: repo.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("### a@1") || r.stdout.contains("### a"), "\(r.stdout)")
        #expect(r.stdout.contains("| date | impact |"))
        #expect(!r.stdout.contains("<b>Mallory"), "\(r.stdout)")
    }
}
