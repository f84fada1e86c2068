import FeatGit
import FeatModel
import Foundation
import GitID

/// The one driver of history walks (`history`, `check`, `log`, `catalog`): the first-parent
/// chain of a revision and, per commit, the feature files it changed with what their new blobs
/// say — from the history index where it holds them, read from git (across processes) where
/// it does not, and added to the index as they arrive.
///
/// Made in two steps so that a caller can answer from the index before any blob is read:
/// `init` walks the chain back to the first commit the index holds (children start reading
/// the newest commits meanwhile); `walk` hands every commit's delta to the caller, oldest
/// first. A class: the caller's consumer reads and writes `index` (merge credits) while `walk`
/// drives it.
package final class FirstParentDeltas {
    let repo: Repository
    /// The feature root inside git trees ("" at the top).
    let prefix: String
    let folders: [FeatureFolder]
    /// Where the index lives; nil when it is not used (asked not to, or a shallow clone).
    let file: HistoryIndexFile?
    var index: HistoryIndex
    /// Index records from the oldest indexed commit to the newest one on the chain, oldest first.
    let indexed: [Int]
    /// Commits the index does not hold, oldest first.
    let newSteps: [FirstParentStep]
    /// The whole chain, oldest first: `indexed`'s steps, then `newSteps` — made when first
    /// asked for, so that an answer kept in the index costs no step per commit.
    package private(set) lazy var steps: [FirstParentStep] = indexed.map { index.step($0) } + newSteps
    /// The newest commit the index held (a record), when it held any of the chain.
    let resume: Int?
    /// Set in a shallow clone: the oldest commit the walk could read.
    package let shallowBoundary: ObjectID?
    private let pipeline: DeltaPipeline

    /// The chain of `head` in `repo`, for the feature folders named relative to the feature root
    /// (`folders`), which is at `prefix` in git trees ("" at the top).
    package init(
        repo: Repository, prefix: String, folders relative: [String], head: ObjectID, workers: WorkerProcesses?,
        index useIndex: Bool
    ) throws(GitError) {
        self.repo = repo
        self.prefix = prefix
        let folders = relative.map { FeatureFolder($0, prefix: prefix) }
        self.folders = folders
        let file = HistoryIndexFile.locate(repo: repo, folders: folders, enabled: useIndex)
        self.file = file
        let index = file?.load() ?? HistoryIndex()
        let known = index.position
        var resume: Int?
        let pipeline = DeltaPipeline(
            repositoryPath: repo.workdir ?? repo.gitDir, folders: folders, workers: workers)
        self.pipeline = pipeline
        let fresh: FirstParentHistory
        do {
            fresh = try repo.firstParentHistory(from: head) { step in
                guard let record = known[step.commit] else {
                    pipeline.found(step.tree)
                    return false
                }
                resume = record
                return true
            }
        } catch {
            pipeline.stop()
            throw error
        }
        var newSteps = fresh.steps
        if resume != nil { newSteps.removeFirst() }
        let indexed = resume.map { index.chain(to: $0) } ?? []
        self.resume = resume
        self.indexed = indexed
        self.newSteps = newSteps
        self.shallowBoundary = fresh.shallowBoundary
        self.index = index
    }

    /// Stops the children reading new commits (after an error, or when answered from the index).
    package func stop() { pipeline.stop() }

    /// Hands every commit's delta to `visit`, oldest first: its position on the chain, its
    /// step, the changed feature files, and whether it is a shallow clone's oldest commit
    /// (whose whole tree is taken as given: a baseline, not changes). Commits that change no
    /// feature file are skipped. Returns how many files changed and how many processes read.
    /// `following`: of the indexed commits, only those whose changes can matter to the
    /// features of these names are visited (`indexedChanges(following:)`).
    package func walk(
        progress: WalkProgress?, following names: Set<String>? = nil,
        visit: (Int, FirstParentStep, [ResolvedChange], Bool) throws(GitError) -> Void
    ) throws(GitError) -> (changed: Int, processes: Int) {
        var changed = 0
        if let names {
            for (position, delta) in indexedChanges(following: names) {
                changed += delta.count
                try visit(position, steps[position], delta, false)
            }
        } else {
            for (position, record) in indexed.enumerated() {
                guard let delta = index.changes[record] else { continue }
                changed += delta.count
                try visit(position, steps[position], delta, false)
            }
        }
        // New commits join the index as their deltas arrive (in order): each part is dropped once read.
        var parent = indexed.last ?? -1
        let keep = file != nil
        let processes = try pipeline.finish(base: indexed.last.map { index.trees[$0] }, progress: progress) {
            start, deltas throws(GitError) in
            for (offset, delta) in deltas.enumerated() {
                let at = start + offset
                if keep { parent = index.append(newSteps[at], parent: parent, changes: delta) }
                guard let delta else { continue }
                changed += delta.count
                try visit(
                    indexed.count + at, newSteps[at], delta, at == 0 && indexed.isEmpty && shallowBoundary != nil)
            }
        }
        return (changed, processes)
    }

    /// How many commits of the chain (its oldest) the index held.
    package var indexedCount: Int { indexed.count }

    /// The changes of the indexed commits (positions below `indexedCount`) that can matter to
    /// the features of these names, with their positions, oldest first; nil: every change.
    /// A follower of those features alone passes the others by.
    package func indexedChanges(following names: Set<String>?) -> [(position: Int, changes: [ResolvedChange])] {
        index.changes(along: indexed, following: names)
    }

    /// Writes the index when anything was added to it; true when it was written.
    @discardableResult
    package func save() -> Bool {
        guard let file, index.modified else { return false }
        file.save(index)
        return true
    }
}
