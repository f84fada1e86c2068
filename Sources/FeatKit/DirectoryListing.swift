import Foundation

/// One folder's entries with their kinds, as the directory itself reports them (`d_type`), so
/// that walking ten thousand feature files costs no `lstat` each; an entry whose kind the file
/// system does not report is looked up with `lstat`. Symbolic links are reported as links,
/// never followed.
enum DirectoryListing {
    enum Kind {
        case directory, file, symlink, other
    }

    /// The entries of the folder at `path` (without `.` and `..`), or nil when it cannot be
    /// opened (not a folder, no permission).
    static func entries(of path: String) -> [(name: String, kind: Kind)]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var result: [(name: String, kind: Kind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .file
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN): kind = lstatKind(path + "/" + name)
            default: kind = .other
            }
            result.append((name, kind))
        }
        return result
    }

    private static func lstatKind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        case S_IFLNK: return .symlink
        default: return .other
        }
    }
}
