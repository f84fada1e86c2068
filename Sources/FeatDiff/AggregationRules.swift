import FeatModel

/// How rows are aggregated: function, column, window and its forms (SPEC §10: `lifetime`,
/// `half_life`, `offset`, `series`). A change moves values (`meaning`), except where it moves
/// the shape consumers read (`series.count`, `series` set or removed: the list) or lets a
/// feature read the future (`offset` across zero): `breaking`.
enum AggregationRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        if field.hasPrefix("aggregation.params.") { return parameter(field, change, before, after, context) }
        switch field {
        case "aggregation.window" where isLifetime(before) != isLifetime(after) && before != nil && after != nil:
            return Verdict(
                .meaning, change,
                because: isLifetime(after)
                    ? "the aggregation now spans all history instead of a window, so values are no longer "
                        + "comparable with those a model was trained on"
                    : "the aggregation now spans a window instead of all history, so values are no longer "
                        + "comparable with those a model was trained on")
        case "aggregation.group_by":
            return Verdict(
                .breaking, change,
                because: "the map is keyed by another column, so every key now names something else")
        case "aggregation.half_life":
            return Verdict(
                .meaning, change,
                because: before == nil
                    ? "events now count less as they age, so every value changes"
                    : after == nil
                        ? "events no longer decay with age, so every value changes"
                        : "events decay at another rate, so every value changes")
        case "aggregation.offset":
            return offset(change, before, after)
        case "aggregation.series.count":
            if before == nil || after == nil {
                return Verdict(
                    .breaking, change,
                    because: after == nil
                        ? "the feature is no longer a series: consumers reading a list get a single value"
                        : "the feature becomes a series: consumers reading a single value get a list")
            }
            return Verdict(
                .breaking, change,
                because: "the list holds another number of values, so consumers sized for it fail or misread them")
        case "aggregation.series.step":
            return Verdict(
                .meaning, change,
                because: "the values of the series are taken at another step, so each position means another time")
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

    /// A function's parameter (SPEC §10): any change moves values (`meaning`), except where it
    /// moves what consumers read by position: `k` under `length: fixed` (the list's length), a
    /// percentile list reordered or resized, `periods` changing sign (a look ahead).
    static func parameter(_ field: String, _ change: String, _ before: Value?, _ after: Value?, _ context: FieldContext)
        -> Verdict?
    {
        switch field {
        case "aggregation.params.k":
            let fixed = [context.before, context.after].contains {
                $0.definition[path: "length"]?.stringValue == "fixed"
            }
            if fixed {
                return Verdict(
                    .breaking, change,
                    because: "the list has a fixed length, so consumers reading padded tensors get another length")
            }
            return Verdict(
                .meaning, change,
                because: "lists hold another number of values, so they are not the values a model "
                    + "was trained on")
        case "aggregation.params.percentile":
            return Verdict(
                .meaning, change, because: "another percentile of the same values is read under the same name")
        case "aggregation.params.percentiles":
            return percentiles(change, before, after)
        case "aggregation.params.periods":
            let sign = [before, after].map { value -> Bool in
                if case .int(let n)? = value { return n < 0 }
                return false
            }
            if sign[0] != sign[1] {
                return Verdict(
                    .breaking, change,
                    because: sign[1]
                        ? "the lag now looks ahead, so values read the future: a model trained on them leaks what it "
                            + "predicts"
                        : "the lag no longer looks ahead, so values that held the label no longer do")
            }
            return Verdict(.meaning, change, because: "another earlier value is read under the same name")
        case "aggregation.params.ddof":
            return Verdict(
                .meaning, change, because: "the spread is divided by another count, so every value changes slightly")
        case "aggregation.params.precision":
            return Verdict(
                .meaning, change, because: "the sketch approximates with another precision, so values move")
        case "aggregation.params.distinct":
            return Verdict(
                .meaning, change,
                because: "repeated values are now \(after == .bool(true) ? "kept once" : "kept each time"), so lists "
                    + "hold other values")
        default:
            return nil
        }
    }

    /// A percentile list is read by position: reordered, or an entry appended, inserted or
    /// removed, is `breaking`; values changed in place, with none moving, are `meaning`.
    static func percentiles(_ change: String, _ before: Value?, _ after: Value?) -> Verdict {
        let old = FieldTree.strings(before) ?? []
        let new = FieldTree.strings(after) ?? []
        if old.isEmpty || new.isEmpty {
            return Verdict(
                .breaking, change,
                because: new.isEmpty
                    ? "the feature no longer gives a list of percentiles: consumers reading positions fail"
                    : "the feature now gives a list of percentiles: consumers reading a single value fail")
        }
        if old.count != new.count {
            return Verdict(
                .breaking, change,
                because: "the list is read by position and now holds \(new.count) values instead of \(old.count), so "
                    + "consumers read the wrong percentile or none")
        }
        let moved = old.enumerated().contains { i, value in
            new.firstIndex(of: value).map { $0 != i } ?? false
        }
        if moved {
            return Verdict(
                .breaking, change,
                because: "the list is read by position and percentiles moved, so consumers read another percentile "
                    + "under the position they know")
        }
        return Verdict(
            .meaning, change,
            because: "a position of the list now holds another percentile, so its values change under the same place")
    }

    /// The aggregation block is first set on a map or an embedding: it declares how existing
    /// keys or vectors are filled (SPEC §10), so its fields are declarations.
    static func filledFirst(_ context: FieldContext) -> Bool {
        guard let kind = context.after.kind, FeatureSchema.carries(kind, "aggregation") else { return false }
        return context.before.definition[path: "aggregation"] == nil
    }

    static func isLifetime(_ window: Value?) -> Bool {
        window?.stringValue == "lifetime"
    }

    /// The window spans all history on either side: `backfill.start` is then where it starts.
    static func spansLifetime(_ context: FieldContext) -> Bool {
        [context.before, context.after].contains { isLifetime($0.definition[path: "aggregation.window"]) }
    }

    /// With `window: lifetime`, `backfill.start` is part of the window (SPEC §10): set, changed
    /// (earlier or later) or removed, it is `meaning`, whatever the backfill rows say.
    static func lifetimeStart(_ field: String, _ before: Value?, _ after: Value?) -> Verdict {
        Verdict(
            .meaning, Wording.transition(field, before, after),
            because: "the window is lifetime, so it starts at backfill.start: every value now counts another "
                + "stretch of history")
    }

    /// `offset` changed is `meaning`; moving between negative and zero-or-positive (absent is
    /// `0s`), either way, is `breaking`: a value from the future read as a feature leaks the label.
    static func offset(_ change: String, _ before: Value?, _ after: Value?) -> Verdict {
        let forward = [before, after].map { value -> Bool in
            if case .duration(let d)? = value { return d.isNegative }
            return false
        }
        if forward[0] != forward[1] {
            return Verdict(
                .breaking, change,
                because: forward[1]
                    ? "the window now ends after the point in time, so values read the future: a model trained on "
                        + "them leaks what it predicts"
                    : "the window no longer reads the future, so values that held the label no longer do")
        }
        return Verdict(
            .meaning, change,
            because: "the window ends at another time before the point in time, so every value moves")
    }
}
