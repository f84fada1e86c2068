import FeatModel
import Testing

/// Functions with parameters and list types (SPEC §10).
@Suite("Functions with parameters, and list types")
struct FunctionParameterTests {
    static let head = FeatureProblemsTests.aggregationHead

    @Test("a last-k list reads: list<T> spelt exactly, k, length fixed")
    func lastK() throws {
        let file = parse(
            Self.head + "type: list<string>\nlength: fixed\n"
                + "aggregation: {function: last_k, column: merchant_id, window: 30d, params: {k: 10, distinct: true}}\n"
        )
        #expect(file.problems == [])
        #expect(file.feature?.definition[path: "aggregation.params.k"] == .int(10))
        #expect(ValueType("list<string>") == ValueType(.string, isList: true))
        #expect(ValueType("list<int64>")?.widens(to: ValueType(.float64, isList: true)) == false)
        #expect(ValueType("list<int32>")?.widens(to: ValueType(.int64, isList: true)) == true)
        #expect(ValueType("int32")?.widens(to: ValueType(.int64, isList: true)) == false)
    }

    @Test("p50 and p90 as one list feature: approx_percentile with percentiles gives list<float64>")
    func percentiles() {
        let text =
            Self.head + "type: list<float64>\n"
            + "aggregation: {function: approx_percentile, column: amount, window: 7d, params: {percentiles: [0.5, 0.9]}}\n"
        #expect(findings(text) == [])
    }

    @Test(
        "list types and parameters written wrong are FEAT001 on their line",
        arguments: [
            (
                "type: List<Int64>\n",
                "6: 'type' must be a type, or a list spelt exactly list<T> (T one of bool, int32, int64, float32, "
                    + "float64, string, bytes, date, timestamp; lists do not nest) (did you mean 'list<int64>'?), "
                    + "found 'List<Int64>'"
            ),
            (
                "type: list<list<int64>>\n",
                "6: 'type' must be a type, or a list spelt exactly list<T> (T one of bool, int32, int64, float32, "
                    + "float64, string, bytes, date, timestamp; lists do not nest), found 'list<list<int64>>'"
            ),
            (
                "type: int64\naggregation: {function: last_k, window: 7d, params: {k: 5}}\n",
                "6: 'aggregation.function: last_k' gives a list: 'type' must be a list type, such as list<int64>"
            ),
            (
                "type: list<int64>\naggregation: {function: sum, window: 7d}\n",
                "6: 'aggregation.function: sum' gives a single value: 'type' cannot be list<int64>; write int64"
            ),
            (
                "type: float64\naggregation: {function: mean, window: 7d, series: {count: 4, step: 7d}}\n",
                "6: 'aggregation.series' gives one value per step: 'type' must be a list type, such as list<float64>"
            ),
            (
                "aggregation: {function: sum, window: 7d, params: {k: 5}}\n",
                "6: 'aggregation.params.k' is not a parameter of sum; sum takes none"
            ),
            (
                "aggregation: {function: stddev, window: 7d, params: {periods: 2}}\n",
                "6: 'aggregation.params.periods' is not a parameter of stddev; stddev takes ddof"
            ),
            (
                "aggregation: {function: approx_percentile, params: {percentile: 0.5, percentiles: [0.9]}}\n",
                "6: 'aggregation.params' sets both 'percentile' (a single value) and 'percentiles' (a list); keep one"
            ),
            (
                "aggregation: {function: lag, params: {periods: -1}}\n",
                "6: 'aggregation.params.periods: -1' looks ahead, which only a label may do ('role: label'): "
                    + "a value from the future read as a feature leaks the label"
            ),
            (
                "aggregation: {function: lag, params: {periods: 0}}\n",
                "6: 'aggregation.params.periods' must be an integer other than 0, found '0'"
            ),
            (
                "type: int64\nlength: fixed\n",
                "7: 'length' is for a list type (list<T>); this feature's values are not lists"
            ),
            (
                "type: list<int64>\nlength: fixed\naggregation: {function: last_k, window: 7d}\n",
                "7: 'length: fixed' needs a definition that sizes the list (aggregation.params.k, "
                    + "aggregation.params.percentiles or aggregation.series.count), which is then the length"
            ),
            (
                "type: int64\naggregation: {function: histogram, column: merchant_id, window: 7d}\n",
                "7: 'aggregation.function: histogram' gives a map (keys are the column's values, values the counts), "
                    + "which 'type: int64' cannot hold; use kind: map"
            ),
        ])
    func wrong(_ text: String, _ finding: String) {
        #expect(findings(Self.head + text) == [finding])
    }

    @Test("a map key type is never a list")
    func mapKeyNotList() {
        #expect(
            findings("feature: f\nstage: explore\nkind: map\nmap: {key_type: list<string>}\n") == [
                "4: 'map.key_type' must be a single type, never a list: bool, int32, int64, float32, float64, string, "
                    + "bytes, date, timestamp, found 'list<string>'"
            ])
    }

    @Test("k is required with the function: a stage that asks for aggregation.function asks for params.k with last_k")
    func requiredParameters() throws {
        let o = try #require(Obligation("aggregation.function"))
        let lastK = try #require(parse(Self.head + "aggregation: {function: last_k, window: 7d}\n").feature)
        #expect(!o.isMet(by: lastK.definition))
        #expect(o.description(for: lastK.definition) == "aggregation.params.k (for last_k)")
        let withK = try #require(
            parse(Self.head + "aggregation: {function: last_k, window: 7d, params: {k: 3}}\n").feature)
        #expect(o.isMet(by: withK.definition))
        let percentile = try #require(parse(Self.head + "aggregation: {function: approx_percentile}\n").feature)
        #expect(
            o.description(for: percentile.definition)
                == "aggregation.params.percentile or aggregation.params.percentiles (for approx_percentile)")
    }
}
