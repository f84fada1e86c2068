import FeatModel

/// Categorical features: the vocabulary (inline, in a file or behind a URI), its encoding, the
/// unseen policy and hash buckets. What a vocabulary change means depends on the encoding:
/// with `onehot` every entry is a column, with `index` an id, with `hash` the list only names
/// known categories (a category's bucket comes from hashing its name). A change is judged under
/// the encoding at base and the one at head, and is as severe as the stricter makes it.
enum CategoricalRules {
    /// Fields compared together, as one vocabulary, rather than one by one.
    static let vocabularyFields: Set<String> = [
        "categorical.vocabulary", "categorical.vocabulary_file", "categorical.vocabulary_sha256",
    ]

    /// Whether a field is compared as part of the vocabulary: its entries, file, checksum, or
    /// the parameters of a fitted one (SPEC §10).
    static func isVocabularyField(_ field: String) -> Bool {
        vocabularyFields.contains(field) || field == "categorical.fitted" || field.hasPrefix("categorical.fitted.")
    }

    static func classify(_ field: String, _ before: Value?, _ after: Value?, _ context: FieldContext) -> Verdict? {
        let change = Wording.transition(field, before, after)
        switch field {
        case "categorical.unseen":
            return unseen(change, context)
        case "categorical.encoding":
            let encoding = context.effective("categorical.encoding", default: "onehot")
            if encoding.before == encoding.after {
                return Verdict(
                    .compatible, change,
                    because: """
                        an absent encoding means onehot, so consumers read the same columns
                        """)
            }
            return Verdict(
                .breaking, change,
                because: """
                    consumers receive \(representation(encoding.after)) instead of \(representation(encoding.before)) \
                    and misread it
                    """)
        case "categorical.multi_valued":
            let multi = after == .bool(true)
            return Verdict(
                .breaking, change,
                because: multi
                    ? "rows now hold a set of categories (multi-hot, or a list of ids) instead of one, so consumers "
                        + "reading one category misread them"
                    : "rows now hold one category instead of a set, so consumers reading multi-hot columns or lists "
                        + "of ids fail")
        case "categorical.max_values":
            return Verdict(
                .meaning, change,
                because: after == nil
                    ? "rows are no longer cut at a number of categories, so rows that had more gain categories"
                    : "rows keep at most \(after.map(Wording.show) ?? "") categories, in vocabulary order, so rows "
                        + "gain or lose categories")
        case "categorical.unseen_id":
            let ids = [context.before, context.after].map { unseenID(of: $0).map(String.init) ?? "N" }
            return Verdict(
                .breaking, change,
                because: "unseen values now take id \(ids[1]) instead of \(ids[0]), so models trained on the old id "
                    + "misread those rows")
        case "categorical.buckets":
            guard context.encodings.contains("hash") else {
                let encoding = context.encodings.joined(separator: " and ")
                return Verdict(
                    .cosmetic, change,
                    because: """
                        buckets only apply to hash encoding and this feature uses \(encoding), so no value changes
                        """)
            }
            if after == nil {
                return Verdict(
                    .breaking, change,
                    because: """
                        the number of hash buckets is no longer fixed, so every category's bucket id may move and \
                        models trained on the old ids misread every row
                        """)
            }
            return Verdict(
                .breaking, change,
                because: """
                    every category's bucket id moves, so models trained on the old buckets misread every row
                    """)
        default:
            return nil
        }
    }

    /// The id unseen values take with index encoding: `unseen_id`, else N, the number of
    /// entries, when the vocabulary is listed inline.
    static func unseenID(of feature: Feature) -> Int? {
        if case .int(let id)? = feature.definition[path: "categorical.unseen_id"] { return id }
        return FieldTree.strings(feature.definition[path: "categorical.vocabulary"])?.count
    }

    static func representation(_ encoding: String) -> String {
        switch encoding {
        case "onehot": return "one-hot columns"
        case "index": return "an index"
        case "hash": return "a hash bucket"
        default: return encoding
        }
    }

    static func handling(_ policy: String) -> String {
        switch policy {
        case "bucket": return "put in one shared unseen slot"
        case "ignore": return "given no category"
        case "error": return "rejected"
        default: return "handled as '\(policy)'"
        }
    }

