import FeatYAML

/// Reads a feature file into a `Feature`, collecting every problem with its line.
public enum FeatureParser {
    /// Parses the bytes of a feature file. Never throws: problems are findings.
    public static func parse(_ bytes: [UInt8], path: String, limits: YAMLLimits = .default) -> ParsedFile {
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(bytes, limits: limits)
        } catch {
            return ParsedFile(
                path: path, feature: nil,
                problems: [Problem(.error, error.message, line: error.mark?.line, column: error.mark?.column)])
        }
        // A merge key would be read as a field named '<<' and the merged fields as missing:
        // such a file cannot be compared at all, rather than compared wrongly. A plain `<<`
        // is written as those two bytes, and every tag starts with a `!`: a file without them
        // (nearly all) is spared the walks over its tree.
        let merges = bytes.contains(subsequence: Self.mergeKeyBytes) ? MergeKeys.marks(in: root) : []
        if !merges.isEmpty {
            let problems = merges.map {
                Problem(.error, MergeKeys.message + "; write the fields out in full", line: $0.line, column: $0.column)
            }
            return ParsedFile(path: path, feature: nil, problems: problems)
        }
        // A tag makes another YAML reader refuse the file (`!w`) or read a value as another
        // type (`!!str 10`), while feat would read the text beneath it (SPEC §2: no value may
        // read differently in another reader). The file stays readable, like a YAML 1.1 scalar.
        let tagged = bytes.contains(subsequence: Self.tagBytes) ? WrittenTags.problems(in: root) : []
        var reader = Reader()
        reader.problems = tagged
        guard case .mapping(let pairs) = root.content else {
            let problem =
                root.isNull
                ? Problem(.error, "empty file; a feature file is a mapping starting with 'feature:'", line: 1)
                : Problem(
                    .error, "a feature file must be a mapping of fields, found \(describe(root))", line: root.mark.line)
            return ParsedFile(path: path, feature: nil, problems: tagged + [problem])
        }
        // About two field paths for each top-level key: sized once, the tables are not
        // rehashed again and again as they grow.
        reader.lines = Dictionary(minimumCapacity: 2 * pairs.count)
        reader.order = Dictionary(minimumCapacity: 2 * pairs.count)
        let definition = reader.block(pairs, fields: FeatureSchema.fields, path: "")
        var fields: [String: Value] = [:]
        if case .map(let m)? = definition { fields = m }

        // Identity and stage are needed to place the feature at all. An empty `feature:` or
        // `stage:` reads as null: it is missing too (checking only for an absent key let
        // such a file through with no feature and no problem at all).
        // A key that is there with a value was refused by the reader, which said why; only an
        // absent or empty one is reported as missing.
        func written(_ key: String) -> Bool {
            pairs.contains { $0.key.scalarText == key && !Reader.isEmpty($0.value) }
        }
        let name = fields["feature"]?.stringValue
        if name == nil, !written("feature") {
            reader.problems.append(
                Problem(
                    .error, "missing 'feature' (the feature's name)", line: reader.lines["feature"] ?? root.mark.line))
        }
        var version = 1
        if case .int(let v) = fields["version"] { version = v }
        let stage = fields["stage"]?.stringValue
        if stage == nil, !written("stage") {
            reader.problems.append(Problem(.error, "missing 'stage'", line: reader.lines["stage"] ?? root.mark.line))
        }
        let kind = fields["kind"]?.stringValue.flatMap(Kind.init(rawValue:))
        reader.checkVocabularyIdentity(fields["categorical"])
        reader.checkInputs(fields)
        reader.checkTimeZone(fields["time"])
        reader.checkShapes(fields, kind: kind)

        // A kind's block on a feature of another kind is a mistake, not extra information.
        // In a fixed order (the set's own changes from run to run).
        for block in FeatureSchema.kindBlocks.sorted() where fields[block] != nil || written(block) {
            guard kind?.block != block, !FeatureSchema.carries(kind, block) else { continue }
            let line = reader.lines[block]
            if let kind {
                reader.problems.append(
                    Problem(
                        .error, "'\(block)' block does not belong to a feature of kind \(kind.rawValue)", line: line))
            } else if fields["kind"] == nil {
                reader.problems.append(Problem(.error, "'\(block)' block needs 'kind: \(block)'", line: line))
            }
        }

