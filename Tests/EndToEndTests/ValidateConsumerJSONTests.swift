import FeatTestSupport
import Foundation
import Testing

/// `feat validate --format json` names the consumer of a problem in a consumer file, as
/// `check` does (issue 18, SPEC §8), so a bot can route it to the consumer's owner.
@Suite("validate's JSON names the consumer of a consumer-file problem")
struct ValidateConsumerJSONTests {
    @Test("a read of a missing feature carries the consumer, its stage, owner and path")
    func consumerFieldOnFEAT011() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: fraud-ml@example.com\nreads: [a, b]\n")
        try repo.write("consumers/broken.yaml", "consumer: [\n")
        let r = try feat("validate", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let problems = r.json["problems"] as? [[String: Any]] ?? []
        let missing = try #require(
            problems.first { $0["path"] as? String == "consumers/fraud.yaml" }, "\(r.stdout)")
        #expect(missing["rule"] as? String == "FEAT011")
        let consumer = try #require(missing["consumer"] as? [String: Any], "\(missing)")
        #expect(consumer["consumer"] as? String == "fraud")
        #expect(consumer["stage"] as? String == "production")
        #expect(consumer["owner"] as? String == "fraud-ml@example.com")
        #expect(consumer["path"] as? String == "consumers/fraud.yaml")
        let broken = try #require(problems.first { $0["path"] as? String == "consumers/broken.yaml" }, "\(r.stdout)")
        #expect(broken.keys.contains("consumer") && broken["consumer"] is NSNull, "\(broken)")
        let feature = problems.first { ($0["path"] as? String ?? "").hasPrefix("features/") }
        #expect(feature == nil || feature?["consumer"] == nil, "feature-file problems name no consumer")
    }
}
