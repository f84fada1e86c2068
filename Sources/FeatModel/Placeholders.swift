/// Placeholders in obligation fields (SPEC §10): a value that meets an obligation in form only
/// (`owner: TBD`), as importing from a platform leaves them. The obligation is still met; the
/// warning is the reviewer's cue.
public enum Placeholders {
    /// Whole values, compared ignoring case and surrounding spaces, that stand for nothing.
    public static let words: Set<String> = ["unknown", "tbd", "todo", "n/a", "?", "none"]

    /// Whether a value is a placeholder in `field`: `none` is a value in `entity` (a global
    /// feature) and a placeholder anywhere else.
    public static func isPlaceholder(_ value: Value, in field: String) -> Bool {
        guard case .string(let text) = value else { return false }
        let word = text.trimmingWhitespace().lowercased()
        return words.contains(word) && !(field == "entity" && word == "none")
    }

    /// FEAT001 warnings for the placeholders in the fields a feature's stage requires, each on
    /// its field's line: every text at or below an obligation's fields, and a list that holds
    /// one placeholder and nothing else.
    public static func problems(in feature: Feature, obligations: [Obligation]) -> [Problem] {
        var fields: [String] = []
        var seen: Set<String> = []
        for field in obligations.flatMap(\.alternatives) where seen.insert(field).inserted { fields.append(field) }
        var problems: [Problem] = []
        for field in fields {
            guard let value = feature.definition[path: field] else { continue }
            for (path, text) in placeholders(in: value, at: field) {
                problems.append(
                    Problem(
                        .warning,
                        "'\(path)' is a placeholder ('\(text)'): it meets the stage's obligation in form only; "
                            + "write what it really is",
                        line: feature.line(of: path)))
            }
        }
        return problems
    }

    static func placeholders(in value: Value, at path: String) -> [(String, String)] {
        switch value {
        case .string(let text):
            return isPlaceholder(value, in: path) ? [(path, text)] : []
        case .list(let items):
            // The entries of a vocabulary or of known keys are data (a category may be called
            // `unknown`), and so is any entry beside others: only a list that is nothing but one
            // placeholder (`entity: [tbd]`) stands for nothing.
            guard items.count == 1, !path.hasPrefix("categorical."), !path.hasPrefix("map.") else { return [] }
            return placeholders(in: items[0], at: path == "entity" ? path : "\(path)[0]")
        case .map(let fields):
            return fields.sorted { $0.key < $1.key }.filter { !$0.key.hasPrefix("x-") }
                .flatMap { placeholders(in: $1, at: path + "." + $0) }
        default:
            return []
        }
    }
}

extension Policy {
    /// FEAT001 warnings for placeholders in the fields the feature's stage requires.
    public func placeholders(in feature: Feature) -> [Problem] {
        Placeholders.problems(in: feature, obligations: obligations(at: feature.stage, kind: feature.kind))
    }
}
