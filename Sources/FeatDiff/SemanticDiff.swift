import FeatModel

/// The semantic diff of two catalogs: features paired by identity, each change and each
/// feature-level event given an impact.
public enum SemanticDiff {
    /// Compares the feature files at base (`before`) and head (`after`).
    ///
    /// `policy` gives the stages: the ladder's order (promotion, demotion), exit stages
    /// (deprecation, reinstatement), entry stages (a removed hypothesis breaks no one) and
    /// frozen stages (leaving one is breaking). A file that cannot be read on one side
    /// (`ParsedFile.unreadableProblem`) is reported `unreadable`, paired with the other side's
    /// feature by identity when known, else by path; it is never called removed or added.
    /// `vocabularies` holds the contents of `categorical.vocabulary_file`s, so they are
    /// compared entry by entry.
    public static func compare(
        before: [ParsedFile], after: [ParsedFile], policy: Policy, vocabularies: VocabularyFiles = .init(),
        stagesLeft: [Identity: String] = [:]
    ) -> DiffReport {
        var old: [Feature] = []
        var new: [Feature] = []
        var oldBroken: [(file: ParsedFile, problem: Problem)] = []
        var newBroken: [(file: ParsedFile, problem: Problem)] = []
        for file in before {
            if let problem = file.unreadableProblem {
                oldBroken.append((file, problem))
            } else if let f = file.feature {
                old.append(f)
            }
        }
        for file in after {
            if let problem = file.unreadableProblem {
                newBroken.append((file, problem))
            } else if let f = file.feature {
                new.append(f)
            }
        }
        oldBroken.sort { $0.file.path < $1.file.path }
        newBroken.sort { $0.file.path < $1.file.path }
        let pairs = Pairing.pair(before: old, after: new)
        var features: [FeatureChange] = []

        // Indexes of the lone features (removed or added), so that each unreadable file finds
        // its counterpart without a scan; a pair taken by an unreadable file is not compared.
        var removedByIdentity: [Identity: [Int]] = [:]
        var removedByPath: [String: [Int]] = [:]
        var addedByIdentity: [Identity: [Int]] = [:]
        var addedByPath: [String: [Int]] = [:]
        for (i, pair) in pairs.enumerated() {
            if let f = pair.before, pair.after == nil {
                removedByIdentity[f.identity, default: []].append(i)
                removedByPath[f.path, default: []].append(i)
            } else if let f = pair.after, pair.before == nil {
                addedByIdentity[f.identity, default: []].append(i)
                addedByPath[f.path, default: []].append(i)
            }
        }
        var taken = Set<Int>()
        func take(
            _ identity: Identity?, _ path: String, _ byIdentity: [Identity: [Int]], _ byPath: [String: [Int]]
        ) -> Int? {
            let candidates = (identity.flatMap { byIdentity[$0] } ?? []) + (byPath[path] ?? [])
            guard let i = candidates.first(where: { !taken.contains($0) }) else { return nil }
            taken.insert(i)
            return i
        }

        // Unreadable at head: the base file at that path when it is unreadable too, else the
        // base feature this file would have been (same identity when known, else same path).
        var oldBrokenByPath: [String: Int] = [:]
        for (i, broken) in oldBroken.enumerated() where oldBrokenByPath[broken.file.path] == nil {
            oldBrokenByPath[broken.file.path] = i
        }
        var oldBrokenTaken = Set<Int>()
        for broken in newBroken {
            if let i = oldBrokenByPath[broken.file.path], !oldBrokenTaken.contains(i) {
                oldBrokenTaken.insert(i)
                features.append(unreadable(broken.file, broken.problem, side: .head, other: oldBroken[i].file.feature))
                continue
            }
            let i = take(broken.file.feature?.identity, broken.file.path, removedByIdentity, removedByPath)
            features.append(unreadable(broken.file, broken.problem, side: .head, other: i.flatMap { pairs[$0].before }))
        }
        for (j, broken) in oldBroken.enumerated() where !oldBrokenTaken.contains(j) {
            let i = take(broken.file.feature?.identity, broken.file.path, addedByIdentity, addedByPath)
            features.append(unreadable(broken.file, broken.problem, side: .base, other: i.flatMap { pairs[$0].after }))
        }
        for (i, pair) in pairs.enumerated() where !taken.contains(i) {
            if let change = compare(pair, policy: policy, vocabularies: vocabularies, stagesLeft: stagesLeft) {
                features.append(change)
            }
        }
        features = Propagation.apply(to: features, heads: pairs.compactMap(\.after))
        features.sort { ($0.identity, $0.path) < ($1.identity, $1.path) }
        return DiffReport(features: features)
    }

