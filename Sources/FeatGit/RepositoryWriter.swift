import CLibgit2
import Foundation
import GitID

/// A file to commit: a path below the repository root and its bytes.
public struct FileSnapshot: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }
}

extension Repository {
    /// Creates a new non-bare repository at `path` (the folder may exist, empty).
    public static func initialize(at path: String, initialBranch: String = "main") throws(GitError) -> Repository {
        _ = LibGit2.initialized
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var handle: OpaquePointer?
        let code = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&handle, path, &options)
        }
        try check(code, "git_repository_init_ext")
        guard let handle else { throw .failed(function: "git_repository_init_ext", message: "no repository") }
        return Repository(handle: handle)
    }

    /// Writes a commit whose tree holds exactly `files`, with the given parents, and moves
    /// `branch` to it. Returns the new commit's id.
    @discardableResult
    public func commit(
        files: [FileSnapshot], message: String, author: Signature, committer: Signature? = nil,
        parents: [ObjectID], branch: String = "main"
    ) throws(GitError) -> ObjectID {
        let tree = try writeTree(files)
        var treeObject: OpaquePointer?
        var treeOID = tree.oid
        try check(git_tree_lookup(&treeObject, handle, &treeOID), "git_tree_lookup")
        defer { git_tree_free(treeObject) }
        var parentObjects: [OpaquePointer?] = []
        defer { for p in parentObjects { git_commit_free(p) } }
        for parent in parents {
            var oid = parent.oid
            var object: OpaquePointer?
            try check(git_commit_lookup(&object, handle, &oid), "git_commit_lookup")
            parentObjects.append(object)
        }
        let authorSignature = try signature(author)
        defer { git_signature_free(authorSignature) }
        let committerSignature = try signature(committer ?? author)
        defer { git_signature_free(committerSignature) }
        var out = git_oid()
        let code = parentObjects.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &out, handle, nil, authorSignature, committerSignature, "UTF-8", message, treeObject,
                buffer.count, buffer.baseAddress)
        }
        try check(code, "git_commit_create")
        var ref: OpaquePointer?
        try check(git_reference_create(&ref, handle, "refs/heads/\(branch)", &out, 1, message), "git_reference_create")
        git_reference_free(ref)
        return ObjectID(out)
    }

    /// Checks out a branch into the working directory, replacing what is there.
    public func checkout(branch: String) throws(GitError) {
        try check(git_repository_set_head(handle, "refs/heads/\(branch)"), "git_repository_set_head")
        var options = git_checkout_options()
        try check(
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_head(handle, &options), "git_checkout_head")
    }

    func signature(_ stamp: Signature) throws(GitError) -> UnsafeMutablePointer<git_signature>? {
        var out: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&out, stamp.name, stamp.email, git_time_t(stamp.time), 0), "git_signature_new")
        return out
    }

    /// Builds nested trees from paths, bottom up.
    func writeTree(_ files: [FileSnapshot]) throws(GitError) -> ObjectID {
        var blobs: [String: ObjectID] = [:]
        var folders: [String: Set<String>] = ["": []]
        for file in files {
            var oid = git_oid()
            let code = file.bytes.withUnsafeBytes {
                git_blob_create_from_buffer(&oid, handle, $0.baseAddress, $0.count)
            }
            try check(code, "git_blob_create_from_buffer")
            blobs[file.path] = ObjectID(oid)
            var parts = file.path.split(separator: "/").map(String.init)
            var child = parts.joined(separator: "/")
            while !parts.isEmpty {
                parts.removeLast()
                let parent = parts.joined(separator: "/")
                folders[parent, default: []].insert(child)
                child = parent
            }
        }
        var trees: [String: ObjectID] = [:]
        // Deepest folders first, so every subtree exists before its parent.
        for folder in folders.keys.sorted(by: { $0.split(separator: "/").count > $1.split(separator: "/").count }) {
            var builder: OpaquePointer?
            try check(git_treebuilder_new(&builder, handle, nil), "git_treebuilder_new")
            defer { git_treebuilder_free(builder) }
            for child in folders[folder] ?? [] {
                let name = String(child.split(separator: "/").last ?? "")
                let isTree = trees[child] != nil
                guard var oid = (trees[child] ?? blobs[child])?.oid else { continue }
                try check(
                    git_treebuilder_insert(nil, builder, name, &oid, isTree ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB),
                    "git_treebuilder_insert")
            }
            var out = git_oid()
            try check(git_treebuilder_write(&out, builder), "git_treebuilder_write")
            trees[folder] = ObjectID(out)
        }
        guard let root = trees[""] else { throw .failed(function: "writeTree", message: "no root tree") }
        return root
    }
}
