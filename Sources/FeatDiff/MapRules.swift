import FeatModel

/// Map features (exploded columns, pivots, counts per category): key and value types, which keys
/// may occur, and what an absent key reads as. Maps are keyed by name, never by position.
enum MapRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "map.key_type":
            return ShapeRules.dataType(field, before, after, reader: "consumers looking keys up")
        case "map.value_type":
            return ShapeRules.dataType(field, before, after, reader: "consumers of each key")
        case "map.keys":
            return keys(change, context)
        case "map.known_keys":
            return knownKeys(FieldTree.strings(before) ?? [], FieldTree.strings(after) ?? [], context)
        case "map.max_keys":
            return maxKeys(change, before, after, context)
        case "map.missing":
            return missing(change, context)
        case "map.null_key":
            let closed = keyPolicy(context).before == "closed" || keyPolicy(context).after == "closed"
            let place = { (v: Value?) in
                v?.stringValue.map { $0 == "drop" ? "dropped" : "kept under '\($0)'" } ?? "dropped"
            }
            let rows = "rows whose group is null are now \(place(after)) instead of \(place(before))"
            if closed {
                return Verdict(
                    .breaking, change,
                    because: "\(rows); on a closed map consumers read a fixed set of keys, so they misread the values "
                        + "it holds")
            }
            return Verdict(.meaning, change, because: "\(rows), so that key's values, or their totals, change")
        default:
            return nil
        }
    }

    /// `map.keys` read with its default (`open`) at base and head.
    static func keyPolicy(_ context: FieldContext) -> (before: String, after: String) {
        context.effective("map.keys", default: "open")
    }

    /// The map was closed at base and is open at head.
    static func opensClosedMap(_ context: FieldContext) -> Bool {
        let keys = keyPolicy(context)
        return keys.before == "closed" && keys.after == "open"
    }

    static func knownKeys(of feature: Feature) -> [String] {
        FieldTree.strings(feature.definition[path: "map.known_keys"]) ?? []
    }

    static func maxKeys(of feature: Feature) -> Int? {
        if case .int(let n)? = feature.definition[path: "map.max_keys"] { return n }
        return nil
    }

    /// Why opening a closed map is not `compatible`, or nil when it is: a known key lost, or a
    /// limit below the number of known keys.
    static func openingProblem(_ context: FieldContext) -> String? {
        let old = knownKeys(of: context.before)
        let new = knownKeys(of: context.after)
        let lost = old.filter { !new.contains($0) }
        if !lost.isEmpty {
            let them = Wording.pronoun(lost.count)
            let leave = lost.count == 1 ? "leaves" : "leave"
            return "\(Wording.quoted(lost)) \(leave) the known keys, so rows may no longer"
                + " carry \(them) and what consumers read for \(them) changes"
        }
        let known = max(old.count, new.count)
        if let limit = maxKeys(of: context.after), limit < known {
            return "max_keys \(limit) is fewer than its \(Wording.count(known, "known key", "known keys")),"
                + " so rows carrying more keys are cut and their values change"
        }
        return nil
    }

    /// Open → closed is `breaking`; closed → open is `compatible` when nothing is lost, else `meaning`.
    static func keys(_ change: String, _ context: FieldContext) -> Verdict {
        let policy = keyPolicy(context)
        if policy.before == policy.after {
            return Verdict(
                .compatible, change,
                because: """
                    an absent keys policy means open, so which keys may occur is unchanged
                    """)
        }
        if policy.after == "closed" {
            return Verdict(
                .breaking, change,
                because: """
                    keys outside known_keys are no longer carried, so consumers reading them lose them
                    """)
        }
        if let problem = openingProblem(context) {
            return Verdict(
                .meaning, change,
                because: """
                    the map may now carry keys beyond its known ones, but \(problem)
                    """)
        }
        let known = knownKeys(of: context.after).count
        guard known > 0 else {
            return Verdict(
                .compatible, change,
                because: """
                    the map may now carry any key; no known key is lost, and consumers should ignore keys they do not \
                    know
                    """)
        }
        let limit = maxKeys(of: context.after).map { " and max_keys \($0) leaves room for all of them" } ?? ""
        return Verdict(
            .compatible, change,
            because: """
                the map may now carry keys beyond its \(Wording.count(known, "known key", "known keys")); every known \
                key is kept\(limit), so their values are unchanged, and consumers should ignore keys they do not know
                """)
    }

    /// Reordering known keys is `compatible`, inserting or appending one `additive`, removing,
    /// renaming or replacing one `breaking`.
    static func knownKeys(_ before: [String], _ after: [String], _ context: FieldContext) -> Verdict {
        let field = "map.known_keys"
        if after.isEmpty {
            return Verdict(
                .breaking, "\(field) removed (was \(Wording.count(before.count, "key", "keys")))",
                because: """
                    consumers that read a known key's column (exploded or pivoted) can no longer rely on finding it
                    """)
        }
        let edit = ListEdit(before, after)
        let what = "\(field): \(edit.summary("key", "keys"))"
        let lost = edit.lost
        if !lost.isEmpty {
            return Verdict(
                .breaking, what,
                because: """
                    consumers that read \(lost.count == 1 ? "its" : "their") column (exploded or pivoted) no longer \
                    find \(Wording.pronoun(lost.count))
                    """)
        }
        if !edit.moved.isEmpty {
            return Verdict(
                .compatible, what,
                because: """
                    map values are looked up by key, so none change; only a consumer that pivots keys into columns by \
                    position would notice, and should select them by name
                    """)
        }
        let n = edit.added.count
        let map = keyPolicy(context).after == "closed" ? "the closed map" : "the map"
        return Verdict(
            .additive, what,
            because: """
                \(map) is keyed by name, so every existing key keeps its values, and consumers that do not read the \
                new \(n == 1 ? "key" : "keys") are unaffected
                """)
    }

    /// Raising, lowering or removing the limit is `meaning` (rows gain or lose keys); set while a
    /// closed map opens, it is judged with the opening.
    static func maxKeys(_ change: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict {
        if opensClosedMap(context) {
            if let problem = openingProblem(context) {
                return Verdict(.meaning, change, because: "the map opens, but \(problem)")
            }
            let room = after == nil ? "with no limit on keys" : "and the limit leaves room for every known key"
            return Verdict(
                .compatible, change,
                because: """
                    the map opens \(room), so rows that fitted the closed map are unchanged
                    """)
        }
        if case .int(let b)? = before, case .int(let a)? = after {
            if a > b {
                return Verdict(
                    .meaning, change,
                    because: """
                        rows that were cut at \(b) keys now keep up to \(a), so they gain values
                        """)
            }
            return Verdict(.meaning, change, because: "rows with more than \(a) keys are now cut, so they lose values")
        }
        if after == nil {
            return Verdict(
                .meaning, change,
                because: """
                    rows are no longer cut at a limit, so rows that had more keys gain values
                    """)
        }
        return Verdict(.meaning, change, because: "rows with more keys than the limit are cut, so their values change")
    }

    static let nonNullable: Set<String> = ["int32", "int64", "bool"]

    /// zero ↔ null is `breaking` for integer and bool values (a null cannot live in such a
    /// column), `meaning` for the others.
    static func missing(_ change: String, _ context: FieldContext) -> Verdict {
        let policy = context.effective("map.missing", default: "null")
        if policy.before == policy.after {
            return Verdict(
                .compatible, change,
                because: """
                    an absent missing policy means null, so an absent key reads as before
                    """)
        }
        let reads = policy.after == "null" ? "null instead of 0" : "0 instead of null"
        let types = [context.before, context.after].map { $0.definition[path: "map.value_type"]?.stringValue }
        let declared = types.compactMap { $0 }
        if declared.count < types.count {
            return Verdict(
                .breaking, change,
                because: """
                    a key absent from a row now reads as \(reads), and with no value_type declared an integer or bool \
                    column, where a null cannot live, cannot be ruled out
                    """)
        }
        if let column = declared.first(where: nonNullable.contains) {
            let article = column.hasPrefix("i") ? "an" : "a"
            if policy.after == "null" {
                return Verdict(
                    .breaking, change,
                    because: """
                        a key absent from a row now reads as null instead of 0, and a null cannot live in \(article) \
                        \(column) column, so consumers fail or misread those rows
                        """)
            }
            return Verdict(
                .breaking, change,
                because: """
                    a key absent from a row now reads as 0 instead of null, so \(article) \(column) column changes \
                    whether it holds nulls and consumers that told absent keys apart by their null read them as real \
                    zeros
                    """)
        }
        return Verdict(
            .meaning, change,
            because: """
                a key absent from a row now reads as \(reads), so sums, means and models see different values
                """)
    }
}
