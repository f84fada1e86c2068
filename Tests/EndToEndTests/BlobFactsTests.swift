import FeatTestSupport
import Foundation
import Testing

/// feat remembers, by blob id, what each feature file holds (`.git/feat/blobs.bin`: identity,
/// stage, whether it mentions `vocabulary_file` or `inputs`, whether it is a training target),
/// so that `check` and `lock` need not read every feature file again. These tests hold it to
/// never changing a verdict: warm, cold, switched off, damaged, or written by another feat.
@Suite("Remembered blob facts never change what check and lock find")
struct BlobFactsTests {
    /// main with `a`, `b` and `c`, and a `pr` branch whose first commit touches only `b`.
    func repository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("base", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore", window: "14d"))
        try repo.commit("widen b", date: "2026-01-06T10:00:00Z")
        return repo
    }

    func duplicateFindings(_ repo: GitFixture, env: [String: String] = [:]) throws -> [String] {
        let r = try FeatBinary.run(
            ["check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json"], in: repo.path, env: env)
        let violations = r.json["violations"] as? [[String: Any]] ?? []
        return violations.filter { $0["rule"] as? String == "FEAT002" }.compactMap { $0["path"] as? String }
    }

    var facts: String { "/.git/feat/blobs.bin" }

    @Test("a file copying an unchanged feature's identity is FEAT002 with the facts warm, cold and switched off")
    func duplicateWarmColdAndOff() throws {
        let repo = try repository()
        #expect(try duplicateFindings(repo).isEmpty)
        #expect(FileManager.default.fileExists(atPath: repo.path + facts), "the first check remembers what it read")
        try repo.write("features/copy/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("a second a", date: "2026-01-07T10:00:00Z")
        #expect(try duplicateFindings(repo) == ["features/copy/a.yaml"], "warm")
        #expect(try duplicateFindings(repo, env: ["FEAT_NO_INDEX": "1"]) == ["features/copy/a.yaml"], "off")
        try FileManager.default.removeItem(atPath: repo.path + facts)
        #expect(try duplicateFindings(repo) == ["features/copy/a.yaml"], "cold")
    }

    @Test("facts written by another feat version are not trusted, and a truncated or changed file is ignored")
    func otherVersionAndDamage() throws {
        let repo = try repository()
        try repo.write("features/copy/c.yaml", featureYAML("c", stage: "explore"))
        try repo.commit("a second c", date: "2026-01-07T10:00:00Z")
        let blob = try repo.git(["rev-parse", "main:features/c.yaml"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let id = stride(from: 0, to: blob.count, by: 2).compactMap { i -> UInt8? in
            let start = blob.index(blob.startIndex, offsetBy: i)
            return UInt8(blob[start..<blob.index(start, offsetBy: 2)], radix: 16)
        }
        try #require(id.count == 20)
        // An entry saying c's blob holds `zzz`, as another version of feat might have read it.
        // The file's layout: header, entries, then the body's FNV-1a checksum.
        func file(version: String, entry: [UInt8]) -> [UInt8] {
            let name = Array("zzz".utf8)
            let stage = Array("explore".utf8)
            let body = entry + [0x30, UInt8(name.count)] + name + [1, 0, 0, 0] + [UInt8(stage.count)] + stage
            var sum: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in body { sum = (sum ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let header = Array("FEATBLB1".utf8) + [UInt8(version.utf8.count)] + Array(version.utf8)
            return header + body + (0..<8).map { UInt8(truncatingIfNeeded: sum >> ($0 * 8)) }
        }
        func findings(_ bytes: [UInt8]) throws -> [String] {
            try Data(bytes).write(to: URL(fileURLWithPath: repo.path + facts))
            return try duplicateFindings(repo)
        }
        try FileManager.default.createDirectory(atPath: repo.path + "/.git/feat", withIntermediateDirectories: true)
        #expect(try findings(file(version: "0.0.1-other", entry: id)) == ["features/copy/c.yaml"], "another version")
        let version = try FeatBinary.run(["--version"], in: repo.path).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let written = file(version: version, entry: id)
        #expect(try findings(written).isEmpty, "control: a well-formed file of this version is read")
        #expect(try findings(Array(written.dropLast(3))) == ["features/copy/c.yaml"], "a truncated file")
        for at in [written.count - 20, written.count - 12, written.count - 1] {
            var flipped = written
            flipped[at] ^= 0x01
            #expect(try findings(flipped) == ["features/copy/c.yaml"], "a byte changed at \(at)")
        }
    }

    @Test("lock reads a feature file edited after it was staged, even with its size and modification time put back")
    func lockReadsAnEditedFile() throws {
        let repo = try repository()
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [a]\n")
        try repo.commit("a consumer", date: "2026-01-07T10:00:00Z")
        // Let the index be strictly newer than the files it records, then warm the facts.
        Thread.sleep(forTimeInterval: 0.05)
        try repo.git(["update-index", "--refresh"])
        let first = try FeatBinary.run(["lock", "fraud"], in: repo.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo.path + facts))

        let path = repo.path + "/features/a.yaml"
        let modified = try Run.process("/usr/bin/env", ["stat", "-c", "%.9Y", path], in: repo.path).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try repo.write("features/a.yaml", text.replacingOccurrences(of: "feature: a\n", with: "feature: q\n"))
        let touched = try Run.process("/usr/bin/env", ["touch", "-d", "@" + modified, path], in: repo.path)
        try #require(touched.status == 0, "\(touched.stderr)")
        let now = try Run.process("/usr/bin/env", ["stat", "-c", "%.9Y %s", path], in: repo.path).stdout
        try #require(now.hasPrefix(modified + " "), "the modification time is put back to the nanosecond")
        let again = try FeatBinary.run(["lock", "fraud", "--allow-dirty"], in: repo.path)
        #expect(again.status == 1, "a now holds q: \(again.stdout) \(again.stderr)")
        #expect(again.stderr.contains("no feature a exists in the working tree"), "\(again.stderr)")
    }

    @Test("consumers remembered from an earlier check give the same verdict as parsed, and a damaged file is ignored")
    func consumersWarmColdAndOff() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: fraud-ml@example.com\nreads: [a]\n")
        try repo.write("consumers/board.yaml", "consumer: board\nstage: experiment\nreads: [a]\n")
        try repo.commit("a in production, read by fraud", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        let waiver = "waivers:\n  - {rule: FEAT006, reason: agreed with the model owners, expires: 2026-12-20}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("widen a under a waiver", date: "2026-01-06T10:00:00Z")

        func findings(_ env: [String: String] = [:]) throws -> [String] {
            let r = try FeatBinary.run(
                ["check", "--base", "main", "--now", "2026-12-01T00:00:00Z", "--format", "json"], in: repo.path,
                env: env)
            #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
            let violations = r.json["violations"] as? [[String: Any]] ?? []
            let reach = (r.json["reach"] as? [[String: Any]])?.first?["consumers"] as? [[String: Any]] ?? []
            let named = violations.map { v in
                "\(v["rule"] ?? "") \((v["consumer"] as? [String: Any])?["consumer"] as? String ?? "-")"
            }
            return named.sorted() + reach.map { "reaches \($0["consumer"] ?? "") \($0["stage"] ?? "")" }.sorted()
        }
        let consumers = repo.path + "/.git/feat/consumers.bin"
        let cold = try findings()
        #expect(cold.contains("FEAT014 fraud") && cold.contains("reaches fraud production"), "\(cold)")
        #expect(cold.contains("reaches board experiment"), "\(cold)")
        #expect(FileManager.default.fileExists(atPath: consumers), "the check remembers the consumers it parsed")
        let warm = try findings()
        #expect(warm == cold, "warm")
        let off = try findings(["FEAT_NO_INDEX": "1"])
        #expect(off == cold, "off")
        try Data("FEATCON1 and then nothing that decodes".utf8).write(to: URL(fileURLWithPath: consumers))
        let damaged = try findings()
        #expect(damaged == cold, "damaged")
    }

    @Test(
        "a file whose working-tree bytes are not its blob's (working-tree-encoding) teaches lock nothing: check still finds the duplicate"
    )
    func workingTreeEncodingTeachesNothing() throws {
        let repo = try featureRepo()
        try repo.write(".gitattributes", "features/b.yaml text working-tree-encoding=UTF-16LE\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let utf16 = try #require(featureYAML("b", stage: "explore").data(using: .utf16LittleEndian))
        try repo.write("features/b.yaml", utf16)
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [a]\n")
        try repo.commit("base", date: "2026-01-05T10:00:00Z")
        let blob = try repo.git(["cat-file", "-p", "HEAD:features/b.yaml"])
        try #require(blob.hasPrefix("feature: b"), "git stores the file as UTF-8: \(blob.prefix(40))")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/b2.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("a second b", date: "2026-01-06T10:00:00Z")
        try repo.git(["checkout", "-q", "main"])
        Thread.sleep(forTimeInterval: 0.05)
        try repo.git(["update-index", "--refresh"])
        _ = try FeatBinary.run(["lock", "fraud"], in: repo.path)
        let args = ["check", "--base", "main", "--head", "pr", "--now", "2026-03-01T12:00:00Z", "--format", "json"]
        let r = try FeatBinary.run(args, in: repo.path)
        let duplicates = (r.json["violations"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "FEAT002" }
        #expect(r.status == 1 && duplicates.count == 1, "\(r.stdout) \(r.stderr)")
    }
}
