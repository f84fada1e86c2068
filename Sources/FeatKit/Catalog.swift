import FeatGit
import FeatModel
import FeatReport
import FeatYAML
import Foundation
import GitID

extension FeatureRepository {
    /// The catalog as committed at `commit`, with the feature folders of `policy`.
    public func catalog(at commit: ObjectID, policy: Policy) throws(FeatError) -> Catalog {
        let repo = try requireGit()
        let limit = YAMLLimits.default.maxBytes
        var files: [ParsedFile] = []
        for (path, entry) in try featureEntries(at: commit, policy: policy) {
            try FeatKit.git { () throws(GitError) in
                switch entry.kind {
                case .blob:
                    let size = try repo.blobSize(entry.id)
                    if size > limit {
                        files.append(ParsedFile(path: path, feature: nil, problems: [tooLarge(size, limit)]))
                    } else {
                        files.append(FeatureParser.parse(try repo.blob(entry.id), path: path))
                    }
                case .symlink:
                    files.append(ParsedFile(path: path, feature: nil, problems: [Self.symlinkProblem]))
                case .submodule:
                    files.append(ParsedFile(path: path, feature: nil, problems: [Self.submoduleProblem]))
                default: break
                }
            }
        }
        files.sort { $0.path < $1.path }
        let vocabularies = try checkReferences(&files, at: commit, policy: policy)
        return Catalog(commit: commit, files: files, vocabularies: vocabularies)
    }

    /// The catalog in the working tree (files on disk, committed or not).
    public func worktreeCatalog(policy: Policy, only paths: [String]? = nil) throws(FeatError) -> Catalog {
        let root = try requireWorkingTree("validate")
        var files: [ParsedFile] = []
        var candidates = paths ?? []
        if paths == nil {
            let found = worktreeFeaturePaths(policy: policy)
            candidates = found.paths
            files = found.unreadable
        }
        for path in candidates {
            files.append(readWorktreeFile(path, root: root))
        }
        files.sort { $0.path < $1.path }
        let vocabularies = try checkReferences(&files, at: nil, policy: policy)
        return Catalog(commit: nil, files: files, vocabularies: vocabularies)
    }

    /// Feature files on disk below the policy's folders, relative to the feature root, and the
    /// folders that could not be read (a finding each, never skipped in silence). A feature
    /// folder that does not exist holds no features. A submodule is never entered (another
    /// repository's checkout, a folder holding `.git`; or an empty folder that the index
    /// records as a git link, not checked out): where feature files are read it is listed with
    /// `submoduleProblem`, as the catalog of a commit lists its git link.
    func worktreeFeaturePaths(policy: Policy) -> (paths: [String], unreadable: [ParsedFile]) {
        guard let root else { return ([], []) }
        var result: [String] = []
        var unreadable: [ParsedFile] = []
        var submodules = Set<String>()
        var empty: [String] = []
        func isCheckout(_ dir: String) -> Bool {
            var info = stat()
            return lstat(root + "/" + (dir.isEmpty ? "" : dir + "/") + ".git", &info) == 0
        }
        for folder in Policy.outermost(policy.featureFolders) {
            var top = stat()
            guard lstat(root + "/" + folder, &top) == 0 else { continue }
            // The folder itself, or one above it, may be another repository's checkout.
            let parts = folder.split(separator: "/")
            if let holder = parts.indices.lazy.map({ parts[...$0].joined(separator: "/") }).first(where: isCheckout) {
                submodules.insert(holder)
                continue
            }
            var stack = [folder]
            while let dir = stack.popLast() {
                guard let entries = DirectoryListing.entries(of: root + "/" + dir) else {
                    let why =
                        dir == folder && top.st_mode & S_IFMT != S_IFDIR
                        ? "is a feature folder in the policy but not a folder" : "folder cannot be read (permissions?)"
                    unreadable.append(ParsedFile(path: dir, feature: nil, problems: [Problem(.error, why)]))
                    continue
                }
                if entries.isEmpty { empty.append(dir) }
                for (name, kind) in entries {
                    let rel = dir.isEmpty ? name : dir + "/" + name
                    switch kind {
                    case .directory where name.hasPrefix("."):
                        break
                    case .directory where isCheckout(rel):
                        if Self.holdsFeatures(rel, policy: policy) { submodules.insert(rel) }
                    case .directory: stack.append(rel)
                    case .file, .symlink: if policy.isFeatureFile(rel) { result.append(rel) }
                    case .other: break
                    }
                }
            }
        }
        // An empty folder is a submodule not checked out when the index says so; the index is
        // read only when there is one.
        if !empty.isEmpty, let links = try? git?.gitlinksInIndex() {
            for dir in empty where links.contains(treePath(dir)) && Self.holdsFeatures(dir, policy: policy) {
                submodules.insert(dir)
            }
        }
        for path in submodules.sorted() {
            unreadable.append(ParsedFile(path: path, feature: nil, problems: [Self.submoduleProblem]))
        }
        return (result, unreadable)
    }

