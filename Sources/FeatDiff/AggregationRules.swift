import FeatModel

/// How rows are aggregated: function, column, window, slide. Any change is `meaning`.
enum AggregationRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "aggregation.window":
            if after == nil {
                return Verdict(
                    .meaning, change,
                    because:
                        "the aggregation now spans all history; same shape, different values, so they are no longer comparable with those a model was trained on"
                )
            }
            return Verdict(
                .meaning, change, because: "values are no longer comparable with those a model was trained on")
        case "aggregation.slide":
            return Verdict(
                .meaning, change,
                because: "values are refreshed on a different step, so a point-in-time read returns a different value")
        case "aggregation.function":
            return Verdict(
                .meaning, change,
                because: "the same rows aggregated differently give different values under the same name")
        case "aggregation.column":
            return Verdict(.meaning, change, because: "a different column is aggregated; same shape, different values")
        default:
            return nil
        }
    }
}
