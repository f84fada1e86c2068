import FeatModel

/// A change to `.featurerepo/` is reported for review, with what it changes; the pull request is still judged by the base's policy.
///
/// The policy decides what every later pull request must meet, so changing it deserves its
/// own review: the finding says what the new policy does differently (a stage no longer
/// frozen, a rule turned off, fewer days required, an obligation dropped). It takes effect
/// once merged: the pull request that changes it cannot use it to judge itself. A new policy
/// that cannot be read is an error, since merging it would stop every later check.
public enum FEAT008: Rule {
    public static let id = "FEAT008"
    public static let title = "policy changes"
    public static let purpose =
        "A change to .featurerepo/ is reported for review, with what it changes; the pull request is still judged by the base's policy."
    public static let details =
        "The policy decides what every later pull request must meet, so changing it deserves its own review: the finding says what the new policy does differently (a stage no longer frozen, a rule turned off, fewer days required, an obligation dropped). It takes effect once merged: the pull request that changes it cannot use it to judge itself. A new policy that cannot be read is an error, since merging it would stop every later check."
    public static let defaultSeverity = Severity.warning
    public static let scope = RuleScope.policy
    public static let waivable = false

    static let configPath = ".featurerepo/config.yaml"

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let paths = input.configChanges.sorted()
        // The config file carries the policy's changes (or its problem); the first changed path
        // does when config.yaml itself is not among them (it was removed as a folder, say).
        let carrier = paths.contains(configPath) ? configPath : paths.first
        for path in paths {
            guard path == carrier else {
                diagnostics.report(self, Message.changed(path), path: path, line: nil, identity: nil)
                continue
            }
            if let problem = input.headConfigProblem {
                // Not subject to the configured severity: a broken policy stops every later check.
                diagnostics.append(
                    Violation(
                        rule: id, severity: .error, identity: nil, path: path, line: nil,
                        message: Message.broken(path, problem)))
            } else {
                let changes = input.headPolicy.map { differences(from: input.policy, to: $0) } ?? []
                if let lost = lostConsumers(input) {
                    // Not subject to the configured severity: it would take consumers out of reach.
                    diagnostics.append(
                        Violation(
                            rule: id, severity: .error, identity: nil, path: path, line: nil,
                            message: Message.consumersLost(path, lost)))
                } else {
                    diagnostics.report(self, Message.policy(path, changes), path: path, line: nil, identity: nil)
                }
            }
        }
    }

    /// The shadow and production consumers of the base tip that the merge result's consumers
    /// folders no longer hold, when those folders changed: merged, they would be out of every
    /// later check's reach.
    static func lostConsumers(_ input: CheckInput) -> [String]? {
        guard let new = input.headPolicy, new.consumerFolders != input.policy.consumerFolders else { return nil }
        let reached = input.consumers.base.filter(\.stage.isReached)
        let held = Set(input.consumers.merged.map(\.path))
        let lost = reached.filter { !held.contains($0.path) }.map(\.name)
        return lost.isEmpty ? nil : lost.sorted()
    }

    /// What a new policy does differently from the old one, in the policy's own terms.
    public static func differences(from old: Policy, to new: Policy) -> [String] {
        var out: [String] = []
        if old.featureFolders != new.featureFolders {
            out.append("feature folders \(list(old.featureFolders)) → \(list(new.featureFolders))")
        }
        if old.consumerFolders != new.consumerFolders {
            out.append("consumer folders \(list(old.consumerFolders)) → \(list(new.consumerFolders))")
        }
        if old.extensionImpacts != new.extensionImpacts {
            let keys = Set(old.extensionImpacts.keys).union(new.extensionImpacts.keys).sorted()
            for key in keys where old.extensionImpacts[key] != new.extensionImpacts[key] {
                out.append(
                    "extension_impacts \(key): \(old.extensionImpacts[key] ?? "additive") → "
                        + (new.extensionImpacts[key] ?? "additive"))
            }
        }
        let oldNames = old.stageNames
        let newNames = new.stageNames
        for name in oldNames where !newNames.contains(name) { out.append("stage \(name) removed") }
        for name in newNames where !oldNames.contains(name) { out.append("stage \(name) added") }
        let kept = old.ladder.map(\.name).filter { newNames.contains($0) }
        let keptNew = new.ladder.map(\.name).filter { oldNames.contains($0) }
        if kept != keptNew {
            out.append("ladder order \(kept.joined(separator: " → ")) becomes \(keptNew.joined(separator: " → "))")
        }
        for a in old.stages {
            guard let b = new.stage(a.name) else { continue }
            out += stageDifferences(a, b)
        }
        if old.allowDemotion != new.allowDemotion {
            out.append(new.allowDemotion ? "demotions allowed" : "demotions no longer allowed")
        }
        for rule in RuleRegistry.all {
            let a = RuleRegistry.severity(of: rule, under: old)
            let b = RuleRegistry.severity(of: rule, under: new)
            guard a != b else { continue }
            out.append(b == nil ? "\(rule.id) off" : "\(rule.id) \(a?.rawValue ?? "off") → \(b?.rawValue ?? "off")")
        }
        for id in new.notWaivable.subtracting(old.notWaivable).sorted() { out.append("\(id) no longer waivable") }
        for id in old.notWaivable.subtracting(new.notWaivable).sorted() { out.append("\(id) waivable again") }
        if old.waiverMaxDays != new.waiverMaxDays {
            out.append("waiver_max_days \(old.waiverMaxDays) → \(new.waiverMaxDays)")
        }
        if old.deprecationNoticeDays != new.deprecationNoticeDays {
            out.append("deprecation_notice_days \(old.deprecationNoticeDays) → \(new.deprecationNoticeDays)")
        }
        return out
    }

    static func stageDifferences(_ a: StageRule, _ b: StageRule) -> [String] {
        let name = a.name
        var out: [String] = []
        if a.frozen != b.frozen { out.append(b.frozen ? "\(name) now frozen" : "\(name) no longer frozen") }
        if a.minDays != b.minDays {
            out.append(
                "min_days for \(name) \(a.minDays.map(String.init) ?? "none") → \(b.minDays.map(String.init) ?? "none")"
            )
        }
        if a.entry != b.entry {
            out.append(b.entry ? "\(name) now an entry stage" : "\(name) no longer an entry stage")
        }
        if a.from != b.from {
            switch (a.from, b.from) {
            case (nil, let to?): out.append("\(name) becomes an exit stage, entered from \(to.joined(separator: ", "))")
            case (_?, nil): out.append("\(name) is no longer an exit stage")
            default: out.append("\(name) entered from \(list(a.from ?? [])) → \(list(b.from ?? []))")
            }
        }
        out += obligationDifferences(name, nil, a.requires, b.requires)
        for kind in Kind.allCases {
            out += obligationDifferences(name, kind, a.byKind[kind] ?? [], b.byKind[kind] ?? [])
        }
        return out
    }

    static func obligationDifferences(_ stage: String, _ kind: Kind?, _ a: [Obligation], _ b: [Obligation]) -> [String]
    {
        let scope = kind.map { " for \($0.rawValue)" } ?? ""
        var out: [String] = []
        for o in a where !b.contains(o) { out.append("\(stage) no longer requires \(o)\(scope)") }
        for o in b where !a.contains(o) { out.append("\(stage) now requires \(o)\(scope)") }
        return out
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    enum Message {
        static let applies =
            "reviewed with this pull request, it applies once merged; this check used the base's policy"
        static func changed(_ path: String) -> String { "\(path) changed: \(applies)" }
        static func policy(_ path: String, _ changes: [String]) -> String {
            guard !changes.isEmpty else { return "\(path) changed, with no effect on the rules (\(applies))" }
            return "\(path) changed: \(changes.joined(separator: "; ")) — \(applies)"
        }
        static func consumersLost(_ path: String, _ names: [String]) -> String {
            "\(path) changes the consumers folders so that \(names.joined(separator: ", ")) — shadow or production "
                + "consumers at the base — would no longer be read: every later check would lose them; move "
                + "their files with the folders"
        }
        static func broken(_ path: String, _ problem: String) -> String {
            "\(path) changed and cannot be read: \(problem); merged, it would stop every later check"
        }
    }
}