    /// Reads one working-tree file: symlinks are never followed, large files never read whole.
    func readWorktreeFile(_ path: String, root: String) -> ParsedFile {
        let full = root + "/" + path
        var info = stat()
        guard lstat(full, &info) == 0 else {
            return ParsedFile(path: path, feature: nil, problems: [Problem(.error, "no such file")])
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            return ParsedFile(path: path, feature: nil, problems: [Self.symlinkProblem])
        case S_IFREG:
            break
        case S_IFDIR:
            return ParsedFile(
                path: path, feature: nil, problems: [Problem(.error, "is a directory, not a feature file")])
        default:
            return ParsedFile(path: path, feature: nil, problems: [Problem(.error, "not a regular file")])
        }
        let limit = YAMLLimits.default.maxBytes
        if Int(info.st_size) > limit {
            return ParsedFile(path: path, feature: nil, problems: [tooLarge(Int(info.st_size), limit)])
        }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            return ParsedFile(path: path, feature: nil, problems: [Problem(.error, "cannot be read (permissions?)")])
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        if data.count > limit {
            return ParsedFile(path: path, feature: nil, problems: [tooLarge(data.count, limit)])
        }
        return FeatureParser.parse([UInt8](data), path: path)
    }

    static let symlinkProblem = Problem(
        .error, "is a symbolic link; feature files must be regular files (not followed)")
}

func tooLarge(_ size: Int, _ limit: Int) -> Problem {
    Problem(.error, "file is \(size) bytes, larger than the limit of \(limit) bytes; not read")
}

extension FeatureRepository {
    /// Path → identity of the feature files at a commit, except `skipped` paths: the line
    /// scan where it is exact, the full parser otherwise; unreadable files are left out.
    /// The blobs are read on as many threads as cores, each with its own repository handle.
    public func identities(at commit: ObjectID, policy: Policy, except skipped: Set<String>) throws(FeatError)
        -> [String: Identity]
    {
        try identities(at: commit, policy: policy, except: skipped, mentioning: nil).identities
    }

    /// What `identities` reads: path → identity, each identity's stage, and the files whose
    /// bytes matched the needles.
    struct IdentityScan {
        var identities: [String: Identity]
        var stages: [Identity: String]
        var mentioning: [(path: String, blob: ObjectID)]
        /// Files that may be derived from other features (their bytes say `inputs`).
        var deriving: [(path: String, blob: ObjectID)] = []
        /// Features whose `role` is `label`: training targets (FEAT012 leakage).
        var labels: Set<Identity> = []
    }

    /// What a file holding a training target must contain.
    static let labelWord = Array("label".utf8)

    /// What a feature file derived from others must contain (SPEC §10).
    static let inputsKey = Array("inputs".utf8)