        guard let name, let stage else {
            return ParsedFile(path: path, feature: nil, problems: reader.problems)
        }
        // The default version is written into the normal form, so that `version: 1`, an
        // empty `version:` and no version at all are the same definition.
        if case .int = fields["version"] {} else { fields["version"] = .int(version) }
        let feature = Feature(
            identity: Identity(feature: name, version: version), stage: stage, kind: kind,
            definition: .map(fields), lines: reader.lines, path: path, order: reader.order)
        return ParsedFile(path: path, feature: feature, problems: reader.problems)
    }

    static let mergeKeyBytes = Array("<<".utf8)
    static let tagBytes = Array("!".utf8)

    static func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _, _): return node.isNull ? "null" : "'\(text.prefix(40))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// YAML tags (`!!str`, `!w`, `!set [a]`) are not part of the format, anywhere in a feature or
/// consumer file, `evidence` and `x-` values included: PyYAML's safe loader refuses a local
/// tag, and a core tag changes the type another reader gives a value.
enum WrittenTags {
    static func problems(in root: YAMLNode) -> [Problem] {
        root.explicitTags().map { tag in
            Problem(
                .error,
                "YAML tag '\(tag.written)' is not part of the format: other YAML readers refuse it or read the value "
                    + "as another type; remove the tag (quote the value if it is text)",
                line: tag.mark.line, column: tag.mark.column)
        }
    }
}

/// Walks YAML nodes against a schema, normalising values and recording lines.
struct Reader {
    var problems: [Problem] = []
    var lines: [String: Int] = [:]
    var order: [String: Int] = [:]
    /// For each list read, the position in the file of every entry kept (empty and refused
    /// entries are dropped), so a kept entry finds its lines again.
    var kept: [String: [Int]] = [:]

    mutating func record(_ fieldPath: String, _ key: YAMLNode) {
        lines[fieldPath] = key.mark.line
        order[fieldPath] = order.count
    }

    mutating func fail(_ message: String, _ node: YAMLNode) {
        problems.append(Problem(.error, message, line: node.mark.line, column: node.mark.column))
    }

    /// The fields of a block. A key the format does not know is an error naming the closest
    /// known one, and is kept as written (SPEC §4: a field the format does not know is compared,
    /// never dropped); `x-` keys are the author's own at any depth. A block with nothing in it
    /// (`{}`, or only empty values) is absent.
    mutating func block(_ pairs: [YAMLPair], fields: [String: Shape], path: String) -> Value? {
        var out = [String: Value](minimumCapacity: pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalarText, !isCollection(pair.key) else {
                fail("keys must be plain names, found \(FeatureParser.describe(pair.key))", pair.key)
                continue
            }
            let fieldPath = path.isEmpty ? key : path + "." + key
            record(fieldPath, pair.key)
            if key.hasPrefix("x-") {
                out[key] = free(pair.value, path: fieldPath)
                continue
            }
            guard let shape = fields[key] else {
                let place = path.isEmpty ? "" : " in '\(path)'"
                let hint = Suggestion.hint(for: key, in: fields.keys)
                fail("unknown field '\(key)'\(place)\(hint); custom fields start with 'x-'", pair.key)
                if !Self.isEmpty(pair.value) { out[key] = free(pair.value, path: fieldPath) }
                continue
            }
            if let value = read(pair.value, shape: shape, path: fieldPath) { out[key] = value }
        }
        return out.isEmpty ? nil : .map(out)
    }

    func isFree(_ shape: Shape) -> Bool {
        switch shape {
        case .free, .freeMap: return true
        default: return false
        }
    }

    func isCollection(_ node: YAMLNode) -> Bool {
        if case .scalar = node.content { return false }
        return true
    }