    /// Compares two lists of features that were all read.
    public static func compare(
        before: [Feature], after: [Feature], policy: Policy, vocabularies: VocabularyFiles = .init()
    ) -> DiffReport {
        compare(
            before: before.map { ParsedFile(path: $0.path, feature: $0, problems: []) },
            after: after.map { ParsedFile(path: $0.path, feature: $0, problems: []) },
            policy: policy, vocabularies: vocabularies)
    }

    /// Fields the stage a feature moves into requires and its base stage did not, when the
    /// base stage binds no contract (neither frozen nor an exit stage left from one): there a
    /// defaulted field first set is a declaration the ladder asked for (SPEC §4).
    static func newlyRequired(from old: Feature, to new: Feature, policy: Policy) -> Set<String> {
        guard old.stage != new.stage, let base = policy.stage(old.stage), !base.frozen, base.from == nil else {
            return []
        }
        let had = Set(policy.obligations(at: old.stage, kind: old.kind).flatMap(\.alternatives))
        let needs = Set(policy.obligations(at: new.stage, kind: new.kind).flatMap(\.alternatives))
        return needs.subtracting(had)
    }

    /// An unreadable file, with the other side's feature when one was paired with it.
    static func unreadable(_ file: ParsedFile, _ problem: Problem, side: DiffSide, other: Feature?) -> FeatureChange {
        let known = file.feature?.identity ?? other?.identity
        let mine = file.feature?.stage
        let path = side == .head ? file.path : (other?.path ?? file.path)
        let otherPath = side == .head ? other?.path : file.path
        return FeatureChange(
            identity: known ?? Identity(feature: file.path, version: 1), identityKnown: known != nil,
            status: .unreadable, path: path, previousPath: otherPath.flatMap { $0 == path ? nil : $0 },
            stageBefore: side == .base ? mine : other?.stage, stageAfter: side == .head ? mine : other?.stage,
            line: problem.line, unreadable: UnreadableFile(side: side, path: file.path, problem: problem),
            base: side == .base ? file.feature : other, head: side == .head ? file.feature : other)
    }

    /// One matched feature's change, or nil when it did not change at all.
    /// `stagesLeft` holds, for features in an exit stage at the base, the stage they left for
    /// it, when the history shows it.
    static func compare(
        _ pair: FeaturePair, policy: Policy, vocabularies: VocabularyFiles, stagesLeft: [Identity: String] = [:]
    ) -> FeatureChange? {
        switch (pair.before, pair.after) {
        case (nil, let new?):
            return FeatureChange(
                identity: new.identity, status: .added, path: new.path, stageBefore: nil, stageAfter: new.stage,
                events: [Events.added(new)], line: new.line(of: "feature"), head: new)
        case (let old?, nil):
            return FeatureChange(
                identity: old.identity, status: .removed, path: old.path, stageBefore: old.stage, stageAfter: nil,
                events: [Events.removed(old, policy: policy)], base: old)
        case (let old?, let new?):
            let changes = FieldRules.changes(
                before: old, after: new, vocabularies: vocabularies,
                newlyRequired: newlyRequired(from: old, to: new, policy: policy),
                extensionImpacts: policy.extensionImpacts)
            let moved = old.path != new.path
            guard moved || old.stage != new.stage || !changes.isEmpty else { return nil }
            let line =
                changes.compactMap { new.line(of: $0.field) }.min()
                ?? (old.stage != new.stage ? new.line(of: "stage") : new.line(of: "feature"))
            let events =
                Events.stageMove(
                    from: old.stage, to: new.stage, left: stagesLeft[old.identity], after: new, policy: policy
                ).map { [$0] } ?? []
            return FeatureChange(
                identity: new.identity, status: moved ? .moved : .modified, path: new.path,
                previousPath: moved ? old.path : nil, stageBefore: old.stage, stageAfter: new.stage,
                events: events, changes: changes, line: line, base: old, head: new)
        case (nil, nil):
            return nil
        }
    }
}

