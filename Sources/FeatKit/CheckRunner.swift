import FeatDiff
import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import FeatRules
import Foundation
import GitID

extension FeatureRepository {
    /// Runs the rules on what merging `head` into the `base` tip would produce, judged by the
    /// base tip's policy (SPEC §5): the merge is what reaches the base branch, so a branch
    /// that is stale, stacked on a squashed parent or edited beside a promotion on the base is
    /// judged as it will land. When the head already contains the base tip, the merge result
    /// is the head; otherwise it is computed in memory and never written anywhere.
    public func check(
        base: String, head: String = "HEAD", now: Date, failOn: Severity = .error,
        workers: WorkerProcesses? = nil
    ) throws(FeatError) -> CheckReport {
        let repo = try requireGit()
        let baseTip = try resolve(base)
        let headID = try resolve(head)
        var clock = PhaseClock()
        let mergeBase = try mergeBase(baseTip, headID, base: base, head: head)
        let policy = try basePolicy(at: baseTip)
        // The head contains the base tip exactly when the base tip is their merge base (found
        // along the first-parent line in a few steps for a branch off the tip, where libgit2's
        // reachability test paints the whole history).
        guard mergeBase != baseTip else {
            let judged = MergeResult(commit: headID, conflicts: [])
            return try judge(
                baseTip: baseTip, mergeBase: mergeBase, head: headID, merged: judged, policy: policy, now: now,
                failOn: failOn, workers: workers, clock: clock)
        }
        let merger = try FeatKit.git { () throws(GitError) in try repo.inMemoryMerger() }
        let merge = try FeatKit.git { () throws(GitError) in try merger.mergeInMemory(base: baseTip, head: headID) }
        clock.lap("merge of the head into the base tip, in memory")
        let reader = FeatureRepository(root: root, git: merger, prefix: prefix)
        let conflicts = merge.conflicts.map { $0.paths.map(relativePath) }
        // A criss-cross history has several merge bases (SPEC §7: all are reported).
        var bases = (try? repo.mergeBases(baseTip, headID)) ?? []
        if let first = bases.firstIndex(of: mergeBase) { bases.swapAt(0, first) }
        var report = try reader.judge(
            baseTip: baseTip, mergeBase: mergeBase, head: headID,
            merged: MergeResult(commit: merge.commit, conflicts: conflicts), policy: policy, now: now,
            failOn: failOn, workers: workers, clock: clock)
        report.mergeBases = bases.count > 1 ? bases : []
        return report
    }

    /// The merge base of the base tip and the head; exit 2 when there is none or the clone is
    /// too shallow to find it.
    func mergeBase(_ baseTip: ObjectID, _ headID: ObjectID, base: String, head: String) throws(FeatError) -> ObjectID {
        let repo = try requireGit()
        do {
            return try repo.mergeBase(baseTip, headID)
        } catch .shallow(let boundary) {
            throw .historyTooShallow(boundary: boundary, needed: "merging \(head) into \(base)")
        } catch .notFound {
            throw .unrelatedHistories(head: head, base: base)
        } catch {
            throw .git(error)
        }
    }

    /// A path inside git trees, relative to the feature root (unchanged outside it).
    func relativePath(_ treePath: String) -> String {
        prefix.isEmpty || !treePath.hasPrefix(prefix + "/") ? treePath : String(treePath.dropFirst(prefix.count + 1))
    }

