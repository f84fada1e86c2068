import FeatModel

/// What consumers read: the value `type`, the join key `entity`, the `kind`.
/// Any change is `breaking`, except a lossless type widening; `entity` is a set, so its order
/// is no change at all.
enum ShapeRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        switch field {
        case "type":
            return dataType(field, before, after, reader: "consumers")
        case "entity":
            return entity(before, after)
        case "length":
            let length = [before, after].map { $0?.stringValue ?? "variable" }
            return Verdict(
                .breaking, Wording.transition(field, before, after),
                because: length[1] == "fixed"
                    ? "lists are now padded to a fixed length, so consumers reading them as they come misread the padding"
                    : "lists are no longer padded to a fixed length, so consumers reading padded tensors fail")
        case "role":
            let role = [before, after].map { $0?.stringValue ?? "feature" }
            return Verdict(
                .breaking, Wording.transition(field, before, after),
                because: role[1] == "label"
                    ? "the feature becomes a label, which no model may read as an input: consumers reading it "
                        + "leak what they predict"
                    : "the label becomes a feature: training sets that read it as a target lose it")
        case "kind":
            let b = before.map(Wording.show) ?? "none"
            let a = after.map(Wording.show) ?? "none"
            return Verdict(
                .breaking, "kind \(b) → \(a)",
                because: """
                    consumers built for one kind of feature read another
                    """)
        default:
            return nil
        }
    }

    /// Join keys compared as a set: any key added, removed or replaced is `breaking`.
    static func entity(_ before: Value?, _ after: Value?) -> Verdict {
        // `entity: none`: a global feature with no join key (SPEC §10); none ↔ keys is the entity row.
        let global = [before, after].map { $0?.stringValue == "none" }
        if global[0] != global[1], before != nil, after != nil {
            return Verdict(
                .breaking, Wording.transition("entity", before, after),
                because: global[1]
                    ? "the feature becomes global, with no join key, so joins on the old keys fail"
                    : "the global feature gains join keys, so consumers reading one value for all must now join")
        }
        let old = FieldTree.strings(before) ?? []
        let new = FieldTree.strings(after) ?? []
        if new.isEmpty {
            return Verdict(
                .breaking, Wording.transition("entity", before, after),
                because: """
                    consumers no longer know which key to join on
                    """)
        }
        let removed = old.filter { !new.contains($0) }
        let added = new.filter { !old.contains($0) }
        var parts: [String] = []
        if !removed.isEmpty, !added.isEmpty {
            parts.append("\(Wording.quoted(removed)) replaced by \(Wording.quoted(added))")
        } else if !removed.isEmpty {
            parts.append("\(Wording.quoted(removed)) removed")
        } else if !added.isEmpty {
            parts.append("\(Wording.quoted(added)) added")
        }
        let values = "(\(Wording.show(before ?? .null)) → \(Wording.show(after ?? .null)))"
        let what = "entity: " + (parts.first ?? "changed") + " " + values
        return Verdict(
            .breaking, what,
            because: """
                the join key changes, so joins on the old key fail or match the wrong rows
                """)
    }

    /// A value type: widening (int32→int64, float32→float64, int32→float64) is `compatible`,
    /// every other change `breaking` (int32→float32 and int64→float64 round large values).
    static func dataType(_ field: String, _ before: Value?, _ after: Value?, reader: String) -> Verdict {
        let change = Wording.transition(field, before, after)
        guard let b = before?.stringValue else {
            return Verdict(.additive, change, because: "the contract now states what \(reader) read")
        }
        guard let a = after?.stringValue else {
            return Verdict(.breaking, change, because: "\(reader) can no longer rely on the type they read")
        }
        let old = ValueType(b)
        let new = ValueType(a)
        if let old, let new, old.isList != new.isList {
            return Verdict(
                .breaking, change,
                because: new.isList
                    ? "\(reader) reading a single value get a list"
                    : "\(reader) reading a list get a single value")
        }
        if let old, let new, old.widens(to: new) {
            return Verdict(
                .compatible, "\(change) widened",
                because: """
                    every old value still fits, so \(reader) reading \(a) read them unchanged
                    """)
        }
        if let old, let new, new.widens(to: old) {
            return Verdict(
                .breaking, "\(change) narrowed",
                because: """
                    values that fit \(b) may not fit \(a), so \(reader) fail or misread them
                    """)
        }
        let numbers: Set<DataType> = [.int32, .int64, .float32, .float64]
        if let old, let new, numbers.contains(old.element), numbers.contains(new.element) {
            return Verdict(
                .breaking, change,
                because: """
                    \(a) cannot hold every \(b) value exactly (they are rounded or cut), so \(reader) misread them
                    """)
        }
        return Verdict(.breaking, change, because: "\(reader) reading \(b) fail or misread \(a) values")
    }
}
