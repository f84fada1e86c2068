import FeatYAML

/// A config file that cannot be used, with the line at fault.
public struct PolicyError: Error, Sendable, Equatable {
    public var message: String
    public var line: Int?
}

/// Reads `.featurerepo/config.yaml`.
public enum PolicyParser {
    public static func parse(_ bytes: [UInt8]) throws(PolicyError) -> Policy {
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(bytes)
        } catch {
            throw PolicyError(message: error.message, line: error.mark?.line)
        }
        // An empty config (or one holding only comments) is the default policy.
        if root.isNull { return .standard }
        if let merge = MergeKeys.marks(in: root).first {
            throw PolicyError(message: MergeKeys.message + "; write the settings out in full", line: merge.line)
        }
        guard case .mapping(let pairs) = root.content else {
            throw PolicyError(
                message: "the config must be a mapping (features:, stages:, rules:)", line: root.mark.line)
        }
        try refuseAmbiguousScalars(in: root)
        let known = [
            "version", "features", "consumers", "stages", "allow_demotion", "rules", "not_waivable", "waiver_max_days",
            "deprecation_notice_days", "extension_impacts", "consumer_floor",
        ]
        var policy = Policy(
            featureFolders: ["features"], stages: [], allowDemotion: false, rules: [:], ruleLines: [:], notWaivable: [])
        var sawStages = false
        var floorLine: Int?
        var stagesLine: Int?
        var stageLines: [StageLines] = []
        var featureFolders: [(folder: String, line: Int)] = [(folder: "features", line: root.mark.line)]
        var consumerFolders: [(folder: String, line: Int)] = [(folder: "consumers", line: root.mark.line)]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            let value = pair.value
            switch key {
            case "version":
                guard value.scalarText == "1" else {
                    throw PolicyError(message: "'version' must be 1", line: value.mark.line)
                }
            case "features":
                featureFolders = try folders(value, "features")
            case "consumers":
                consumerFolders = try folders(value, "consumers")
            case "stages":
                sawStages = true
                stagesLine = pair.key.mark.line
                let parsed = try stages(value)
                policy.stages = parsed.map(\.rule)
                stageLines = parsed.map(\.lines)
            case "allow_demotion":
                policy.allowDemotion = try bool(value, "allow_demotion")
            case "rules":
                guard case .mapping(let rules) = value.content else {
                    if value.isNull { continue }
                    throw PolicyError(
                        message: "'rules' must map rule IDs to error, warning or off", line: value.mark.line)
                }
                for rule in rules {
                    let id = rule.key.scalarText ?? ""
                    try checkRuleID(id, in: "rules", line: rule.key.mark.line)
                    guard let text = rule.value.scalarText, let setting = RuleSetting(rawValue: text) else {
                        throw PolicyError(
                            message: "rule \(id) must be error, warning or off", line: rule.value.mark.line)
                    }
                    policy.rules[id] = setting
                    policy.ruleLines[id] = rule.key.mark.line
                }
            case "not_waivable":
                let ids = try strings(value, "not_waivable")
                for (id, line) in zip(ids, itemLines(value)) { try checkRuleID(id, in: "not_waivable", line: line) }
                policy.notWaivable = Set(ids)
            case "waiver_max_days":
                policy.waiverMaxDays = try days(value, key)
            case "deprecation_notice_days":
                policy.deprecationNoticeDays = try days(value, key)
            case "extension_impacts":
                policy.extensionImpacts = try extensionImpacts(value)
            case "consumer_floor":
                floorLine = value.mark.line
                policy.consumerFloors = try consumerFloors(value)
            default:
                throw PolicyError(
                    message: "unknown setting '\(key)'\(Suggestion.hint(for: key, in: known))", line: pair.key.mark.line
                )
            }
        }
        if !sawStages { policy.stages = Policy.builtInStages }
        try validate(policy, line: stagesLine ?? root.mark.line, stageLines: stageLines)
        for (consumer, stage) in policy.consumerFloors.sorted(by: { $0.key < $1.key })
        where policy.stage(stage) == nil {
            throw PolicyError(
                message: "consumer_floor: \(consumer) names unknown stage '\(stage)'"
                    + Suggestion.hint(for: stage, in: policy.stageNames),
                line: floorLine ?? root.mark.line)
        }
        // Consumer files are never feature files: a consumers folder may sit inside a feature
        // folder (its files are then left out), never hold one.
        for consumers in consumerFolders {
            for features in featureFolders where Policy.folder(consumers.folder, contains: features.folder) {
                let what =
                    consumers.folder == features.folder
                    ? "is also a feature folder" : "contains the feature folder '\(display(features.folder))'"
                throw PolicyError(
                    message: "consumers folder '\(display(consumers.folder))' \(what): "
                        + "consumer declarations need a folder of their own, outside the feature folders",
                    line: consumers.line)
            }
        }
        policy.featureFolders = Policy.outermost(featureFolders.map(\.folder))
        policy.consumerFolders = Policy.outermost(consumerFolders.map(\.folder))
        return policy
    }

    static func display(_ folder: String) -> String { folder.isEmpty ? "." : folder }

    /// `consumer_floor`: `{production: STAGE, shadow: STAGE}`, either or both.
    static func consumerFloors(_ node: YAMLNode) throws(PolicyError) -> [String: String] {
        guard case .mapping(let pairs) = node.content else {
            if node.isNull { return [:] }
            throw PolicyError(message: "'consumer_floor' maps production and shadow to a stage", line: node.mark.line)
        }
        var result: [String: String] = [:]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            guard key == "production" || key == "shadow" else {
                throw PolicyError(
                    message:
                        "consumer_floor: '\(key)' is not a consumer stage with a floor; write production or shadow",
                    line: pair.key.mark.line)
            }
            guard let stage = pair.value.scalarText, !stage.isEmpty else {
                throw PolicyError(message: "consumer_floor: \(key) needs a stage", line: pair.value.mark.line)
            }
            result[key] = stage
        }
        return result
    }

    /// `extension_impacts`: `x-` key names or dotted paths ending in one, each mapped to an
    /// impact's name.
    static func extensionImpacts(_ node: YAMLNode) throws(PolicyError) -> [String: String] {
        guard case .mapping(let pairs) = node.content else {
            if node.isNull { return [:] }
            throw PolicyError(
                message:
                    "'extension_impacts' must map x- keys to an impact (\(Policy.impactNames.joined(separator: ", ")))",
                line: node.mark.line)
        }
        var result: [String: String] = [:]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            let last = key.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            guard last.hasPrefix("x-"), last.count > 2, !key.contains(where: \.isWhitespace) else {
                throw PolicyError(
                    message: "extension_impacts: '\(key)' is not an x- key or a dotted path ending in one",
                    line: pair.key.mark.line)
            }
            guard let impact = pair.value.scalarText, Policy.impactNames.contains(impact) else {
                let written = pair.value.scalarText ?? ""
                throw PolicyError(
                    message: "extension_impacts: '\(key)' must be one of \(Policy.impactNames.joined(separator: ", "))"
                        + Suggestion.hint(for: written, in: Policy.impactNames),
                    line: pair.value.mark.line)
            }
            result[key] = impact
        }
        return result
    }

    /// Folder paths relative to the feature-repo root (SPEC §3): `.` is the root itself (written
    /// ""), `./a/` is `a`. Folder paths, not globs: `*`, `?`, `[`, `..` and absolute paths are
    /// refused, where a glob would otherwise match nothing and the gate would check nothing.
    static func folders(_ node: YAMLNode, _ name: String) throws(PolicyError) -> [(folder: String, line: Int)] {
        let texts = try strings(node, name)
        guard !texts.isEmpty else {
            throw PolicyError(message: "'\(name)' lists no folder", line: node.mark.line)
        }
        var result: [(folder: String, line: Int)] = []
        for (text, line) in zip(texts, itemLines(node)) {
            let parts = text.split(separator: "/")
            let glob = text.firstIndex { "*?[".contains($0) }
            if text.hasPrefix("/") || parts.contains("..") || glob != nil {
                // The folder a glob most likely means: the whole folders before its first wildcard.
                let stem =
                    glob.map { g -> String in
                        var folders = text[..<g].split(separator: "/")
                        if !text[..<g].hasSuffix("/") { folders = folders.dropLast() }
                        return folders.filter { $0 != "." }.joined(separator: "/")
                    } ?? ""
                let example = stem.isEmpty || stem.hasPrefix("/") || stem.contains("..") ? name : stem
                let problem = glob != nil ? "" : ", outside the repository"
                throw PolicyError(
                    message: "'\(name)' lists '\(text)'\(problem): folder paths relative to the feature-repo root, "
                        + "not globs; write `\(example)` for \(example)/**",
                    line: line)
            }
            guard !text.trimmingWhitespace().isEmpty else {
                throw PolicyError(message: "'\(name)' lists an empty folder; write `.` for the root", line: line)
            }
            result.append((parts.filter { $0 != "." }.joined(separator: "/"), line))
        }
        return result
    }

    /// Refuses a plain value that another YAML reader takes otherwise (SPEC §2), wherever it is
    /// in the config, except the rule severity `off`.
    static func refuseAmbiguousScalars(in root: YAMLNode) throws(PolicyError) {
        // Each node with the key it is the value of, and its depth (the settings are at 1).
        var stack: [(node: YAMLNode, key: String, depth: Int, inRules: Bool)] = [(root, "", 0, false)]
        while let (node, key, depth, inRules) = stack.popLast() {
            switch node.content {
            case .scalar(let text, .plain, nil):
                guard let a = AmbiguousScalar(text), !(inRules && text == "off") else { continue }
                let advice: String
                if inRules {
                    advice = "a rule's setting is error, warning or off"
                } else if a.isBoolean, booleanSettings.contains(key) {
                    advice = "write \(a.unambiguous ?? "true")"
                } else if !a.isBoolean, numericSettings.contains(key), let number = a.unambiguous {
                    advice = "write \(number)"
                } else {
                    advice = "quote it: '\(text.replacing("'", with: "''"))'"
                }
                throw PolicyError(
                    message: "'\(key)' is \(text), which \(a.difference); \(advice)", line: node.mark.line)
            case .scalar:
                continue
            case .sequence(let items):
                stack.append(contentsOf: items.reversed().map { ($0, key, depth + 1, false) })
            case .mapping(let pairs):
                let rules = depth == 1 && key == "rules"
                for pair in pairs.reversed() {
                    stack.append((pair.value, pair.key.scalarText ?? key, depth + 1, rules))
                }
            }
        }
    }

    static let booleanSettings: Set<String> = ["entry", "frozen", "allow_demotion"]
    static let numericSettings: Set<String> = ["version", "min_days", "waiver_max_days", "deprecation_notice_days"]

    /// Where a stage was written: its `name:` and its `from:`.
    struct StageLines {
        var name: Int
        var from: Int?
    }

    /// Checks the stages as a whole. `line` is that of `stages:`; `stageLines` place each
    /// stage, so that a stage defined twice or a bad `from:` points at its own line rather
    /// than at the top of the file.
    static func validate(_ policy: Policy, line: Int, stageLines: [StageLines] = []) throws(PolicyError) {
        func lines(_ i: Int) -> StageLines { i < stageLines.count ? stageLines[i] : StageLines(name: line) }
        guard !policy.ladder.isEmpty else {
            throw PolicyError(message: "'stages' defines no stage on the ladder", line: line)
        }
        guard !policy.entryStages.isEmpty else {
            throw PolicyError(message: "no stage is marked 'entry: true'", line: line)
        }
        var seen: [String: Int] = [:]
        for (i, s) in policy.stages.enumerated() {
            if let first = seen[s.name] {
                throw PolicyError(
                    message: "stage '\(s.name)' is defined twice (first at line \(first))", line: lines(i).name)
            }
            seen[s.name] = lines(i).name
        }
        for (i, s) in policy.stages.enumerated() {
            for f in s.from ?? [] where seen[f] == nil {
                throw PolicyError(
                    message:
                        "stage '\(s.name)' lists unknown stage '\(f)' in 'from'\(Suggestion.hint(for: f, in: seen.keys))",
                    line: lines(i).from ?? lines(i).name)
            }
        }
    }

    static func stages(_ node: YAMLNode) throws(PolicyError) -> [(rule: StageRule, lines: StageLines)] {
        guard case .sequence(let items) = node.content else {
            throw PolicyError(message: "'stages' must be a list of stages in ladder order", line: node.mark.line)
        }
        let known = ["name", "entry", "requires", "by_kind", "min_days", "frozen", "from"]
        var result: [(rule: StageRule, lines: StageLines)] = []
        for item in items {
            guard case .mapping(let pairs) = item.content else {
                throw PolicyError(message: "each stage must be a mapping with at least 'name'", line: item.mark.line)
            }
            var rule = StageRule(
                name: "", entry: false, requires: [], byKind: [:], minDays: nil, frozen: false, from: nil)
            var lines = StageLines(name: item.mark.line)
            for pair in pairs {
                let key = pair.key.scalarText ?? ""
                let value = pair.value
                switch key {
                case "name":
                    guard let name = value.scalarText, FeatureName.isValid(name), !name.contains(".") else {
                        throw PolicyError(
                            message: "a stage name must be a lower-case identifier", line: value.mark.line)
                    }
                    rule.name = name
                    lines.name = pair.key.mark.line
                case "entry": rule.entry = try bool(value, "entry")
                case "frozen": rule.frozen = try bool(value, "frozen")
                case "min_days":
                    guard let text = value.scalarText, let days = Int(text), days >= 0 else {
                        throw PolicyError(message: "'min_days' must be a whole number of days", line: value.mark.line)
                    }
                    rule.minDays = days
                case "from":
                    rule.from = try strings(value, "from")
                    lines.from = pair.key.mark.line
                case "requires": rule.requires = try obligations(value, kind: nil)
                case "by_kind":
                    guard case .mapping(let kinds) = value.content else {
                        if value.isNull { continue }
                        throw PolicyError(message: "'by_kind' must map kinds to lists of fields", line: value.mark.line)
                    }
                    for k in kinds {
                        let name = k.key.scalarText ?? ""
                        guard let kind = Kind(rawValue: name) else {
                            throw PolicyError(
                                message:
                                    "unknown kind '\(name)'\(Suggestion.hint(for: name, in: Kind.allCases.map(\.rawValue)))",
                                line: k.key.mark.line)
                        }
                        rule.byKind[kind] = try obligations(k.value, kind: kind)
                    }
                default:
                    throw PolicyError(
                        message: "unknown stage setting '\(key)'\(Suggestion.hint(for: key, in: known))",
                        line: pair.key.mark.line)
                }
            }
            guard !rule.name.isEmpty else { throw PolicyError(message: "a stage needs a 'name'", line: item.mark.line) }
            result.append((rule, lines))
        }
        return result
    }

    /// A stage's obligations, each naming fields of the format; `kind` for a `by_kind` list.
    static func obligations(_ node: YAMLNode, kind: Kind?) throws(PolicyError) -> [Obligation] {
        var result: [Obligation] = []
        let lines = itemLines(node)
        for (i, text) in try strings(node, "requires").enumerated() {
            let line = i < lines.count ? lines[i] : node.mark.line
            guard let o = Obligation(text) else {
                throw PolicyError(
                    message: "'\(text)' is not a field path (write 'a.b', 'a | b' or 'a if b = v')", line: line)
            }
            try check(o, kind: kind, line: line)
            result.append(o)
        }
        return result
    }

    /// An obligation naming a field the format does not have could never be met (or would
    /// never apply): a typo that would block every feature, or silently require nothing.
    static func check(_ o: Obligation, kind: Kind?, line: Int) throws(PolicyError) {
        for path in o.fields {
            guard FeatureSchema.isField(path) else {
                let hint = FeatureSchema.hint(forPath: path)
                throw PolicyError(message: "'\(path)' is not a field of a feature file\(hint)", line: line)
            }
            if let kind, let owner = FeatureSchema.field(path)?.kind, owner != kind {
                throw PolicyError(
                    message: "'\(path)' belongs to kind \(owner.rawValue); "
                        + "a feature of kind \(kind.rawValue) cannot have it",
                    line: line)
            }
        }
        if let condition = o.condition, let allowed = FeatureSchema.field(condition.field)?.allowed, !allowed.isEmpty,
            !allowed.contains(condition.value)
        {
            let hint = Suggestion.hint(for: condition.value, in: allowed)
            throw PolicyError(
                message: "'\(condition.value)' is not a value of '\(condition.field)'\(hint); "
                    + "it is one of \(allowed.joined(separator: ", "))",
                line: line)
        }
    }

    /// Rule IDs in the config must be rules feat has: a misspelt ID would otherwise turn
    /// nothing off, or leave a rule waivable, without a word.
    static func checkRuleID(_ id: String, in setting: String, line: Int) throws(PolicyError) {
        guard !Policy.ruleIDs.contains(id) else { return }
        throw PolicyError(
            message: "unknown rule '\(id)' in '\(setting)'\(Suggestion.hint(for: id, in: Policy.ruleIDs)); "
                + "rules are \(Policy.ruleIDs.first ?? "")–\(Policy.ruleIDs.last ?? "")",
            line: line)
    }

    /// The line of each value `strings` returns: a block list's later entries are not on
    /// the list's first line, where errors about them used to point.
    static func itemLines(_ node: YAMLNode) -> [Int] {
        if case .sequence(let items) = node.content { return items.map(\.mark.line) }
        return [node.mark.line]
    }

    static func strings(_ node: YAMLNode, _ name: String) throws(PolicyError) -> [String] {
        if node.isNull { return [] }
        if let s = node.scalarText { return [s] }
        guard case .sequence(let items) = node.content else {
            throw PolicyError(message: "'\(name)' must be a list", line: node.mark.line)
        }
        var out: [String] = []
        for i in items {
            guard let s = i.scalarText else {
                throw PolicyError(message: "'\(name)' must list plain values", line: i.mark.line)
            }
            out.append(s)
        }
        return out
    }

    static func days(_ node: YAMLNode, _ name: String) throws(PolicyError) -> Int {
        guard let text = node.scalarText, let days = Int(text), days >= 0 else {
            throw PolicyError(message: "'\(name)' must be a whole number of days", line: node.mark.line)
        }
        return days
    }

    static func bool(_ node: YAMLNode, _ name: String) throws(PolicyError) -> Bool {
        switch node.scalarText {
        case "true": return true
        case "false": return false
        default: throw PolicyError(message: "'\(name)' must be true or false", line: node.mark.line)
        }
    }
}

