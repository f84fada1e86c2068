import FeatGit
import FeatModel
import Foundation
import GitID

/// The feature files that differ between two commits, parsed on each side.
///
/// A feature whose own file is unchanged but whose referenced vocabulary file changed is part
/// of the change too, on both sides: a referenced file is part of the feature.
struct ChangedFeatureFiles: Sendable {
    var before: [ParsedFile] = []
    var after: [ParsedFile] = []
    /// Paths (relative to the feature root) of every feature file listed, on either side.
    var paths: Set<String> = []
    /// Files outside the feature folders that changed: any may be a referenced vocabulary.
    var others: Set<String> = []

    /// What a head feature file must contain to possibly reference one of `others`: the key
    /// and a changed file's name (cheap byte searches before any parse). nil when nothing
    /// outside the feature folders changed.
    var referenceNeedles: ReferenceNeedles? {
        guard !others.isEmpty else { return nil }
        return ReferenceNeedles(names: Set(others.map { Array(($0.split(separator: "/").last ?? "").utf8) }))
    }
}

/// Byte strings a feature file referencing a changed file must contain.
struct ReferenceNeedles: Sendable {
    static let key = Array("vocabulary_file".utf8)
    var names: Set<[UInt8]>

    /// Needles for the changed files and for the paths a merge conflicted at, which may be
    /// referenced vocabularies too; nil when there are neither.
    static func union(_ changed: ReferenceNeedles?, conflicts: [[String]]) -> ReferenceNeedles? {
        let names = conflicts.joined().map { Array(($0.split(separator: "/").last ?? "").utf8) }
        guard !names.isEmpty else { return changed }
        return ReferenceNeedles(names: (changed?.names ?? []).union(names))
    }

    /// Whether a file may reference one of the changed files. A file that writes anything
    /// with a YAML escape (a backslash in a quoted scalar) is a candidate too: the key or the
    /// path may be spelled otherwise in the bytes (`"vocabulary\x5ffile"`) than in its fields.
    func match(_ bytes: [UInt8]) -> Bool {
        if bytes.contains(0x5C) { return true }
        return bytes.contains(subsequence: Self.key) && names.contains { bytes.contains(subsequence: $0) }
    }
}

extension FeatureRepository {
    /// Every feature file that a change from `base` to `head` touches: its blob differs, or a
    /// vocabulary file it references differs, or it is a feature file on one side only
    /// because the policy's folders changed. Each side's feature files are those of its own
    /// policy (`old` at `base`, `new` at `head`), so a file in a folder the pull request adds
    /// to the policy is added, and judged so. With `scanHead: false` the head's unchanged
    /// files are not searched for references; the caller passes the candidates it found on its
    /// own pass over them to `addReferencing`.
    func changedFeatureFiles(old: Policy, new: Policy, from base: ObjectID, to head: ObjectID, scanHead: Bool = true)
        throws(FeatError) -> ChangedFeatureFiles
    {
        let repo = try requireGit()
        var result = ChangedFeatureFiles()
        // The files to read, in the order listed; they are parsed together below.
        var listed: [(path: String, before: ObjectID?, after: ObjectID?)] = []
        func add(_ path: String, before: ObjectID?, after: ObjectID?) {
            result.paths.insert(path)
            listed.append((path, before, after))
        }
        // The trees the folders' comparison reads stay open for the comparison of the whole
        // trees below, which then reads only the trees outside the feature folders.
        let trees = TreeCache()
        let folders = Policy.outermost(old.featureFolders + new.featureFolders)
        var gitlinks: [BlobChange] = []
        for folder in folders {
            let changes = try changedEntries(under: folder, from: base, to: head, trees: trees)
            gitlinks += changes.gitlinks
            for change in changes.blobs where !result.paths.contains(change.path) {
                let before = old.isFeatureFile(change.path) ? change.old : nil
                let after = new.isFeatureFile(change.path) ? change.new : nil
                guard before != nil || after != nil else { continue }
                add(change.path, before: before, after: after)
            }
        }
        featureFolderGitlinks = FeatureFolderGitlinks(base: base, head: head, folders: folders, changed: gitlinks)
        if old.featureFolders != new.featureFolders || old.consumerFolders != new.consumerFolders {
            // Unchanged files whose side of the policy changed: new features, or no longer any.
            for (path, entry) in try featureEntries(at: head, policy: new)
            where entry.kind == .blob && !old.isFeatureFile(path) && !result.paths.contains(path) {
                add(path, before: nil, after: entry.id)
            }
            for (path, entry) in try featureEntries(at: base, policy: old)
            where entry.kind == .blob && !new.isFeatureFile(path) && !result.paths.contains(path) {
                add(path, before: entry.id, after: nil)
            }
        }
        // Each side's blob, parsed on the other cores while this one compares the whole trees
        // and searches the head for references; the parse is most of a diff's time.
        var blobs: [(path: String, id: ObjectID)] = []
        for file in listed {
            if let before = file.before { blobs.append((file.path, before)) }
            if let after = file.after { blobs.append((file.path, after)) }
        }
        let parsing = ParseAhead(blobs, repo: repo)
        let candidates: [(path: String, blob: ObjectID)]
        do {
            candidates = try referenceCandidates(
                &result, new: new, from: base, to: head, scanHead: scanHead, trees: trees)
        } catch {
            parsing.cancel()
            throw error
        }
        var parsed = try FeatKit.git { () throws(GitError) in try parsing.finish(with: repo) }.makeIterator()
        for file in listed {
            if file.before != nil, let next = parsed.next() { result.before.append(next) }
            if file.after != nil, let next = parsed.next() { result.after.append(next) }
        }
        try addReferencing(candidates, to: &result)
        return result
    }

