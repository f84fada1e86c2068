import FeatTestSupport
import Foundation
import Testing

/// `feat lock CONSUMER` parses only the consumer files that can declare that consumer; what it
/// finds, refuses and suggests must be what reading every file would give.
@Suite("feat lock finds its consumer among many")
struct LockConsumerLookupTests {
    func repository() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        for i in 0..<20 {
            try repo.write("consumers/model_\(i).yaml", LockTests.consumer("model_\(i)", reads: ["a"]))
        }
        // Declared in a file not named after it.
        try repo.write("consumers/team/scoring.yaml", LockTests.consumer("fraud_scorer", reads: ["a"]))
        try repo.commit("a and its readers", date: "2026-01-05T10:00:00Z")
        return repo
    }

    @Test("a consumer declared in a file named otherwise is found and locked")
    func otherFileName() throws {
        let repo = try repository()
        let r = try feat("lock", "fraud_scorer", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo.path + "/consumers/team/scoring.lock.json"), "\(r.stdout)")
    }

    @Test("a misspelt consumer is refused with the closest declared name")
    func suggestion() throws {
        let repo = try repository()
        let r = try feat("lock", "fraud_scorr", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'fraud_scorer'"), "\(r.stderr)")
    }

    @Test("a consumer declared in two files is refused, naming both")
    func declaredTwice() throws {
        let repo = try repository()
        try repo.write("consumers/copy.yaml", LockTests.consumer("fraud_scorer", reads: ["a"]))
        try repo.commit("a second declaration")
        let r = try feat("lock", "fraud_scorer", in: repo.path)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("consumers/copy.yaml") && r.stderr.contains("consumers/team/scoring.yaml"), "\(r.stderr)")
    }
}
