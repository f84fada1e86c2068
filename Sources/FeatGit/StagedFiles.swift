import CLibgit2
import Foundation
import GitID

extension Repository {
    /// For working-tree files (paths relative to the working directory), the blob ids the
    /// index records for those whose stat data still match their index entry: git's own
    /// evidence that the file holds what was staged, so its blob is known without reading it.
    /// A file is left out — to be read — when anything could make that evidence wrong: no
    /// entry or a conflicted one, an entry marked assume-unchanged, skip-worktree or
    /// intent-to-add, anything but a regular file, a size, inode, modification or change time
    /// that differ, or a modification time not strictly older than the index file (racily
    /// clean: the file may have changed within the index's own timestamp).
    public func stagedBlobs(unchangedAt paths: [String]) -> [String: ObjectID] {
        guard let workdir, !paths.isEmpty else { return [:] }
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { return [:] }
        defer { git_index_free(index) }
        guard git_index_read(index, 0) == 0, let indexPath = git_index_path(index) else { return [:] }
        var indexInfo = stat()
        guard stat(indexPath, &indexInfo) == 0 else { return [:] }
        let indexTime = (indexInfo.st_mtim.tv_sec, indexInfo.st_mtim.tv_nsec)
        let untrusted = UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue | GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
        var result: [String: ObjectID] = [:]
        for path in paths {
            guard let entry = git_index_get_bypath(index, path, 0)?.pointee,
                entry.flags & UInt16(GIT_INDEX_ENTRY_VALID.rawValue) == 0, entry.flags_extended & untrusted == 0,
                entry.mode == 0o100644 || entry.mode == 0o100755
            else { continue }
            var info = stat()
            guard lstat(workdir + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                UInt32(truncatingIfNeeded: info.st_size) == entry.file_size,
                UInt32(truncatingIfNeeded: info.st_ino) == entry.ino,
                Int64(info.st_mtim.tv_sec) == Int64(entry.mtime.seconds),
                Int(info.st_mtim.tv_nsec) == Int(entry.mtime.nanoseconds),
                Int64(info.st_ctim.tv_sec) == Int64(entry.ctime.seconds),
                Int(info.st_ctim.tv_nsec) == Int(entry.ctime.nanoseconds),
                (Int64(entry.mtime.seconds), Int(entry.mtime.nanoseconds)) < (Int64(indexTime.0), Int(indexTime.1))
            else { continue }
            result[path] = ObjectID(entry.id)
        }
        return result
    }
}
