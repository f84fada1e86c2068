import FeatTestSupport
import Foundation
import Testing

/// Locks (SPEC §8): what a model was trained on, pinned in a file, compared later with no
/// history — on real repositories, through the binary.
@Suite("feat lock, lock --check, diff LOCK and the deploy gate")
struct LockTests {
    static func consumer(_ name: String, reads: [String]) -> String {
        "consumer: \(name)\nkind: model\nstage: production\nowner: ml@example.com\nreads: [\(reads.joined(separator: ", "))]\n"
    }

    /// A categorical feature whose vocabulary lives in a file.
    static func channelYAML(version: Int = 2) -> String {
        """
        feature: channel
        version: \(version)
        stage: candidate
        kind: categorical
        owner: growth@example.com
        hypothesis: The channel predicts returns.
        description: Order channel.
        evidence:
          - {date: 2026-01-02, metric: auc_lift, value: 0.002}
        entity: [order_id]
        type: string
        source: {table: orders}
        categorical: {vocabulary_file: vocab/channels.txt, encoding: index}

        """
    }

    /// `a` (shadow, window 7d) and `channel` v2 (a vocabulary file), read by `fraud`.
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/channel.yaml", Self.channelYAML())
        try repo.write("vocab/channels.txt", "web\nios\n")
        try repo.write("features/unrelated.yaml", featureYAML("unrelated", stage: "explore"))
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["a", "{feature: channel, version: 2}"]))
        try repo.commit("features and a consumer")
        return repo
    }

    func read(_ lock: [String: Any], _ name: String) -> [String: Any]? {
        (lock["reads"] as? [[String: Any]])?.first { $0["feature"] as? String == name }
    }

    func lockJSON(_ repo: GitFixture, _ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/" + path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func gateRead(_ r: Run.Result, _ name: String) -> [String: Any]? {
        (r.json["reads"] as? [[String: Any]])?.first { $0["feature"] as? String == name }
    }

    // MARK: feat lock

    @Test("feat lock CONSUMER writes the lock beside the declaration, byte for byte the same when written again")
    func lockIsDeterministic() throws {
        let repo = try repository()
        let first = try feat("lock", "fraud", in: repo.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("consumers/fraud.lock.json"), "\(first.stdout)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/consumers/fraud.lock.json"))
        let again = try feat("lock", "fraud", in: repo.path)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/consumers/fraud.lock.json")) == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        // Keys in the order SPEC §8 shows, and no timestamp anywhere.
        let order = [
            "\"lock\": 1", "\"feat\":", "\"consumer\": \"fraud\"", "\"commit\":", "\"dirty\": false", "\"reads\":",
        ]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(text.prefix(300))")
        #expect(!text.contains("2026-01-05T"), "a lock holds no timestamps")
        let lock = try lockJSON(repo, "consumers/fraud.lock.json")
        #expect(lock["commit"] as? String == (try repo.head()))
        #expect((lock["reads"] as? [[String: Any]])?.compactMap { $0["feature"] as? String } == ["a", "channel"])
        let a = try #require(read(lock, "a"))
        #expect(a["path"] as? String == "features/a.yaml" && a["stage"] as? String == "shadow")
        let blob = try repo.git(["rev-parse", "HEAD:features/a.yaml"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(a["blob"] as? String == blob)
        #expect((a["digest"] as? String)?.hasPrefix("sha256:") == true)
        #expect((a["definition"] as? [String: Any])?["feature"] as? String == "a")
    }

    @Test(
        "a lock is self-contained: a file vocabulary's entries inline beside vocabulary_file, the file's blob and SHA-256"
    )
    func vocabularyFileIsInline() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        let channel = try #require(read(try lockJSON(repo, "consumers/fraud.lock.json"), "channel"))
        #expect(channel["version"] as? Int == 2)
        let categorical = (channel["definition"] as? [String: Any])?["categorical"] as? [String: Any]
        #expect(categorical?["vocabulary_file"] as? String == "vocab/channels.txt")
        #expect(categorical?["vocabulary"] as? [String] == ["web", "ios"])
        let file = try #require((channel["files"] as? [[String: Any]])?.first)
        #expect(file["path"] as? String == "vocab/channels.txt")
        let blob = try repo.git(["rev-parse", "HEAD:vocab/channels.txt"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(file["blob"] as? String == blob)
        let sha = try Run.process("/usr/bin/env", ["sha256sum", "vocab/channels.txt"], in: repo.path).stdout
        #expect(file["sha256"] as? String == String(sha.prefix(64)))
        // The lock alone tells an append from a reorder.
        try repo.write("vocab/channels.txt", "web\nios\nandroid\n")
        let appended = try feat("diff", "consumers/fraud.lock.json", in: repo.path)
        #expect(appended.stdout.contains("'android' appended"), "\(appended.stdout)")
        try repo.write("vocab/channels.txt", "ios\nweb\n")
        let reordered = try feat("diff", "consumers/fraud.lock.json", in: repo.path)
        #expect(reordered.stdout.contains("reordered"), "\(reordered.stdout)")
    }

    @Test("7d and 168h give the same digest: a duration is written in one spelling")
    func durationsHaveOneSpelling() throws {
        let repo = try repository()
        #expect(try feat("lock", "--features", "a", "-o", "seven.lock.json", in: repo.path).status == 0)
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "168h"))
        try repo.commit("the window in hours")
        #expect(try feat("lock", "--features", "a", "-o", "hours.lock.json", in: repo.path).status == 0)
        let seven = try #require(read(try lockJSON(repo, "seven.lock.json"), "a"))
        let hours = try #require(read(try lockJSON(repo, "hours.lock.json"), "a"))
        #expect(seven["digest"] as? String == hours["digest"] as? String)
        let window = ((hours["definition"] as? [String: Any])?["aggregation"] as? [String: Any])?["window"]
        #expect(window as? String == "7d")
        let check = try feat("lock", "--check", "-o", "seven.lock.json", in: repo.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("--features a,b@2 -o FILE locks any set; without -o the lock goes to stdout")
    func featuresOption() throws {
        let repo = try repository()
        let r = try feat("lock", "--features", "channel@2,a", "-o", "model/features.lock.json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lock = try lockJSON(repo, "model/features.lock.json")
        #expect(lock["consumer"] is NSNull)
        #expect((lock["reads"] as? [[String: Any]])?.count == 2)
        let out = try feat("lock", "--features", "channel@2,a", in: repo.path)
        #expect(out.status == 0)
        let written = try String(contentsOfFile: repo.path + "/model/features.lock.json", encoding: .utf8)
        #expect(out.stdout == written)
    }

    @Test("a read that does not exist or cannot be read: exit 1, naming it, and nothing written")
    func missingOrUnreadableRead() throws {
        let repo = try repository()
        let missing = try feat("lock", "--features", "a,channel@3,nope", "-o", "x.lock.json", in: repo.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("channel v3") && missing.stderr.contains("channel has version 2"))
        #expect(missing.stderr.contains("nope"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/x.lock.json"))
        try repo.write("features/a.yaml", "feature: a\nstage: [shadow\n")
        try repo.commit("a broken file")
        let broken = try feat("lock", "fraud", in: repo.path)
        #expect(broken.status == 1)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/consumers/fraud.lock.json"))
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.remove("vocab/channels.txt")
        try repo.commit("a mended, the vocabulary gone")
        let vocabulary = try feat("lock", "fraud", in: repo.path)
        #expect(vocabulary.status == 1)
        #expect(vocabulary.stderr.contains("vocab/channels.txt") && vocabulary.stderr.contains("does not exist"))
    }

    @Test(
        "uncommitted changes to a read feature or its vocabulary are refused (exit 2, naming them) unless --allow-dirty"
    )
    func dirtyIsRefused() throws {
        let repo = try repository()
        // Another file's changes are not the lock's business.
        try repo.write("features/unrelated.yaml", featureYAML("unrelated", stage: "explore", extra: "tags: [x]\n"))
        #expect(try feat("lock", "fraud", "-o", "clean.lock.json", in: repo.path).status == 0)
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.write("vocab/channels.txt", "web\nios\nandroid\n")
        let refused = try feat("lock", "fraud", "-o", "dirty.lock.json", in: repo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("features/a.yaml") && refused.stderr.contains("vocab/channels.txt"))
        #expect(refused.stderr.contains("--allow-dirty"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/dirty.lock.json"))
        let allowed = try feat("lock", "fraud", "-o", "dirty.lock.json", "--allow-dirty", in: repo.path)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let lock = try lockJSON(repo, "dirty.lock.json")
        #expect(lock["dirty"] as? Bool == true)
        let a = try #require(read(lock, "a"))
        let window = ((a["definition"] as? [String: Any])?["aggregation"] as? [String: Any])?["window"]
        #expect(window as? String == "30d")
        let hashed = try repo.git(["hash-object", "features/a.yaml"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(a["blob"] as? String == hashed, "a working-tree file is named by the blob it would become")
    }

    @Test("--rev locks the definitions at a revision, whatever the working tree holds")
    func lockAtRevision() throws {
        let repo = try repository()
        let first = try repo.head()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("a's window is 30 days")
        try repo.write("features/a.yaml", "not: [a feature\n")
        let r = try feat("lock", "fraud", "--rev", first, "-o", "old.lock.json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lock = try lockJSON(repo, "old.lock.json")
        #expect(lock["commit"] as? String == first && lock["dirty"] as? Bool == false)
        let a = try #require(read(lock, "a"))
        #expect(((a["definition"] as? [String: Any])?["aggregation"] as? [String: Any])?["window"] as? String == "7d")
    }

    @Test("a derived read locks its inputs too; an upstream change reaches it in diff LOCK, the gate and lock --check")
    func inputsAreLocked() throws {
        let repo = try repository()
        try repo.write(
            "features/ratio.yaml",
            """
            feature: ratio
            version: 1
            stage: candidate
            kind: aggregation
            owner: risk@example.com
            hypothesis: Twice the velocity.
            description: Derived from a.
            evidence:
              - {date: 2026-01-02, metric: auc_lift, value: 0.004}
            entity: [user_id]
            type: float64
            inputs:
              - {feature: a, as: a7}
            source: {expression: "a7 * 2"}
            aggregation: {function: sum, column: a7, window: 1d}

            """)
        try repo.commit("ratio, derived from a")
        #expect(try feat("lock", "--features", "ratio", "-o", "model.lock.json", in: repo.path).status == 0)
        let ratio = try #require(read(try lockJSON(repo, "model.lock.json"), "ratio"))
        let input = try #require((ratio["inputs"] as? [[String: Any]])?.first)
        #expect(input["feature"] as? String == "a" && input["path"] as? String == "features/a.yaml")
        #expect((input["digest"] as? String)?.hasPrefix("sha256:") == true && input["definition"] is [String: Any])

        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        let refused = try feat("lock", "--features", "ratio", "-o", "again.lock.json", in: repo.path)
        #expect(refused.status == 2 && refused.stderr.contains("features/a.yaml"), "an input's file is pinned too")
        let diff = try feat("diff", "model.lock.json", "--format", "json", in: repo.path)
        let derived = (diff.json["features"] as? [[String: Any]])?.first { $0["feature"] as? String == "ratio" }
        let upstream = (derived?["changes"] as? [[String: Any]])?.first
        #expect(upstream?["field"] as? String == "inputs[a7]" && upstream?["impact"] as? String == "meaning")
        let gate = try feat("check", "--lock", "model.lock.json", "--format", "json", in: repo.path)
        #expect(gate.status == 1)
        #expect(gateRead(gate, "ratio")?["impact"] as? String == "meaning")
        let check = try feat("lock", "--check", "-o", "model.lock.json", "--format", "json", in: repo.path)
        #expect(check.status == 1)
        #expect(gateRead(check, "ratio")?["differs"] as? [String] == ["inputs"])
    }

    // MARK: feat lock --check

    @Test("lock --check: a comment-only edit is not drift; a window change is stale (exit 1) with the JSON shape")
    func checkComparesDigestsNotBlobs() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        try repo.commit("the lock")
        try repo.write("features/a.yaml", "# Owned by risk.\n" + featureYAML("a", stage: "shadow") + "# end\n")
        try repo.commit("a comment")
        let comment = try feat("lock", "--check", "fraud", "--format", "json", in: repo.path)
        #expect(comment.status == 0, "\(comment.stdout)")
        #expect(comment.json["ok"] as? Bool == true)
        #expect(comment.json["lock"] as? String == "consumers/fraud.lock.json")
        let statuses = (comment.json["reads"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        #expect(statuses == ["current", "current"])

        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.write("vocab/channels.txt", "web\nios\nandroid\n")
        let stale = try feat("lock", "--check", "fraud", "--format", "json", in: repo.path)
        #expect(stale.status == 1)
        #expect(stale.json["ok"] as? Bool == false)
        let a = try #require(gateRead(stale, "a"))
        #expect(a["status"] as? String == "stale" && a["version"] as? Int == 1)
        #expect(a["differs"] as? [String] == ["digest"])
        let channel = try #require(gateRead(stale, "channel"))
        #expect(channel["differs"] as? [String] == ["digest", "files"])
        let text = try feat("lock", "--check", "fraud", in: repo.path)
        #expect(text.status == 1 && text.stdout.contains("a  stale") && text.stdout.contains("out of date"))
    }

    @Test("a lock written by another feat version is compared by the semantic diff, not by digest")
    func otherVersionComparesByMeaning() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        let path = repo.path + "/consumers/fraud.lock.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let stamp = try #require(text.firstRange(of: #/"feat": "[^"]*"/#))
        try text.replacingCharacters(in: stamp, with: "\"feat\": \"0.0.1\"").write(
            toFile: path, atomically: true, encoding: .utf8)
        let same = try feat("lock", "--check", "fraud", in: repo.path)
        #expect(same.status == 0, "\(same.stdout)")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        let changed = try feat("lock", "--check", "fraud", "--format", "json", in: repo.path)
        #expect(changed.status == 1)
        #expect(gateRead(changed, "a")?["differs"] as? [String] == ["digest"])
    }

    @Test("lock --check names reads added to the consumer and reads it dropped")
    func checkAddedAndMissing() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        try repo.write("consumers/fraud.yaml", Self.consumer("fraud", reads: ["unrelated", "a"]))
        let r = try feat("lock", "--check", "fraud", "--format", "json", in: repo.path)
        #expect(r.status == 1)
        #expect(gateRead(r, "unrelated")?["status"] as? String == "added")
        #expect(gateRead(r, "channel")?["status"] as? String == "missing")
        #expect(gateRead(r, "channel")?["differs"] as? [String] == ["identity"])
        #expect(gateRead(r, "a")?["status"] as? String == "current")
    }

    // MARK: feat diff LOCK

    @Test("feat diff LOCK after a squash into a new root: the lock's commit is gone and the diff still grades")
    func diffAfterSquash() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", "-o", "model.lock.json", in: repo.path).status == 0)
        let locked = try repo.head()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("a's window is 30 days")
        // Squash everything into a new root and forget the old history.
        try repo.git(["checkout", "-q", "--orphan", "squashed"])
        try repo.commit("one commit")
        try repo.git(["branch", "-D", "main"])
        try repo.git(["reflog", "expire", "--expire=now", "--all"])
        try repo.git(["gc", "-q", "--prune=now"])
        #expect(throws: FixtureError.self) { try repo.git(["cat-file", "-e", locked]) }

        let r = try feat("diff", "model.lock.json", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let base = try #require(r.json["base"] as? [String: Any])
        #expect(base["lock"] as? String == "model.lock.json")
        #expect(base["commit"] as? String == locked)
        #expect(base["feat"] is String)
        #expect(r.json["head"] as? String == "worktree")
        let features = r.json["features"] as? [[String: Any]] ?? []
        #expect(features.count == 1, "only the locked reads that changed: \(features)")
        let a = try #require(features.first)
        #expect(a["feature"] as? String == "a" && a["impact"] as? String == "meaning")
        let change = (a["changes"] as? [[String: Any]])?.first
        #expect(change?["field"] as? String == "aggregation.window")
        #expect(change?["before"] as? String == "7d" && change?["after"] as? String == "30d")

        let atHead = try feat("diff", "model.lock.json", "HEAD", "--format", "json", in: repo.path)
        #expect(atHead.json["head"] as? String == (try repo.head()))
        let gate = try feat("check", "--lock", "model.lock.json", "--format", "json", in: repo.path)
        #expect(gate.status == 1)
        #expect(gateRead(gate, "a")?["impact"] as? String == "meaning")
    }

    @Test("feat diff LOCK and check --lock in a shallow clone of depth 1")
    func shallowClone() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        try repo.commit("the lock")
        for window in ["14d", "30d"] {
            try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: window))
            try repo.commit("a's window is \(window)")
        }
        let clone = repo.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repo.git(["clone", "-q", "--depth", "1", "file://" + repo.path, clone])
        #expect(try repo.git(["rev-parse", "--is-shallow-repository"], in: clone).contains("true"))
        let diff = try feat("diff", "consumers/fraud.lock.json", "--format", "json", in: clone)
        #expect(diff.status == 0, "\(diff.stderr)")
        let a = (diff.json["features"] as? [[String: Any]])?.first
        #expect(a?["feature"] as? String == "a" && a?["impact"] as? String == "meaning")
        let gate = try feat("check", "--lock", "consumers/fraud.lock.json", "--max-impact", "meaning", in: clone)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
    }

    @Test("a path that is both a lock file and a revision is read as the file, with a warning; --lock says so")
    func fileAndRevision() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", "-o", "trained", in: repo.path).status == 0)
        try repo.git(["branch", "trained"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        let r = try feat("diff", "trained", "--format", "json", in: repo.path)
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning") && r.stderr.contains("both a file and a revision"), "\(r.stderr)")
        #expect((r.json["base"] as? [String: Any])?["lock"] as? String == "trained")
        let explicit = try feat("diff", "--lock", "trained", "--format", "json", in: repo.path)
        #expect(explicit.status == 0 && !explicit.stderr.contains("warning"))
        #expect((explicit.json["base"] as? [String: Any])?["lock"] as? String == "trained")
        // A file that is no lock leaves the argument a revision.
        try repo.write("HEAD~0", "{\"not\": \"a lock\"}\n")
        let revision = try feat("diff", "HEAD~0", "--format", "json", in: repo.path)
        #expect(revision.json["base"] as? String == (try repo.head()))
    }

    // MARK: feat check --lock

    @Test("int32 → int64 fails the deploy gate (the input signature was fixed) and passes with --allow-widening")
    func wideningFailsTheGate() throws {
        let repo = try featureRepo()
        let int32 = featureYAML("a", stage: "shadow").replacingOccurrences(of: "type: int64", with: "type: int32")
        try repo.write("features/a.yaml", int32)
        try repo.commit("a as int32")
        #expect(try feat("lock", "--features", "a", "-o", "model.lock.json", in: repo.path).status == 0)
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        let diff = try feat("diff", "model.lock.json", "--format", "json", in: repo.path)
        #expect((diff.json["features"] as? [[String: Any]])?.first?["impact"] as? String == "compatible")
        let strict = try feat("check", "--lock", "model.lock.json", "--format", "json", in: repo.path)
        #expect(strict.status == 1)
        let a = try #require(gateRead(strict, "a"))
        #expect(a["status"] as? String == "modified" && a["impact"] as? String == "breaking")
        let change = (a["changes"] as? [[String: Any]])?.first
        #expect(change?["field"] as? String == "type" && change?["impact"] as? String == "breaking")
        #expect((change?["message"] as? String)?.contains("input signature") == true)
        let widening = try feat("check", "--lock", "model.lock.json", "--allow-widening", in: repo.path)
        #expect(widening.status == 0, "\(widening.stdout)")
    }

    @Test("a window change fails the gate with exit 1 and the SPEC §8 JSON; --max-impact meaning lets it pass")
    func windowChangeFailsTheGate() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        try repo.commit("the lock")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("a's window is 30 days")
        let head = try repo.head()
        let r = try feat(
            "check", "--lock", "consumers/fraud.lock.json", "--rev", "HEAD", "--format", "json", in: repo.path)
        #expect(r.status == 1)
        #expect(r.json["lock"] as? String == "consumers/fraud.lock.json")
        #expect(r.json["rev"] as? String == head)
        #expect(r.json["ok"] as? Bool == false)
        #expect(r.json["max_impact"] as? String == "compatible")
        let a = try #require(gateRead(r, "a"))
        #expect(
            a["version"] as? Int == 1 && a["status"] as? String == "modified" && a["impact"] as? String == "meaning")
        let change = try #require((a["changes"] as? [[String: Any]])?.first)
        #expect(change["field"] as? String == "aggregation.window" && change["impact"] as? String == "meaning")
        let channel = try #require(gateRead(r, "channel"))
        #expect(channel["status"] as? String == "unchanged" && channel["impact"] is NSNull)
        #expect((channel["changes"] as? [Any])?.isEmpty == true)

        let text = try feat("check", "--lock", "consumers/fraud.lock.json", in: repo.path)
        #expect(text.status == 1 && text.stdout.contains("fails"), "\(text.stdout)")
        let markdown = try feat("check", "--lock", "consumers/fraud.lock.json", "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("| a | 1 | modified | **meaning** | **fails** |"), "\(markdown.stdout)")
        let meaning = try feat("check", "--lock", "consumers/fraud.lock.json", "--max-impact", "meaning", in: repo.path)
        #expect(meaning.status == 0, "\(meaning.stdout)")
    }

    @Test("a moved file with the same definition is unchanged; a removed or unreadable read fails the gate")
    func movedRemovedUnreadable() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        try FileManager.default.createDirectory(atPath: repo.path + "/features/risk", withIntermediateDirectories: true)
        try repo.git(["mv", "features/a.yaml", "features/risk/a.yaml"])
        let moved = try feat("check", "--lock", "consumers/fraud.lock.json", "--format", "json", in: repo.path)
        #expect(moved.status == 0, "\(moved.stdout)")
        #expect(gateRead(moved, "a")?["status"] as? String == "unchanged")

        // Broken where it moved: no file holds `a` any more, and the gate names the suspect.
        try repo.write("features/risk/a.yaml", "feature: a\nstage: [shadow\n")
        let elsewhere = try feat("check", "--lock", "consumers/fraud.lock.json", "--format", "json", in: repo.path)
        #expect(elsewhere.status == 1)
        #expect(gateRead(elsewhere, "a")?["status"] as? String == "removed")
        #expect((gateRead(elsewhere, "a")?["problem"] as? String)?.contains("features/risk/a.yaml") == true)

        try repo.remove("features/risk/a.yaml")
        let removed = try feat("check", "--lock", "consumers/fraud.lock.json", "--format", "json", in: repo.path)
        #expect(removed.status == 1)
        #expect(gateRead(removed, "a")?["status"] as? String == "removed")
        #expect(gateRead(removed, "a")?["problem"] == nil)

        // Broken in place: unreadable, with the file and line.
        try repo.write("features/a.yaml", "feature: a\nstage: [shadow\n")
        let unreadable = try feat("check", "--lock", "consumers/fraud.lock.json", "--format", "json", in: repo.path)
        #expect(unreadable.status == 1)
        #expect(gateRead(unreadable, "a")?["status"] as? String == "unreadable")
        #expect((gateRead(unreadable, "a")?["problem"] as? String)?.hasPrefix("features/a.yaml:") == true)
        let diff = try feat("diff", "consumers/fraud.lock.json", in: repo.path)
        #expect(diff.status == 1, "an unreadable read was not compared: \(diff.stdout)")
    }

    @Test("a read moved to an exit stage is a notice with stage and sunset; left_from makes a move back reinstated")
    func exitStageNotice() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production")
        #expect(try feat("lock", "--features", "a", "-o", "production.lock.json", in: repo.path).status == 0)
        let deprecated =
            featureYAML("a", stage: "production").replacingOccurrences(
                of: "stage: production", with: "stage: deprecated")
            + "deprecation: {reason: replaced by a_v2, sunset: 2026-03-01}\n"
        try repo.write("features/a.yaml", deprecated)
        try repo.commit("a deprecated")
        let r = try feat("check", "--lock", "production.lock.json", "--format", "json", in: repo.path)
        let a = try #require(gateRead(r, "a"))
        #expect(a["stage"] as? String == "deprecated" && a["sunset"] as? String == "2026-03-01", "\(a)")
        #expect((a["events"] as? [[String: Any]])?.first?["event"] as? String == "deprecated")
        let text = try feat("check", "--lock", "production.lock.json", in: repo.path)
        #expect(text.stdout.contains("now deprecated, sunset 2026-03-01"), "\(text.stdout)")

        // Locked while deprecated: the lock records the stage it left, so going back is a reinstatement.
        #expect(try feat("lock", "--features", "a", "-o", "deprecated.lock.json", in: repo.path).status == 0)
        let lock = try lockJSON(repo, "deprecated.lock.json")
        #expect(read(lock, "a")?["left_from"] as? String == "production")
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        let back = try feat("diff", "deprecated.lock.json", "--format", "json", in: repo.path)
        let event = ((back.json["features"] as? [[String: Any]])?.first?["events"] as? [[String: Any]])?.first
        #expect(event?["event"] as? String == "reinstated", "\(back.stdout)")
    }

    @Test(
        "a lock that cannot be read exits 2 with one clear line naming why",
        arguments: [
            ("{\"lock\": 1, \"reads\": [", "not JSON"),
            ("[1, 2]", "not a lock"),
            ("{\"reads\": []}", "no \"lock\" key"),
            ("{\"lock\": 7, \"feat\": \"9.0.0\", \"reads\": []}", "lock format 7 is newer"),
            (
                "{\"lock\": 1, \"reads\": [{\"feature\": \"a\", \"path\": \"features/a.yaml\", \"digest\": \"sha256:0\"}]}",
                "has no \"definition\""
            ),
        ])
    func corruptLock(text: String, reason: String) throws {
        let repo = try repository()
        try repo.write("bad.lock.json", text)
        let r = try feat("check", "--lock", "bad.lock.json", in: repo.path)
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && r.stderr.contains("bad.lock.json") && r.stderr.contains(reason), "\(r.stderr)")
        #expect(try feat("diff", "--lock", "bad.lock.json", in: repo.path).status == 2)
        let json = try feat("check", "--lock", "bad.lock.json", "--format", "json", in: repo.path)
        #expect(json.status == 2)
        #expect(json.json["ok"] is NSNull)
        #expect((json.json["error"] as? [String: Any])?["kind"] as? String == "lock")
    }

    @Test("a lock edited by hand no longer matches its digest: exit 2, write it again")
    func editedLock() throws {
        let repo = try repository()
        #expect(try feat("lock", "fraud", in: repo.path).status == 0)
        let path = repo.path + "/consumers/fraud.lock.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"window\": \"7d\"", with: "\"window\": \"30d\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try feat("check", "--lock", "consumers/fraud.lock.json", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("digest does not match"), "\(r.stderr)")
    }
}
