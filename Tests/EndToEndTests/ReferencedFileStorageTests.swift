import FeatTestSupport
import Foundation
import Testing

/// How a referenced vocabulary file is stored changes nothing about its categories (SPEC §2):
/// a Git LFS pointer is known by its oid, a checksum is of the bytes as git stores them (after
/// end-of-line conversion), and a feature file is never a vocabulary.
@Suite("Referenced vocabulary files: Git LFS, line-end conversion, feature files")
struct ReferencedFileStorageTests {
    static let devices = "android\nios\nweb\n"
    /// `printf 'android\nios\nweb\n' | sha256sum`
    static let devicesSHA = "43cb7bb708cd038de09a25b077833be07cea62c77dc13396ed0db9b8ac3af70c"
    /// `printf 'android\nios\nweb\nlinux\n' | sha256sum` (22 bytes)
    static let moreDevicesSHA = "b14b13e473a1c92051c79ea62edaf88d2d4414b2a7e3a679651e2ae27c283ddd"
    static let now = "2026-03-01T12:00:00Z"

    /// The Git LFS pointer git stores for content with this SHA-256 and size.
    static func pointer(_ oid: String, size: Int) -> String {
        "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize \(size)\n"
    }

    /// A production categorical feature whose categories live in `file`.
    static func feature(
        file: String = "vocab/device_os.txt", sha256: String? = nil, encoding: String = "onehot",
        description: String = "Operating system of the device."
    ) -> String {
        let buckets = encoding == "hash" ? "\n  buckets: 64" : ""
        let unseen = encoding == "hash" ? "" : "\n  unseen: bucket"
        return """
            feature: device_os
            version: 1
            stage: production
            kind: categorical
            owner: growth@example.com
            hypothesis: The device predicts conversion.
            description: \(description)
            evidence:
              - {date: 2026-01-02, metric: auc_lift, value: 0.002}
            entity: [session_id]
            source: {table: web.sessions}
            categorical:
              vocabulary_file: \(file)\(sha256.map { "\n  vocabulary_sha256: \($0)" } ?? "")\(unseen)
              encoding: \(encoding)\(buckets)
            time: {event_time: started_at, ttl: 1d}
            backfill: {start: 2025-01-01}
            expectations: {null_rate_max: 0.0}
            sla: {freshness: 1h}
            monitoring: {drift: psi}

            """
    }

