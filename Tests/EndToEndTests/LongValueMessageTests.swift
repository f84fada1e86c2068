import FeatTestSupport
import Foundation
import Testing

/// A message that quotes two different values never prints them as the same text (SPEC §4),
/// however long they are.
@Suite("Long values that differ only at the end")
struct LongValueMessageTests {
    @Test("a table name changed in its last character shows where the two names differ")
    func differingTail() throws {
        let repo = try featureRepo()
        let long = "payments." + String(repeating: "x", count: 120)
        let feature = featureYAML("a", stage: "candidate")
        try repo.write(
            "features/a.yaml",
            feature.replacingOccurrences(of: "{table: payments.transactions}", with: "{table: \(long)_a}"))
        try repo.commit("add a", date: "2026-01-05T10:00:00Z")
        try repo.write(
            "features/a.yaml",
            feature.replacingOccurrences(of: "{table: payments.transactions}", with: "{table: \(long)_b}"))
        try repo.commit("point a at the other table")
        let r = try feat("diff", "HEAD~1", "HEAD", "--format", "json", in: repo.path)
        let changes = (r.json["features"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]] ?? []
        let message = try #require(changes.first { $0["field"] as? String == "source.table" }?["message"] as? String)
        let quoted = try #require(message.split(separator: ":").first).split(separator: " → ")
        #expect(quoted.count == 2, "\(message)")
        #expect(quoted.first?.hasSuffix("_a") == true && quoted.last?.hasSuffix("_b") == true, "\(message)")
        #expect(quoted.first != quoted.last.map { Substring(String($0)) }, "\(message)")
    }
}
