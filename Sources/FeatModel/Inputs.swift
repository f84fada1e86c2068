/// One entry of a feature's `inputs` (SPEC §10): a feature this one is derived from, or a
/// field the caller sends at request time.
///
/// ```yaml
/// inputs:
///   - {feature: user_txn_amount_mean_1d, version: 1, as: avg1d}
///   - {feature: user_home_location, as: home, key: {user_id: recipient_id}}
///   - {request: amt, type: float64}
/// ```
public struct FeatureInput: Sendable, Hashable {
    /// The name the expression uses: a feature input's `as`, a request input's field.
    public var name: String
    /// The feature read, version 1 when none is written; nil for a request input.
    public var feature: Identity?
    /// Each of the input's entity keys mapped to a column of this feature, as written; a key
    /// left out maps to itself, so an absent `key` is the identity mapping.
    public var key: [String: String]
    /// The request field's type as written (`float64`, `list<string>`); nil for a feature input.
    public var type: String?
    /// The line of the entry in its file.
    public var line: Int?
    /// The entry as written, normalised: what a diff reports as before and after.
    public var value: Value

    public init(
        name: String, feature: Identity?, key: [String: String] = [:], type: String? = nil, line: Int? = nil,
        value: Value = .null
    ) {
        self.name = name
        self.feature = feature
        self.key = key
        self.type = type
        self.line = line
        self.value = value
    }

    /// A field known only at request time (`{request: amt, type: float64}`).
    public var isRequest: Bool { feature == nil }
    /// The `as` of a feature input.
    public var `as`: String? { isRequest ? nil : name }
    /// The field of a request input.
    public var request: String? { isRequest ? name : nil }
    /// The input feature's version.
    public var version: Int? { feature?.version }

    /// The column of this feature that the input's entity key `inputKey` is joined on.
    public func column(for inputKey: String) -> String { key[inputKey] ?? inputKey }

    /// The mapping without entries that map a key to itself: writing the identity out is no
    /// mapping at all, so two inputs with equal `keyMapping`s join alike.
    public var keyMapping: [String: String] { key.filter { $0.key != $0.value } }

    /// The field path a change to this input is reported at: `inputs[avg1d]`.
    public var path: String { InputPath(name: name).description }

    /// Reads one normalised entry; nil for an entry that names neither a feature nor a request field.
    init?(_ entry: Value, lines: [String: Int]) {
        guard case .map(let fields) = entry else { return nil }
        var key: [String: String] = [:]
        if case .map(let pairs)? = fields["key"] {
            for (from, to) in pairs { key[from] = to.stringValue ?? to.display }
        }
        if let feature = fields["feature"]?.stringValue {
            var version = 1
            if case .int(let v)? = fields["version"] { version = v }
            let name = fields["as"]?.stringValue ?? feature
            self.init(
                name: name, feature: Identity(feature: feature, version: version), key: key,
                line: lines[InputPath(name: name).description], value: entry)
        } else if let request = fields["request"]?.stringValue {
            self.init(
                name: request, feature: nil, type: fields["type"]?.stringValue,
                line: lines[InputPath(name: request).description], value: entry)
        } else {
            return nil
        }
    }
}

extension Feature {
    /// The inputs this feature is derived from, in the file's order (SPEC §10). An entry that
    /// names neither a feature nor a request field is left out (FEAT001 reports it).
    public var inputs: [FeatureInput] { Self.inputs(of: definition, lines: lines) }

    /// A training target (`role: label`): what a model predicts, never an input to it.
    public var isLabel: Bool { definition[path: "role"]?.stringValue == "label" }

    /// The inputs that name features, which propagation follows and which must exist.
    public var featureInputs: [FeatureInput] { inputs.filter { !$0.isRequest } }

    /// The fields the caller sends at request time.
    public var requestInputs: [FeatureInput] { inputs.filter(\.isRequest) }

    /// Computed at request time: at least one request input. Its `time.event_time` is written
    /// `request`, it needs no `time.ttl`, and its history comes from `backfill.source`.
    public var isRequestTime: Bool { !requestInputs.isEmpty }

    static func inputs(of definition: Value, lines: [String: Int] = [:]) -> [FeatureInput] {
        guard case .list(let entries)? = definition[path: "inputs"] else { return [] }
        return entries.compactMap { FeatureInput($0, lines: lines) }
    }
}

extension Reader {
    /// The line of a list entry: the first line any of its fields is on.
    func entryLine(_ entry: String, fields: some Sequence<String>) -> Int? {
        fields.compactMap { lines[entry + "." + $0] }.min()
    }

