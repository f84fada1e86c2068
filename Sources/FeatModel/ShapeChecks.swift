/// FEAT001 checks across fields that the shapes of SPEC §10 bring, each on the line of the
/// field at fault: what a field allows depends on another one (`offset` looks forward only
/// for a label, `type` is a list exactly when the function gives one, …).
extension Reader {
    mutating func checkShapes(_ fields: [String: Value], kind: Kind?) {
        let definition = Value.map(fields)
        checkWindow(definition)
        checkFunction(definition, kind: kind)
        checkFilledBlocks(definition, kind: kind)
        checkCategorical(definition)
        checkDefault(definition, kind: kind)
        if let stream = definition[path: "source.stream.kind"]?.stringValue, stream != "push",
            definition[path: "source.stream.topic"] == nil
        {
            refuse("'source.stream' of kind \(stream) needs 'topic': the topic read", at: "source.stream")
        }
    }

    /// `default` is a value of the feature's own shape (SPEC §10): a value of `type` (a list for
    /// `list<T>`), a vocabulary entry (unless hashed), a mapping of the map's types, or a list
    /// of `dimension` numbers. Only what the definition says can be checked.
    mutating func checkDefault(_ definition: Value, kind: Kind?) {
        guard let value = definition[path: "default"] else { return }
        let found = "found " + (Self.describe(value))
        switch kind {
        case .categorical:
            guard definition[path: "categorical.encoding"]?.stringValue != "hash",
                case .list(let entries)? = definition[path: "categorical.vocabulary"]
            else { return }
            let known = entries.map { $0.stringValue ?? $0.display }
            let multi = definition[path: "categorical.multi_valued"] == .bool(true)
            let given: [Value]? =
                multi ? (value.listItems) : (value.listItems == nil ? [value] : nil)
            let ok = given?.allSatisfy { known.contains($0.stringValue ?? $0.display) } ?? false
            if !ok {
                let what = multi ? "a list of vocabulary entries" : "one of the vocabulary's entries"
                refuse(
                    "'default' must be \(what) (\(known.prefix(5).joined(separator: ", "))\(known.count > 5 ? ", …" : "")), "
                        + found,
                    at: "default")
            }
        case .map:
            guard case .map(let pairs) = value else {
                refuse("'default' of a map is the whole map: a mapping of keys to values, \(found)", at: "default")
                return
            }
            let keyType = definition[path: "map.key_type"]?.stringValue.flatMap(ValueType.init)
            let valueType = definition[path: "map.value_type"]?.stringValue.flatMap(ValueType.init)
            for (key, item) in pairs.sorted(by: { $0.key < $1.key }) {
                if let keyType, !Self.fits(AmbiguousScalar.reading(of: key), keyType) {
                    refuse("'default' key '\(key)' is not a \(keyType) key (map.key_type)", at: "default")
                    return
                }
                if let valueType, !Self.fits(item, valueType) {
                    refuse(
                        "'default.\(key)' must be a \(valueType) value (map.value_type), found \(Self.describe(item))",
                        at: "default")
                    return
                }
            }
        case .embedding:
            guard let items = value.listItems, items.allSatisfy({ Self.fits($0, ValueType(.float64)) }) else {
                refuse("'default' of an embedding is a vector: a list of numbers, \(found)", at: "default")
                return
            }
            if case .int(let dimension)? = definition[path: "embedding.dimension"], items.count != dimension {
                refuse(
                    "'default' of an embedding holds \(dimension) numbers (embedding.dimension), found \(items.count)",
                    at: "default")
            }
        default:
            guard let type = definition[path: "type"]?.stringValue.flatMap(ValueType.init), !Self.fits(value, type)
            else { return }
            refuse("'default' must be a value of type \(type), \(found)", at: "default")
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .list(let items): return "a list of \(items.count)"
        case .map: return "a mapping"
        case .string(let s): return "'\(s.prefix(40))'"
        default: return "'\(value.display.prefix(40))'"
        }
    }

    /// Whether a value, as read, is one of a type: a list's items each of its element type.
    static func fits(_ value: Value, _ type: ValueType) -> Bool {
        if type.isList {
            return value.listItems?.allSatisfy { $0 == .null || fits($0, ValueType(type.element)) } ?? false
        }
        switch (type.element, value) {
        case (.bool, .bool): return true
        case (.int32, .int(let i)): return Int32(exactly: i) != nil
        case (.int64, .int): return true
        case (.float32, .int), (.float32, .number), (.float64, .int), (.float64, .number): return true
        case (.string, .string), (.bytes, .string), (.timestamp, .string): return true
        case (.date, .string(let s)): return CalendarDate(s) != nil
        default: return false
        }
    }