    /// The same, and on the same pass the files whose bytes match `needles` (candidates for
    /// referencing a changed vocabulary file), so that no head blob is read twice. What a
    /// blob was found to hold is remembered (`BlobFacts`): a blob read once is not read again,
    /// unless it mentions `vocabulary_file` and there are needles to match.
    func identities(
        at commit: ObjectID, policy: Policy, except skipped: Set<String>, mentioning needles: ReferenceNeedles?
    ) throws(FeatError) -> IdentityScan {
        let repo = try requireGit()
        let facts = blobFacts(repo)
        var scan = IdentityScan(identities: [:], stages: [:], mentioning: [])
        var unknown: [(path: String, id: ObjectID)] = []
        for (path, entry) in try featureEntries(at: commit, policy: policy)
        where entry.kind == .blob && !skipped.contains(path) {
            guard let known = facts[entry.id], let found = known.scan,
                needles == nil || !known.mentions.contains(.references)
            else {
                unknown.append((path, entry.id))
                continue
            }
            scan.add(path: path, blob: entry.id, mentions: known.mentions, found, matchesNeedles: false)
        }
        let reads = try readBlobs(unknown) { bytes, path, blob in
            BlobRead(
                path: path, blob: blob, mentions: BlobFacts.Mentions(bytes), scan: BlobFacts.Scan(bytes, path: path),
                matchesNeedles: needles?.match(bytes) ?? false)
        }
        for read in reads {
            facts.remember(read.blob, mentions: read.mentions, scan: read.scan)
            scan.add(
                path: read.path, blob: read.blob, mentions: read.mentions, read.scan,
                matchesNeedles: read.matchesNeedles)
        }
        facts.save()
        scan.mentioning.sort { $0.path < $1.path }
        scan.deriving.sort { $0.path < $1.path }
        return scan
    }
}

/// What the identity scan read from one blob.
struct BlobRead {
    var path: String
    var blob: ObjectID
    var mentions: BlobFacts.Mentions
    var scan: BlobFacts.Scan
    /// Whether its bytes matched the needles of changed vocabulary files.
    var matchesNeedles: Bool
}

extension FeatureRepository.IdentityScan {
    /// Adds one file's facts.
    mutating func add(
        path: String, blob: ObjectID, mentions: BlobFacts.Mentions, _ found: BlobFacts.Scan, matchesNeedles: Bool
    ) {
        if matchesNeedles { mentioning.append((path, blob)) }
        if mentions.contains(.inputs) { deriving.append((path, blob)) }
        guard let identity = found.identity else { return }
        identities[path] = identity
        stages[identity] = found.stage
        if found.isLabel { labels.insert(identity) }
    }
}

extension FeatureRepository {
    /// The feature files of a policy at a commit: below its feature folders (each file once,
    /// however the folders overlap), neither hidden nor below a consumers folder; and the git
    /// links (kind `.submodule`) that hide feature files there, never entered.
    func featureEntries(at commit: ObjectID, policy: Policy) throws(FeatError) -> [(path: String, entry: TreeEntry)] {
        let key = FeatureEntriesKey(
            commit: commit, featureFolders: policy.featureFolders, consumerFolders: policy.consumerFolders)
        if let known = featureEntryLists[key] { return known }
        let repo = try requireGit()
        var result: [(path: String, entry: TreeEntry)] = []
        var holders = Set<String>()
        for folder in Policy.outermost(policy.featureFolders) {
            guard let tree = try folderTree(folder, at: commit) else {
                // A submodule in the folder's place, or above it, hides its features.
                if let link = try gitlink(holding: folder, at: commit), holders.insert(link.path).inserted {
                    result.append(link)
                }
                continue
            }
            try FeatKit.git { () throws(GitError) in
                try repo.walkBlobs(tree, prefix: folder) { path, entry throws(GitError) in
                    if entry.kind == .submodule ? Self.holdsFeatures(path, policy: policy) : policy.isFeatureFile(path)
                    {
                        result.append((path, entry))
                    }
                }
            }
        }
        // A few lists at most (a diff asks about its two sides): a log that diffs commit after
        // commit must not keep one list per commit.
        if featureEntryLists.count >= 4 { featureEntryLists.removeAll(keepingCapacity: true) }
        featureEntryLists[key] = result
        return result
    }
}

/// What the feature files of a commit depend on: the commit and the policy's folders.
struct FeatureEntriesKey: Hashable {
    var commit: ObjectID
    var featureFolders: [String]
    var consumerFolders: [String]
}
