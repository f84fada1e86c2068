import FeatModel

/// What consumers read: the value `type`, the join key `entity`, the `kind`.
/// Declaring one where none was is `compatible`; any other change is `breaking`, except a type widening.
enum ShapeRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        switch field {
        case "type":
            return dataType(field, before, after, reader: "consumers")
        case "entity":
            let change = Wording.transition(field, before, after)
            if before == nil {
                return Verdict(.compatible, change, because: "the join key is now part of the contract")
            }
            if after == nil {
                return Verdict(.breaking, change, because: "consumers no longer know which key to join on")
            }
            return Verdict(.breaking, change, because: "the join key changes, so joins on the old key fail or match the wrong rows")
        case "kind":
            let b = before.map(Wording.show) ?? "none"
            let a = after.map(Wording.show) ?? "none"
            return Verdict(.breaking, "kind \(b) → \(a)", because: "consumers built for one kind of feature read another")
        default:
            return nil
        }
    }

    /// A value type: widening (int32→int64, float32→float64, int32→float64) is `compatible`.
    static func dataType(_ field: String, _ before: Value?, _ after: Value?, reader: String) -> Verdict {
        let change = Wording.transition(field, before, after)
        guard let b = before?.stringValue else {
            return Verdict(.compatible, change, because: "the contract now states what \(reader) read")
        }
        guard let a = after?.stringValue else {
            return Verdict(.breaking, change, because: "\(reader) can no longer rely on the type they read")
        }
        let old = DataType(rawValue: b)
        let new = DataType(rawValue: a)
        if let old, let new, old.widens(to: new) {
            return Verdict(.compatible, "\(change) widened", because: "every old value still fits, so \(reader) reading \(a) read them unchanged")
        }
        if let old, let new, new.widens(to: old) {
            return Verdict(.breaking, "\(change) narrowed", because: "values that fit \(b) may not fit \(a), so \(reader) fail or misread them")
        }
        return Verdict(.breaking, change, because: "\(reader) reading \(b) fail or misread \(a) values")
    }
}
