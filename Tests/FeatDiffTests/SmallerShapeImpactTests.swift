import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Rows of SPEC §10's smaller additions, on production features.
@Suite("Smaller shapes: what each change does to consumers")
struct SmallerShapeImpactTests {
    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try Fixture.diff(before, after).features.flatMap(\.changes) { out[c.field] = c.impact }
        return out
    }

    static let scalar = Fixture.yaml(.scalar, stage: "production")

    static func typed(_ type: String, _ rest: String = "") -> String {
        scalar.replacingOccurrences(of: "type: int32\n", with: "type: \(type)\n") + rest
    }

    @Test("a fill value 0 → -1 is meaning; null ↔ a value on an integer type is breaking")
    func defaultValue() throws {
        #expect(
            try impacts(Self.typed("int64", "default: 0\n"), Self.typed("int64", "default: -1\n")) == [
                "default": .meaning
            ])
        #expect(try impacts(Self.typed("int64"), Self.typed("int64", "default: 0\n")) == ["default": .breaking])
        #expect(try impacts(Self.typed("int64", "default: 0\n"), Self.typed("int64")) == ["default": .breaking])
        #expect(try impacts(Self.typed("float64"), Self.typed("float64", "default: 0.0\n")) == ["default": .meaning])
        #expect(try impacts(Self.typed("int64"), Self.typed("int64", "default: null\n")).isEmpty, "null is absence")
    }

    @Test("inside default, '' and [] are values: absent → '' is a change, '' → [] too")
    func emptyDefaults() throws {
        #expect(try impacts(Self.typed("string"), Self.typed("string", "default: ''\n")) == ["default": .meaning])
        let list = Self.typed("list<string>", "default: []\n")
        #expect(try impacts(Self.typed("list<string>"), list) == ["default": .meaning])
        #expect(try impacts(list, list).isEmpty)
    }

    @Test("entity none ↔ keys is breaking; absent → none is a declaration")
    func entityNone() throws {
        let keys = Self.scalar
        let global = keys.replacingOccurrences(of: "entity: [user_id]", with: "entity: none")
        let absent = keys.replacingOccurrences(of: "entity: [user_id]\n", with: "")
        #expect(try impacts(keys, global) == ["entity": .breaking])
        #expect(try impacts(global, keys) == ["entity": .breaking])
        #expect(try impacts(absent, global) == ["entity": .additive])
    }

    @Test("embedding dtype float64 → float32 is quantisation: breaking; float16 → float64 is compatible")
    func float64() throws {
        let dtype = { (d: String) in
            Fixture.yaml(.embedding, stage: "production")
                .replacingOccurrences(of: "  input: product_title\n", with: "  input: product_title\n  dtype: \(d)\n")
        }
        #expect(try impacts(dtype("float64"), dtype("float32")) == ["embedding.dtype": .breaking])
        #expect(try impacts(dtype("float16"), dtype("float64")) == ["embedding.dtype": .compatible])
        #expect(try impacts(dtype("bfloat16"), dtype("float64")) == ["embedding.dtype": .compatible])
    }

    @Test("refit set, changed or removed is meaning; day equals 1d, week equals 1w")
    func refit() throws {
        let refit = { (every: String?) in
            Fixture.yaml(.embedding, stage: "production").replacingOccurrences(
                of: "  input: product_title\n",
                with: "  input: product_title\n" + (every.map { "  refit: {every: \($0)}\n" } ?? ""))
        }
        #expect(try impacts(refit(nil), refit("month")) == ["embedding.refit.every": .meaning])
        #expect(try impacts(refit("month"), refit("quarter")) == ["embedding.refit.every": .meaning])
        #expect(try impacts(refit("month"), refit(nil)) == ["embedding.refit.every": .meaning])
        #expect(try impacts(refit("day"), refit("1d")).isEmpty)
        #expect(try impacts(refit("week"), refit("7d")).isEmpty)
        #expect(try impacts(refit("month"), refit("30d")) == ["embedding.refit.every": .meaning])
    }

    static func source(_ extra: String) -> String {
        scalar.replacingOccurrences(
            of: "  table: payments.transactions\n", with: "  table: payments.transactions\n" + extra)
    }

    @Test("source.kind events → snapshot is meaning; events written is what absence means")
    func sourceKind() throws {
        #expect(try impacts(Self.scalar, Self.source("  kind: snapshot\n")) == ["source.kind": .meaning])
        #expect(try impacts(Self.scalar, Self.source("  kind: events\n")).isEmpty)
    }

    @Test("a stream first set declares (additive); changed or removed it is compatible, pointing at sla.freshness")
    func stream() throws {
        let kafka = Self.source("  stream: {kind: kafka, topic: txns}\n")
        #expect(try impacts(Self.scalar, kafka) == ["source.stream.kind": .additive, "source.stream.topic": .additive])
        let change = try #require(
            try Fixture.diff(kafka, Self.source("  stream: {kind: kafka, topic: txns_v2}\n")).features.first?.changes
                .first)
        #expect(change.impact == .compatible)
        #expect(change.message.contains("sla.freshness"), "\(change.message)")
        #expect(
            try impacts(kafka, Self.scalar) == ["source.stream.kind": .compatible, "source.stream.topic": .compatible])
    }

    @Test("mutations added or removed are meaning; their table changed meaning, their topic compatible")
    func mutations() throws {
        let cdc = Self.source("  mutations: {table: txn_cdc, topic: txn_changes}\n")
        #expect(
            try impacts(Self.scalar, cdc) == ["source.mutations.table": .meaning, "source.mutations.topic": .meaning])
        #expect(
            try impacts(cdc, Self.scalar) == ["source.mutations.table": .meaning, "source.mutations.topic": .meaning])
        #expect(
            try impacts(cdc, Self.source("  mutations: {table: txn_cdc_v2, topic: txn_changes}\n")) == [
                "source.mutations.table": .meaning
            ])
        #expect(
            try impacts(cdc, Self.source("  mutations: {table: txn_cdc, topic: txn_changes_v2}\n")) == [
                "source.mutations.topic": .compatible
            ])
    }
}
