import FeatDiff
import FeatGit
import FeatModel
import Foundation

/// Two sides of a semantic diff, with what could not be read on either side.
public struct DiffResult: Sendable {
    public var base: ObjectID
    /// nil for the working tree.
    public var head: ObjectID?
    public var report: DiffReport
    /// Feature files that could not be parsed, on either side.
    public var unreadable: [Finding]
}

extension FeatureRepository {
    /// Resolves `feat diff` arguments: none (HEAD vs the working tree), `BASE`, `A..B`,
    /// `A...B` (from the merge base), or `BASE HEAD`.
    public func diffSides(_ arguments: [String]) throws(FeatError) -> (base: ObjectID, head: ObjectID?) {
        let repo = try requireGit()
        switch arguments.count {
        case 0:
            return (try resolve("HEAD"), nil)
        case 1:
            let range = try FeatKit.git { () throws(GitError) in try repo.resolveRange(arguments[0]) }
            return (range.from, range.to)
        case 2:
            return (try resolve(arguments[0]), try resolve(arguments[1]))
        default:
            throw .invalidArgument("feat diff takes at most two revisions")
        }
    }

    /// The semantic diff between a commit and another commit or the working tree.
    ///
    /// Between two commits only the feature files whose blobs differ are read: the trees are
    /// compared entry by entry, and identity pairing finds moves among the changed files.
    public func semanticDiff(base: ObjectID, head: ObjectID?) throws(FeatError) -> DiffResult {
        let basePolicy = try policy(at: base)
        let headPolicy: Policy
        if let head { headPolicy = try policy(at: head) } else { headPolicy = try worktreePolicy() }
        var before: [ParsedFile]
        var after: [ParsedFile]
        let vocabularies: VocabularyFiles
        if let head {
            let folders = Array(Set(basePolicy.featureFolders + headPolicy.featureFolders)).sorted()
            let changed = try changedFeatureFiles(folders: folders, from: base, to: head)
            before = changed.before
            after = changed.after
            vocabularies = VocabularyFiles(
                before: try checkReferences(&before, at: base), after: try checkReferences(&after, at: head))
        } else {
            let old = try catalog(at: base, policy: basePolicy)
            let new = try worktreeCatalog(policy: headPolicy)
            (before, after) = (old.files, new.files)
            vocabularies = VocabularyFiles(before: old.vocabularies, after: new.vocabularies)
        }
        let report = SemanticDiff.compare(
            before: before.compactMap(\.feature), after: after.compactMap(\.feature),
            stageOrder: headPolicy.stageOrder,
            vocabularies: vocabularies)
        var unreadable: [Finding] = []
        for file in before + after {
            if let p = file.unreadableProblem { unreadable.append(Finding(path: file.path, problem: p)) }
        }
        return DiffResult(base: base, head: head, report: report, unreadable: unreadable)
    }
}