    /// bucket ↔ ignore/error makes the unseen slot appear or go: `breaking` where it is a
    /// column or an id; error → ignore is `meaning` (rows that failed now get values) and
    /// ignore → error `breaking` (rows that had values now fail). Under hash encoding every
    /// value is hashed, so the policy has no effect: `compatible`.
    static func unseen(_ change: String, _ context: FieldContext) -> Verdict {
        let policy = context.effective("categorical.unseen", default: "error")
        if policy.before == policy.after {
            return Verdict(
                .compatible, change,
                because: """
                    an absent unseen policy means error, so rows are handled as before
                    """)
        }
        let rows =
            "rows whose category is not in the vocabulary are now \(handling(policy.after))"
            + " instead of \(handling(policy.before))"
        let slotMoves = (policy.before == "bucket") != (policy.after == "bucket")
        let appears = policy.after == "bucket" ? "appears" : "goes"
        let verdicts: [Verdict] = context.encodings.map { encoding in
            if encoding == "hash" {
                return Verdict(
                    .compatible, change,
                    because:
                        "under hash encoding every value is hashed into a bucket, so the unseen policy has no effect")
            }
            guard slotMoves else {
                if policy.after == "error" {
                    return Verdict(.breaking, change, because: "\(rows), so those rows now fail")
                }
                return Verdict(.meaning, change, because: "\(rows), so their values change")
            }
            if encoding == "index" {
                return Verdict(
                    .breaking, change,
                    because: """
                        the id for unseen categories \(appears), so models trained on the old ids misread those rows; \
                        \(rows)
                        """)
            }
            return Verdict(
                .breaking, change,
                because: """
                    the one-hot column for unseen categories \(appears), so the width changes and models trained \
                    on the old columns cannot read it; \(rows)
                    """)
        }
        return Verdict.mostSevere(verdicts) ?? Verdict(.meaning, change, because: "\(rows), so their values change")
    }

    /// Where a feature's categories are listed, and the entries when they can be read.
    enum Source: Equatable {
        case none
        case inline([String])
        /// A file in the repository; `entries` nil when its contents were not given (or it is a
        /// Git LFS pointer), `sha256` the SHA-256 of its content when given, else the declared one.
        case file(path: String, sha256: String?, entries: [String]?)
        /// A URI feat cannot read (`gs://`, `s3://`, `https://`): its checksum is its identity.
        case uri(String, sha256: String?)
        /// Learned from training data (SPEC §10): known only by the parameters that learn it.
        case fitted(Value)

        var entries: [String]? {
            switch self {
            case .none, .uri, .fitted: return nil
            case .inline(let entries): return entries
            case .file(_, _, let entries): return entries
            }
        }

        var isFitted: Bool {
            if case .fitted = self { return true }
            return false
        }

        var isFile: Bool {
            switch self {
            case .file, .uri: return true
            case .none, .inline, .fitted: return false
            }
        }

        var location: String? {
            switch self {
            case .file(let path, _, _): return path
            case .uri(let uri, _): return uri
            case .none, .inline, .fitted: return nil
            }
        }

        var sha256: String? {
            switch self {
            case .file(_, let sha, _), .uri(_, let sha): return sha
            case .none, .inline, .fitted: return nil
            }
        }

        /// The value reported as before/after: the entries when known, else the file's path or URI.
        var value: Value? {
            if case .fitted(let parameters) = self { return parameters }
            if let entries { return .list(entries.map(Value.string)) }
            return location.map(Value.string)
        }

        var size: String {
            if case .fitted(let parameters) = self { return "fitted " + Wording.show(parameters) }
            if let entries { return Wording.count(entries.count, "entry", "entries") }
            guard let location else { return "none" }
            return Wording.show(location) + (sha256.map { " (sha256 \(Wording.show($0, limit: 16)))" } ?? "")
        }
    }

    static func isURI(_ location: String) -> Bool {
        location.contains("://")
    }

