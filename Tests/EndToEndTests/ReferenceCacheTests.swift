import FeatTestSupport
import Foundation
import Testing

/// `feat diff` remembers, by blob, which feature files mention `vocabulary_file`
/// (`.git/feat/blobs.bin`), so that a range changing files outside the feature folders
/// does not read every feature file again; the answer is the same with it, without it
/// (FEAT_NO_INDEX=1) and when it is cold.
@Suite("The reference cache never changes what diff finds")
struct ReferenceCacheTests {
    @Test(
        "a vocabulary changed alone is found cold, warm and without the cache, also for a feature that newly references one"
    )
    func coldWarmAndNew() throws {
        let repo = try featureRepo()
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.write("vocab/browsers.txt", "chrome\nfirefox\n")
        try repo.write("features/os.yaml", LogTests.osFeature)
        for i in 0..<5 { try repo.write("features/f\(i).yaml", featureYAML("f\(i)", stage: "candidate")) }
        try repo.commit("features", date: "2026-01-05T10:00:00Z")
        try repo.write("vocab/os.txt", "ios\nandroid\n")
        try repo.commit("reorder os")

        func changed(_ env: [String: String] = [:]) throws -> [String] {
            let r = try FeatBinary.run(["diff", "HEAD~1", "HEAD", "--format", "json"], in: repo.path, env: env)
            return (r.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        }
        let cache = repo.path + "/.git/feat/blobs.bin"
        #expect(try changed(["FEAT_NO_INDEX": "1"]) == ["os"])
        #expect(!FileManager.default.fileExists(atPath: cache), "FEAT_NO_INDEX=1 leaves the cache alone")
        #expect(try changed() == ["os"])
        #expect(FileManager.default.fileExists(atPath: cache))
        #expect(try changed() == ["os"], "warm")

        // f0, remembered as mentioning no vocabulary, now references one: a new blob, read again.
        try repo.write(
            "features/f0.yaml",
            LogTests.osFeature.replacingOccurrences(of: "feature: os", with: "feature: f0")
                .replacingOccurrences(of: "vocab/os.txt", with: "vocab/browsers.txt"))
        try repo.commit("f0 becomes a categorical")
        try repo.write("vocab/browsers.txt", "firefox\nchrome\n")
        try repo.commit("reorder browsers")
        #expect(try changed() == ["f0"])
        #expect(try changed(["FEAT_NO_INDEX": "1"]) == ["f0"])
    }

    @Test("an input's meaning change reaches its derived features cold, warm and without the cache")
    func derived() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "shadow"))
        try repo.commit("a and c", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "14d"))
        try repo.commit("widen a")

        func changed(_ env: [String: String] = [:]) throws -> [String] {
            let r = try FeatBinary.run(["diff", "HEAD~1", "HEAD", "--format", "json"], in: repo.path, env: env)
            return (r.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        }
        #expect(try changed() == ["a"])  // c, remembered as naming no inputs
        // c now derives from a: a new blob, read again; then a changes once more.
        try repo.write(
            "features/c.yaml", featureYAML("c", stage: "shadow", extra: "inputs:\n  - {feature: a, as: a_in}\n"))
        try repo.commit("c from a")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow", window: "30d"))
        try repo.commit("widen a again")
        #expect(try changed() == ["a", "c"])
        #expect(try changed() == ["a", "c"], "warm")
        #expect(try changed(["FEAT_NO_INDEX": "1"]) == ["a", "c"])
    }

    @Test("a damaged cache file is ignored and replaced")
    func damaged() throws {
        let repo = try featureRepo()
        try repo.write("vocab/os.txt", "android\nios\n")
        try repo.write("features/os.yaml", LogTests.osFeature)
        try repo.commit("os", date: "2026-01-05T10:00:00Z")
        try repo.write("vocab/os.txt", "ios\nandroid\n")
        try repo.commit("reorder os")
        try FileManager.default.createDirectory(atPath: repo.path + "/.git/feat", withIntermediateDirectories: true)
        try Data("FEATBLB1 not entries".utf8).write(to: URL(fileURLWithPath: repo.path + "/.git/feat/blobs.bin"))
        let r = try FeatBinary.run(["diff", "HEAD~1", "HEAD", "--format", "json"], in: repo.path)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let names = (r.json["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        #expect(names == ["os"])
    }
}
