import FeatModel

/// Categorical features: the vocabulary (inline or in a file), its encoding, the unseen policy.
/// Appending a category grows a one-hot dimension (`breaking`) but only turns "unseen" rows
/// into known ones under index or hash encoding (`meaning`); removing or reordering is `breaking`.
enum CategoricalRules {
    /// Fields compared together, as one vocabulary, rather than one by one.
    static let vocabularyFields: Set<String> = [
        "categorical.vocabulary", "categorical.vocabulary_file", "categorical.vocabulary_sha256",
    ]

    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "categorical.unseen":
            return Verdict(.meaning, change, because: "rows whose category is not in the vocabulary are handled differently (bucket: one shared slot, error: rejected, ignore: no category), so their values change")
        case "categorical.encoding":
            if before == nil {
                return Verdict(.compatible, change, because: "the representation consumers read is now part of the contract")
            }
            return Verdict(.breaking, change, because: "consumers receive a different representation of each category (one-hot columns, an index or a hash bucket) and misread it")
        case "categorical.buckets":
            switch context.current("categorical.encoding") {
            case "hash":
                return Verdict(.meaning, change, because: "categories hash into different buckets, so a bucket no longer holds the categories a model was trained on")
            case nil:
                return Verdict(.meaning, change, because: "no encoding is declared, so feat cannot rule out hash encoding, where categories would land in different buckets")
            case let encoding?:
                return Verdict(.cosmetic, change, because: "buckets only apply to hash encoding and this feature uses \(encoding), so no value changes")
            }
        default:
            return nil
        }
    }

    /// Where a feature's categories are listed, and the entries when they can be read.
    enum Source: Equatable {
        case none
        case inline([String])
        case file(path: String, sha256: String?, entries: [String]?)

        var entries: [String]? {
            switch self {
            case .none: return nil
            case .inline(let entries): return entries
            case .file(_, _, let entries): return entries
            }
        }

        var isFile: Bool {
            if case .file = self { return true }
            return false
        }

        /// The value reported as before/after: the entries when known, else the file's path.
        var value: Value? {
            switch self {
            case .none: return nil
            case .inline(let entries): return .list(entries.map(Value.string))
            case .file(let path, _, let entries): return entries.map { .list($0.map(Value.string)) } ?? .string(path)
            }
        }
    }

    static func source(of feature: Feature, files: [String: [String]]) -> Source {
        let definition = feature.definition
        if let entries = FieldTree.strings(definition[path: "categorical.vocabulary"]), !entries.isEmpty {
            return .inline(entries)
        }
        if let path = definition[path: "categorical.vocabulary_file"]?.stringValue, !path.isEmpty {
            let sha = definition[path: "categorical.vocabulary_sha256"]?.stringValue
            return .file(path: path, sha256: sha, entries: files[path])
        }
        return .none
    }

    /// The vocabulary change of a feature, compared entry by entry whether inline or in a file.
    static func vocabularyChanges(_ context: FieldContext) -> [FieldChange] {
        let old = source(of: context.before, files: context.vocabularies.before)
        let new = source(of: context.after, files: context.vocabularies.after)
        let field = old.isFile || new.isFile ? "categorical.vocabulary_file" : "categorical.vocabulary"
        func change(_ verdict: Verdict, field: String = field, before: Value? = old.value, after: Value? = new.value) -> [FieldChange] {
            [verdict.change(field, before, after)]
        }
        switch (old, new) {
        case (.none, .none):
            return []
        case (.none, _):
            let size = new.entries.map { " (\(Wording.count($0.count, "entry", "entries")))" } ?? ""
            return change(Verdict(.compatible, "vocabulary declared\(size)", because: "the categories are now part of the contract"))
        case (_, .none):
            return change(Verdict(.breaking, "vocabulary removed", because: "consumers can no longer map categories to one-hot columns or indexes"))
        default:
            break
        }
        if let b = old.entries, let a = new.entries {
            guard b != a else { return [] }
            let label = field == "categorical.vocabulary" ? "vocabulary" : "vocabulary" + files(old, new)
            return change(entries(b, a, encoding: context.current("categorical.encoding"), label: label))
        }
        // The contents of a file could not be read: compare what the definition says about it.
        if case .file(let p1, let s1, _) = old, case .file(let p2, let s2, _) = new {
            if let s1, s1 == s2 { return [] }
            if p1 == p2, s1 == s2 { return [] }
            if p1 == p2 {
                return change(
                    unreadable("categorical.vocabulary_sha256 \(s1 ?? "unset") → \(s2 ?? "unset") for \(p1)"),
                    field: "categorical.vocabulary_sha256", before: s1.map(Value.string), after: s2.map(Value.string))
            }
            let sha = s1 == s2 ? "" : " (sha256 \(s1 ?? "unset") → \(s2 ?? "unset"))"
            return change(unreadable("categorical.vocabulary_file \(p1) → \(p2)\(sha)"), before: .string(p1), after: .string(p2))
        }
        let what = old.isFile ? "vocabulary moved from a file into the definition" : "vocabulary moved from the definition into a file"
        return change(unreadable(what))
    }

    static func unreadable(_ what: String) -> Verdict {
        Verdict(.meaning, what, because: "the file's contents could not be compared, so feat cannot tell whether categories were appended, removed or reordered; assume values change")
    }

    static func files(_ old: Source, _ new: Source) -> String {
        switch (old, new) {
        case (.file(let p1, _, _), .file(let p2, _, _)): return p1 == p2 ? " in \(p1)" : " (file \(p1) → \(p2))"
        case (.file(let p, _, _), _): return " (moved from \(p) into the definition)"
        case (_, .file(let p, _, _)): return " (moved into \(p))"
        default: return ""
        }
    }

    /// Compares two ordered vocabularies under the feature's encoding.
    static func entries(_ before: [String], _ after: [String], encoding: String?, label: String) -> Verdict {
        let kept = Set(after)
        let removed = before.filter { !kept.contains($0) }
        if !removed.isEmpty {
            return Verdict(.breaking, "\(label): \(Wording.quoted(removed)) removed (\(before.count) → \(Wording.count(after.count, "entry", "entries")))", because: "rows with \(removed.count == 1 ? "it" : "them") now fall to the unseen policy, and models trained on \(removed.count == 1 ? "its" : "their") column or index misread them")
        }
        if after.starts(with: before) {
            let appended = Wording.quoted(after.dropFirst(before.count))
            let sizes = "\(before.count) → \(after.count) entries"
            switch encoding {
            case "index":
                return Verdict(.meaning, "\(label): \(appended) appended (\(sizes))", because: "existing indexes stay, but rows with \(appended) were 'unseen' before and now get their own index")
            case "hash":
                return Verdict(.meaning, "\(label): \(appended) appended (\(sizes))", because: "with hash encoding the dimension stays, but rows with \(appended) were 'unseen' before and are now known categories")
            case "onehot":
                return Verdict(.breaking, "\(label) grew from \(before.count) to \(after.count) entries (\(appended) appended)", because: "the one-hot dimension changes, so models trained on \(before.count) columns cannot read it")
            default:
                return Verdict(.breaking, "\(label) grew from \(before.count) to \(after.count) entries (\(appended) appended)", because: "no encoding is declared, so consumers may one-hot encode it and the dimension changes")
            }
        }
        if Set(before) == kept {
            let moved = before.enumerated().first { $0.offset >= after.count || $0.element != after[$0.offset] }
            let detail = moved.flatMap { m in after.firstIndex(of: m.element).map { " ('\(m.element)' moves from position \(m.offset + 1) to \($0 + 1))" } } ?? ""
            return Verdict(.breaking, "\(label) reordered\(detail)", because: "the same category gets a different one-hot column or index, so models misread every row")
        }
        let old = Set(before)
        let inserted = after.filter { !old.contains($0) }
        return Verdict(.breaking, "\(label): \(Wording.quoted(inserted)) inserted before existing entries", because: "the categories after \(inserted.count == 1 ? "it" : "them") move to another one-hot column or index, so models misread them")
    }
}
