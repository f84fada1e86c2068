import FeatDiff
import FeatGit
import FeatModel
import Foundation

extension FeatureRepository {
    /// The latest first-parent commit after `entry`, up to `tip`, that changed a feature with
    /// impact `meaning` or `breaking` (its file or the vocabulary file it references), graded
    /// exactly as `diff` grades, with the date it counts from on the monotone clock (never
    /// before `entered`, the date its stage entry counts from). What was shadowed must be what
    /// is promoted (FEAT005): time in a stage counts from the last such change in it.
    ///
    /// Bounded: at most `limit` first-parent commits are read (a first-parent walk of 100,000
    /// commits is a fraction of a second); past that, or when `entry` is not on `tip`'s
    /// first-parent line, nil (the entry alone counts). The file is followed at its base-tip
    /// path: a change made before a move of the file in the stage is not seen.
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
        let path = treePath(feature.path)
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
        func state(_ step: FirstParentStep) throws(GitError) -> (
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
        var found: (commit: ObjectID, date: Date)?
        var latest = entered
        try FeatKit.git { () throws(GitError) in
            // The last readable state: a stretch where the file is unreadable or gone is graded
            // from it when the file comes back, as `log` grades it.
            var previous = try state(first)
            for step in chain.steps.dropFirst() {
                latest = max(latest, Date(timeIntervalSince1970: TimeInterval(step.time)))
                guard let current = try state(step) else { continue }
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
}
