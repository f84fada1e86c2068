import FeatDiff
import FeatGit
import FeatModel
import FeatRules
import Foundation

extension FeatureRepository {
    /// Runs the rules on the pull request from merge-base(`base`, `head`) to `head`,
    /// judged by the merge base's policy.
    public func check(
        base: String, head: String = "HEAD", now: Date, failOn: Severity = .error,
        workers: WorkerProcesses? = nil
    ) throws(FeatError) -> CheckReport {
        let repo = try requireGit()
        let baseTip = try resolve(base)
        let headID = try resolve(head)
        var clock = PhaseClock()
        let mergeBase = try FeatKit.git { () throws(GitError) in try repo.mergeBase(baseTip, headID) }
        let policy = try mergeBasePolicy(at: mergeBase)

        // .featurerepo/ changes (FEAT008); the head's policy only says what the change does.
        let configChanges = try changedPaths(under: ".featurerepo", from: mergeBase, to: headID)
        var headConfigProblem: String?
        var headPolicy: Policy?
        if !configChanges.isEmpty {
            do {
                headPolicy = try self.policy(at: headID)
            } catch {
                headConfigProblem = error.description
            }
        }

        // Changed files on both sides, parsed in full; every other head file only for its
        // identity (FEAT002), read with the line scan where that is exact.
        // Head files are searched for references to changed vocabulary files on the same pass.
        var changed = try changedFeatureFiles(
            folders: policy.featureFolders, from: mergeBase, to: headID, scanHead: false)
        clock.lap("merge base, policy, changed files (\(changed.paths.count))")
        let head = try identities(
            at: headID, policy: policy, except: changed.paths, mentioning: changed.referenceNeedles)
        try addReferencing(head.mentioning, to: &changed)
        var otherIdentities = head.identities
        for path in changed.paths { otherIdentities[path] = nil }
        // A file broken at the merge base is judged against its last readable version there:
        // that is the contract in force, and a pull request that mends the file must not be
        // able to change it unseen.
        var before = try changed.before.map { file throws(FeatError) in
            file.feature == nil ? try lastReadable(file.path, before: mergeBase) ?? file : file
        }
        var after = changed.after
        clock.lap("identities of the other \(otherIdentities.count) head files")
        let vocabularies = VocabularyFiles(
            before: try checkReferences(&before, at: mergeBase), after: try checkReferences(&after, at: headID))
        let diff = SemanticDiff.compare(before: before, after: after, policy: policy, vocabularies: vocabularies)
        let changes = PairedChange.pair(diff)

        clock.lap("semantic diff")
        let entries = try stageEntries(for: changes, policy: policy, at: mergeBase, workers: workers)
        clock.lap("stage entries for dwell times (\(entries.count))")
        let input = CheckInput(
            policy: policy, headFiles: after, otherIdentities: otherIdentities, changes: changes,
            configChanges: configChanges,
            headConfigProblem: headConfigProblem, headPolicy: headPolicy, stageEntries: entries, now: now)
        let outcome = Checker.run(input)
        var severities: [String: Severity?] = [:]
        for rule in RuleRegistry.all { severities[rule.id] = RuleRegistry.severity(of: rule, under: policy) }
        let stageChanges = try stageChanges(from: mergeBase, to: headID, policy: policy, diff: diff)
        clock.lap("rules and this pull request's stage changes")
        return CheckReport(
            base: mergeBase, head: headID, prefix: prefix, failOn: failOn, violations: outcome.violations,
            diff: diff,
            stageChanges: stageChanges, ruleSeverities: severities, now: now, phases: clock.laps)
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
                ChangedFile(path: folder + "/" + change.path, old: change.old, new: change.new)
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
        let needed = changes.filter {
            dwell && FEAT005.needsStageEntry($0, policy: policy)
                || ladder && FEAT004.needsStageEntry($0, policy: policy)
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
            } else if let boundary = history.shallowBoundary {
                throw .historyTooShallow(
                    boundary: boundary.description,
                    needed: FEAT005.needsStageEntry(c, policy: policy)
                        ? "FEAT005 (when \(c.identity) entered \(stage))"
                        : "FEAT004 (the stage \(c.identity) left for \(stage))")
            }
        }
        return entries
    }
}

/// A file whose blob differs between two commits; nil on the side where it is absent.
struct ChangedFile: Sendable {
    var path: String
    var old: ObjectID?
    var new: ObjectID?
}
