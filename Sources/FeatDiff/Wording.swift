import FeatModel

/// Short, single-line renderings of values and counts for change messages.
enum Wording {
    static let maxValueLength = 60

    /// A value on one line, cut to a readable length.
    static func show(_ value: Value) -> String {
        let words = value.display.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let text = words.joined(separator: " ")
        return text.count > maxValueLength ? String(text.prefix(maxValueLength - 1)) + "…" : text
    }

    /// `aggregation.window 7d → 30d`, `sla.freshness set to 1h`, `time.ttl removed (was 1d)`.
    static func transition(_ field: String, _ before: Value?, _ after: Value?) -> String {
        switch (before, after) {
        case (let b?, let a?): return "\(field) \(show(b)) → \(show(a))"
        case (nil, let a?): return "\(field) set to \(show(a))"
        case (let b?, nil): return "\(field) removed (was \(show(b)))"
        case (nil, nil): return field
        }
    }

    /// `'a', 'b' and 3 more`.
    static func quoted(_ items: some Collection<String>, limit: Int = 4) -> String {
        let shown = items.prefix(limit).map { "'\($0)'" }
        let rest = items.count - shown.count
        switch shown.count {
        case 0: return "nothing"
        case 1: return shown[0]
        default:
            if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
            return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
        }
    }

    /// `1 entry`, `3 entries`.
    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }
}
