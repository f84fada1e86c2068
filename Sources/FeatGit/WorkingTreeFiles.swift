import CLibgit2

extension Repository {
    /// A working-tree file's bytes as `git add` would store them: run through the clean filters
    /// that its attributes and the configuration select (end-of-line conversion for `text`,
    /// `eol` and `core.autocrlf`; `ident`), so that a hash of them equals a hash of the blob
    /// the file becomes. `path` is relative to the working directory. Filter drivers that
    /// libgit2 does not carry (`filter=lfs`) are not run: those bytes stay as they are.
    public func bytesAsStored(_ bytes: [UInt8], path: String) throws(GitError) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var filters: OpaquePointer?
        // ALLOW_UNSAFE: `core.safecrlf` refuses irreversible conversions on `git add`; feat
        // only wants the bytes that would be stored, never a refusal.
        try check(
            git_filter_list_load(&filters, handle, nil, path, GIT_FILTER_TO_ODB, GIT_FILTER_ALLOW_UNSAFE.rawValue),
            "git_filter_list_load")
        guard let filters else { return bytes }
        defer { git_filter_list_free(filters) }
        var out = git_buf()
        defer { git_buf_dispose(&out) }
        let code = bytes.withUnsafeBytes { raw in
            git_filter_list_apply_to_buffer(
                &out, filters, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
        try check(code, "git_filter_list_apply_to_buffer")
        guard let pointer = out.ptr, out.size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: out.size))
    }
}