    /// `max_values` only with `multi_valued`; `fitted` excludes a listed or file vocabulary;
    /// `unseen_id` belongs to `index` encoding (a warning when `unseen` gives it nothing to
    /// do) and is never the id of a listed entry.
    mutating func checkCategorical(_ definition: Value) {
        guard let categorical = definition[path: "categorical"] else { return }
        if categorical[path: "max_values"] != nil, categorical[path: "multi_valued"] != .bool(true) {
            refuse(
                "'categorical.max_values' is for a multi-valued categorical ('multi_valued: true'): "
                    + "a row of one category keeps it",
                at: "categorical.max_values")
        }
        if categorical[path: "fitted"] != nil,
            categorical[path: "vocabulary"] != nil || categorical[path: "vocabulary_file"] != nil
        {
            refuse(
                "'categorical.fitted' learns the vocabulary from data; it excludes 'categorical.vocabulary' and "
                    + "'categorical.vocabulary_file': keep one",
                at: "categorical.fitted")
        }
        guard case .int(let id)? = categorical[path: "unseen_id"] else { return }
        let encoding = categorical[path: "encoding"]?.stringValue ?? "onehot"
        let unseen = categorical[path: "unseen"]?.stringValue ?? "error"
        if encoding != "index" {
            refuse(
                "'categorical.unseen_id' is the id unseen values take with index encoding; "
                    + "with \(encoding) encoding there is no such id",
                at: "categorical.unseen_id")
        } else if unseen != "bucket" {
            refuse(
                "'categorical.unseen_id' has no effect with 'unseen: \(unseen)': only 'unseen: bucket' gives unseen "
                    + "values an id",
                at: "categorical.unseen_id", .warning)
        } else if case .list(let entries)? = categorical[path: "vocabulary"], id < entries.count {
            let entry = entries[id].stringValue ?? entries[id].display
            refuse(
                "'categorical.unseen_id: \(id)' is the id of '\(entry)': ids 0 to \(entries.count - 1) are the "
                    + "vocabulary's, in order; write \(entries.count) or more",
                at: "categorical.unseen_id")
        }
    }

    /// An aggregation on a map groups by the column whose values become its keys (a histogram's
    /// keys are its column's values); on an embedding it is `mean`, `sum` or `max`, element-wise.
    /// `group_by` belongs to maps, `map.null_key` to a grouped map, and on a closed map names one
    /// of its known keys.
    mutating func checkFilledBlocks(_ definition: Value, kind: Kind?) {
        let aggregation = definition[path: "aggregation"]
        let function = aggregation?[path: "function"]?.stringValue
        let groupBy = aggregation?[path: "group_by"]
        if groupBy != nil, kind != .map {
            refuse(
                "'aggregation.group_by' is for kind: map, where the column's values become the map's keys",
                at: "aggregation.group_by")
        }
        if kind == .map, aggregation != nil, groupBy == nil, function != "histogram" {
            refuse(
                "an aggregation that fills a map needs 'aggregation.group_by': the column whose values become the "
                    + "map's keys (spend per category)",
                at: "aggregation")
        }
        if kind == .embedding, let function, !AggregationFunctions.embeddingFunctions.contains(function) {
            refuse(
                "an embedding is aggregated element-wise with \(Self.either(AggregationFunctions.embeddingFunctions)), "
                    + "not \(function)",
                at: "aggregation.function")
        }
        guard let nullKey = definition[path: "map.null_key"]?.stringValue else { return }
        if groupBy == nil {
            refuse(
                "'map.null_key' says where rows whose group is null go: it needs 'aggregation.group_by'",
                at: "map.null_key")
        } else if nullKey != "drop", definition[path: "map.keys"]?.stringValue == "closed" {
            let known =
                (definition[path: "map.known_keys"].flatMap { value -> [String]? in
                    guard case .list(let items) = value else { return nil }
                    return items.compactMap(\.stringValue)
                }) ?? []
            if !known.contains(nullKey) {
                refuse(
                    "'map.null_key: \(nullKey)' is not one of the closed map's known_keys\(Suggestion.hint(for: nullKey, in: known)); "
                        + "add it to known_keys or write drop",
                    at: "map.null_key")
            }
        }
    }

    mutating func refuse(_ message: String, at field: String, _ severity: Severity = .error) {
        problems.append(Problem(severity, message, line: lines[field]))
    }