    /// Sets `others` (the files outside the feature files listed that changed) and returns
    /// the head's unchanged feature files that may reference one of them.
    private func referenceCandidates(
        _ result: inout ChangedFeatureFiles, new: Policy, from base: ObjectID, to head: ObjectID, scanHead: Bool,
        trees: TreeCache
    ) throws(FeatError) -> [(path: String, blob: ObjectID)] {
        let repo = try requireGit()
        let paths = result.paths
        let (oldRoot, newRoot) = (try folderTree("", at: base), try folderTree("", at: head))
        let everything = try FeatKit.git { () throws(GitError) in
            try repo.changedBlobs(from: oldRoot, to: newRoot, cache: trees).map(\.path)
        }
        // A vocabulary may live anywhere, `.featurerepo/` included (SPEC §2).
        result.others = Set(everything.filter { path in !paths.contains(path) })
        guard scanHead, let needles = result.referenceNeedles else { return [] }
        // Most feature files never mention `vocabulary_file`: which do is remembered by blob.
        let cache = blobFacts(repo)
        var candidates: [(index: Int, path: String, blob: ObjectID)] = []
        // Blobs never met before (every one in a fresh clone) are read afterwards, on every core.
        var unmet: [(index: Int, path: String, id: ObjectID)] = []
        for (index, (path, entry)) in try featureEntries(at: head, policy: new).enumerated()
        where entry.kind == .blob && !paths.contains(path) {
            guard let known = cache[entry.id] else {
                unmet.append((index, path, entry.id))
                continue
            }
            guard known.mentions.contains(.references) else { continue }
            let bytes = try FeatKit.git { () throws(GitError) in try repo.blob(entry.id) }
            if needles.match(bytes) { candidates.append((index, path, entry.id)) }
        }
        // Should one fail on the other cores, each is read again here in order, and the first
        // that cannot be read is named.
        let fetched = (try? readBlobs(unmet.map { ($0.path, $0.id) }) { bytes, _, _ in bytes }) ?? []
        for (i, file) in unmet.enumerated() {
            let read = { () throws(FeatError) -> [UInt8] in
                if i < fetched.count { return fetched[i] }
                return try FeatKit.git { () throws(GitError) in try repo.blob(file.id) }
            }
            let seen = try cache.mentions(.references, in: file.id, read: read)
            guard seen.mentions else { continue }
            let bytes: [UInt8]
            if let known = seen.bytes { bytes = known } else { bytes = try read() }
            if needles.match(bytes) { candidates.append((file.index, file.path, file.id)) }
        }
        candidates.sort { $0.index < $1.index }
        cache.save()
        return candidates.map { ($0.path, $0.blob) }
    }

