import FeatModel

/// Who runs a feature and how: owner, SLA, monitoring, expectations, backfill, deprecation, waivers.
/// All `compatible`: they change how the feature is operated, never the values it holds.
enum OperationalRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field.split(separator: ".").first.map(String.init) ?? "" {
        case "owner":
            return Verdict(.compatible, change, because: "who answers for the feature changes, not its values")
        case "waivers":
            return Verdict(
                .compatible, "waivers \(waivers(before, after))",
                because: "reviewed exceptions to merge checks; values and consumers are unaffected")
        case "sla":
            return Verdict(.compatible, change, because: "the serving promise changes, the values do not")
        case "monitoring":
            return Verdict(.compatible, change, because: "how the feature is watched changes, not its values")
        case "expectations":
            return Verdict(.compatible, change, because: "the data checks change, not the values they check")
        case "backfill":
            return backfill(field, before, after, change)
        case "deprecation":
            return Verdict(
                .compatible, change,
                because: "consumers are told to plan a migration; values are unchanged until the sunset")
        default:
            return nil
        }
    }

    /// Backfill by direction (SPEC §4): history that can still be rebuilt for training is
    /// `compatible`; a period dropped from it (`start` later, `end` earlier) is `meaning`.
    static func backfill(_ field: String, _ before: Value?, _ after: Value?, _ change: String) -> Verdict {
        let dates = (before?.stringValue.flatMap(CalendarDate.init), after?.stringValue.flatMap(CalendarDate.init))
        let dropped: Bool
        switch (field, dates.0, dates.1) {
        case ("backfill.start", let b?, let a?): dropped = a > b
        case ("backfill.start", nil, .some): dropped = true
        case ("backfill.end", let b?, let a?): dropped = a < b
        case ("backfill.end", nil, .some): dropped = true
        default: dropped = false
        }
        if dropped {
            return Verdict(
                .meaning, change,
                because: "a period of history is dropped, so it can no longer be rebuilt for training")
        }
        return Verdict(
            .compatible, change,
            because: "which history is filled, and how, changes; each value is computed the same way")
    }

    /// `for FEAT006 added`, `for FEAT003 removed`, or `changed`.
    static func waivers(_ before: Value?, _ after: Value?) -> String {
        let old = rules(before)
        let new = rules(after)
        let added = new.filter { !old.contains($0) }
        let removed = old.filter { !new.contains($0) }
        var parts: [String] = []
        if !added.isEmpty { parts.append("for \(added.joined(separator: ", ")) added") }
        if !removed.isEmpty { parts.append("for \(removed.joined(separator: ", ")) removed") }
        return parts.isEmpty ? "changed" : Wording.show(parts.joined(separator: ", "), limit: 80)
    }

    static func rules(_ waivers: Value?) -> [String] {
        guard case .list(let items)? = waivers else { return [] }
        return items.compactMap { $0[path: "rule"]?.stringValue }
    }
}
