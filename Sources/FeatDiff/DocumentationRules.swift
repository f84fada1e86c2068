import FeatModel

/// Fields that document a feature without touching its values: `cosmetic`, and `x-` fields: `additive`.
enum DocumentationRules {
    static func classify(_ field: String, _ before: Value?, _ after: Value?) -> Verdict? {
        switch field {
        case "description":
            return Verdict(
                .cosmetic, "description \(edit(before, after))",
                because: "documentation only; values and consumers are unaffected")
        case "hypothesis":
            return Verdict(
                .cosmetic, "hypothesis \(edit(before, after))",
                because: "why the feature exists, not how its values are computed")
        case "tags":
            return Verdict(
                .cosmetic, "\(Wording.transition(field, before, after))",
                because: "labels for finding the feature; no effect on values")
        case "evidence":
            return Verdict(
                .cosmetic, evidence(before, after), because: "what exploration found; no effect on values or consumers")
        default:
            return nil
        }
    }

    /// Any change to an `x-` field, at the top level or inside a block.
    /// An `x-` field: the impact the policy's `extension_impacts` lists for it, else
    /// `additive` — feat does not know what an unlisted one means.
    static func custom(_ field: String, _ before: Value?, _ after: Value?, listed: Impact? = nil) -> Verdict {
        let what = Wording.transition(field, before, after)
        if let listed {
            return Verdict(
                listed, what,
                because: "the policy's extension_impacts grades a change to it \(listed.rawValue): "
                    + "it carries what the format has no field for")
        }
        return Verdict(
            .additive, what,
            because: "a custom field feat does not know the meaning of; if it changes values, list it in the "
                + "policy's extension_impacts")
    }

    static func edit(_ before: Value?, _ after: Value?) -> String {
        before == nil ? "added" : after == nil ? "removed" : "reworded"
    }

    static func evidence(_ before: Value?, _ after: Value?) -> String {
        guard case .list(let new)? = after else { return "evidence removed" }
        guard case .list(let old)? = before else {
            return Wording.count(new.count, "evidence record", "evidence records") + " added"
        }
        if new.count > old.count, FieldTree.equivalent(.list(Array(new.prefix(old.count))), .list(old)) {
            return Wording.count(new.count - old.count, "evidence record", "evidence records") + " added"
        }
        if old.count == new.count { return "evidence records edited" }
        return "evidence changed (\(old.count) → \(Wording.count(new.count, "record", "records")))"
    }
}