extension Policy {
    /// SPEC §3's defaults, used when a config has no `stages:`.
    static let builtInStages: [StageRule] = {
        func o(_ list: [String]) -> [Obligation] { list.compactMap(Obligation.init) }
        return [
            StageRule(
                name: "explore", entry: true, requires: o(["feature", "kind", "owner", "hypothesis"]), byKind: [:],
                minDays: nil, frozen: false, from: nil),
            StageRule(
                name: "candidate", entry: false, requires: o(["description", "entity", "source", "evidence"]),
                byKind: [
                    .scalar: o(["type"]), .aggregation: o(["type", "aggregation.function", "aggregation.window"]),
                    .categorical: o([
                        "categorical.vocabulary | categorical.vocabulary_file",
                        "categorical.unseen | categorical.buckets",
                    ]),
                    .map: o(["map.key_type", "map.value_type"]),
                    .embedding: o(["embedding.model", "embedding.dimension"]),
                ], minDays: nil, frozen: false, from: nil),
            StageRule(
                name: "shadow", entry: false,
                requires: o(["time.event_time", "time.ttl", "backfill.start", "expectations"]),
                byKind: [
                    .categorical: o(["categorical.encoding"]),
                    .map: o(["map.keys", "map.known_keys if map.keys = closed", "map.max_keys if map.keys = open"]),
                    .embedding: o(["embedding.model_version", "embedding.metric"]),
                ], minDays: nil, frozen: false, from: nil),
            StageRule(
                name: "production", entry: false, requires: o(["sla.freshness", "monitoring"]), byKind: [:], minDays: 7,
                frozen: true, from: nil),
            StageRule(
                name: "deprecated", entry: false, requires: o(["deprecation.reason", "deprecation.sunset"]),
                byKind: [:], minDays: nil, frozen: false, from: ["candidate", "shadow", "production"]),
        ]
    }()

    /// The default policy of SPEC §3.
    public static let standard: Policy = {
        var policy = Policy(
            featureFolders: ["features"], stages: builtInStages, allowDemotion: false, rules: [:], ruleLines: [:],
            notWaivable: [])
        policy.extensionImpacts = Policy.extensionPreset
        return policy
    }()
}
