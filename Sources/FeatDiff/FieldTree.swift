import FeatModel

/// A definition seen as its fields: dotted paths to leaf values, where a list is one value.
enum FieldTree {
    /// Fields that are the feature's identity or its stage, reported as feature-level events instead.
    static let featureLevel: Set<String> = ["feature", "version", "stage"]

    /// Leaf values by dotted path. Maps are entered, except `x-` fields which are one value each;
    /// absent, null and empty values are left out, so an empty field equals a missing one.
    ///
    /// A key that itself holds a dot (`expectations: {"a.b": 1}`) is written in quotes
    /// (`expectations."a.b"`), so it never shares a path with a nested key (`a: {b: 2}`): each
    /// leaf has its own path and the result does not depend on the order keys are visited in.
    static func leaves(of definition: Value) -> [String: Value] {
        var out: [String: Value] = [:]
        collect(definition, prefix: "", into: &out)
        for field in featureLevel { out[field] = nil }
        return out
    }

    /// The leaves of two definitions where they differ: `leaves` of each, less every subtree
    /// that is the same value on both sides (it holds no change), so that comparing two versions
    /// of a definition costs what their difference costs. A field in both results may still be
    /// equivalent (`0` and `0.0`); a field in neither is equal on both sides.
    static func differingLeaves(_ before: Value, _ after: Value) -> (before: [String: Value], after: [String: Value]) {
        var old: [String: Value] = [:]
        var new: [String: Value] = [:]
        differ(before, after, prefix: "", &old, &new)
        for field in featureLevel {
            old[field] = nil
            new[field] = nil
        }
        return (old, new)
    }

    private static func differ(
        _ before: Value?, _ after: Value?, prefix: String, _ old: inout [String: Value], _ new: inout [String: Value]
    ) {
        guard before != after else { return }
        guard case .map(let x)? = before, case .map(let y)? = after else {
            if let before { collect(before, prefix: prefix, into: &old) }
            if let after { collect(after, prefix: prefix, into: &new) }
            return
        }
        // Every key of either side once: those of `x`, then those only `y` has.
        for (key, child) in x {
            differ(key, child, y[key], prefix: prefix, &old, &new)
        }
        for (key, child) in y where x[key] == nil {
            differ(key, nil, child, prefix: prefix, &old, &new)
        }
    }

    /// One key of two maps being compared.
    private static func differ(
        _ key: String, _ before: Value?, _ after: Value?, prefix: String, _ old: inout [String: Value],
        _ new: inout [String: Value]
    ) {
        let path = prefix.isEmpty ? component(key) : prefix + "." + component(key)
        if key.hasPrefix("x-") {
            guard before != after else { return }
            if let before, !isEmpty(before) { old[path] = before }
            if let after, !isEmpty(after) { new[path] = after }
        } else {
            differ(before, after, prefix: path, &old, &new)
        }
    }

    static func collect(_ value: Value, prefix: String, into out: inout [String: Value]) {
        guard case .map(let fields) = value else {
            if !isEmpty(value) { out[prefix] = value }
            return
        }
        for (key, child) in fields {
            let path = prefix.isEmpty ? component(key) : prefix + "." + component(key)
            if key.hasPrefix("x-") {
                if !isEmpty(child) { out[path] = child }
            } else {
                collect(child, prefix: path, into: &out)
            }
        }
    }

    /// A key as one path component: as written when it is a plain name, in quotes (with `"` and
    /// `\` escaped) when it holds a dot, a quote or a backslash, or is empty.
    static func component(_ key: String) -> String {
        // Most keys hold none of the three bytes (ASCII: no character can hide one), and are
        // spared a walk over their characters.
        if !key.isEmpty, !key.utf8.contains(where: { $0 == 0x2E || $0 == 0x22 || $0 == 0x5C }) { return key }
        guard key.isEmpty || key.contains(where: { $0 == "." || $0 == "\"" || $0 == "\\" }) else { return key }
        var out = "\""
        for c in key {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    /// The components of a path made by `leaves`, quoted keys read back as one component each.
    static func components(_ path: String) -> [String] {
        // An ASCII path without quotes or backslashes (nearly all): its characters are its bytes.
        if path.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }) {
            guard !path.isEmpty else { return [] }
            return path.utf8.split(separator: 0x2E, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var wasQuoted = false
        for c in path {
            if escaped {
                current.append(c)
                escaped = false
            } else if quoted {
                if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    quoted = false
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
                wasQuoted = true
            } else if c == "." {
                parts.append(current)
                current = ""
                wasQuoted = false
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty || wasQuoted || !parts.isEmpty { parts.append(current) }
        return parts
    }

    static func isEmpty(_ value: Value) -> Bool {
        switch value {
        case .null: return true
        case .list(let items): return items.isEmpty
        case .map(let fields): return fields.values.allSatisfy(isEmpty)
        default: return false
        }
    }

    /// Equality of meaning: `0` equals `0.0`, an empty value equals an absent one.
    static func equivalent(_ a: Value?, _ b: Value?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (nil, let v?), (let v?, nil): return isEmpty(v)
        case (let a?, let b?): return equivalent(a, b)
        }
    }

    static func equivalent(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let i), .number(let d)), (.number(let d), .int(let i)): return Double(i) == d
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        case (.map(let x), .map(let y)):
            return Set(x.keys).union(y.keys).allSatisfy { equivalent(x[$0], y[$0]) }
        case (.null, _), (_, .null): return isEmpty(a) && isEmpty(b)
        default: return a == b
        }
    }

    /// A value's strings, when it is a list of scalars (vocabularies, known keys, entity).
    static func strings(_ value: Value?) -> [String]? {
        guard case .list(let items)? = value else { return nil }
        return items.map { $0.stringValue ?? $0.display }
    }
}