    /// Judges the change from the base tip to the merge result. `self` reads through the
    /// handle that holds the merge result.
    func judge(
        baseTip: ObjectID, mergeBase: ObjectID, head headID: ObjectID, merged: MergeResult, policy: Policy,
        now: Date, failOn: Severity, workers: WorkerProcesses?, clock: PhaseClock
    ) throws(FeatError) -> CheckReport {
        let repo = try requireGit()
        var clock = clock
        let judged = merged.commit
        // .featurerepo/ changes (FEAT008); the merge result's policy only says what the change does.
        let configChanges = try changedPaths(under: ".featurerepo", from: baseTip, to: judged)
        var headConfigProblem: String?
        var headPolicy: Policy?
        if !configChanges.isEmpty {
            do {
                headPolicy = try self.policy(at: judged)
            } catch {
                headConfigProblem = error.description
            }
        }

        // Changed files on both sides, parsed in full; every other merged file only for its
        // identity (FEAT002), read with the line scan where that is exact.
        // Merged files are searched for references to changed vocabulary files on the same pass.
        // Each side's features are its own policy's; a merged policy with problems is FEAT008's,
        // and its folders are not trusted.
        var changed = try changedFeatureFiles(
            old: policy, new: headPolicy ?? policy, from: baseTip, to: judged, scanHead: false)
        clock.lap("base tip, policy, changed files (\(changed.paths.count))")
        let head = try identities(
            at: judged, policy: headPolicy ?? policy, except: changed.paths,
            mentioning: ReferenceNeedles.union(changed.referenceNeedles, conflicts: merged.conflicts))
        try requireNoConflicts(
            merged.conflicts, policy: policy, headPolicy: headPolicy, mentioning: head.mentioning,
            changed: changed.before + changed.after, head: headID, judged: judged)
        try addReferencing(head.mentioning, to: &changed)
        var otherIdentities = head.identities
        for path in changed.paths { otherIdentities[path] = nil }
        // A file broken at the base tip is judged against its last readable version there:
        // that is the contract in force, and a pull request that mends the file must not be
        // able to change it unseen.
        var before = try changed.before.map { file throws(FeatError) in
            file.feature == nil ? try lastReadable(file.path, before: baseTip) ?? file : file
        }
        var after = changed.after
        clock.lap("identities of the other \(otherIdentities.count) merged files")
        // Features derived from others (their files say `inputs`), unchanged themselves: a
        // meaning change to an input reaches them (SPEC §10), so they are compared too.
        var derived: [ParsedFile] = []
        for candidate in head.deriving {
            let parsed = try FeatKit.git { () throws(GitError) in
                FeatureParser.parse(try repo.blob(candidate.blob), path: candidate.path)
            }
            if parsed.feature?.inputs.isEmpty == false { derived.append(parsed) }
        }
        before += derived
        after += derived
        let vocabularies = VocabularyFiles(
            before: try checkReferences(&before, at: baseTip), after: try checkReferences(&after, at: judged))
        var diff = SemanticDiff.compare(before: before, after: after, policy: policy, vocabularies: vocabularies)
        var changes = PairedChange.pair(diff)

        clock.lap("semantic diff")
        let entries = try stageEntries(for: changes, policy: policy, at: baseTip, workers: workers)
        clock.lap("stage entries for dwell times (\(entries.count))")
        // A feature leaving an exit stage: its move is classified by the stage it left, as
        // FEAT004 judges it, so the diff and the rule tell one story.
        let left = entries.compactMapValues { entry in policy.stage(entry.stage)?.from != nil ? entry.from : nil }
        if !left.isEmpty {
            diff = SemanticDiff.compare(
                before: before, after: after, policy: policy, vocabularies: vocabularies, stagesLeft: left)
            changes = PairedChange.pair(diff)
        }
        var mergedStages = head.stages
        for file in after { if let f = file.feature { mergedStages[f.identity] = f.stage } }
        var consumers = try consumerView(
            base: baseTip, judged: judged, policy: policy, mergedPolicy: headPolicy ?? policy, stages: mergedStages)
        consumers.labels = head.labels
        for f in after.compactMap(\.feature) {
            if f.isLabel { consumers.labels.insert(f.identity) } else { consumers.labels.remove(f.identity) }
        }
        clock.lap("consumers (\(consumers.base.count) at the base, \(consumers.changedPaths.count) changed)")
        // A submodule the pull request adds or moves where features are read: FEAT001 (feat
        // cannot judge what another repository holds).
        let submodules = try addedSubmodules(old: policy, new: headPolicy ?? policy, from: baseTip, to: judged)
        // A derived feature is judged (FEAT001–FEAT003) only when an input's change reached it.
        // (and those whose input the pull request removes: FEAT001, FEAT013).
        let reached = Set(diff.features.map(\.path))
        let removed = Set(diff.features.filter { $0.status == .removed }.map(\.identity))
        let derivedPaths = Set(derived.map(\.path))
        after.removeAll { file in
            derivedPaths.contains(file.path) && !reached.contains(file.path)
                && !(file.feature?.featureInputs.contains { $0.feature.map(removed.contains) ?? false } ?? false)
        }
        // A derived file judged here is one of the judged files, not another file with its identity.
        for file in after where derivedPaths.contains(file.path) { otherIdentities[file.path] = nil }
        var catalog = try inputCatalog(of: after, others: otherIdentities, at: judged)
        // Every derived feature of the merge result, judged or not: an input's stage change
        // reaches them through the input floor (FEAT012).
        for f in derived.compactMap(\.feature) where catalog[f.identity] == nil { catalog[f.identity] = f }
        var input = CheckInput(
            policy: policy, headFiles: after + submodules, otherIdentities: otherIdentities, changes: changes,
            configChanges: configChanges,
            headConfigProblem: headConfigProblem, headPolicy: headPolicy, stageEntries: entries, now: now,
            consumers: consumers)
        input.catalog = catalog
        let outcome = Checker.run(input)
        var severities: [String: Severity?] = [:]
        for rule in RuleRegistry.all { severities[rule.id] = RuleRegistry.severity(of: rule, under: policy) }
        let stageChanges = try stageChanges(
            from: baseTip, to: headID, policy: policy, diff: diff, alongFirstParent: judged == headID)
        clock.lap("rules and this pull request's stage changes")
        let mergedTree = try tree(of: judged)
        // Findings point into the pull request's own files, not the merge made in memory.
        let violations = try placeLines(outcome.violations, judged: judged, head: headID, base: baseTip)
        var report = CheckReport(
            base: baseTip, mergeBase: mergeBase, merged: mergedTree, head: headID, prefix: prefix, failOn: failOn,
            violations: violations, diff: diff,
            stageChanges: stageChanges, ruleSeverities: severities, now: now, phases: clock.laps)
        report.reach = Reach.of(input, violations: outcome.violations)
        return report
    }