/// Feature-level events and their impacts (SPEC §4).
enum Events {
    static func added(_ f: Feature) -> FeatureEvent {
        FeatureEvent(
            .added, from: nil, to: f.stage, impact: .additive,
            message: "added at \(f.stage): a new identity; no existing consumer is affected")
    }

    /// Breaking, except from an entry stage: a hypothesis has no consumers.
    static func removed(_ f: Feature, policy: Policy) -> FeatureEvent {
        if policy.stage(f.stage)?.entry == true {
            return FeatureEvent(
                .removed, from: f.stage, to: nil, impact: .compatible,
                message: "removed at \(f.stage): a hypothesis at an entry stage has no consumers")
        }
        var message = "removed at \(f.stage): consumers of this identity lose it"
        if policy.stage(f.stage)?.from != nil, let sunset = f.definition[path: "deprecation.sunset"]?.display {
            message += " (they had notice until \(sunset))"
        }
        return FeatureEvent(.removed, from: f.stage, to: nil, impact: .breaking, message: message)
    }

    /// The event of a stage change, nil when the stage did not change or the policy does not
    /// know one of the stages (FEAT001 reports an unknown stage).
    /// The stage event of a change, as `Policy.move` classifies it (the classification FEAT004
    /// judges by, so the diff and the rule always agree on what a move is).
    static func stageMove(from old: String, to new: String, left: String?, after f: Feature, policy: Policy)
        -> FeatureEvent?
    {
        guard let move = policy.move(from: old, to: new, left: left), let source = policy.stage(old),
            let target = policy.stage(new)
        else { return nil }
        switch move.kind {
        case .deprecated:
            var notice = ""
            if let sunset = f.definition[path: "deprecation.sunset"]?.display { notice += " to move off by \(sunset)" }
            if let replacement = f.definition[path: "deprecation.replacement"]?.display {
                notice += ", to \(replacement)"
            }
            return FeatureEvent(
                .deprecated, from: old, to: new, impact: .compatible,
                message: "deprecated (was \(old)): values unchanged; consumers are given notice\(notice)")
        case .reinstated:
            return FeatureEvent(
                .reinstated, from: old, to: new, impact: .compatible,
                message: "reinstated \(old) → \(new): the deprecation notice is withdrawn; values unchanged")
        case .promoted where source.from == nil:
            var message = "promoted \(old) → \(new): values unchanged; the contract gains \(new)'s obligations"
            if target.frozen && !source.frozen {
                message += ", and is frozen from now on: a breaking or meaning change needs a new version"
            }
            return FeatureEvent(.promoted, from: old, to: new, impact: .compatible, message: message)
        case .promoted:
            // Out of an exit stage, above the stage it left: the ladder was not climbed.
            return FeatureEvent(
                .promoted, from: old, to: new, impact: .compatible,
                message: "moved \(old) → \(new), above \(left ?? "the stage it left"), the stage it left for \(old): "
                    + "values unchanged; the contract gains \(new)'s obligations")
        case .demoted:
            // Down the ladder, or out of an exit stage below the stage it left: judged against
            // that stage, whose contract (frozen or not) consumers were still reading.
            let contract = left.flatMap { policy.stage($0) } ?? source
            return demoted(from: left ?? old, to: new, frozen: contract.frozen, via: source.from == nil ? nil : old)
        }
    }

    /// Breaking out of a frozen stage (its contract is withdrawn), meaning otherwise. `via` is
    /// the exit stage the feature leaves, when it leaves one for another stage than `old`,
    /// the one it left.
    static func demoted(from old: String, to new: String, frozen: Bool, via exit: String? = nil) -> FeatureEvent {
        let move = exit.map { "\($0) → \(new) (it left \(old) for \($0))" } ?? "\(old) → \(new)"
        let from = exit ?? old
        if frozen {
            return FeatureEvent(
                .demoted, from: from, to: new, impact: .breaking,
                message: "demoted \(move): the frozen contract consumers rely on is withdrawn; "
                    + "its shape and values may change without a new version")
        }
        return FeatureEvent(
            .demoted, from: from, to: new, impact: .meaning,
            message: "demoted \(move): \(old)'s promises are withdrawn; values may change without notice")
    }
}
