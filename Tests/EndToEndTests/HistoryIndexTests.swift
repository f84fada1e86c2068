import FeatTestSupport
import Foundation
import Testing

/// The history index: a second run reads only what is new, and never answers otherwise than a
/// run without it.
@Suite("The history index saves work and never changes an answer")
struct HistoryIndexTests {
    /// `a` goes explore → candidate → shadow, `b` arrives, over four commits.
    func promoted() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a to candidate")
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("b")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a to shadow")
        return repo
    }

    /// `feat history --format json` with the phase profile, which says how many commits the
    /// index did not hold.
    func profiled(_ repo: GitFixture, env: [String: String] = [:]) throws -> (json: Run.Result, unindexed: Int?) {
        var env = env
        env["FEAT_PROFILE"] = "1"
        let r = try FeatBinary.run(["history", "--format", "json"], in: repo.path, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        return (r, Self.unindexed(r.stderr))
    }

    /// The "N not indexed" figure of the profile's chain line.
    static func unindexed(_ stderr: String) -> Int? {
        guard let line = stderr.split(separator: "\n").first(where: { $0.contains("not indexed") }),
            let comma = line.range(of: ", "), let end = line.range(of: " not indexed")
        else { return nil }
        return Int(line[comma.upperBound..<end.lowerBound])
    }

    func reference(_ repo: GitFixture) throws -> String {
        let r = try FeatBinary.run(["history", "--format", "json", "--no-index"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"features\""), "\(r.stdout)")
        return r.stdout
    }

    func indexFiles(_ repo: GitFixture) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/feat")) ?? []
        return names.filter { $0.hasSuffix(".idx") }.sorted().map { repo.path + "/.git/feat/" + $0 }
    }

    @Test("a second run reads no commit again; after new commits it reads only those; answers stay the same")
    func resumes() throws {
        let repo = try promoted()
        let cold = try profiled(repo)
        #expect(cold.unindexed == 4)
        #expect(indexFiles(repo).count == 1)
        let warm = try profiled(repo)
        #expect(warm.unindexed == 0)
        #expect(warm.json.stdout == cold.json.stdout)
        #expect(warm.json.stdout == (try reference(repo)))

        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.commit("b to candidate")
        try repo.commit("nothing")
        let extended = try profiled(repo)
        #expect(extended.unindexed == 2)
        #expect(extended.json.stdout == (try reference(repo)))
        #expect(stages(transitions(extended.json, "b")) == ["null→explore", "explore→candidate"])
        #expect(try profiled(repo).unindexed == 0)
    }

    @Test("the commits the index does not hold, split across worker processes, continue from the indexed tree")
    func resumesInWorkers() throws {
        let repo = try promoted()
        _ = try profiled(repo)
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a to production")
        try repo.commit("nothing")
        try repo.remove("features/b.yaml")
        try repo.commit("b removed")
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("c")
        let split = try profiled(repo, env: ["FEAT_WORKERS": "3"])
        #expect(split.unindexed == 4)
        #expect(split.json.stderr.contains("3 processes"), "\(split.json.stderr)")
        #expect(split.json.stdout == (try reference(repo)))
        #expect(stages(transitions(split.json, "a")).last == "shadow→production")
        #expect(stages(transitions(split.json, "b")) == ["null→explore", "explore→null"])
    }

    @Test("asking about an older commit and then the head again gives each its own answer from the index")
    func olderThenHead() throws {
        let repo = try promoted()
        let head = try profiled(repo)
        var env = ["FEAT_PROFILE": "1"]
        let older = try FeatBinary.run(["history", "--format", "json", "--rev", "HEAD~2"], in: repo.path, env: env)
        #expect(older.status == 0)
        #expect(Self.unindexed(older.stderr) == 0, "the older commit's chain is all indexed")
        env["FEAT_NO_INDEX"] = "1"
        let olderPlain = try FeatBinary.run(
            ["history", "--format", "json", "--rev", "HEAD~2"], in: repo.path, env: env)
        #expect(older.stdout == olderPlain.stdout)
        #expect(stages(transitions(older, "a")) == ["null→explore", "explore→candidate"])
        let again = try profiled(repo)
        #expect(again.unindexed == 0)
        #expect(again.json.stdout == head.json.stdout)
        #expect(stages(transitions(again.json, "a")) == ["null→explore", "explore→candidate", "candidate→shadow"])
    }

    @Test("list --at a date finds the same commit through the index as without it")
    func pointInTime() throws {
        let repo = try promoted()
        _ = try profiled(repo)
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.commit("b to candidate")
        let dates = try repo.git(["log", "--first-parent", "--format=%cI"]).split(separator: "\n").map(String.init)
        #expect(dates.count == 5)
        // The second commit's date: a is candidate, b not yet there; found in the indexed part.
        for (date, expected) in [(dates[3], "candidate"), (dates[0], "shadow")] {
            let indexed = try FeatBinary.run(["list", "--at", date, "--format", "json"], in: repo.path)
            let plain = try FeatBinary.run(
                ["list", "--at", date, "--format", "json"], in: repo.path,
                env: ["FEAT_NO_INDEX": "1"])
            #expect(indexed.status == 0, "\(indexed.stderr)")
            #expect(indexed.stdout == plain.stdout)
            #expect(indexed.stdout.contains("\"\(expected)\""), "\(date): \(indexed.stdout)")
        }
        #expect(
            !(try FeatBinary.run(["list", "--at", dates[3], "--format", "json"], in: repo.path)).stdout
                .contains("\"b\""))
        let before = try FeatBinary.run(["list", "--at", "2000-01-01"], in: repo.path)
        let beforePlain = try FeatBinary.run(
            ["list", "--at", "2000-01-01"], in: repo.path, env: ["FEAT_NO_INDEX": "1"])
        #expect(before.status != 0)
        #expect(before.status == beforePlain.status)
        #expect(before.stderr == beforePlain.stderr)
    }

    @Test("a run interrupted while writing leaves no index behind, and its leftover is cleared later")
    func interrupted() throws {
        let repo = try promoted()
        _ = try profiled(repo)
        // What a run killed mid-write leaves: a partial temporary file, never the index itself.
        let stale = repo.path + "/.git/feat/.history-99999-1.tmp"
        let recent = repo.path + "/.git/feat/.history-99999-2.tmp"
        try Data("FEATHIX\u{0}partial".utf8).write(to: URL(fileURLWithPath: stale))
        try Data("FEATHIX\u{0}partial".utf8).write(to: URL(fileURLWithPath: recent))
        let twoHoursAgo = Date().addingTimeInterval(-7200)
        try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: stale)
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.commit("b to candidate")
        let run = try profiled(repo)
        #expect(run.unindexed == 1)
        #expect(run.json.stdout == (try reference(repo)))
        #expect(!FileManager.default.fileExists(atPath: stale), "two hours old: cleared")
        #expect(FileManager.default.fileExists(atPath: recent), "recent: perhaps a run still writing it")
        #expect(try profiled(repo).unindexed == 0)
    }

    @Test("check's dwell time (FEAT005) reads the same stage history through the index")
    func checkDwell() throws {
        let repo = try featureRepo()
        try repo.write("features/f.yaml", featureYAML("f", stage: "candidate"))
        try repo.commit("f", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("features/f.yaml", featureYAML("f", stage: "shadow"))
        try repo.commit("f to shadow", date: "2026-01-06T10:00:00Z")
        try repo.git(["checkout", "-q", "main"])
        let merge = repo.environment(date: ISO8601DateFormatter().date(from: "2026-01-10T10:00:00Z"))
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], env: merge)
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/f.yaml", featureYAML("f", stage: "production"))
        try repo.commit("f to production", date: "2026-01-12T10:00:00Z")
        let args = ["check", "--base", "main", "--now", "2026-01-16T12:00:00Z", "--format", "json"]
        let plain = try FeatBinary.run(args, in: repo.path, env: ["FEAT_NO_INDEX": "1"])
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("FEAT005"), "\(plain.stdout)")
        #expect(plain.stdout.contains("since 2026-01-10"), "\(plain.stdout)")
        for run in 0..<2 {
            let indexed = try FeatBinary.run(args, in: repo.path)
            #expect(indexed.status == plain.status, "run \(run)")
            #expect(indexed.stdout == plain.stdout, "run \(run)")
        }
        #expect(indexFiles(repo).count == 1, "check keeps the base's history in the index")
    }

    @Test("two feature roots in one repository keep separate indexes: the prefix is part of the key")
    func prefixKey() throws {
        let repo = try GitFixture()
        for root in ["ml", "risk"] {
            try repo.write(root + "/.featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
            try repo.write(root + "/features/x.yaml", featureYAML("x", stage: "explore"))
        }
        try repo.commit("two roots")
        for (root, stage) in [("ml", "candidate"), ("risk", "shadow")] {
            try repo.write(root + "/features/x.yaml", featureYAML("x", stage: stage))
            try repo.commit(root + " promotes x")
        }
        for (root, last) in [("ml", "explore→candidate"), ("risk", "explore→shadow"), ("ml", "explore→candidate")] {
            let dir = repo.path + "/" + root
            let indexed = try FeatBinary.run(["history", "--format", "json"], in: dir)
            let plain = try FeatBinary.run(["history", "--format", "json", "--no-index"], in: dir)
            #expect(indexed.status == 0, "\(indexed.stderr)")
            #expect(indexed.stdout == plain.stdout, "\(root)")
            #expect(stages(transitions(indexed, "x")).last == last, "\(root)")
        }
        #expect(indexFiles(repo).count == 2)
    }

    @Test("an index no run has written for 30 days (an older feat's) is cleared; a recent other one stays")
    func oldIndexesCleared() throws {
        let repo = try promoted()
        _ = try profiled(repo, env: ["FEAT_INDEX_VERSION_SALT": "old"])
        _ = try profiled(repo, env: ["FEAT_INDEX_VERSION_SALT": "recent"])
        let files = indexFiles(repo)
        #expect(files.count == 2)
        guard let old = files.first, let recent = files.last else { return }
        let longAgo = Date().addingTimeInterval(-31 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: old)
        #expect(try profiled(repo).unindexed == 4)
        #expect(indexFiles(repo).count == 2, "the old one gone, this version's written: \(indexFiles(repo))")
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: recent))
    }

    @Test("--no-index and FEAT_NO_INDEX=1 neither read nor write the index")
    func bypass() throws {
        let repo = try promoted()
        _ = try reference(repo)
        let env = try FeatBinary.run(["history", "--format", "json"], in: repo.path, env: ["FEAT_NO_INDEX": "1"])
        #expect(env.status == 0)
        #expect(indexFiles(repo).isEmpty, "nothing written when bypassed")
        _ = try profiled(repo)
        #expect(try profiled(repo, env: ["FEAT_NO_INDEX": "1"]).unindexed == 4, "the index is there but not read")
    }

    @Test("changed feature folders do not use the index made for the old ones")
    func foldersKey() throws {
        let repo = try promoted()
        try repo.write("more/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("c outside the feature folders")
        #expect(try profiled(repo).unindexed == 5)
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, more]\n")
        try repo.commit("more is a feature folder")
        let widened = try profiled(repo)
        #expect(widened.unindexed == 6, "a new set of folders starts its own index")
        #expect(widened.json.stdout == (try reference(repo)))
        #expect(stages(transitions(widened.json, "c")) == ["null→explore"])
        #expect(indexFiles(repo).count == 2)
    }

    @Test("another feat version does not use the index (FEAT_INDEX_VERSION_SALT stands for one)")
    func versionKey() throws {
        let repo = try promoted()
        #expect(try profiled(repo).unindexed == 4)
        let other = try profiled(repo, env: ["FEAT_INDEX_VERSION_SALT": "next"])
        #expect(other.unindexed == 4)
        #expect(other.json.stdout == (try reference(repo)))
        #expect(try profiled(repo, env: ["FEAT_INDEX_VERSION_SALT": "next"]).unindexed == 0)
    }

    @Test("a rewritten history (amend, reset) is read anew: old entries do not speak for new commits")
    func rewritten() throws {
        let repo = try promoted()
        _ = try profiled(repo)
        // The last commit said shadow; its amended replacement says production, same parent.
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.git(["commit", "-q", "-a", "--amend", "-m", "a to production"])
        let amended = try profiled(repo)
        #expect(amended.unindexed == 1)
        #expect(
            stages(transitions(amended.json, "a"))
                == ["null→explore", "explore→candidate", "candidate→production"])
        #expect(amended.json.stdout == (try reference(repo)))
        // Back two commits and another way forward.
        try repo.git(["reset", "-q", "--hard", "HEAD~2"])
        try repo.remove("features/a.yaml")
        try repo.commit("a removed")
        let reset = try profiled(repo)
        #expect(reset.unindexed == 1)
        #expect(stages(transitions(reset.json, "a")) == ["null→explore", "explore→candidate", "candidate→null"])
        #expect(transitions(reset.json, "b").isEmpty)
        #expect(reset.json.stdout == (try reference(repo)))
    }

    @Test("a garbage, truncated or altered index file is ignored, the answer is the same, and it is rebuilt")
    func corrupt() throws {
        let repo = try promoted()
        let expected = try reference(repo)
        _ = try profiled(repo)
        guard let file = indexFiles(repo).first, let good = FileManager.default.contents(atPath: file) else {
            Issue.record("no index written")
            return
        }
        var altered = good
        altered[good.count / 2] ^= 0x5A
        let damages: [(String, Data)] = [
            ("garbage", Data((0..<good.count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })),
            ("truncated", good.prefix(good.count / 2)),
            ("empty", Data()),
            ("one byte altered", altered),
            ("another program's file", Data("FEATHIX\u{0}".utf8) + good.dropFirst(8).prefix(4) + Data("{}".utf8)),
        ]
        for (name, damage) in damages {
            try damage.write(to: URL(fileURLWithPath: file))
            let run = try profiled(repo)
            #expect(run.unindexed == 4, "\(name): not trusted")
            #expect(run.json.stdout == expected, "\(name): same answer")
            #expect(FileManager.default.contents(atPath: file) == good, "\(name): rebuilt")
            #expect(try profiled(repo).unindexed == 0, "\(name): used again once rebuilt")
        }
    }

    @Test("two runs at once both answer right and leave a valid index")
    func concurrent() throws {
        let repo = try promoted()
        for i in 0..<30 {
            try repo.write("features/f\(i).yaml", featureYAML("f\(i)", stage: i % 2 == 0 ? "explore" : "candidate"))
            try repo.commit("f\(i)")
        }
        let expected = try reference(repo)
        for round in 0..<3 {
            if round > 0 {
                try repo.write("features/f\(round).yaml", featureYAML("f\(round)", stage: "shadow"))
                try repo.commit("f\(round) to shadow")
            }
            let want = round == 0 ? expected : try reference(repo)
            nonisolated(unsafe) var results: [Run.Result?] = [nil, nil]
            let lock = NSLock()
            let group = DispatchGroup()
            for slot in 0..<2 {
                group.enter()
                DispatchQueue.global().async {
                    let result = try? FeatBinary.run(["history", "--format", "json"], in: repo.path)
                    lock.lock()
                    results[slot] = result
                    lock.unlock()
                    group.leave()
                }
            }
            group.wait()
            for result in results {
                #expect(result?.status == 0)
                #expect(result?.stdout == want, "round \(round)")
            }
            #expect(try profiled(repo).unindexed == 0, "round \(round): the index left behind is whole and current")
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/feat")) ?? []
            #expect(leftovers.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(leftovers)")
        }
    }

    @Test("a repository where the index cannot be written still answers, silently")
    func readOnly() throws {
        let repo = try promoted()
        let expected = try reference(repo)
        // A file where the index folder would go: no folder, no index (this holds even for root,
        // whom permissions do not stop); and the git directory itself read-only.
        try repo.write(".git/feat", "not a folder")
        try repo.git(["config", "core.sharedRepository", "false"])
        _ = try Run.process("/bin/chmod", ["-R", "a-w", repo.path + "/.git"], in: repo.path)
        defer { _ = try? Run.process("/bin/chmod", ["-R", "u+w", repo.path + "/.git"], in: repo.path) }
        for _ in 0..<2 {
            let r = try FeatBinary.run(["history", "--format", "json"], in: repo.path)
            #expect(r.status == 0)
            #expect(r.stdout == expected)
            #expect(r.stderr.isEmpty, "\(r.stderr)")
        }
        #expect((try? repo.read(".git/feat")) == "not a folder")
    }

    @Test("a shallow clone neither uses nor writes an index: its oldest commit is no full history")
    func shallow() throws {
        let repo = try promoted()
        let clone = repo.path + "-shallow"
        _ = try repo.git(["clone", "-q", "--depth", "2", "file://" + repo.path, clone])
        defer { try? FileManager.default.removeItem(atPath: clone) }
        let r = try FeatBinary.run(["history", "--format", "json"], in: clone)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("shallow clone"))
        #expect(!FileManager.default.fileExists(atPath: clone + "/.git/feat"))
    }

    @Test("the index keeps authors as written: a .mailmap added later still renames them, merges included")
    func mailmapLater() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("a", author: "bob", email: "bob@old.example")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a to candidate", author: "bob", email: "bob@old.example")
        try repo.git(["checkout", "-q", "main"])
        let merger = repo.environment(author: "al", email: "al@old.example")
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], env: merger)
        let before = try profiled(repo)
        #expect(before.unindexed == 2)
        #expect((transitions(before.json, "a").last?["author"] as? [String: Any])?["name"] as? String == "bob")
        try repo.write(".mailmap", "Bob Builder <bob@new.example> <bob@old.example>\nAlice Merger <al@old.example>\n")
        try repo.commit("mailmap")
        let after = try profiled(repo)
        #expect(after.unindexed == 1)
        #expect(after.json.stdout == (try reference(repo)))
        let last = transitions(after.json, "a").last ?? [:]
        #expect((last["author"] as? [String: Any])?["name"] as? String == "Bob Builder")
        #expect((last["author"] as? [String: Any])?["email"] as? String == "bob@new.example")
        #expect((last["merged_by"] as? [String: Any])?["name"] as? String == "Alice Merger")
    }
}