    /// The judged features and every feature they derive from, along chains, as the merge
    /// result has them: what FEAT001 follows for cycles and FEAT003 for obligations met
    /// through inputs. Each input file is read once; one that is missing stays out.
    func inputCatalog(of files: [ParsedFile], others: [String: Identity], at commit: ObjectID) throws(FeatError)
        -> [Identity: Feature]
    {
        var catalog: [Identity: Feature] = [:]
        for f in files.compactMap(\.feature) where catalog[f.identity] == nil { catalog[f.identity] = f }
        var pathOf: [Identity: String] = [:]
        for (path, identity) in others { pathOf[identity] = path }
        var queue = catalog.values.flatMap { $0.featureInputs.compactMap(\.feature) }
        var tried = Set<Identity>()
        while let next = queue.popLast() {
            guard catalog[next] == nil, tried.insert(next).inserted, let path = pathOf[next],
                let bytes = try file(path, at: commit), let feature = FeatureParser.parse(bytes, path: path).feature
            else { continue }
            catalog[next] = feature
            queue += feature.featureInputs.compactMap(\.feature)
        }
        return catalog
    }

    /// The consumers the rules see (SPEC §8): those at the base tip (reach), those of the
    /// merge result, read from its own policy's folders, and which consumer files differ.
    func consumerView(
        base baseTip: ObjectID, judged: ObjectID, policy: Policy, mergedPolicy: Policy, stages: [Identity: String]
    ) throws(FeatError) -> ConsumerView {
        let before = try consumerCatalog(at: baseTip, policy: policy)
        // Consumer folders the pull request leaves as they were are read once, not twice.
        var same = policy.consumerFolders == mergedPolicy.consumerFolders
        for folder in policy.consumerFolders where same {
            same = try folderTree(folder, at: baseTip) == folderTree(folder, at: judged)
        }
        let after = same ? before : try consumerCatalog(at: judged, policy: mergedPolicy)
        var changed = Set<String>()
        for folder in Policy.outermost(policy.consumerFolders + mergedPolicy.consumerFolders) {
            for path in try changedPaths(under: folder, from: baseTip, to: judged)
            where mergedPolicy.isConsumerDeclaration(path) || policy.isConsumerDeclaration(path) {
                changed.insert(path)
            }
        }
        // A consumer is known by its name: a file moved with the same bytes declares nothing new
        // (its acknowledgements and reads were reviewed on the base), so it is not judged again.
        let basePaths = Dictionary(before.consumers.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
        for file in after.files where changed.contains(file.path) {
            guard let name = file.consumer?.name, let old = basePaths[name], old != file.path,
                changed.contains(old), try entry(old, at: judged) == nil,
                let was = try entry(old, at: baseTip), let now = try entry(file.path, at: judged), was.id == now.id
            else { continue }
            changed.remove(file.path)
            changed.remove(old)
        }
        return ConsumerView(
            base: before.consumers, merged: after.files, changedPaths: changed, mergedStages: stages,
            baseUnreadable: before.files.filter { $0.consumer == nil })
    }

    /// A merge whose conflicts touch what the check judges cannot be judged: exit 2, naming
    /// the files. What it judges are feature files, consumer files and the policy (either
    /// side's policy says which), and every file a feature references as its vocabulary on
    /// either side or in the merge result: `mentioning` (the unchanged merged files that may
    /// reference a conflicted path), `changed` (the changed feature files at the base tip and in
    /// the merge result), and the head's own feature files where they differ from the merge
    /// result. Conflicts elsewhere keep the base tip's entry and are not this check's business.
    func requireNoConflicts(
        _ conflicts: [[String]], policy: Policy, headPolicy: Policy?,
        mentioning: [(path: String, blob: ObjectID)], changed: [ParsedFile], head: ObjectID, judged: ObjectID
    ) throws(FeatError) {
        guard !conflicts.isEmpty else { return }
        let repo = try requireGit()
        let policies = [policy] + (headPolicy.map { [$0] } ?? [])
        var referenced = Set<String>()
        func reference(_ parsed: ParsedFile) {
            if let reference = parsed.feature?.vocabularyReference, let path = VocabularyFile.repositoryPath(reference)
            {
                referenced.insert(path)
            }
        }
        changed.forEach(reference)
        for candidate in mentioning {
            reference(
                try FeatKit.git { () throws(GitError) in
                    FeatureParser.parse(try repo.blob(candidate.blob), path: candidate.path)
                })
        }
        if head != judged {
            let folders = Policy.outermost(policies.flatMap(\.featureFolders))
            for folder in folders {
                for change in try changedBlobs(under: folder, from: judged, to: head)
                where policies.contains(where: { $0.isFeatureFile(change.path) }) {
                    guard let blob = change.new else { continue }
                    reference(
                        try FeatKit.git { () throws(GitError) in
                            FeatureParser.parse(try repo.blob(blob), path: change.path)
                        })
                }
            }
        }
        let judgedConflicts = conflicts.filter { paths in
            paths.contains { path in
                path.hasPrefix(".featurerepo/") || referenced.contains(path)
                    || policies.contains { $0.isFeatureFile(path) || $0.isConsumerDeclaration(path) }
            }
        }
        guard !judgedConflicts.isEmpty else { return }
        throw .mergeConflicts(judgedConflicts)
    }

    /// The newest readable version of a file on the first-parent line of `commit` (that commit
    /// included), looking back at most `limit` commits; nil when there is none.
    func lastReadable(_ path: String, before commit: ObjectID, limit: Int = 500) throws(FeatError) -> ParsedFile? {
        let repo = try requireGit()
        let location = treePath(path)
        var seen = 0
        var tried = Set<ObjectID>()
        var found: ParsedFile?
        _ = try FeatKit.git { () throws(GitError) in
            try repo.firstParentHistory(from: commit) { step in
                seen += 1
                guard seen <= limit,
                    let entry = try? repo.treeEntry(in: step.tree, path: location), entry.kind == .blob
                else { return true }
                guard tried.insert(entry.id).inserted, let bytes = try? repo.blob(entry.id) else { return false }
                let parsed = FeatureParser.parse(bytes, path: path)
                guard parsed.feature != nil else { return false }
                found = parsed
                return true
            }
        }
        return found
    }

    /// Changed blobs below a folder of the feature root, paths relative to the feature root.
    func changedBlobs(under folder: String, from base: ObjectID, to head: ObjectID) throws(FeatError) -> [ChangedFile] {
        let repo = try requireGit()
        let a = try folderTree(folder, at: base)
        let b = try folderTree(folder, at: head)
        guard a != b else { return [] }
        return try FeatKit.git { () throws(GitError) in
            try repo.changedBlobs(from: a, to: b).map { change in
                ChangedFile(
                    path: folder.isEmpty ? change.path : folder + "/" + change.path, old: change.old, new: change.new)
            }
        }
    }

    /// Paths below a folder whose content differs between two commits; a file replaced by a
    /// folder or the reverse counts too.
    func changedPaths(under folder: String, from base: ObjectID, to head: ObjectID) throws(FeatError) -> [String] {
        let entries = (try entry(folder, at: base), try entry(folder, at: head))
        if entries.0?.id == entries.1?.id { return [] }
        if entries.0?.kind != .tree && entries.0 != nil || entries.1?.kind != .tree && entries.1 != nil {
            return [folder]
        }
        return try changedBlobs(under: folder, from: base, to: head).map(\.path)
    }

    /// When each feature that FEAT005 must time entered its base stage (and, for FEAT004, the
    /// stage a feature leaving an exit stage had before), from the stage history of the merge
    /// base's first-parent line. Never guessed: a shallow clone that
    /// does not reach the entry commit is an error.
    func stageEntries(
        for changes: [PairedChange], policy: Policy, at base: ObjectID,
        workers: WorkerProcesses?
    ) throws(FeatError) -> [Identity: StageEntry] {
        let dwell = RuleRegistry.severity(of: FEAT005.self, under: policy) != nil
        let ladder = RuleRegistry.severity(of: FEAT004.self, under: policy) != nil
        let frozen = RuleRegistry.severity(of: FEAT006.self, under: policy) != nil
        let needed = changes.filter {
            dwell && FEAT005.needsStageEntry($0, policy: policy)
                || ladder && FEAT004.needsStageEntry($0, policy: policy)
                || frozen && FEAT006.needsStageEntry($0, policy: policy) && !$0.change.changes.isEmpty
        }
        guard !needed.isEmpty else { return [:] }
        let history = try stageHistory(at: base, policy: policy, workers: workers)
        var byIdentity: [Identity: FeatureHistory] = [:]
        for f in history.features { byIdentity[f.identity] = f }
        var entries: [Identity: StageEntry] = [:]
        for c in needed {
            guard let stage = c.before?.stage else { continue }
            if let last = byIdentity[c.identity]?.transitions.last, last.to == stage {
                entries[c.identity] = StageEntry(
                    stage: stage, date: last.date, commit: last.commit.description, from: last.from)
            } else if let boundary = history.shallowBoundary,
                FEAT005.needsStageEntry(c, policy: policy) || FEAT004.needsStageEntry(c, policy: policy)
            {
                // FEAT006 alone does not stop here: without the stage left, it assumes the
                // frozen one.
                throw .historyTooShallow(
                    boundary: boundary.description,
                    needed: FEAT005.needsStageEntry(c, policy: policy)
                        ? "FEAT005 (when \(c.identity) entered \(stage))"
                        : "FEAT004 (the stage \(c.identity) left for \(stage))")
            }
        }
        let landed = try landingDates(of: Set(entries.values.compactMap { ObjectID(hex: $0.commit) }), from: base)
        for (identity, entry) in entries {
            if let id = ObjectID(hex: entry.commit), let date = landed[id], date > entry.date {
                entries[identity]?.date = date
            }
        }
        // What was shadowed must be what is promoted: the clock restarts at the last meaning
        // or breaking change in the stage.
        for c in needed where dwell && FEAT005.needsStageEntry(c, policy: policy) {
            guard let before = c.before, let entry = entries[c.identity], let commit = ObjectID(hex: entry.commit),
                let change = try lastMeaningChange(
                    of: before, since: commit, entered: entry.date, to: base, policy: policy)
            else { continue }
            entries[c.identity]?.lastMeaningChange = (change.commit.description, change.date)
        }
        return entries
    }

    /// The dwell clock is monotone (SPEC §5, FEAT005): a first-parent commit counts from the
    /// latest committer date among it and its first-parent ancestors, so a commit dated before
    /// its parent (a fast-forward of back-dated work, a foxtrot merge) cannot start the clock
    /// early. One walk from the base tip; ancestors more than `depth` commits below the oldest
    /// commit asked about are not read.
    func landingDates(of commits: Set<ObjectID>, from tip: ObjectID, depth: Int = 10_000) throws(FeatError)
        -> [ObjectID: Date]
    {
        guard !commits.isEmpty else { return [:] }
        let repo = try requireGit()
        var found = 0
        var beyond = 0
        let chain = try FeatKit.git { () throws(GitError) in
            try repo.firstParentHistory(from: tip) { step in
                if commits.contains(step.commit) { found += 1 }
                if found == commits.count { beyond += 1 }
                return beyond > depth
            }
        }
        var latest = Int64.min
        var result: [ObjectID: Date] = [:]
        for step in chain.steps {  // oldest first
            latest = max(latest, step.time)
            if commits.contains(step.commit) { result[step.commit] = Date(timeIntervalSince1970: TimeInterval(latest)) }
        }
        return result
    }
}

/// The commit the check judges (the head, or a merge made in memory) and the paths, relative
/// to the feature root, at which that merge conflicted.
struct MergeResult {
    var commit: ObjectID
    var conflicts: [[String]]
}

/// A file whose blob differs between two commits; nil on the side where it is absent.
struct ChangedFile: Sendable {
    var path: String
    var old: ObjectID?
    var new: ObjectID?
}
