import FeatModel
import Testing

/// Aggregations that fill maps and embeddings (SPEC §10).
@Suite("Aggregations fill maps and embeddings")
struct FilledBlockTests {
    static let map = "feature: f\nstage: explore\nkind: map\nowner: me\nhypothesis: h\n"
    static let embedding = "feature: f\nstage: explore\nkind: embedding\nowner: me\nhypothesis: h\n"

    @Test("spend per category over 30 days: a map filled by a grouped aggregation, nulls under a key")
    func pivot() throws {
        let text =
            Self.map + "map: {key_type: string, value_type: float64, keys: open, max_keys: 50, null_key: __MISSING__}\n"
            + "aggregation: {function: sum, column: amount, window: 30d, group_by: category}\n"
        #expect(findings(text) == [])
        #expect(parse(text).feature?.definition[path: "aggregation.group_by"] == .string("category"))
    }

    @Test("a histogram fills a map with the column's values as keys: no group_by needed")
    func histogram() {
        let text =
            Self.map + "map: {key_type: string, value_type: int64}\n"
            + "aggregation: {function: histogram, column: merchant_category, window: 7d}\n"
        #expect(findings(text) == [])
    }

    @Test("an embedding averaged element-wise over an input vector feature")
    func embeddingMean() {
        let text =
            Self.embedding + "inputs: [{feature: item_embedding, as: item}]\n"
            + "aggregation: {function: mean, column: item, window: 30d}\n"
        #expect(findings(text) == [])
    }

    @Test(
        "filled blocks written wrong are FEAT001 on their line",
        arguments: [
            (
                FeatureProblemsTests.aggregationHead + "aggregation: {function: sum, group_by: category}\n",
                "6: 'aggregation.group_by' is for kind: map, where the column's values become the map's keys"
            ),
            (
                map + "aggregation: {function: sum, column: amount, window: 30d}\n",
                "6: an aggregation that fills a map needs 'aggregation.group_by': the column whose values become "
                    + "the map's keys (spend per category)"
            ),
            (
                embedding + "aggregation: {function: count, window: 30d}\n",
                "6: an embedding is aggregated element-wise with mean, sum or max, not count"
            ),
            (
                map + "map: {null_key: drop}\n",
                "6: 'map.null_key' says where rows whose group is null go: it needs 'aggregation.group_by'"
            ),
            (
                map + "map: {keys: closed, known_keys: [books, games], null_key: other}\n"
                    + "aggregation: {function: sum, column: amount, group_by: category}\n",
                "6: 'map.null_key: other' is not one of the closed map's known_keys; add it to known_keys or write drop"
            ),
            (
                "feature: f\nstage: explore\nkind: categorical\naggregation: {function: count}\n",
                "4: 'aggregation' block does not belong to a feature of kind categorical"
            ),
        ])
    func wrong(_ text: String, _ finding: String) {
        #expect(findings(text) == [finding])
    }

    @Test("on a closed map, a null key that is a known key is well-formed")
    func closedNullKey() {
        let text =
            Self.map + "map: {keys: closed, known_keys: [books, __MISSING__], null_key: __MISSING__}\n"
            + "aggregation: {function: sum, column: amount, group_by: category}\n"
        #expect(findings(text) == [])
    }
}
