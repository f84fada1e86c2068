import FeatDiff
import FeatGit
import FeatModel
import Foundation
import GitID

extension FeatureRepository {
    /// The latest first-parent commit after `entry`, up to `tip`, that changed a feature with
    /// impact `meaning` or `breaking` (its file or the vocabulary file it references), graded
    /// exactly as `diff` grades, with the date it counts from on the monotone clock (never
    /// before `entered`, the date its stage entry counts from). What was shadowed must be what
    /// is promoted (FEAT005): time in a stage counts from the last such change in it.
    ///
    /// Bounded: at most `limit` first-parent commits are read (a first-parent walk of 100,000
    /// commits is a fraction of a second); past that, or when `entry` is not on `tip`'s
    /// first-parent line, nil (the entry alone counts). The file is followed by identity, as
    /// history follows it: where a commit moved it, the walk goes on at its old path.
    func lastMeaningChange(
        of feature: Feature, since entry: ObjectID, entered: Date, to tip: ObjectID, policy: Policy,
        limit: Int = 100_000
    ) throws(FeatError) -> (commit: ObjectID, date: Date)? {
        let repo = try requireGit()
        var seen = 0
        let chain = try FeatKit.git { () throws(GitError) in
            try repo.firstParentHistory(from: tip) { step in
                seen += 1
                return step.commit == entry || seen > limit
            }
        }
        guard let first = chain.steps.first, first.commit == entry, chain.steps.count > 1 else { return nil }
        var parsed: [ObjectID: ParsedFile] = [:]
        var vocabularies: [ObjectID: VocabularyFile] = [:]
        func file(_ id: ObjectID) throws(GitError) -> ParsedFile {
            if let known = parsed[id] { return known }
            let result = FeatureParser.parse(try repo.blob(id), path: feature.path)
            parsed[id] = result
            return result
        }
        /// The readable definition at a commit and the vocabulary its own reference names there
        /// (a reference that moves to another file is followed); nil when unreadable or absent.
        func state(_ step: FirstParentStep, at path: String) throws(GitError) -> (
            file: ParsedFile, words: [String: [String]], key: [ObjectID]
        )? {
            guard let entry = try repo.treeEntry(in: step.tree, path: path), entry.kind == .blob else { return nil }
            let definition = try file(entry.id)
            guard let f = definition.feature else { return nil }
            guard let reference = f.vocabularyReference, let target = VocabularyFile.repositoryPath(reference),
                let words = try repo.treeEntry(in: step.tree, path: treePath(target)), words.kind == .blob
            else { return (definition, [:], [entry.id]) }
            if vocabularies[words.id] == nil { vocabularies[words.id] = VocabularyFile(bytes: try repo.blob(words.id)) }
            // As the diff reads it: an LFS pointer is known by its oid, not read as entries.
            return (definition, vocabularies[words.id]?.vocabularies(for: reference) ?? [:], [entry.id, words.id])
        }
        // Where the file is at each step, newest first: the base-tip path, then, across a commit
        // that moved the file, the path in its parent that holds the same identity.
        var paths = [String](repeating: feature.path, count: chain.steps.count)
        for index in stride(from: chain.steps.count - 2, through: 0, by: -1) {
            let later = paths[index + 1]
            let older = chain.steps[index]
            paths[index] =
                try movedFrom(
                    later, identity: feature.identity, in: older.commit, to: chain.steps[index + 1].commit,
                    policy: policy,
                    parse: { id throws(FeatError) in try FeatKit.git { () throws(GitError) in try file(id) } }
                ) ?? later
        }
        var found: (commit: ObjectID, date: Date)?
        var latest = entered
        try FeatKit.git { () throws(GitError) in
            // The last readable state: a stretch where the file is unreadable or gone is graded
            // from it when the file comes back, as `log` grades it.
            var previous = try state(first, at: treePath(paths[0]))
            for (index, step) in chain.steps.enumerated().dropFirst() {
                latest = max(latest, Date(timeIntervalSince1970: TimeInterval(step.time)))
                guard let current = try state(step, at: treePath(paths[index])) else { continue }
                defer { previous = current }
                guard let old = previous, current.key != old.key else { continue }
                let report = SemanticDiff.compare(
                    before: [old.file], after: [current.file], policy: policy,
                    vocabularies: VocabularyFiles(before: old.words, after: current.words))
                if report.features.contains(where: { $0.changes.contains { $0.impact >= .meaning } }) {
                    found = (step.commit, latest)
                }
            }
        }
        return found
    }

    /// The path a feature's file had at `older` when the next commit, `newer`, holds it at
    /// `path` and `older` does not (it was moved): the feature file changed between the two
    /// that `older` holds with the same identity. Nil when it was not moved.
    private func movedFrom(
        _ path: String, identity: Identity, in older: ObjectID, to newer: ObjectID, policy: Policy,
        parse: (ObjectID) throws(FeatError) -> ParsedFile
    ) throws(FeatError) -> String? {
        if let there = try entry(path, at: older), there.kind == .blob {
            let held = try parse(there.id).feature?.identity
            if held == nil || held == identity { return nil }
        }
        for folder in Policy.outermost(policy.featureFolders) {
            for candidate in try changedPaths(under: folder, from: older, to: newer)
            where candidate != path && policy.isFeatureFile(candidate) {
                guard let was = try entry(candidate, at: older), was.kind == .blob,
                    try entry(candidate, at: newer) == nil,
                    try parse(was.id).feature?.identity == identity
                else { continue }
                return candidate
            }
        }
        return nil
    }
}