    /// Whether the feature is a label (`role: label`): only a label may look forward.
    static func isLabel(_ definition: Value) -> Bool {
        definition[path: "role"]?.stringValue == "label"
    }

    /// A window that ends after the point in time reads the future: a label's business only.
    mutating func checkWindow(_ definition: Value) {
        if case .duration(let offset)? = definition[path: "aggregation.offset"], offset.isNegative,
            !Self.isLabel(definition)
        {
            refuse(
                "'aggregation.offset: \(offset.text)' looks forward, which only a label may do ('role: label'): "
                    + "a value from the future read as a feature leaks the label",
                at: "aggregation.offset")
        }
    }

    /// The field holding the type an aggregation fills: a map's values, else the feature's own.
    static func typeField(_ kind: Kind?) -> String {
        kind == .map ? "map.value_type" : "type"
    }

    /// Parameters the function takes, `percentile` or `percentiles` (not both), `periods`
    /// forward only for a label, a list type exactly when the aggregation gives a list, and
    /// `length` only on a list type, `fixed` only where the definition sizes the list.
    mutating func checkFunction(_ definition: Value, kind: Kind?) {
        let function = definition[path: "aggregation.function"]?.stringValue
        if let function, case .map(let params)? = definition[path: "aggregation.params"] {
            let takes = AggregationFunctions.parameters[function] ?? []
            for name in params.keys.sorted() where !name.hasPrefix("x-") && !takes.contains(name) {
                let what = takes.isEmpty ? "\(function) takes none" : "\(function) takes \(Self.either(takes))"
                refuse(
                    "'aggregation.params.\(name)' is not a parameter of \(function); \(what)",
                    at: "aggregation.params." + name)
            }
            if params["percentile"] != nil, params["percentiles"] != nil {
                refuse(
                    "'aggregation.params' sets both 'percentile' (a single value) and 'percentiles' (a list); keep one",
                    at: "aggregation.params.percentiles")
            }
        }
        if case .int(let periods)? = definition[path: "aggregation.params.periods"], periods < 0,
            !Self.isLabel(definition)
        {
            refuse(
                "'aggregation.params.periods: \(periods)' looks ahead, which only a label may do ('role: label'): "
                    + "a value from the future read as a feature leaks the label",
                at: "aggregation.params.periods")
        }
        if function == "histogram", kind != .map {
            // A histogram's keys are the column's values: only a map holds it.
            if let type = definition[path: "type"]?.stringValue {
                refuse(
                    "'aggregation.function: histogram' gives a map (keys are the column's values, values the "
                        + "counts), which 'type: \(type)' cannot hold; use kind: map",
                    at: "aggregation.function")
            }
        }
        let typeField = Self.typeField(kind)
        let written = definition[path: typeField]?.stringValue
        let type = written.flatMap(ValueType.init)
        if let type, function != "histogram" || kind == .map, let list = AggregationFunctions.givesList(definition) {
            let series = definition[path: "aggregation.series"] != nil
            let source =
                series ? "'aggregation.series' gives one value per step" : "'aggregation.function: \(function ?? "")'"
            if series, let function,
                AggregationFunctions.listFunctions.contains(function)
                    || definition[path: "aggregation.params.percentiles"] != nil
            {
                refuse(
                    "'aggregation.series' of '\(function)', which gives a list, would be a list of lists; "
                        + "lists do not nest",
                    at: "aggregation.series")
            } else if list, !type.isList {
                let gives = series ? source : "\(source) gives a list"
                refuse(
                    "\(gives): '\(typeField)' must be a list type, such as list<\(type.element.rawValue)>",
                    at: typeField)
            } else if !list, type.isList {
                refuse(
                    "\(source) gives a single value: '\(typeField)' cannot be \(type); write \(type.element.rawValue)",
                    at: typeField)
            }
        }
        guard let length = definition[path: "length"]?.stringValue else { return }
        let lists = [definition[path: "type"], definition[path: "map.value_type"]].contains {
            $0?.stringValue.flatMap(ValueType.init)?.isList == true
        }
        if !lists {
            refuse("'length' is for a list type (list<T>); this feature's values are not lists", at: "length")
        } else if length == "fixed", AggregationFunctions.length(definition) == nil {
            refuse(
                "'length: fixed' needs a definition that sizes the list (aggregation.params.k, "
                    + "aggregation.params.percentiles or aggregation.series.count), which is then the length",
                at: "length")
        }
    }
}
