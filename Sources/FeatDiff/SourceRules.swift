import FeatModel

/// Where and when values come from: `source.*` and `time.*`. Any change is `meaning`:
/// the shape stays, the values differ, and consumers are not told.
enum SourceRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "source.kind":
            return Verdict(
                .meaning, change,
                because:
                    "rows are now read as \((after?.stringValue ?? "events") == "snapshot" ? "states at a time" : "events in time") "
                    + "instead of \((before?.stringValue ?? "events") == "snapshot" ? "states at a time" : "events in time"), "
                    + "so the same rows give other values")
        case "source.stream.kind", "source.stream.topic":
            return Verdict(
                .compatible, change,
                because: "online values are fed another way, not computed differently; check that sla.freshness "
                    + "still holds")
        case "source.mutations.table", "source.mutations.topic":
            return mutations(field, change, context)
        case "source.table":
            return Verdict(.meaning, change, because: "values come from different data; same shape, different values")
        case "source.sql":
            return Verdict(
                .meaning, "source.sql \(sqlEdit(before, after))",
                because: "the query computes values differently; same shape, different values")
        case "source.filter":
            return Verdict(
                .meaning, "source.filter \(sqlEdit(before, after))", because: "a different set of rows feeds the values"
            )
        case "source.expression":
            return Verdict(
                .meaning, "source.expression \(sqlEdit(before, after))", because: "each value is computed differently")
        case "time.event_time":
            return Verdict(
                .meaning, change,
                because: "values are placed in time differently, so point-in-time joins return different values")
        case "time.ttl":
            return Verdict(
                .meaning, change,
                because:
                    "values stay servable for a different time, so lookups past the old expiry return different values")
        case "time.allowed_lateness":
            return Verdict(
                .meaning, change,
                because: "events arriving late by a different margin are now kept or dropped, so windows hold "
                    + "different rows (absent means 0s: late events are dropped)")
        case "time.accuracy":
            let accuracy = [before, after].map { $0?.stringValue ?? "temporal" }
            return Verdict(
                .meaning, change,
                because: "values now move \(accuracy[1] == "daily" ? "once a day" : "with each event") instead of "
                    + "\(accuracy[0] == "daily" ? "once a day" : "with each event"), so a point-in-time read "
                    + "returns another value")
        case "time.timezone":
            // An unknown name is shown as written (FEAT001 refuses it): never as some other zone.
            let zones = [before, after].map { $0?.stringValue.map { TimeZoneName.canonical($0) ?? $0 } ?? "Etc/UTC" }
            return Verdict(
                .meaning, change,
                because: "another zone (\(zones[0]) → \(zones[1])), so day boundaries move and daily values cover "
                    + "different hours")
        default:
            return nil
        }
    }

    /// Mutations added or removed move values within a day (`meaning`), as does another table of
    /// them; another topic carrying the same mutations is `compatible`.
    static func mutations(_ field: String, _ change: String, _ context: FieldContext) -> Verdict {
        let had = [context.before, context.after].map { $0.definition[path: "source.mutations"]?.isPresent ?? false }
        if had[0] != had[1] {
            return Verdict(
                .meaning, change,
                because: had[1]
                    ? "changes to rows are now applied within the day, so values move between daily loads"
                    : "changes to rows are no longer applied within the day, so values hold until the next load")
        }
        if field == "source.mutations.table" {
            return Verdict(.meaning, change, because: "values are updated from different data within the day")
        }
        return Verdict(
            .compatible, change,
            because: "the same mutations arrive by another stream; values are unchanged, check sla.freshness")
    }

    /// Where a request-time feature's history comes from (SPEC §10): set, changed or removed,
    /// training history is rebuilt from elsewhere.
    static func backfillSource(_ field: String, _ before: Value?, _ after: Value?) -> Verdict {
        Verdict(
            .meaning, Wording.transition(field, before, after),
            because: "training history is rebuilt from elsewhere, so past values differ from those a model was "
                + "trained on")
    }

    /// `set`, `removed`, or where the token streams first differ.
    static func sqlEdit(_ before: Value?, _ after: Value?) -> String {
        guard let b = before?.stringValue else { return "set to " + (after.map(Wording.show) ?? "") }
        guard let a = after?.stringValue else { return "removed" }
        guard let difference = SQLTokens.firstDifference(b, a) else { return "changed" }
        return "changed at \(difference)"
    }
}
