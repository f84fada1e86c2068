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
    /// Bounded: at most `limit` first-parent commits are read; past that, or when `entry` is
    /// not on `tip`'s first-parent line, nil (the entry alone counts).
    func lastMeaningChange(
        of feature: Feature, since entry: ObjectID, entered: Date, to tip: ObjectID, policy: Policy,
        limit: Int = 5_000
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
        let vocabulary = feature.vocabularyReference.flatMap(VocabularyFile.repositoryPath).map(treePath)
        var parsed: [ObjectID: ParsedFile] = [:]
        var vocabularies: [ObjectID: VocabularyFile] = [:]
        func state(_ step: FirstParentStep) throws(GitError) -> (file: ObjectID?, vocabulary: ObjectID?) {
            let file = try repo.treeEntry(in: step.tree, path: path).flatMap { $0.kind == .blob ? $0.id : nil }
            guard let vocabulary, let words = try repo.treeEntry(in: step.tree, path: vocabulary) else {
                return (file, nil)
            }
            return (file, words.kind == .blob ? words.id : nil)
        }
        func file(_ id: ObjectID) throws(GitError) -> ParsedFile {
            if let known = parsed[id] { return known }
            let result = FeatureParser.parse(try repo.blob(id), path: feature.path)
            parsed[id] = result
            return result
        }
        func words(_ id: ObjectID?, for parsed: ParsedFile) throws(GitError) -> [String: [String]] {
            guard let id, let reference = parsed.feature?.vocabularyReference else { return [:] }
            if vocabularies[id] == nil { vocabularies[id] = VocabularyFile(bytes: try repo.blob(id)) }
            // As the diff reads it: an LFS pointer is known by its oid, not read as entries.
            return vocabularies[id]?.vocabularies(for: reference) ?? [:]
        }
        var found: (commit: ObjectID, date: Date)?
        var latest = entered
        try FeatKit.git { () throws(GitError) in
            var previous = try state(first)
            for step in chain.steps.dropFirst() {
                latest = max(latest, Date(timeIntervalSince1970: TimeInterval(step.time)))
                let current = try state(step)
                defer { previous = current }
                guard current != previous, let old = previous.file, let new = current.file else { continue }
                let (a, b) = (try file(old), try file(new))
                guard a.feature != nil, b.feature != nil else { continue }
                let report = SemanticDiff.compare(
                    before: [a], after: [b], policy: policy,
                    vocabularies: VocabularyFiles(
                        before: try words(previous.vocabulary, for: a), after: try words(current.vocabulary, for: b)))
                if report.features.contains(where: { $0.changes.contains { $0.impact >= .meaning } }) {
                    found = (step.commit, latest)
                }
            }
        }
        return found
    }
}