    /// main: device_os in production with `vocabulary` as its file's bytes; then a `pr` branch.
    func repository(vocabulary: String = devices, encoding: String = "onehot", sha256: String? = nil) throws
        -> GitFixture
    {
        let repo = try featureRepo()
        try repo.write("vocab/device_os.txt", vocabulary)
        try repo.write("features/device_os.yaml", Self.feature(sha256: sha256, encoding: encoding))
        try repo.commit("device_os in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        return repo
    }

    func changedFeatures(_ result: Run.Result) -> [[String: Any]] {
        result.json["features"] as? [[String: Any]] ?? []
    }

    func violations(_ result: Run.Result) -> [[String: Any]] {
        result.json["violations"] as? [[String: Any]] ?? []
    }

    func check(_ repo: GitFixture) throws -> Run.Result {
        try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
    }

    // MARK: Git LFS

    @Test("a vocabulary moved into Git LFS with the same content is no change in diff and check")
    func movedIntoLFS() throws {
        let repo = try repository()
        try repo.write("vocab/device_os.txt", Self.pointer(Self.devicesSHA, size: Self.devices.utf8.count))
        try repo.commit("track the vocabulary with Git LFS")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(changedFeatures(diff).isEmpty, "\(diff.stdout)")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(violations(r).isEmpty, "\(r.stdout)")
    }

    @Test("a vocabulary moved out of Git LFS with the same content is no change in diff and check")
    func movedOutOfLFS() throws {
        let repo = try repository(vocabulary: Self.pointer(Self.devicesSHA, size: Self.devices.utf8.count))
        try repo.write("vocab/device_os.txt", Self.devices)
        try repo.commit("stop tracking the vocabulary with Git LFS")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(changedFeatures(diff).isEmpty, "\(diff.stdout)")
        #expect(try check(repo).status == 0)
    }

    @Test(
        "a Git LFS vocabulary whose oid changed is content unknown: breaking under onehot, compatible under hash",
        arguments: [("onehot", "breaking"), ("index", "breaking"), ("hash", "compatible")])
    func pointerOidChanged(encoding: String, impact: String) throws {
        let repo = try repository(
            vocabulary: Self.pointer(Self.devicesSHA, size: Self.devices.utf8.count), encoding: encoding)
        try repo.write("vocab/device_os.txt", Self.pointer(Self.moreDevicesSHA, size: 22))
        try repo.commit("a new vocabulary in LFS")
        let diff = try feat("diff", "main...HEAD", "--format", "json", in: repo.path)
        let change = try #require(changedFeatures(diff).first, "\(diff.stdout)\(diff.stderr)")
        #expect(change["impact"] as? String == impact, "\(diff.stdout)")
        let messages = (change["changes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        let reasons = (change["changes"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        let said = (messages + reasons).joined(separator: " | ")
        #expect(said.contains("could not be compared"), "\(said)")
        // The pointer's lines are no categories.
        #expect(!said.contains("version https"), "\(said)")
        #expect(!said.contains("oid sha256"), "\(said)")
    }

    @Test("vocabulary_sha256 of a Git LFS vocabulary is the pointer's oid: validate and check accept it")
    func declaredOidMatches() throws {
        let pointer = Self.pointer(Self.devicesSHA, size: Self.devices.utf8.count)
        let repo = try repository(vocabulary: pointer, sha256: Self.devicesSHA)
        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 0, "\(validate.stdout)")
        try repo.write(
            "features/device_os.yaml", Self.feature(sha256: Self.devicesSHA, description: "The device's OS."))
        try repo.commit("reword")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test("vocabulary_sha256 that is not the Git LFS pointer's oid is FEAT001 naming the oid")
    func declaredOidDiffers() throws {
        let pointer = Self.pointer(Self.devicesSHA, size: Self.devices.utf8.count)
        let repo = try repository(vocabulary: pointer)
        try repo.write("features/device_os.yaml", Self.feature(sha256: Self.moreDevicesSHA))
        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 1, "\(validate.stdout)")
        #expect(validate.stdout.contains("Git LFS pointer whose oid is \(Self.devicesSHA)"), "\(validate.stdout)")
        try repo.commit("a checksum of other content")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let messages = violations(r).filter { $0["rule"] as? String == "FEAT001" }.compactMap {
            $0["message"] as? String
        }
        #expect(messages.contains { $0.contains("vocabulary_sha256 does not match") }, "\(r.stdout)")
    }

    @Test("a file that starts like a Git LFS pointer but is not a valid one is FEAT001, its lines no categories")
    func malformedPointer() throws {
        let repo = try repository()
        try repo.write(
            "vocab/device_os.txt", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n")
        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 1, "\(validate.stdout)")
        #expect(validate.stdout.contains("not a valid one"), "\(validate.stdout)")
    }

    // MARK: end-of-line conversion

    /// Two ways a checkout gets CRLF line endings for a file git stores with LF.
    enum CRLFCheckout: String, CaseIterable, CustomTestStringConvertible {
        case attributes = ".gitattributes: *.txt text eol=crlf"
        case autocrlf = "core.autocrlf=true"
        var testDescription: String { rawValue }
    }

    @Test(
        "on a checkout with CRLF line endings validate and check agree on a vocabulary's checksum (the LF bytes git stores)",
        arguments: CRLFCheckout.allCases)
    func crlfCheckout(_ how: CRLFCheckout) throws {
        let repo = try featureRepo()
        switch how {
        case .attributes: try repo.write(".gitattributes", "*.txt text eol=crlf\n")
        case .autocrlf: try repo.git(["config", "core.autocrlf", "true"])
        }
        try repo.write("vocab/device_os.txt", Self.devices)
        try repo.write("features/device_os.yaml", Self.feature(sha256: Self.devicesSHA))
        try repo.commit("device_os in production", date: "2026-01-05T10:00:00Z")
        // Check the file out again: now with CRLF on disk, LF in git.
        try repo.remove("vocab/device_os.txt")
        try repo.git(["checkout", "--", "vocab/device_os.txt"])
        #expect(try repo.read("vocab/device_os.txt") == "android\r\nios\r\nweb\r\n")
        #expect(try repo.git(["cat-file", "-p", "HEAD:vocab/device_os.txt"]) == Self.devices)

        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 0, "\(validate.stdout)")
        #expect(!validate.stdout.contains("does not match"), "\(validate.stdout)")
        #expect(!validate.stdout.contains("CRLF"), "\(validate.stdout)")

        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "features/device_os.yaml", Self.feature(sha256: Self.devicesSHA, description: "The device's OS."))
        try repo.commit("reword")
        let r = try check(repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(violations(r).isEmpty, "\(r.stdout)")
        // And the working tree against HEAD: no change.
        let diff = try feat("diff", "--format", "json", in: repo.path)
        #expect(changedFeatures(diff).isEmpty, "\(diff.stdout)\(diff.stderr)")
    }

    // MARK: a feature file is no vocabulary

    @Test("a vocabulary that is itself a feature file is FEAT001 naming it, in validate and check")
    func featureFileAsVocabulary() throws {
        let repo = try featureRepo()
        try repo.write("vocab/device_os.txt", Self.devices)
        try repo.write("features/device_os.yaml", Self.feature())
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("device_os in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/device_os.yaml", Self.feature(file: "features/a.yaml"))

        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 1, "\(validate.stdout)")
        #expect(validate.stdout.contains("features/device_os.yaml:13"), "\(validate.stdout)")
        #expect(validate.stdout.contains("'features/a.yaml' is a feature file"), "\(validate.stdout)")

        try repo.commit("categories from a feature file")
        let r = try check(repo)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let messages = violations(r).filter { $0["rule"] as? String == "FEAT001" }.compactMap {
            $0["message"] as? String
        }
        #expect(messages.contains { $0.contains("'features/a.yaml' is a feature file") }, "\(r.stdout)")
    }

    @Test("a .yaml vocabulary outside the feature folders is a vocabulary like any other")
    func yamlVocabularyOutsideFeatureFolders() throws {
        let repo = try featureRepo()
        try repo.write("vocab/device_os.yaml", Self.devices)
        try repo.write("features/device_os.yaml", Self.feature(file: "vocab/device_os.yaml"))
        let validate = try feat("validate", in: repo.path)
        #expect(validate.status == 0, "\(validate.stdout)")
    }
}