    static func source(of feature: Feature, files: [String: [String]]) -> Source {
        let definition = feature.definition
        if let entries = FieldTree.strings(definition[path: "categorical.vocabulary"]), !entries.isEmpty {
            return .inline(entries)
        }
        if let location = definition[path: "categorical.vocabulary_file"]?.stringValue, !location.isEmpty {
            let sha = definition[path: "categorical.vocabulary_sha256"]?.stringValue
            if isURI(location) { return .uri(location, sha256: sha) }
            // A file read is known by the SHA-256 of its content (a Git LFS pointer by its oid):
            // a vocabulary moved into LFS or out of it with the same content is the same one.
            let content = files[VocabularyFile.contentHashKey(location)]?.first
            return .file(path: location, sha256: content ?? sha, entries: files[location])
        }
        if let fitted = definition[path: "categorical.fitted"], fitted.isPresent { return .fitted(fitted) }
        return .none
    }

    /// The vocabulary change of a feature, compared entry by entry whether inline or in a file;
    /// where the entries cannot be read (a URI), by checksum.
    static func vocabularyChanges(_ context: FieldContext) -> [FieldChange] {
        let old = source(of: context.before, files: context.vocabularies.before)
        let new = source(of: context.after, files: context.vocabularies.after)
        let field =
            old.isFitted || new.isFitted
            ? "categorical.fitted" : old.isFile || new.isFile ? "categorical.vocabulary_file" : "categorical.vocabulary"
        let label = "vocabulary" + files(old, new)
        let encodings = context.encodings
        func change(_ verdict: Verdict?, field: String = field, before: Value? = old.value, after: Value? = new.value)
            -> [FieldChange]
        {
            verdict.map { [$0.change(field, before, after)] } ?? []
        }
        switch (old, new) {
        case (.none, .none):
            return []
        case (.none, _):
            return change(
                Verdict(
                    .additive, "vocabulary declared (\(new.size))",
                    because: """
                        declares the categories the feature already serves; confirm that it matches what is served
                        """))
        case (_, .none):
            let what = "vocabulary removed (was \(old.size))"
            return change(Verdict.mostSevere(encodings.map { removedVerdict(what, encoding: $0) }))
        default:
            break
        }
        if old.isFitted || new.isFitted {
            // Known only by the parameters that learn it: any change, or a move to or from a
            // listed vocabulary, is a vocabulary whose content is unknown.
            guard old != new else { return [] }
            let what: String
            switch (old, new) {
            case (.fitted, .fitted): what = "categorical.fitted \(old.size.dropFirst(7)) → \(new.size.dropFirst(7))"
            case (.fitted, _): what = "vocabulary no longer fitted (\(old.size)): now \(new.size)"
            default: what = "vocabulary now \(new.size) (was \(old.size))"
            }
            return change(Verdict.mostSevere(encodings.map { unknownVerdict(what, encoding: $0) }))
        }
        if let b = old.entries, let a = new.entries {
            guard b != a else { return [] }
            let edit = ListEdit(b, a)
            return change(Verdict.mostSevere(encodings.map { entriesVerdict(edit, encoding: $0, label: label) }))
        }
        // The entries of one side cannot be read: a checksum that did not change is the same vocabulary.
        if let s1 = old.sha256, s1 == new.sha256 { return [] }
        if old.location != nil, old.location == new.location, old.sha256 == nil, new.sha256 == nil { return [] }
        if let location = old.location, location == new.location {
            let sha = { (s: String?) in s.map { Wording.show($0, limit: 16) } ?? "unset" }
            let what =
                "categorical.vocabulary_sha256 \(sha(old.sha256)) → \(sha(new.sha256)) for \(Wording.show(location))"
            return change(
                Verdict.mostSevere(encodings.map { unknownVerdict(what, encoding: $0) }),
                field: "categorical.vocabulary_sha256",
                before: old.sha256.map(Value.string), after: new.sha256.map(Value.string))
        }
        let what: String
        switch (old.location, new.location) {
        case (_?, _?): what = "categorical.vocabulary_file \(old.size) → \(new.size)"
        case (nil, _?): what = "vocabulary moved from the definition (\(old.size)) into \(new.size)"
        default: what = "vocabulary moved from \(old.size) into the definition (\(new.size))"
        }
        return change(Verdict.mostSevere(encodings.map { unknownVerdict(what, encoding: $0) }))
    }

    static let hashReason =
        "with hash encoding a category's bucket comes from hashing its name, not from the list, so no value changes"