    /// FEAT001 checks of `inputs` that need no other file (SPEC §10): each entry names a
    /// feature (with `as`) or a request field (with `type`), never both; names are unique;
    /// `key` maps to this feature's entity keys or request inputs; `time.event_time: request`
    /// and `backfill.source` belong to request-time features. Records each entry's line at
    /// `inputs[<name>]`, where changes to it are reported.
    mutating func checkInputs(_ fields: [String: Value]) {
        let requests = Set(Feature.inputs(of: .map(fields)).filter(\.isRequest).map(\.name))
        if case .list(let entries)? = fields["inputs"] {
            checkEntries(entries, fields: fields, requests: requests)
        }
        let isRequestTime = !requests.isEmpty
        if fields["time"]?[path: "event_time"]?.stringValue == "request", !isRequestTime {
            problems.append(
                Problem(
                    .error,
                    "'time.event_time: request' is the request's own time, for a feature with a request input "
                        + "('inputs: [{request: …, type: …}]'); this one has none",
                    line: lines["time.event_time"]))
        }
        let backfill = fields["backfill"]
        if backfill?[path: "source"] != nil, !isRequestTime {
            problems.append(
                Problem(
                    .error,
                    "'backfill.source' is for a feature computed at request time (one with a request input); "
                        + "without it, history comes from 'source'",
                    line: lines["backfill.source"]))
        }
        if isRequestTime, backfill?[path: "start"] != nil, backfill?[path: "source"] == nil {
            problems.append(
                Problem(
                    .error,
                    "a feature computed at request time rebuilds its history from logged requests: "
                        + "'backfill.start' needs 'backfill.source' (such as request_log)",
                    line: lines["backfill.start"]))
        }
    }

    static let inputFields = ["feature", "version", "as", "key", "request", "type"]

    private mutating func checkEntries(_ entries: [Value], fields: [String: Value], requests: Set<String>) {
        let positions = kept["inputs"] ?? []
        let entity: Set<String>? = {
            guard case .list(let keys)? = fields["entity"] else { return nil }
            return Set(keys.compactMap(\.stringValue))
        }()
        var seen: [String: Int?] = [:]
        for (k, entry) in entries.enumerated() {
            guard case .map(let e) = entry else { continue }
            let at = "inputs[\(k < positions.count ? positions[k] : k)]"
            let line = entryLine(at, fields: Self.inputFields)
            func refuse(_ message: String, _ field: String? = nil) {
                problems.append(Problem(.error, message, line: field.flatMap { lines[at + "." + $0] } ?? line))
            }
            let feature = e["feature"]?.stringValue
            let request = e["request"]?.stringValue
            switch (feature, request) {
            case (nil, nil):
                refuse("'\(at)' names neither a feature ('feature:') nor a request field ('request:')")
                continue
            case (.some, .some):
                refuse("'\(at)' names both a feature and a request field; write them as two inputs")
                continue
            case (.some, nil):
                if e["as"] == nil, lines[at + ".as"] == nil {
                    refuse("'\(at)' needs 'as': the name the expression gives the input feature")
                }
                if e["type"] != nil {
                    refuse("'\(at).type' is a request field's type; a feature input has the input's own", "type")
                }
            case (nil, .some):
                for field in ["as", "version", "key"] where e[field] != nil {
                    refuse("'\(at).\(field)' belongs to a feature input, not to a request field", field)
                }
                if e["type"] == nil, lines[at + ".type"] == nil {
                    refuse("'\(at)' needs 'type': the type of the request field")
                }
            }
            guard let name = e["as"]?.stringValue ?? request else { continue }
            if let first = seen[name] {
                let place = first.map { $0 == line ? "" : " (first at line \($0))" } ?? ""
                refuse(
                    "'inputs' names '\(name)' twice\(place); each input's 'as' or request name is unique in a file")
                continue
            }
            seen[name] = line
            lines[InputPath(name: name).description] = line
            guard let entity, case .map(let key)? = e["key"] else { continue }
            for (from, to) in key.sorted(by: { $0.key < $1.key }) {
                guard let column = to.stringValue, !entity.contains(column), !requests.contains(column) else {
                    continue
                }
                let known = entity.union(requests)
                refuse(
                    "'\(at).key.\(from)' maps to '\(column)', which is neither an entity key of this feature "
                        + "nor a request input\(Suggestion.hint(for: column, in: known))",
                    "key." + from)
            }
        }
    }
}
