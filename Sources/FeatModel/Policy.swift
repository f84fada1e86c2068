/// One rung of the stage ladder and what it demands.
public struct StageRule: Sendable, Hashable {
    public var name: String
    /// New features may start here.
    public var entry: Bool
    /// Required of every kind at this stage (earlier stages add theirs).
    public var requires: [Obligation]
    /// Required of one kind at this stage.
    public var byKind: [Kind: [Obligation]]
    /// Days a feature must have spent in the previous stage before entering this one.
    public var minDays: Int?
    /// A contract: no `breaking` or `meaning` change in place.
    public var frozen: Bool
    /// Set for exit stages such as `deprecated`: the stages that may move here.
    /// Such a stage is off the ladder.
    public var from: [String]?
}

/// What a rule's findings count as, set in config.
public enum RuleSetting: String, Sendable, Hashable, CaseIterable {
    case error, warning, off
}

/// The policy of a feature repository, from `.featurerepo/config.yaml` (SPEC §3).
public struct Policy: Sendable, Hashable {
    /// Folders holding feature files, relative to the feature-repo root ("" is the root itself),
    /// none inside another: folders written overlapping are one set of files.
    public var featureFolders: [String]
    public var stages: [StageRule]
    /// When true, moving a feature back one stage on the ladder is allowed.
    public var allowDemotion: Bool
    /// Rule ID → setting, as written (IDs are checked by the rules module).
    public var rules: [String: RuleSetting]
    public var ruleLines: [String: Int]
    /// Rules whose errors no waiver can turn into warnings.
    public var notWaivable: Set<String>
    /// How many days after `--now` a waiver may expire at most.
    public var waiverMaxDays: Int = 90
    /// How many days of notice a deprecation gives at least (FEAT010).
    public var deprecationNoticeDays: Int = 30
    /// Folders holding consumer declarations and locks (SPEC §8), relative to the feature-repo
    /// root; their files are never feature files.
    public var consumerFolders: [String] = ["consumers"]
    /// The impact of a change to an `x-` key, by key name (`x-last-k`) or dotted path
    /// (`aggregation.x-window`; it wins over the name), as an impact's name; unlisted `x-`
    /// keys are `additive`. A policy that leaves the key out has none; the built-in policy
    /// and the one `feat init` writes have `extensionPreset`.
    public var extensionImpacts: [String: String] = [:]
    /// `consumer_floor`: the lowest feature stage a consumer at `production` or `shadow` may
    /// read (FEAT012), where the policy sets it; by default the first frozen stage and `shadow`.
    public var consumerFloors: [String: String] = [:]

    /// The `x-` keys that real feature definitions use for what the format had no field for
    /// (SPEC §10), with the impact a change to them has.
    public static let extensionPreset: [String: String] = [
        "x-last-k": "meaning", "x-percentile": "meaning", "x-half-life": "meaning", "x-aggregation": "meaning",
        "x-window": "meaning", "x-role": "breaking", "x-dtype": "breaking",
    ]

    /// Impact names, least severe first, as `extension_impacts` may write them.
    public static let impactNames = ["cosmetic", "additive", "compatible", "meaning", "breaking"]

    /// The stage order used to tell promotions from demotions: the ladder, then exit stages.
    public var stageOrder: [String] { ladder.map(\.name) + stages.filter { $0.from != nil }.map(\.name) }

    /// Every rule ID the product defines (SPEC §5), for checking the config's own references.
    /// The rules module's registry must list exactly these (a test keeps them together).
    public static let ruleIDs: [String] = (1...15).map { "FEAT" + ($0 < 10 ? "00" : "0") + String($0) }

    /// The stages on the ladder, in order (exit stages such as `deprecated` excluded).
    public var ladder: [StageRule] { stages.filter { $0.from == nil } }

    public func stage(_ name: String) -> StageRule? { stages.first { $0.name == name } }

    public var stageNames: [String] { stages.map(\.name) }

    public var entryStages: [String] { stages.filter(\.entry).map(\.name) }

    /// The position of a stage on the ladder; exit stages sort after it.
    public func rank(of name: String) -> Int? {
        if let i = ladder.firstIndex(where: { $0.name == name }) { return i }
        if let i = stages.firstIndex(where: { $0.name == name }) { return ladder.count + i }
        return nil
    }

    /// The stage one step up the ladder, or nil at the top or off the ladder.
    public func next(after name: String) -> String? {
        let ladder = self.ladder
        guard let i = ladder.firstIndex(where: { $0.name == name }), i + 1 < ladder.count else { return nil }
        return ladder[i + 1].name
    }

    /// The stage one step down the ladder.
    public func previous(before name: String) -> String? {
        let ladder = self.ladder
        guard let i = ladder.firstIndex(where: { $0.name == name }), i > 0 else { return nil }
        return ladder[i - 1].name
    }

    /// Every obligation of a stage for a kind: its own and those of every earlier stage.
    /// An exit stage adds its own to those of the lowest stage it may be entered from.
    public func obligations(at name: String, kind: Kind?) -> [Obligation] {
        guard let target = stage(name) else { return [] }
        var chain: [StageRule] = []
        let ladder = self.ladder
        if let from = target.from {
            let lowest = from.compactMap { f in ladder.firstIndex { $0.name == f } }.min() ?? -1
            chain = Array(ladder.prefix(lowest + 1)) + [target]
        } else if let i = ladder.firstIndex(where: { $0.name == name }) {
            chain = Array(ladder.prefix(i + 1))
        }
        // A set keeps this linear: a policy may list thousands of obligations.
        var result: [Obligation] = []
        var seen = Set<Obligation>()
        for rule in chain {
            for o in rule.requires + (kind.flatMap { rule.byKind[$0] } ?? []) where seen.insert(o).inserted {
                result.append(o)
            }
        }
        return result
    }

    /// The obligations of a stage that a feature does not meet.
    public func missing(for feature: Feature, at stage: String? = nil) -> [Obligation] {
        obligations(at: stage ?? feature.stage, kind: feature.kind).filter { !$0.isMet(by: feature.definition) }
    }

    public func setting(for rule: String, default severity: RuleSetting) -> RuleSetting {
        rules[rule] ?? severity
    }
}
