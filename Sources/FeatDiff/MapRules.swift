import FeatModel

/// Map features (exploded columns, pivots, counts per category): key and value types, which keys
/// may occur, and what an absent key reads as.
enum MapRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "map.key_type":
            if before == nil {
                return Verdict(.compatible, change, because: "the type keys are looked up by is now part of the contract")
            }
            return Verdict(.breaking, change, because: "consumers look keys up by the old type and fail or find nothing")
        case "map.value_type":
            return ShapeRules.dataType(field, before, after, reader: "consumers of each key")
        case "map.keys":
            return keys(change, before?.stringValue, after?.stringValue)
        case "map.known_keys":
            return knownKeys(FieldTree.strings(before) ?? [], FieldTree.strings(after) ?? [], keys: context.current("map.keys"))
        case "map.max_keys":
            return maxKeys(change, before, after)
        case "map.missing":
            return Verdict(.meaning, change, because: "a key absent from a row now reads as a different value (zero or null), so sums, means and models see different values")
        default:
            return nil
        }
    }

    /// Open → closed is `breaking`; closed → open, or declaring either, is `compatible`.
    static func keys(_ change: String, _ before: String?, _ after: String?) -> Verdict {
        if before == "open", after == "closed" {
            return Verdict(.breaking, change, because: "keys outside known_keys are no longer carried, so consumers reading them lose them")
        }
        if before == "closed" {
            return Verdict(.compatible, change, because: "the map may now carry keys beyond known_keys; values of known keys are unchanged, and consumers should ignore keys they do not know")
        }
        return Verdict(.compatible, change, because: "which keys may occur is now part of the contract; values are unchanged")
    }

    /// Appending a key is `additive`, reordering `compatible`, removing one `breaking`.
    static func knownKeys(_ before: [String], _ after: [String], keys: String?) -> Verdict {
        let field = "map.known_keys"
        let kept = Set(after)
        let removed = before.filter { !kept.contains($0) }
        if after.isEmpty {
            return Verdict(.breaking, "\(field) removed (was \(Wording.count(before.count, "key", "keys")))", because: "consumers that read a key's column no longer find it")
        }
        if !removed.isEmpty {
            return Verdict(.breaking, "\(field): \(Wording.quoted(removed)) removed", because: "consumers that read \(removed.count == 1 ? "its" : "their") column (exploded or pivoted) no longer find it")
        }
        if after.starts(with: before) {
            let appended = Wording.quoted(after.dropFirst(before.count))
            if before.isEmpty {
                return Verdict(.additive, "\(field) declared (\(appended))", because: "new information about which keys occur; values are unchanged")
            }
            let map = keys == "closed" ? "the closed map" : "the map"
            return Verdict(.additive, "\(field): \(appended) appended to \(map)", because: "existing keys keep their place, and consumers that do not read the new \(after.count - before.count == 1 ? "key" : "keys") are unaffected")
        }
        let old = Set(before)
        let added = after.filter { !old.contains($0) }
        let what = added.isEmpty ? "reordered" : "reordered, with \(Wording.quoted(added)) inserted among them"
        return Verdict(.compatible, "\(field) \(what)", because: "map values are looked up by key, so none change; only a consumer that pivots keys into columns by position would notice, and should select them by name")
    }

    /// Fewer keys allowed per row cuts rows (`meaning`); more or no limit is `compatible`.
    static func maxKeys(_ change: String, _ before: Value?, _ after: Value?) -> Verdict {
        if case .int(let b)? = before, case .int(let a)? = after, a > b {
            return Verdict(.compatible, change, because: "rows may carry more keys; rows that fitted before are unchanged")
        }
        if after == nil {
            return Verdict(.compatible, change, because: "rows are no longer limited; rows that fitted before are unchanged")
        }
        return Verdict(.meaning, change, because: "rows with more keys than the limit are cut, so their values change")
    }
}
