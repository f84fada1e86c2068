import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Rows of SPEC §10's window forms, on a production aggregation.
@Suite("Window forms: what each change does to consumers")
struct WindowFormImpactTests {
    static func aggregation(_ fields: String, role: String? = nil, backfill: String? = nil) -> String {
        var text = Fixture.yaml(.aggregation, stage: "production")
            .replacingOccurrences(
                of: "aggregation: {function: count, column: txn_id, window: 7d}",
                with: "aggregation: {function: count, column: txn_id, \(fields)}")
        if let role { text += "role: \(role)\n" }
        if let backfill {
            text = text.replacingOccurrences(of: "backfill: {start: 2024-01-01, strategy: incremental}", with: backfill)
        }
        return text
    }

    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try Fixture.diff(before, after).features.flatMap(\.changes) { out[c.field] = c.impact }
        return out
    }

    @Test("window 30d → lifetime is meaning, and says the aggregation spans all history")
    func toLifetime() throws {
        let report = try Fixture.diff(Self.aggregation("window: 30d"), Self.aggregation("window: lifetime"))
        let change = try #require(report.features.first?.changes.first)
        #expect(change.impact == .meaning)
        #expect(change.message.contains("all history"), "\(change.message)")
    }

    @Test("half_life set, changed or removed is meaning: a 50-day → 7-day half-life moves every value")
    func halfLife() throws {
        let none = Self.aggregation("window: lifetime")
        let fifty = Self.aggregation("window: lifetime, half_life: 50d")
        let seven = Self.aggregation("window: lifetime, half_life: 7d")
        #expect(try impacts(none, fifty) == ["aggregation.half_life": .meaning])
        #expect(try impacts(fifty, seven) == ["aggregation.half_life": .meaning])
        #expect(try impacts(fifty, none) == ["aggregation.half_life": .meaning])
    }

    @Test("offset changed is meaning; 0s written is what absence means: no change")
    func offsetChanged() throws {
        let none = Self.aggregation("window: 7d")
        #expect(try impacts(none, Self.aggregation("window: 7d, offset: 1d")) == ["aggregation.offset": .meaning])
        #expect(try impacts(none, Self.aggregation("window: 7d, offset: 0s")).isEmpty)
        #expect(
            try impacts(Self.aggregation("window: 7d, offset: 1d"), Self.aggregation("window: 7d, offset: 24h")).isEmpty
        )
    }

    @Test("offset moving between negative and zero-or-positive is breaking, either way, absent counting as 0s")
    func offsetAcrossZero() throws {
        let back = Self.aggregation("window: 7d, offset: 1d", role: "label")
        let forward = Self.aggregation("window: 7d, offset: -7d", role: "label")
        let none = Self.aggregation("window: 7d", role: "label")
        #expect(try impacts(back, forward) == ["aggregation.offset": .breaking])
        #expect(try impacts(forward, back) == ["aggregation.offset": .breaking])
        #expect(try impacts(none, forward) == ["aggregation.offset": .breaking])
        #expect(try impacts(forward, none) == ["aggregation.offset": .breaking])
        #expect(
            try impacts(forward, Self.aggregation("window: 7d, offset: -14d", role: "label")) == [
                "aggregation.offset": .meaning
            ])
    }

    @Test("series.count changed, or series set or removed, is breaking; series.step changed is meaning")
    func series() throws {
        let none = Self.aggregation("window: 7d")
        let series = { (fields: String) in
            Self.aggregation("window: 7d, series: {\(fields)}").replacingOccurrences(
                of: "type: int32", with: "type: list<int32>")
        }
        let weekly = series("count: 4, step: 7d")
        // Set or removed, the value turns into a list or back: its type changes with it.
        #expect(
            try impacts(none, weekly) == [
                "aggregation.series.count": .breaking, "aggregation.series.step": .meaning, "type": .breaking,
            ])
        #expect(
            try impacts(weekly, none) == [
                "aggregation.series.count": .breaking, "aggregation.series.step": .meaning, "type": .breaking,
            ])
        #expect(try impacts(weekly, series("count: 8, step: 7d")) == ["aggregation.series.count": .breaking])
        #expect(try impacts(weekly, series("count: 4, step: 1d")) == ["aggregation.series.step": .meaning])
    }

    @Test("time.accuracy temporal → daily is meaning; temporal written is what absence means")
    func accuracy() throws {
        let base = Fixture.yaml(.aggregation, stage: "production")
        let accuracy = { (a: String) in
            base.replacingOccurrences(of: "  ttl: 1d\n", with: "  ttl: 1d\n  accuracy: \(a)\n")
        }
        #expect(try impacts(base, accuracy("daily")) == ["time.accuracy": .meaning])
        #expect(try impacts(base, accuracy("temporal")).isEmpty)
    }

    @Test("with window lifetime, backfill.start earlier, later, set or removed is meaning: it starts the window")
    func lifetimeBackfill() throws {
        let start = { (s: String) in
            Self.aggregation("window: lifetime", backfill: "backfill: {start: \(s), strategy: incremental}")
        }
        let unset = Self.aggregation("window: lifetime", backfill: "backfill: {strategy: incremental}")
        #expect(try impacts(start("2024-01-01"), start("2023-01-01")) == ["backfill.start": .meaning])
        #expect(try impacts(start("2024-01-01"), start("2025-01-01")) == ["backfill.start": .meaning])
        #expect(try impacts(unset, start("2024-01-01")) == ["backfill.start": .meaning])
        #expect(try impacts(start("2024-01-01"), unset) == ["backfill.start": .meaning])
        // With a bounded window the backfill rows hold: earlier is compatible.
        #expect(
            try impacts(
                Self.aggregation("window: 7d"),
                Self.aggregation("window: 7d").replacingOccurrences(
                    of: "start: 2024-01-01", with: "start: 2023-01-01")) == ["backfill.start": .compatible])
    }

    @Test("role feature → label is breaking; role: feature written is what absence means")
    func role() throws {
        let base = Fixture.yaml(.aggregation, stage: "production")
        #expect(try impacts(base, base + "role: label\n") == ["role": .breaking])
        #expect(try impacts(base + "role: label\n", base) == ["role": .breaking])
        #expect(try impacts(base, base + "role: feature\n").isEmpty)
    }
}