    /// The blobs and git links that differ below a folder of the feature root, with paths
    /// relative to the feature root, as `changedBlobs(under:from:to:)` finds the blobs; the
    /// trees read are kept in `trees` for the next comparison.
    func changedEntries(under folder: String, from base: ObjectID, to head: ObjectID, trees: TreeCache)
        throws(FeatError) -> TreeChanges
    {
        let repo = try requireGit()
        let a = try folderTree(folder, at: base)
        let b = try folderTree(folder, at: head)
        guard a != b else { return TreeChanges() }
        let changes = try FeatKit.git { () throws(GitError) in try repo.changedEntries(from: a, to: b, cache: trees) }
        func rooted(_ change: BlobChange) -> BlobChange {
            BlobChange(
                path: folder.isEmpty ? change.path : folder + "/" + change.path, old: change.old, new: change.new)
        }
        return TreeChanges(blobs: changes.blobs.map(rooted), gitlinks: changes.gitlinks.map(rooted))
    }

    /// Adds the head files among `candidates` (unchanged, on both sides) whose vocabulary file
    /// is one of the changed files.
    func addReferencing(_ candidates: [(path: String, blob: ObjectID)], to result: inout ChangedFeatureFiles)
        throws(FeatError)
    {
        let repo = try requireGit()
        for candidate in candidates where !result.paths.contains(candidate.path) {
            let parsed = try FeatKit.git { () throws(GitError) in
                FeatureParser.parse(try repo.blob(candidate.blob), path: candidate.path)
            }
            guard let reference = parsed.feature?.vocabularyReference,
                let target = VocabularyFile.repositoryPath(reference), result.others.contains(target)
            else { continue }
            result.paths.insert(candidate.path)
            result.before.append(parsed)
            result.after.append(parsed)
        }
    }

    /// Checks the vocabulary files that `files` reference, as they are at `commit` (nil: the
    /// working tree), and returns what a diff compares of them (`VocabularyFile.vocabularies`):
    /// their entries, and the SHA-256 of their content, by reference as written. `policy` says
    /// which files are feature files (by default the policy at `commit`).
    ///
    /// A referenced file that is missing makes its feature unreadable at this revision; a
    /// checksum that does not match, a blank line, a feature file named as a vocabulary, or a
    /// reference outside the repository is a problem of the feature file (FEAT001), at the
    /// line of `vocabulary_file`. A Git LFS pointer is known by its oid (SPEC §2).
    func checkReferences(_ files: inout [ParsedFile], at commit: ObjectID?, policy: Policy? = nil) throws(FeatError)
        -> [String: [String]]
    {
        var entries: [String: [String]] = [:]
        var read: [String: VocabularyFile?] = [:]
        var links: [String: String?] = [:]
        // Which files are feature files; the policy is read only when a file is referenced.
        var featureFiles = policy
        var policyRead = policy != nil
        for index in files.indices {
            guard let feature = files[index].feature, let reference = feature.vocabularyReference else { continue }
            let line = feature.line(of: "categorical.vocabulary_file")
            let declared = feature.definition[path: "categorical.vocabulary_sha256"]?.stringValue?.lowercased()
            if VocabularyFile.isURI(reference) { continue }
            guard let path = VocabularyFile.repositoryPath(reference) else {
                files[index].problems.append(
                    Problem(
                        .error,
                        "categorical.vocabulary_file '\(reference)' must be a path inside the feature repository",
                        line: line))
                continue
            }
            if !policyRead {
                featureFiles = try? commit.map { c throws(FeatError) in try self.policy(at: c) } ?? worktreePolicy()
                policyRead = true
            }
            if let featureFiles, featureFiles.isFeatureFile(path) {
                // Its lines are YAML, and a change to it is judged as a feature, not as categories.
                files[index].problems.append(
                    Problem(
                        .error,
                        "categorical.vocabulary_file '\(path)' is a feature file (a .yaml or .yml file in a feature "
                            + "folder), which cannot be a vocabulary; move the categories to a file of their own",
                        line: line))
                continue
            }
            if read[path] == nil {
                let link = try symbolicLink(on: path, at: commit)
                links[path] = .some(link)
                read[path] = .some(link == nil ? try vocabularyFile(path, at: commit) : nil)
            }
            guard let file = read[path] ?? nil else {
                let problem = Problem(.error, Self.unreadVocabulary(path, link: links[path] ?? nil), line: line)
                files[index].referenceProblem = problem
                files[index].problems.append(problem)
                continue
            }
            for p in file.problems {
                files[index].problems.append(Problem(p.severity, "\(path):\(p.line ?? 0): \(p.message)", line: line))
            }
            if let declared, declared != file.sha256 {
                let actual =
                    file.lfsPointer == nil
                    ? "its SHA-256 is \(file.sha256)" : "it is a Git LFS pointer whose oid is \(file.sha256)"
                files[index].problems.append(
                    Problem(
                        .error,
                        "categorical.vocabulary_sha256 does not match '\(path)' (\(actual)); "
                            + "update the checksum with the file",
                        line: feature.line(of: "categorical.vocabulary_sha256") ?? line))
            }
            entries.merge(file.vocabularies(for: reference)) { _, new in new }
        }
        return entries
    }

