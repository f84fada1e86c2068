import FeatModel
import Testing

/// Categoricals as they appear in the wild (SPEC §10): multi-valued, fitted, unseen_id.
@Suite("Categoricals in the wild: multi-valued, fitted, unseen_id")
struct CategoricalShapeTests {
    static let head = "feature: f\nstage: explore\nkind: categorical\nowner: me\nhypothesis: h\n"

    @Test("a fitted vocabulary reads, and meets the vocabulary obligation")
    func fitted() throws {
        let text =
            Self.head + "categorical:\n  fitted: {dataset: txn_train, range: 2025-01-01/2025-06-30, "
            + "order: frequency, min_count: 5, top_k: 1000}\n  unseen: bucket\n"
        let file = parse(text)
        #expect(file.problems == [])
        let feature = try #require(file.feature)
        let o = try #require(Obligation("categorical.vocabulary | categorical.vocabulary_file"))
        #expect(o.isMet(by: feature.definition))
    }

    @Test("tags per item: multi-valued with at most 5 values; an unseen id past the vocabulary")
    func multiValued() {
        #expect(
            findings(Self.head + "categorical: {vocabulary: [a, b, c], multi_valued: true, max_values: 5}\n") == [])
        #expect(
            findings(
                Self.head + "categorical: {vocabulary: [a, b, c], encoding: index, unseen: bucket, unseen_id: 3}\n")
                == [])
    }

    @Test(
        "categorical shapes written wrong are FEAT001 on their line",
        arguments: [
            (
                "categorical: {vocabulary: [a, b], max_values: 2}\n",
                "6: 'categorical.max_values' is for a multi-valued categorical ('multi_valued: true'): "
                    + "a row of one category keeps it"
            ),
            (
                "categorical:\n  vocabulary: [a, b]\n  fitted: {dataset: d}\n",
                "8: 'categorical.fitted' learns the vocabulary from data; it excludes 'categorical.vocabulary' and "
                    + "'categorical.vocabulary_file': keep one"
            ),
            (
                "categorical: {vocabulary: [a, b], unseen: bucket, unseen_id: 5}\n",
                "6: 'categorical.unseen_id' is the id unseen values take with index encoding; "
                    + "with onehot encoding there is no such id"
            ),
            (
                "categorical: {vocabulary: [a, b, c], encoding: index, unseen: bucket, unseen_id: 1}\n",
                "6: 'categorical.unseen_id: 1' is the id of 'b': ids 0 to 2 are the vocabulary's, in order; "
                    + "write 3 or more"
            ),
            (
                "categorical: {fitted: {order: alphabetical}}\n",
                "6: 'categorical.fitted.order' must be one of sorted, frequency, found 'alphabetical'"
            ),
        ])
    func wrong(_ text: String, _ finding: String) {
        #expect(findings(Self.head + text) == [finding])
    }

    @Test("an unseen_id with unseen: error has no effect: a FEAT001 warning")
    func unseenIDWithoutBucket() {
        let parsed = parse(Self.head + "categorical: {vocabulary: [a], encoding: index, unseen: error, unseen_id: 7}\n")
        #expect(parsed.problems.map(\.severity) == [.warning])
        #expect(parsed.problems.first?.line == 6)
        #expect(parsed.problems.first?.message.contains("no effect with 'unseen: error'") == true)
    }
}
