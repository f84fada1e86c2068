import FeatModel

/// A derived feature's `inputs` (SPEC §10), keyed by name — an input's `as` or a request
/// field — never by position: reordered is no change, and an `as` renamed is one input removed
/// and another added. An input added, removed or replaced, or its version changed, is
/// `meaning`; its `key` mapping changed `breaking`; a request input added `breaking` (every
/// caller must now send it), removed `compatible`, its type by the type rows.
enum InputRules {
    static func changes(_ context: FieldContext) -> [FieldChange] {
        let old = Dictionary(context.before.inputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(context.after.inputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [FieldChange] = []
        for name in Set(old.keys).union(new.keys).sorted() {
            let path = InputPath(name: name).description
            switch (old[name], new[name]) {
            case (nil, let input?):
                changes.append(added(input).change(path, nil, input.value))
            case (let input?, nil):
                changes.append(removed(input).change(path, input.value, nil))
            case (let b?, let a?):
                changes += compare(b, a, path: path)
            case (nil, nil):
                break
            }
        }
        return changes
    }

    static func describe(_ input: FeatureInput) -> String {
        if let feature = input.feature { return "(\(feature.feature) v\(feature.version))" }
        return "(request field, \(input.type ?? "no type"))"
    }

    static func added(_ input: FeatureInput) -> Verdict {
        let what = "\(input.path) added \(describe(input))"
        if input.isRequest {
            return Verdict(
                .breaking, what,
                because: "every caller must now send '\(input.name)' with each request, and calls without it fail")
        }
        return Verdict(.meaning, what, because: "each value is now computed from another feature as well")
    }

    static func removed(_ input: FeatureInput) -> Verdict {
        let what = "\(input.path) removed (was \(describe(input).dropFirst())"
        if input.isRequest {
            return Verdict(
                .compatible, what,
                because: "callers no longer need to send '\(input.name)'; one that still sends it is unaffected")
        }
        return Verdict(.meaning, what, because: "values are no longer computed from that feature, so they change")
    }

    static func compare(_ b: FeatureInput, _ a: FeatureInput, path: String) -> [FieldChange] {
        switch (b.feature, a.feature) {
        case (let old?, let new?):
            var changes: [FieldChange] = []
            if old != new {
                let what: String
                let why: String
                if old.feature == new.feature {
                    what = "\(path) version \(old.version) → \(new.version) (\(new.feature))"
                    why =
                        "another version of the input is a different contract, so each value is computed from "
                        + "different values"
                } else {
                    what = "\(path) replaced: \(old) → \(new)"
                    why = "each value is now computed from another feature under the same name"
                }
                changes.append(Verdict(.meaning, what, because: why).change(path, b.value, a.value))
            }
            if b.keyMapping != a.keyMapping {
                let field = path + ".key"
                let show = { (m: [String: String]) in
                    m.isEmpty
                        ? "identity"
                        : m.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
                            separator: ", ")
                }
                changes.append(
                    Verdict(
                        .breaking, "\(field) {\(show(b.keyMapping))} → {\(show(a.keyMapping))}",
                        because: """
                            the input is joined on other columns, so each row reads another entity's value, or none
                            """
                    ).change(field, b.value[path: "key"], a.value[path: "key"]))
            }
            return changes
        case (nil, nil):
            guard b.type != a.type else { return [] }
            let field = path + ".type"
            let before = b.type.map(Value.string)
            let after = a.type.map(Value.string)
            return [
                ShapeRules.dataType(field, before, after, reader: "callers sending it").change(field, before, after)
            ]
        case (.some, nil):
            return [
                Verdict(
                    .breaking, "\(path) replaced: feature \(describe(b)) → request field \(describe(a))",
                    because: "every caller must now send '\(a.name)' with each request, and calls without it fail"
                ).change(path, b.value, a.value)
            ]
        case (nil, .some):
            return [
                Verdict(
                    .meaning, "\(path) replaced: request field \(describe(b)) → feature \(describe(a))",
                    because: "each value is now computed from another feature instead of what callers send"
                ).change(path, b.value, a.value)
            ]
        }
    }
}
