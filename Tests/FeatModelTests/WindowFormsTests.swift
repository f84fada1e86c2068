import FeatModel
import Testing

/// Window forms (SPEC §10): `lifetime`, `half_life`, `offset`, `series`, `time.accuracy`.
@Suite("Window forms: lifetime, half-life, offset, series, accuracy")
struct WindowFormsTests {
    static let head = FeatureProblemsTests.aggregationHead

    @Test("a decayed count over all time reads: window lifetime with a half-life")
    func decayedCount() throws {
        let file = parse(Self.head + "aggregation: {function: count, window: lifetime, half_life: 50d}\n")
        #expect(file.problems == [])
        let feature = try #require(file.feature)
        #expect(feature.definition[path: "aggregation.window"] == .string("lifetime"))
        #expect(feature.definition[path: "aggregation.half_life"] == duration("50d"))
    }

    @Test("lifetime meets the window obligation like a duration")
    func lifetimeMeetsWindow() throws {
        let o = try #require(Obligation("aggregation.window"))
        let feature = try #require(parse(Self.head + "aggregation: {function: count, window: lifetime}\n").feature)
        #expect(o.isMet(by: feature.definition))
    }

    @Test("a negative offset compares by value (-7d equals -168h) and is a label's only")
    func negativeOffset() throws {
        let label = parse(Self.head + "role: label\naggregation: {function: count, window: 7d, offset: -7d}\n")
        #expect(label.problems == [])
        let hours = parse(Self.head + "role: label\naggregation: {function: count, window: 7d, offset: -168h}\n")
        #expect(label.feature?.definition == hours.feature?.definition)
        #expect(
            findings(Self.head + "aggregation: {function: count, window: 7d, offset: -7d}\n") == [
                "6: 'aggregation.offset: -7d' looks forward, which only a label may do ('role: label'): "
                    + "a value from the future read as a feature leaks the label"
            ])
        #expect(findings(Self.head + "aggregation: {function: count, window: 7d, offset: 0s}\n") == [])
        #expect(findings(Self.head + "aggregation: {function: count, window: 7d, offset: 1d}\n") == [])
    }

    @Test(
        "window forms written wrong are FEAT001 on their line",
        arguments: [
            (
                "aggregation: {window: lifetme}\n",
                "6: 'aggregation.window' must be a positive duration such as 90s, 30m, 1h, 7d or 2w "
                    + "(did you mean 'lifetime'?), found 'lifetme'"
            ),
            (
                "aggregation: {offset: -x}\n",
                "6: 'aggregation.offset' must be a duration such as 7d, 0s or -1d (negative looks forward), found '-x'"
            ),
            (
                "aggregation: {half_life: 0s}\n",
                "6: 'aggregation.half_life' must be a positive duration such as 90s, 30m, 1h, 7d or 2w, found '0s'"
            ),
            (
                "aggregation: {series: {count: 0, step: 1d}}\n",
                "6: 'aggregation.series.count' must be an integer of at least 1, found '0'"
            ),
            ("time: {accuracy: hourly}\n", "6: 'time.accuracy' must be one of temporal, daily, found 'hourly'"),
            ("role: target\n", "6: 'role' must be one of feature, label, found 'target'"),
        ])
    func wrong(_ text: String, _ finding: String) {
        #expect(findings(Self.head + text) == [finding])
    }
}