    /// An empty value is a value left out (SPEC §2): an empty plain scalar, `~` or `null`, `''`,
    /// `[]`, `{}`, and a collection holding only such values.
    static func isEmpty(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar(let text, _, _): return text.isEmpty || node.isNull
        case .sequence(let items): return items.allSatisfy(isEmpty)
        case .mapping(let pairs): return pairs.allSatisfy { isEmpty($0.value) }
        }
    }

    /// Lists whose entries name things and may not repeat.
    static let setLike: Set<String> = ["entity", "map.known_keys", "categorical.vocabulary"]

    /// Reads a value of a known field: nil when it is empty (absent) or refused.
    mutating func read(_ node: YAMLNode, shape: Shape, path: String) -> Value? {
        // Inside `default`, '', [] and {} are the empty string, list and map, not absent.
        if case .defaultValue = shape { return readDefault(node, path: path) }
        // `missing: null` names a policy: an allowed value spelt like YAML's null is that value.
        if case .enumeration(let allowed) = shape, case .scalar(let text, .plain, _) = node.content {
            if allowed.contains(text) { return .string(text) }
            // Every spelling of YAML's null (`~`, `Null`) is that value too; only an empty field is absent.
            if allowed.contains("null"), !text.isEmpty, node.isNull { return .string("null") }
        }
        // An empty field is the same as an absent one, for obligations and diffs alike. (A block
        // is empty when nothing in it is read: `map: {missing: ~}` holds the value null.)
        if case .mapping = node.content {} else if Self.isEmpty(node) { return nil }
        // Shapes that hand a scalar on to another shape are checked there, once.
        switch shape {
        case .free, .freeMap, .textOrBlock, .nameList: return readShape(node, shape: shape, path: path)
        default: break
        }
        guard case .scalar(let text, .plain, nil) = node.content, let ambiguous = AmbiguousScalar(text) else {
            return readShape(node, shape: shape, path: path)
        }
        // Read as feat always has (so upgrading feat rewrites no feature's past), and refused.
        let before = problems.count
        let value = readShape(node, shape: shape, path: path)
        let refusal = problems.count > before ? problems[before].message : nil
        problems.removeSubrange(before...)
        fail(Self.message(path: path, ambiguous, shape: shape, refusal: refusal), node)
        return value
    }

    /// FEAT001's words for a plain scalar another YAML reader takes otherwise: how it reads
    /// it, and the quoted or decimal form to write instead.
    static func message(path: String, _ a: AmbiguousScalar, shape: Shape, refusal: String?) -> String {
        if let refusal {
            var advice = ""
            switch shape {
            case .bool where a.isBoolean: advice = "; write \(a.unambiguous ?? "true")"
            case .integer, .number, .scalar:
                if !a.isBoolean { advice = a.unambiguous.map { "; write \($0)" } ?? "" }
            default: break
            }
            return "\(refusal), which \(a.difference)\(advice)"
        }
        let quoted = "'" + a.text.replacing("'", with: "''") + "'"
        let advice: String
        switch shape {
        case .integer, .number, .scalar:
            advice = a.unambiguous.map { "write \($0), or \(quoted) for the text" } ?? "quote it: \(quoted)"
        default:
            advice = "quote it: \(quoted)"
        }
        return "'\(path)' is \(a.text), which \(a.difference); \(advice)"
    }

    mutating func readShape(_ node: YAMLNode, shape: Shape, path: String) -> Value? {
        func wrong(_ expected: String) -> Value? {
            fail("'\(path)' must be \(expected), found \(FeatureParser.describe(node))", node)
            return nil
        }
        switch shape {
        case .text:
            guard case .scalar(let text, let style, _) = node.content else { return wrong("text") }
            if style == .plain, case .bool = plain(text) { return wrong("text (quote it)") }
            return .string(text)
        case .scalarText:
            guard case .scalar(let text, _, _) = node.content else { return wrong("a single value") }
            return .string(text)
        case .identifier:
            guard case .scalar(let text, _, _) = node.content else { return wrong("a name") }
            guard FeatureName.isValid(text) else {
                return wrong(
                    "a name of lower-case letters, digits and '_', parts joined by '.', at most \(FeatureName.maxLength) characters"
                )
            }
            return .string(text)
        case .name:
            guard case .scalar(let text, _, _) = node.content, InputNames.isValid(text) else {
                return wrong(
                    "a name of lower-case letters, digits and '_', starting with a letter, at most "
                        + "\(InputNames.maxLength) characters")
            }
            return .string(text)
        case .mapping(let element):
            guard case .mapping(let pairs) = node.content else { return wrong("a mapping") }
            var out: [String: Value] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarText, !isCollection(pair.key) else {
                    fail("keys must be plain names, found \(FeatureParser.describe(pair.key))", pair.key)
                    continue
                }
                let fieldPath = path + "." + key
                record(fieldPath, pair.key)
                if let v = read(pair.value, shape: element, path: fieldPath) { out[key] = v }
            }
            return out.isEmpty ? nil : .map(out)
        case .enumeration(let allowed):
            guard case .scalar(let text, _, _) = node.content else {
                return wrong("one of \(allowed.joined(separator: ", "))")
            }
            guard allowed.contains(text) else {
                return wrong("one of \(allowed.joined(separator: ", "))\(Suggestion.hint(for: text, in: allowed))")
            }
            return .string(text)
        case .dataType, .scalarType:
            let allowed = DataType.allCases.map(\.rawValue)
            let lists: Bool = if case .dataType = shape { true } else { false }
            let text = node.scalarText ?? ""
            if case .scalar = node.content, let type = ValueType(text), lists || !type.isList { return .string(text) }
            if text.lowercased().hasPrefix("list") {
                guard lists else { return wrong("a single type, never a list: \(allowed.joined(separator: ", "))") }
                let hint = Suggestion.hint(for: text.filter { $0 != " " }.lowercased(), in: ValueType.listSpellings)
                return wrong(
                    "a type, or a list spelt exactly list<T> (T one of \(allowed.joined(separator: ", ")); "
                        + "lists do not nest)\(hint)")
            }
            return wrong("a type: \(allowed.joined(separator: ", "))\(Suggestion.hint(for: text, in: allowed))")
        case .nonZeroInteger:
            guard case .scalar(let text, .plain, _) = node.content, case .int(let i) = plain(text), i != 0 else {
                return wrong("an integer other than 0")
            }
            return .int(i)
        case .integer(let minimum):
            guard case .scalar(let text, .plain, _) = node.content, case .int(let i) = plain(text) else {
                return wrong("an integer")
            }
            guard i >= minimum else { return wrong("an integer of at least \(minimum)") }
            return .int(i)
        case .number(let range):
            let expected =
                range.map { "a number from \(Self.text($0.lowerBound)) to \(Self.text($0.upperBound))" }
                ?? "a number"
            guard case .scalar(let text, .plain, _) = node.content else { return wrong(expected) }
            let number: Double
            switch plain(text) {
            case .int(let i): number = Double(i)
            case .number(let d): number = d
            default: return wrong(expected)
            }
            if let range, !range.contains(number) { return wrong(expected) }
            return .number(number)
        case .scalar:
            guard case .scalar(let text, let style, _) = node.content else { return wrong("a single value") }
            return style == .plain ? plain(text) : .string(text)
        case .sha256:
            guard case .scalar(let text, _, _) = node.content, text.utf8.count == 64,
                text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) })
            else { return wrong("a SHA-256 digest (64 hexadecimal digits)") }
            return .string(text.lowercased())
        case .fieldPath:
            guard case .scalar(let text, _, _) = node.content else {
                return wrong("a field path such as aggregation.window")
            }
            guard FeatureSchema.isField(text) else {
                let hint = FeatureSchema.hint(forPath: text)
                return wrong("a field of the format such as aggregation.window\(hint)")
            }
            return .string(text)
        case .textOrBlock(let fields):
            if case .mapping(let pairs) = node.content { return block(pairs, fields: fields, path: path) }
            return read(node, shape: .text, path: path)
        case .bool:
            guard case .scalar(let text, .plain, _) = node.content, case .bool(let b) = plain(text) else {
                return wrong("true or false")
            }
            return .bool(b)
        case .duration, .durationOrZero:
            let zero: Int64 = if case .durationOrZero = shape { 0 } else { 1 }
            guard case .scalar(let text, _, _) = node.content, let d = FeatureDuration(text), d.seconds >= zero else {
                return wrong(
                    zero == 0
                        ? "a duration such as 0s, 90s, 30m, 1h or 7d"
                        : "a positive duration such as 90s, 30m, 1h, 7d or 2w")
            }
            return .duration(d)
        case .signedDuration:
            guard case .scalar(let text, _, _) = node.content, let d = FeatureDuration(signed: text) else {
                return wrong("a duration such as 7d, 0s or -1d (negative looks forward)")
            }
            return .duration(d)
        case .durationOr(let words):
            if case .scalar(let text, _, _) = node.content, words.contains(text) { return .string(text) }
            guard case .scalar(let text, _, _) = node.content, let d = FeatureDuration(text), d.seconds > 0 else {
                // The words are named where they are the usual value (`every: month`); `lifetime` is
                // suggested when it was meant.
                let text = node.scalarText ?? ""
                let or = words.count > 1 ? ", or \(Self.either(words))" : ""
                return wrong(
                    "a positive duration such as 90s, 30m, 1h, 7d or 2w\(or)\(Suggestion.hint(for: text, in: words))")
            }
            return .duration(d)
        case .date:
            guard case .scalar(let text, _, _) = node.content, let date = CalendarDate(text) else {
                return wrong("a date (YYYY-MM-DD)")
            }
            // Dates compare as days: `2026-12-15T00:00:00Z` is the same value as `2026-12-15`.
            return .string(date.description)
        case .nameList:
            // `entity: none`, the plain scalar as the whole value, is a global feature (SPEC §10);
            // no join key may be named none.
            if case .scalar(let text, let style, _) = node.content {
                if text == "none", style == .plain, path == "entity" { return .string("none") }
                if text == "none", path == "entity" { return wrong(Self.noneKey) }
                return read(node, shape: .text, path: path).map { .list([$0]) }
            }
            if path == "entity", case .sequence(let items) = node.content,
                let none = items.first(where: { $0.scalarText == "none" })
            {
                fail("'entity' must be \(Self.noneKey), found 'none' in a list", none)
                return nil
            }
            return read(node, shape: .list(.text), path: path)
        case .defaultValue:
            return readDefault(node, path: path)
        case .list(let element):
            guard case .sequence(let items) = node.content else { return wrong("a list") }
            var out: [Value] = []
            var seen: [String: Int] = [:]
            let isSetLike = Self.setLike.contains(path)
            var positions: [Int] = []
            for (i, item) in items.enumerated() {
                // An empty entry is a mistake in a list (`[a, ~]`, `['']`, `[{}]`), not a value:
                // the list holds the others, and a list of nothing else is absent.
                if Self.isEmpty(item) {
                    fail("'\(path)[\(i)]' is empty; remove it or give it a value", item)
                    continue
                }
                guard let v = read(item, shape: element, path: "\(path)[\(i)]") else { continue }
                // Kept as written (a vocabulary's positions are its ids), and refused.
                if isSetLike, let text = item.scalarText {
                    if let first = seen[text] {
                        let place = first == item.mark.line ? "" : " (first at line \(first))"
                        fail("'\(path)' lists '\(text)' twice\(place)", item)
                    } else {
                        seen[text] = item.mark.line
                    }
                }
                out.append(v)
                positions.append(i)
            }
            if !positions.isEmpty { kept[path, default: []].append(contentsOf: positions) }
            return out.isEmpty ? nil : .list(out)
        case .block(let fields):
            guard case .mapping(let pairs) = node.content else { return wrong("a mapping") }
            return block(pairs, fields: fields, path: path)
        case .freeMap:
            guard case .mapping = node.content else { return wrong("a mapping") }
            return free(node, path: path)
        case .free:
            return free(node, path: path)
        }
    }

    static let noneKey =
        "join keys, never a key named none; a global feature with no join key is written entity: none "
        + "(unquoted, not in a list)"

    /// A `default` value: any value, read as every YAML reader reads it (an ambiguous plain
    /// scalar is refused); `''`, `[]` and `{}` are the empty string, list and map, and null —
    /// the whole value — is what absence means.
    mutating func readDefault(_ node: YAMLNode, path: String, whole: Bool = true) -> Value? {
        switch node.content {
        case .scalar(let text, let style, _):
            guard style == .plain else { return .string(text) }
            if text.isEmpty || node.isNull { return whole ? nil : .null }
            if let ambiguous = AmbiguousScalar(text) {
                fail(Self.message(path: path, ambiguous, shape: .scalar, refusal: nil), node)
            }
            return plain(text)
        case .sequence(let items):
            return .list(items.enumerated().map { readDefault($1, path: "\(path)[\($0)]", whole: false) ?? .null })
        case .mapping(let pairs):
            var out: [String: Value] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarText, !isCollection(pair.key) else {
                    fail("keys must be plain names, found \(FeatureParser.describe(pair.key))", pair.key)
                    continue
                }
                out[key] = readDefault(pair.value, path: path + "." + key, whole: false) ?? .null
            }
            return .map(out)
        }
    }

    /// `lifetime`, `day or week`, `day, week or month`.
    static func either(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " or " + last
    }

    /// `1.0` reads `1` in messages about ranges.
    static func text(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    /// A vocabulary feat cannot read (a URI) is identified by its checksum alone, so the
    /// checksum is required: without it, a changed vocabulary would go unnoticed.
    mutating func checkVocabularyIdentity(_ categorical: Value?) {
        guard let file = categorical?[path: "vocabulary_file"]?.stringValue, VocabularyFile.isURI(file),
            !(categorical?[path: "vocabulary_sha256"]?.isPresent ?? false)
        else { return }
        problems.append(
            Problem(
                .error,
                "'categorical.vocabulary_file' is a URI feat cannot read ('\(file.prefix(60))'): "
                    + "'categorical.vocabulary_sha256' is required, it is the vocabulary's identity",
                line: lines["categorical.vocabulary_file"]))
    }

    /// Normalises any value: plain scalars are resolved (YAML 1.2 core), quoted ones are strings.
    mutating func free(_ node: YAMLNode, path: String) -> Value {
        switch node.content {
        case .scalar(let text, let style, _):
            return style == .plain ? plain(text) : .string(text)
        case .sequence(let items):
            return .list(items.map { free($0, path: path) })
        case .mapping(let pairs):
            var out: [String: Value] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarText else {
                    fail("keys must be plain names, found \(FeatureParser.describe(pair.key))", pair.key)
                    continue
                }
                let fieldPath = path + "." + key
                record(fieldPath, pair.key)
                out[key] = free(pair.value, path: fieldPath)
            }
            return .map(out)
        }
    }

    func plain(_ text: String) -> Value {
        AmbiguousScalar.reading(of: text)
    }
}

extension Reader {
    /// `time.timezone` names a zone the CLDR data knows (SPEC §2); a name written in another
    /// case than the data's gets it suggested.
    mutating func checkTimeZone(_ time: Value?) {
        guard let name = time?[path: "timezone"]?.stringValue, TimeZoneName.canonical(name) == nil else { return }
        let titled = name.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.split(separator: "_", omittingEmptySubsequences: false).map { word in
                word.prefix(1).uppercased() + word.dropFirst().lowercased()
            }.joined(separator: "_")
        }.joined(separator: "/")
        let hint = TimeZoneName.canonical(titled) != nil ? " (did you mean '\(titled)'?)" : ""
        problems.append(
            Problem(
                .error,
                "time.timezone '\(name)' is not a time zone the IANA database knows\(hint); write a name such as "
                    + "Europe/Paris or America/New_York",
                line: lines["time.timezone"]))
    }
}
