import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Rows of SPEC §10's functions with parameters and list types, on a production aggregation.
@Suite("Functions with parameters and lists: what each change does to consumers")
struct FunctionParameterImpactTests {
    static func aggregation(_ type: String, _ fields: String, length: String? = nil) -> String {
        var text = Fixture.yaml(.aggregation, stage: "production")
            .replacingOccurrences(of: "type: int32\n", with: "type: \(type)\n")
            .replacingOccurrences(
                of: "aggregation: {function: count, column: txn_id, window: 7d}", with: "aggregation: {\(fields)}")
        if let length { text += "length: \(length)\n" }
        return text
    }

    static func lastK(_ k: Int, length: String? = nil) -> String {
        aggregation("list<int64>", "function: last_k, column: amount, window: 30d, params: {k: \(k)}", length: length)
    }

    static func percentiles(_ list: String) -> String {
        aggregation(
            "list<float64>", "function: approx_percentile, column: amount, window: 7d, params: {percentiles: \(list)}")
    }

    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try Fixture.diff(before, after).features.flatMap(\.changes) { out[c.field] = c.impact }
        return out
    }

    @Test("last-k 10 → 20 is meaning; with length: fixed it is breaking (the padded length)")
    func k() throws {
        #expect(try impacts(Self.lastK(10), Self.lastK(20)) == ["aggregation.params.k": .meaning])
        #expect(
            try impacts(Self.lastK(10, length: "fixed"), Self.lastK(20, length: "fixed")) == [
                "aggregation.params.k": .breaking
            ])
    }

    @Test("length variable ↔ fixed is breaking either way; variable written is what absence means")
    func length() throws {
        #expect(try impacts(Self.lastK(10), Self.lastK(10, length: "fixed")) == ["length": .breaking])
        #expect(try impacts(Self.lastK(10, length: "fixed"), Self.lastK(10)) == ["length": .breaking])
        #expect(try impacts(Self.lastK(10), Self.lastK(10, length: "variable")).isEmpty)
    }

    @Test("one percentile value changed is meaning: median → p90 in place")
    func percentileValue() throws {
        #expect(
            try impacts(Self.percentiles("[0.5, 0.9]"), Self.percentiles("[0.5, 0.95]")) == [
                "aggregation.params.percentiles": .meaning
            ])
        let single = { (p: String) in
            Self.aggregation(
                "float64", "function: approx_percentile, column: amount, window: 7d, params: {percentile: \(p)}")
        }
        #expect(try impacts(single("0.5"), single("0.9")) == ["aggregation.params.percentile": .meaning])
    }

    @Test(
        "the percentile list reordered, or an entry appended, inserted or removed, is breaking: read by position",
        arguments: ["[0.9, 0.5]", "[0.5, 0.9, 0.99]", "[0.25, 0.5, 0.9]", "[0.9]"])
    func percentileList(_ after: String) throws {
        #expect(
            try impacts(Self.percentiles("[0.5, 0.9]"), Self.percentiles(after)) == [
                "aggregation.params.percentiles": .breaking
            ])
    }

    @Test("a single percentile → a list of them is breaking: scalar ↔ list")
    func scalarToList() throws {
        let single = Self.aggregation(
            "float64", "function: approx_percentile, column: amount, window: 7d, params: {percentile: 0.5}")
        #expect(
            try impacts(single, Self.percentiles("[0.5, 0.9]")) == [
                "type": .breaking, "aggregation.params.percentile": .meaning,
                "aggregation.params.percentiles": .breaking,
            ])
    }

    @Test("list<int32> → list<int64> widens like the type rows; list<int64> → list<float64> is breaking")
    func elementWidening() throws {
        let list = { (t: String) in
            Self.aggregation(t, "function: last_k, column: amount, window: 30d, params: {k: 10}")
        }
        #expect(try impacts(list("list<int32>"), list("list<int64>")) == ["type": .compatible])
        #expect(try impacts(list("list<int64>"), list("list<float64>")) == ["type": .breaking])
    }

    @Test("periods changed is meaning, breaking when its sign changes; ddof, precision, distinct are meaning")
    func otherParameters() throws {
        let lag = { (p: String) in
            Self.aggregation("float64", "function: lag, column: amount, window: 7d, params: {periods: \(p)}")
                + "role: label\n"
        }
        #expect(try impacts(lag("1"), lag("2")) == ["aggregation.params.periods": .meaning])
        #expect(try impacts(lag("1"), lag("-1")) == ["aggregation.params.periods": .breaking])
        let std = { (d: String) in
            Self.aggregation("float64", "function: stddev, column: amount, window: 7d\(d)")
        }
        #expect(try impacts(std(""), std(", params: {ddof: 0}")) == ["aggregation.params.ddof": .meaning])
        #expect(try impacts(std(""), std(", params: {ddof: 1}")).isEmpty, "ddof 1 is what absence means")
        let distinct = { (d: String) in
            Self.aggregation("list<int64>", "function: last_k, column: amount, window: 30d, params: {k: 5\(d)}")
        }
        #expect(try impacts(distinct(""), distinct(", distinct: true")) == ["aggregation.params.distinct": .meaning])
        #expect(try impacts(distinct(""), distinct(", distinct: false")).isEmpty)
        let sketch = { (p: String) in
            Self.aggregation("int64", "function: approx_distinct, column: merchant_id, window: 7d\(p)")
        }
        #expect(
            try impacts(sketch(""), sketch(", params: {precision: 12}")) == ["aggregation.params.precision": .meaning])
    }

    @Test("median → p90 written as the function changing is meaning, as every function change")
    func functionChanged() throws {
        let median = Self.aggregation("float64", "function: mean, column: amount, window: 7d")
        let last = Self.aggregation("float64", "function: last, column: amount, window: 7d")
        #expect(try impacts(median, last) == ["aggregation.function": .meaning])
    }
}