    static func slot(_ encoding: String) -> String {
        encoding == "index" ? "id" : "one-hot column"
    }

    /// The whole vocabulary removed: every entry is gone.
    static func removedVerdict(_ what: String, encoding: String) -> Verdict {
        if encoding == "hash" { return Verdict(.compatible, what, because: hashReason) }
        return Verdict(
            .breaking, what,
            because: """
                consumers can no longer map categories to \(slot(encoding))s, so they fail or misread every row
                """)
    }

    /// The entries cannot be compared (a URI whose checksum changed): assume any edit.
    static func unknownVerdict(_ what: String, encoding: String) -> Verdict {
        if encoding == "hash" {
            return Verdict(.compatible, what, because: "the entries behind it could not be compared, but " + hashReason)
        }
        return Verdict(
            .breaking, what,
            because: """
                the entries behind it could not be compared, so feat cannot tell which were added, removed or moved; \
                with \(encoding) encoding any of those gives categories another \(slot(encoding)), so assume models \
                misread them
                """)
    }

    static func files(_ old: Source, _ new: Source) -> String {
        switch (old.location, new.location) {
        case (let p1?, let p2?):
            return p1 == p2 ? " in \(Wording.show(p1))" : " (file \(Wording.show(p1)) → \(Wording.show(p2)))"
        case (let p?, nil): return " (moved from \(Wording.show(p)) into the definition)"
        case (nil, let p?): return " (moved into \(Wording.show(p)))"
        default: return ""
        }
    }

    /// Two readable vocabularies under one encoding; nil when it is no change at all (a hash
    /// vocabulary reordered).
    static func entriesVerdict(_ edit: ListEdit, encoding: String, label: String) -> Verdict? {
        let what = "\(label): \(edit.summary())"
        let before = edit.before.count
        let after = edit.after.count
        switch encoding {
        case "hash":
            if edit.isReorderOnly { return nil }
            return Verdict(.compatible, what, because: hashReason)
        case "index":
            if edit.isAppendOnly {
                let n = edit.appended.count
                return Verdict(
                    .breaking, what,
                    because: """
                        \(n == 1 ? "a new id" : "\(n) new ids") past the \(before) a model was trained with (an \
                        embedding table sized for them has no row there), and the unseen id moves from \(before) to \
                        \(after); rows with \(Wording.quoted(edit.appended)) took the unseen path before
                        """)
            }
            return Verdict(.breaking, what, because: consequences(edit, encoding: encoding))
        default:
            if edit.isAppendOnly {
                return Verdict(
                    .breaking, what,
                    because: """
                        the one-hot width grows from \(before) to \(after) columns, so models trained on \(before) \
                        columns cannot read it
                        """)
            }
            return Verdict(.breaking, what, because: consequences(edit, encoding: encoding))
        }
    }

    /// What a reader of one-hot columns or ids sees: the width, lost categories, new occupants
    /// of a slot, categories that moved to another slot.
    static func consequences(_ edit: ListEdit, encoding: String) -> String {
        let slot = slot(encoding)
        var pieces: [String] = []
        if encoding != "index", edit.before.count != edit.after.count {
            pieces.append("the one-hot width changes from \(edit.before.count) to \(edit.after.count) columns")
        }
        let lost = edit.lost
        if !lost.isEmpty {
            pieces.append("rows with \(Wording.quoted(lost)) now take the unseen path")
        }
        if let r = edit.renamed.first {
            pieces.append(
                edit.renamed.count == 1
                    ? "\(Wording.entry(r.new)) takes the \(slot) that meant \(Wording.entry(r.old))"
                    : "\(edit.renamed.count) new categories take \(slot)s that meant others")
        }
        if let example = edit.firstShift {
            pieces.append(
                edit.shifted.count == 1
                    ? "\(example.entryPart) gets another \(slot) (position \(example.positions))"
                    : "\(edit.shifted.count) categories get another \(slot)"
                        + " (first \(example.entryPart), position \(example.positions))")
        }
        let said = pieces.isEmpty ? "categories map to other \(slot)s" : ListEdit.list(pieces, total: pieces.count)
        return "\(said), so models trained on the old \(slot)s misread them"
    }
}
