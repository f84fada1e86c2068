import FeatTestSupport
import Foundation
import Testing

/// A `categorical.vocabulary_file` is part of its feature: a change to the file alone changes
/// the feature, and the file must exist and match its checksum.
@Suite("Referenced vocabulary files are part of the feature")
struct ReferencedFileTests {
    static let devices = "android\nios\nweb\n"

    /// A production one-hot feature whose categories live in `vocab/device_os.txt`.
    func deviceFeature(stage: String = "production", sha256: String? = nil, file: String = "vocab/device_os.txt")
        -> String
    {
        var text = """
            feature: device_os
            version: 1
            stage: \(stage)
            kind: categorical
            owner: growth@example.com
            hypothesis: The device predicts conversion.
            description: Operating system of the device, one-hot encoded.
            evidence:
              - {date: 2026-01-02, metric: auc_lift, value: 0.002}
            entity: [session_id]
            source: {table: web.sessions}
            categorical:
              vocabulary_file: \(file)
              unseen: bucket
              encoding: onehot

            """
        if let sha256 { text += "  vocabulary_sha256: \(sha256)\n" }
        text += """
            time: {event_time: started_at, ttl: 1d}
            backfill: {start: 2025-01-01}
            expectations: {null_rate_max: 0.0}
            sla: {freshness: 1h}
            monitoring: {drift: psi}

            """
        return text
    }

    /// main: the feature in production since January; then a `pr` branch.
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("vocab/device_os.txt", Self.devices)
        try repo.write("features/device_os.yaml", deviceFeature())
        try repo.commit("device_os in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    func changedFeature(_ result: Run.Result) -> [String: Any]? {
        (result.json["features"] as? [[String: Any]])?.first { $0["feature"] as? String == "device_os" }
    }

    @Test("reordering only the vocabulary file is a breaking change in diff and fails check (FEAT006)")
    func reorderedFileAlone() throws {
        let repo = try repository()
        try repo.write("vocab/device_os.txt", "ios\nandroid\nweb\n")
        try repo.commit("reorder the vocabulary")

        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        let change = try #require(changedFeature(diff), "\(diff.stdout)\(diff.stderr)")
        #expect(change["impact"] as? String == "breaking")
        let fields = (change["changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["categorical.vocabulary_file"])

        let text = try feat("diff", "main...HEAD", in: repo.path)
        #expect(!text.stdout.contains("no semantic changes"))
        #expect(text.stdout.contains("device_os"))

        let check = try feat(
            "check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json", in: repo.path)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        let rules = (check.json["violations"] as? [[String: Any]] ?? []).map {
            "\($0["rule"] ?? "")/\($0["severity"] ?? "")"
        }
        #expect(rules.contains("FEAT006/error"))
    }

    @Test("a vocabulary file that only gains CRLF line endings or loses its final newline is no change")
    func lineEndingsAreNoChange() throws {
        let repo = try repository()
        try repo.write("vocab/device_os.txt", "android\r\nios\r\nweb")
        try repo.commit("CRLF, no final newline")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(changedFeature(diff) == nil)
    }

    @Test("validate refuses a missing vocabulary file, naming the feature file and line")
    func missingFile() throws {
        let repo = try repository()
        try repo.write("features/device_os.yaml", deviceFeature(file: "vocab/device.txt"))
        let out = try feat("validate", in: repo.path)
        #expect(out.status == 1)
        #expect(out.stdout.contains("features/device_os.yaml:13"), "\(out.stdout)")
        #expect(out.stdout.contains("'vocab/device.txt' does not exist"), "\(out.stdout)")
    }

    @Test("validate refuses a vocabulary_sha256 that does not match the file, and accepts the right one")
    func checksum() throws {
        let repo = try repository()
        try repo.write("features/device_os.yaml", deviceFeature(sha256: String(repeating: "0", count: 64)))
        let wrong = try feat("validate", in: repo.path)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("vocabulary_sha256 does not match 'vocab/device_os.txt'"), "\(wrong.stdout)")

        // `printf 'android\nios\nweb\n' | sha256sum`
        #expect(try repo.read("vocab/device_os.txt") == "android\nios\nweb\n")
        let sha = "43cb7bb708cd038de09a25b077833be07cea62c77dc13396ed0db9b8ac3af70c"
        try repo.write("features/device_os.yaml", deviceFeature(sha256: sha))
        let right = try feat("validate", in: repo.path)
        #expect(right.status == 0, "\(right.stdout)")
    }

    @Test("a blank line in a vocabulary file is an error naming the vocabulary's line")
    func blankLine() throws {
        let repo = try repository()
        try repo.write("vocab/device_os.txt", "android\n\nweb\n")
        let out = try feat("validate", in: repo.path)
        #expect(out.status == 1)
        #expect(out.stdout.contains("vocab/device_os.txt:2: blank line"), "\(out.stdout)")
    }

    @Test("check refuses a pull request that deletes the vocabulary file a feature references (FEAT001)")
    func deletedFileInCheck() throws {
        let repo = try repository()
        try repo.git(["rm", "-q", "vocab/device_os.txt"])
        try repo.commit("delete the vocabulary")
        let check = try feat(
            "check", "--base", "main", "--now", "2026-03-01T12:00:00Z", "--format", "json", in: repo.path)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        let v = (check.json["violations"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "FEAT001" }
        #expect((v?["message"] as? String)?.contains("does not exist") == true, "\(check.stdout)")
        #expect(!(check.json["violations"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "FEAT007" })
    }

    @Test("in a monorepo the vocabulary path is relative to the feature-repo root")
    func monorepo() throws {
        let repo = try featureRepo(prefix: "ml")
        try repo.write("ml/vocab/device_os.txt", Self.devices)
        try repo.write("ml/features/device_os.yaml", deviceFeature())
        try repo.commit("device_os in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("ml/vocab/device_os.txt", "android\nweb\n")
        try repo.commit("drop ios")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path + "/ml")
        let change = try #require(changedFeature(diff), "\(diff.stdout)\(diff.stderr)")
        #expect(change["impact"] as? String == "breaking")
        let message = (change["changes"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("'ios'"), "\(message)")
    }
}
