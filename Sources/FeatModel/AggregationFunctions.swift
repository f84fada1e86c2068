/// What each aggregation function takes and gives (SPEC §10): its parameters, the ones it
/// requires, and whether its result is a list.
public enum AggregationFunctions {
    /// The parameters (`aggregation.params`) each function takes; a function not listed takes none.
    public static let parameters: [String: [String]] = [
        "last_k": ["k", "distinct"], "first_k": ["k", "distinct"], "top_k": ["k"],
        "approx_percentile": ["percentile", "percentiles", "precision"], "approx_distinct": ["precision"],
        "stddev": ["ddof"], "variance": ["ddof"], "lag": ["periods"],
    ]

    /// Functions whose result is a list of `params.k` values.
    public static let listFunctions: Set<String> = ["last_k", "first_k", "top_k"]

    /// Functions an embedding may aggregate with, element-wise over vectors.
    public static let embeddingFunctions = ["mean", "sum", "max"]

    /// The parameters a definition's function requires and does not have, each as one of
    /// several alternatives (`[["k"]]`, `[["percentile", "percentiles"]]`).
    public static func missingParameters(_ definition: Value) -> [[String]] {
        guard let function = definition[path: "aggregation.function"]?.stringValue else { return [] }
        let params = definition[path: "aggregation.params"]
        let required: [[String]] =
            switch function {
            case "last_k", "first_k", "top_k": [["k"]]
            case "approx_percentile": [["percentile", "percentiles"]]
            default: []
            }
        return required.filter { choice in !choice.contains { params?[path: $0]?.isPresent ?? false } }
    }

    /// Whether the aggregation gives a list: a list function, `percentiles`, or a `series`;
    /// nil when there is no function and no series to tell.
    public static func givesList(_ definition: Value) -> Bool? {
        let function = definition[path: "aggregation.function"]?.stringValue
        let series = definition[path: "aggregation.series"] != nil
        guard function != nil || series else { return nil }
        return series || function.map(listFunctions.contains) == true
            || (function == "approx_percentile" && definition[path: "aggregation.params.percentiles"] != nil)
    }

    /// The length the definition gives its list, when it sizes it: `params.k`, the number of
    /// `percentiles`, or `series.count`.
    public static func length(_ definition: Value) -> Int? {
        if case .int(let count)? = definition[path: "aggregation.series.count"] { return count }
        if let function = definition[path: "aggregation.function"]?.stringValue, listFunctions.contains(function),
            case .int(let k)? = definition[path: "aggregation.params.k"]
        {
            return k
        }
        if case .list(let percentiles)? = definition[path: "aggregation.params.percentiles"] {
            return percentiles.count
        }
        return nil
    }
}
