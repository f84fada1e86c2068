import FeatDiff
import FeatGit
import FeatModel
import FeatReport
import Foundation
import GitID

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
    ///
    /// `known`, from a caller that walks history and has read every head feature file already
    /// (`feat log`), names the head files that derive from others and those that reference
    /// other files, so that the head's unchanged files need not be searched for them.
    public func semanticDiff(base: ObjectID, head: ObjectID?, known: HeadFeatureFacts? = nil) throws(FeatError)
        -> DiffResult
    {
        let basePolicy = try policy(at: base)
        let headPolicy: Policy
        if let head { headPolicy = try policy(at: head) } else { headPolicy = try worktreePolicy() }
        var before: [ParsedFile]
        var after: [ParsedFile]
        let vocabularies: VocabularyFiles
        if let head {
            var changed = try changedFeatureFiles(
                old: basePolicy, new: headPolicy, from: base, to: head, scanHead: known == nil)
            if let known, !changed.others.isEmpty {
                try addReferencing(try entries(known.referencing.subtracting(changed.paths), at: head), to: &changed)
            }
            before = changed.before
            after = changed.after
            var words = VocabularyFiles(
                before: try checkReferences(&before, at: base), after: try checkReferences(&after, at: head))
            // A meaning change reaches the features derived from the changed one (SPEC §10):
            // those, unchanged themselves, are compared too — searched for only when needed.
            let first = SemanticDiff.compare(before: before, after: after, policy: basePolicy, vocabularies: words)
            guard first.features.contains(where: { ($0.fieldImpact ?? .cosmetic) >= .meaning }) else {
                return result(first, base: base, head: head)
            }
            var derived: [ParsedFile]
            if let known {
                derived = try parsed(try entries(known.derived.subtracting(changed.paths), at: head))
            } else {
                derived = try derivedFiles(at: head, policy: headPolicy, except: changed.paths)
            }
            let entries = try checkReferences(&derived, at: head)
            // With nothing derived, the first comparison is the answer; else compare again.
            guard !derived.isEmpty else { return result(first, base: base, head: head) }
            before += derived
            after += derived
            words.before.merge(entries) { old, _ in old }
            words.after.merge(entries) { new, _ in new }
            vocabularies = words
        } else {
            let old = try catalog(at: base, policy: basePolicy)
            let new = try worktreeCatalog(policy: headPolicy)
            // Submodules are skipped (the command warns), so every command sees the same features.
            (before, after) = (old.files.filter { !$0.isSubmodule }, new.files.filter { !$0.isSubmodule })
            vocabularies = VocabularyFiles(before: old.vocabularies, after: new.vocabularies)
            let unchanged = try unchangedUnreadable(before, after, base: base)
            before.removeAll { unchanged.contains($0.path) }
            after.removeAll { unchanged.contains($0.path) }
        }
        // The base policy judges: it froze what consumers rely on, as in `feat check`.
        let report = SemanticDiff.compare(before: before, after: after, policy: basePolicy, vocabularies: vocabularies)
        return result(report, base: base, head: head)
    }

    /// A diff's result: the report, and the files it could not read.
    private func result(_ report: DiffReport, base: ObjectID, head: ObjectID?) -> DiffResult {
        let unreadable = report.unreadable.compactMap { f in
            f.unreadable.map { Finding(path: $0.path, problem: $0.problem) }
        }
        return DiffResult(base: base, head: head, report: report, unreadable: unreadable)
    }

    /// Paths unreadable both at a commit and in the working tree with the same bytes: the
    /// working tree did not touch them, so they are not part of this diff.
    func unchangedUnreadable(
        _ before: [ParsedFile], _ after: [ParsedFile], base: ObjectID
    ) throws(FeatError) -> Set<String> {
        let brokenBefore = Set(before.filter { $0.unreadableProblem != nil }.map(\.path))
        let candidates = after.filter { $0.unreadableProblem != nil && brokenBefore.contains($0.path) }.map(\.path)
        guard !candidates.isEmpty, let root else { return [] }
        var result = Set<String>()
        for path in candidates {
            let old = try file(path, at: base)
            var info = stat()
            guard let old, lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                Int(info.st_size) == old.count
            else { continue }
            let new = FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
            if new == old { result.insert(path) }
        }
        return result
    }

    /// The blobs of `paths` (relative to the feature root) at a commit; absent paths are left out.
    func entries(_ paths: Set<String>, at commit: ObjectID) throws(FeatError) -> [(path: String, blob: ObjectID)] {
        var result: [(path: String, blob: ObjectID)] = []
        for path in paths.sorted() {
            if let entry = try entry(path, at: commit), entry.kind == .blob { result.append((path, entry.id)) }
        }
        return result
    }

    /// Feature files parsed from their blobs.
    func parsed(_ files: [(path: String, blob: ObjectID)]) throws(FeatError) -> [ParsedFile] {
        let repo = try requireGit()
        return try FeatKit.git { () throws(GitError) in
            try files.map { file throws(GitError) in FeatureParser.parse(try repo.blob(file.blob), path: file.path) }
        }
    }
}

/// What a history walk knows of a revision's feature files: which derive from other features
/// (their definitions name `inputs`) and which reference other files (`vocabulary_file`), by
/// path relative to the feature root.
public struct HeadFeatureFacts: Sendable, Hashable {
    public var derived: Set<String> = []
    public var referencing: Set<String> = []

    public init(derived: Set<String> = [], referencing: Set<String> = []) {
        self.derived = derived
        self.referencing = referencing
    }
}
