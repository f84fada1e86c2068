import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Rows of aggregations that fill maps and embeddings (SPEC §10), on production features.
@Suite("Aggregated maps and embeddings: what each change does to consumers")
struct FilledBlockImpactTests {
    static let pivot = "aggregation: {function: sum, column: amount, window: 30d, group_by: category}\n"

    static func map(_ aggregation: String = pivot, keys: String = "closed", nullKey: String? = nil) -> String {
        var text = Fixture.yaml(.map, stage: "production") + aggregation
        text = text.replacingOccurrences(of: "keys: closed", with: "keys: \(keys)")
        if let nullKey {
            text = text.replacingOccurrences(of: "  missing: zero\n", with: "  missing: zero\n  null_key: \(nullKey)\n")
        }
        return text
    }

    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try Fixture.diff(before, after).features.flatMap(\.changes) { out[c.field] = c.impact }
        return out
    }

    @Test("the aggregation first set on an existing map declares how it is filled: additive, group_by included")
    func firstSetOnMap() throws {
        let plain = Fixture.yaml(.map, stage: "production")
        let impacts = try impacts(plain, Self.map())
        #expect(impacts.values.allSatisfy { $0 == .additive }, "\(impacts)")
        #expect(
            Set(impacts.keys) == [
                "aggregation.function", "aggregation.column", "aggregation.window", "aggregation.group_by",
            ])
    }

    @Test("the category pivot's window 30d → 90d is meaning: every aggregation row applies to a map")
    func window() throws {
        let wider = Self.pivot.replacingOccurrences(of: "30d", with: "90d")
        #expect(try impacts(Self.map(), Self.map(wider)) == ["aggregation.window": .meaning])
    }

    @Test("group_by changed is breaking: every key now names something else")
    func groupBy() throws {
        let merchant = Self.pivot.replacingOccurrences(of: "group_by: category", with: "group_by: merchant")
        #expect(try impacts(Self.map(), Self.map(merchant)) == ["aggregation.group_by": .breaking])
    }

    @Test("null_key changed is meaning on an open map, breaking on a closed one; drop is what absence means")
    func nullKey() throws {
        #expect(
            try impacts(Self.map(keys: "open"), Self.map(keys: "open", nullKey: "__MISSING__")) == [
                "map.null_key": .meaning
            ])
        let closed = Self.map().replacingOccurrences(of: "[books, games, music]", with: "[books, games, music, other]")
        let closedOther = closed.replacingOccurrences(
            of: "  missing: zero\n", with: "  missing: zero\n  null_key: other\n")
        #expect(try impacts(closed, closedOther) == ["map.null_key": .breaking])
        #expect(try impacts(Self.map(keys: "open"), Self.map(keys: "open", nullKey: "drop")).isEmpty)
    }

    @Test("an embedding's aggregation first set declares; its function changed later is meaning")
    func embedding() throws {
        let plain = Fixture.yaml(.embedding, stage: "production")
        let mean = plain + "aggregation: {function: mean, column: item_vector, window: 30d}\n"
        let impacts = try impacts(plain, mean)
        #expect(impacts.values.allSatisfy { $0 == .additive }, "\(impacts)")
        let max = mean.replacingOccurrences(of: "function: mean", with: "function: max")
        #expect(try self.impacts(mean, max) == ["aggregation.function": .meaning])
    }
}
