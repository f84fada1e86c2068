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
    /// Feature files that could not be read, on either side (also in `report`, as `unreadable`).
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
        let repo = try requireGit()
        let basePolicy = try policy(at: base)
        let headPolicy: Policy
        if let head { headPolicy = try policy(at: head) } else { headPolicy = try worktreePolicy() }
        var before: [ParsedFile] = []
        var after: [ParsedFile] = []
        if let head {
            let folders = Array(Set(basePolicy.featureFolders + headPolicy.featureFolders)).sorted()
            let baseTree = try FeatKit.git { () throws(GitError) in try repo.commit(base).tree }
            let headTree = try FeatKit.git { () throws(GitError) in try repo.commit(head).tree }
            for folder in folders {
                try FeatKit.git { () throws(GitError) in
                    let a = try repo.treeEntry(in: baseTree, path: treePath(folder)).flatMap { $0.kind == .tree ? $0.id : nil }
                    let b = try repo.treeEntry(in: headTree, path: treePath(folder)).flatMap { $0.kind == .tree ? $0.id : nil }
                    for change in try repo.changedBlobs(from: a, to: b) where isFeatureFile(change.path) {
                        let path = folder + "/" + change.path
                        if let old = change.old { before.append(FeatureParser.parse(try repo.blob(old), path: path)) }
                        if let new = change.new { after.append(FeatureParser.parse(try repo.blob(new), path: path)) }
                    }
                }
            }
        } else {
            before = try catalog(at: base, policy: basePolicy).files
            after = try worktreeCatalog(policy: headPolicy).files
            let unchanged = try unchangedUnreadable(before, after, base: base)
            before.removeAll { unchanged.contains($0.path) }
            after.removeAll { unchanged.contains($0.path) }
        }
        let vocabularies = VocabularyFiles(
            before: try vocabularyFiles(for: before, at: base),
            after: try vocabularyFiles(for: after, at: head))
        // The base policy judges: it froze what consumers rely on, as in `feat check`.
        let report = SemanticDiff.compare(before: before, after: after, policy: basePolicy, vocabularies: vocabularies)
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
        let repo = try requireGit()
        var result = Set<String>()
        for path in candidates {
            let old = try FeatKit.git { () throws(GitError) -> [UInt8]? in
                let tree = try repo.commit(base).tree
                guard let entry = try repo.treeEntry(in: tree, path: treePath(path)), entry.kind == .blob else {
                    return nil
                }
                return try repo.blob(entry.id)
            }
            var info = stat()
            guard let old, lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                Int(info.st_size) == old.count
            else { continue }
            let new = FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
            if new == old { result.insert(path) }
        }
        return result
    }

    /// Contents of the `categorical.vocabulary_file`s the features name, read at a commit
    /// (or the working tree): one entry per line, blank lines and `#` comments skipped.
    /// Paths are relative to the feature-repo root; a file that is missing is left out.
    func vocabularyFiles(for files: [ParsedFile], at commit: ObjectID?) throws(FeatError) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for file in files {
            guard let path = file.feature?.definition[path: "categorical.vocabulary_file"]?.stringValue,
                !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), result[path] == nil
            else { continue }
            var bytes: [UInt8]?
            if let commit {
                let repo = try requireGit()
                bytes = try FeatKit.git { () throws(GitError) -> [UInt8]? in
                    let tree = try repo.commit(commit).tree
                    guard let entry = try repo.treeEntry(in: tree, path: treePath(path)), entry.kind == .blob else { return nil }
                    return try repo.blob(entry.id)
                }
            } else if let root {
                var info = stat()
                if lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 16 << 20 {
                    bytes = FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
                }
            }
            guard let bytes else { continue }
            result[path] = String(decoding: bytes, as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return result
    }
}
