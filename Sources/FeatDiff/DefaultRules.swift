import FeatModel

/// `default`, what a feature reads as when the entity has no value (SPEC §10): compared as one
/// value, where `''`, `[]` and `{}` are values and absence is null. Set, changed or removed it
/// is `meaning`; null ↔ a value for an integer or bool type is `breaking` (a column where a
/// null cannot live gains or loses them).
enum DefaultRules {
    static let field = "default"

    static func change(_ context: FieldContext) -> FieldChange? {
        let before = context.before.definition[path: field]
        let after = context.after.definition[path: field]
        switch (before, after) {
        case (nil, nil): return nil
        case (let b?, let a?) where FieldTree.equivalent(b, a) && sameKind(b, a): return nil
        default: break
        }
        let what = Wording.transition(field, before, after)
        let types = [context.before, context.after].compactMap {
            $0.definition[path: "type"]?.stringValue.flatMap(ValueType.init)
        }
        if before == nil || after == nil,
            let type = types.first(where: { !$0.isList && nonNullable.contains($0.element) })
        {
            return Verdict(
                .breaking, what,
                because: after == nil
                    ? "an entity with no value now reads as null, which a \(type) column cannot hold"
                    : "an entity with no value now reads as a value instead of null, so consumers that told missing "
                        + "values apart by their null read them as real \(type) values"
            ).change(field, before, after)
        }
        return Verdict(
            .meaning, what,
            because: "an entity with no value now reads as \(after.map(Wording.show) ?? "null") instead of "
                + "\(before.map(Wording.show) ?? "null"), so sums, means and models see other values"
        ).change(field, before, after)
    }

    static let nonNullable: Set<DataType> = [.int32, .int64, .bool]

    /// `''` and `[]` are different values inside `default`, though both are empty.
    static func sameKind(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.list, .list), (.map, .map), (.string, .string), (.bool, .bool), (.null, .null): return true
        case (.int, .int), (.int, .number), (.number, .int), (.number, .number): return true
        case (.duration, .duration): return true
        default: return false
        }
    }
}