    /// Why a referenced vocabulary could not be read: it is missing, or a symbolic link (the
    /// file itself, or a folder on its path) is where it would be — git stores a link as the
    /// text of its target, and feat never follows one, in a commit or in the working tree.
    static func unreadVocabulary(_ path: String, link: String?) -> String {
        guard let link else { return "categorical.vocabulary_file '\(path)' does not exist at this revision" }
        let what = link == path ? "is a symbolic link" : "is reached through '\(link)', a symbolic link"
        return "categorical.vocabulary_file '\(path)' \(what), which feat never follows; commit the file itself there"
    }

    /// The first symbolic link on a path relative to the feature root (the path itself or a
    /// folder on it), at a commit or in the working tree (nil); nil when there is none.
    func symbolicLink(on path: String, at commit: ObjectID?) throws(FeatError) -> String? {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + component
            if let commit {
                guard let entry = try entry(prefix, at: commit) else { return nil }
                if entry.kind == .symlink { return prefix }
                guard entry.kind == .tree else { return nil }
            } else {
                guard let root else { return nil }
                var info = stat()
                guard lstat(root + "/" + prefix, &info) == 0 else { return nil }
                if info.st_mode & S_IFMT == S_IFLNK { return prefix }
                guard info.st_mode & S_IFMT == S_IFDIR else { return nil }
            }
        }
        return nil
    }

    /// A vocabulary file at a commit or in the working tree; nil when there is no such file.
    /// A working-tree file is read as git would store it (after end-of-line conversion), so
    /// that its checksum is the one `check` computes from the commit.
    func vocabularyFile(_ path: String, at commit: ObjectID?) throws(FeatError) -> VocabularyFile? {
        if let commit { return try file(path, at: commit).map(VocabularyFile.init(bytes:)) }
        guard let root else { return nil }
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
            throw .io(path: path, message: "cannot be read")
        }
        guard let repo = git, !repo.isBare else { return VocabularyFile(bytes: [UInt8](data)) }
        let stored = try FeatKit.git { () throws(GitError) in
            try repo.bytesAsStored([UInt8](data), path: treePath(path))
        }
        return VocabularyFile(bytes: stored)
    }
}

extension Feature {
    /// The `categorical.vocabulary_file` as written, when the feature names one.
    var vocabularyReference: String? {
        guard let text = definition[path: "categorical.vocabulary_file"]?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
