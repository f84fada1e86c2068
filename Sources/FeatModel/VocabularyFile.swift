/// A `categorical.vocabulary_file` as a consumer reads it: one category per line, in order.
///
/// A final line break is not an entry and `\r\n` ends a line like `\n`, so two files with the
/// same entries are the same vocabulary. CRLF line ends and a byte-order mark are warnings (a
/// reader that splits on LF keeps them); a blank line is an error, since it is a category
/// with an empty name — and it stays an entry, so inserting one shifts the others in a diff. Nothing is trimmed: `" a"` and `"a"` are different categories.
///
/// A file that is a Git LFS pointer holds no entries: its content lives in LFS storage and is
/// known by the pointer's oid, the SHA-256 of that content, so it is compared by that hash like
/// a URI vocabulary (SPEC §2).
public struct VocabularyFile: Sendable, Hashable {
    /// The categories in order; empty when they cannot be read (see `entriesKnown`).
    public var entries: [String]
    /// Problems with the file itself, each with the vocabulary file's own line.
    public var problems: [Problem]
    /// The SHA-256 of the vocabulary's content, lower-case hex: what `vocabulary_sha256` must
    /// say. The SHA-256 of the file's bytes, or a Git LFS pointer's oid.
    public var sha256: String
    /// The Git LFS pointer the file is, when it is one.
    public var lfsPointer: LFSPointer?
    /// Whether `entries` are the vocabulary's categories: false for a Git LFS pointer, and for
    /// a file that starts like one but is not a valid pointer (its lines are no categories).
    public var entriesKnown: Bool

    public init(bytes: [UInt8]) {
        sha256 = SHA256.hex(bytes)
        entries = []
        problems = []
        lfsPointer = nil
        entriesKnown = true
        if bytes.starts(with: LFSPointer.versionLine.dropLast()) {
            entriesKnown = false
            if let pointer = LFSPointer(bytes: bytes) {
                lfsPointer = pointer
                sha256 = pointer.oid
            } else {
                problems.append(
                    Problem(
                        .error,
                        "starts like a Git LFS pointer but is not a valid one (it needs 'oid sha256:<64 hex digits>' "
                            + "and 'size <bytes>' lines, each ending in LF); its lines are not read as categories",
                        line: 1))
            }
            return
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
            problems.append(
                Problem(
                    .warning, "starts with a byte-order mark, which a reader may keep in the first entry",
                    line: 1))
        }
        guard Self.isUTF8(body) else {
            problems.append(Problem(.error, "is not UTF-8 text"))
            return
        }
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var crlf: Int?
        var seen: [String: Int] = [:]
        for (index, raw) in lines.enumerated() {
            var line = raw
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
                if crlf == nil { crlf = index + 1 }
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) {
                // Still an entry: a reader splitting on line breaks sees an empty category there.
                problems.append(Problem(.error, "blank line: every line must name one category", line: index + 1))
            } else if let first = seen[text] {
                // Two lines naming one category: which id or column is it?
                problems.append(Problem(.error, "'\(text)' is listed twice (first at line \(first))", line: index + 1))
            } else {
                seen[text] = index + 1
            }
            entries.append(text)
        }
        if let crlf {
            problems.append(
                Problem(
                    .warning, "CRLF line endings: a reader that splits on LF keeps the CR in each category", line: crlf)
            )
        }
    }

    static func isUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// What this file gives the vocabularies a diff compares (`VocabularyFiles`), under the
    /// reference as written: its entries when they are known, and always the SHA-256 of its
    /// content under `contentHashKey(reference)`, by which a Git LFS pointer is compared with
    /// the file it replaced (the same content is no change).
    public func vocabularies(for reference: String) -> [String: [String]] {
        var result = [Self.contentHashKey(reference): [sha256]]
        if entriesKnown { result[reference] = entries }
        return result
    }

    /// The key under which `vocabularies(for:)` gives a referenced file's content hash: the
    /// reference behind a NUL byte, which no reference that names a readable file contains.
    public static func contentHashKey(_ reference: String) -> String {
        "\u{0}sha256:" + reference
    }

    /// A vocabulary that feat cannot read itself (`gs://`, `s3://`, `https://` …): its
    /// `vocabulary_sha256` is its identity.
    public static func isURI(_ reference: String) -> Bool {
        reference.contains("://")
    }

    /// A repository path relative to the feature-repo root, normalised (`./a//b` → `a/b`);
    /// nil when it leaves the repository (absolute, or `..`).
    public static func repositoryPath(_ reference: String) -> String? {
        guard !reference.hasPrefix("/"), !isURI(reference) else { return nil }
        let parts = reference.split(separator: "/").filter { $0 != "." }
        guard !parts.isEmpty, !parts.contains("..") else { return nil }
        return parts.joined(separator: "/")
    }
}

/// A Git LFS pointer (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): the small text
/// file git stores in place of content kept in LFS storage.
///
/// ```
/// version https://git-lfs.github.com/spec/v1
/// oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
/// size 12345
/// ```
///
/// Read as Git LFS reads one: the version line first, then `key value` lines, each ending in
/// LF; `oid` (a SHA-256, lower-case hex) and `size` (decimal bytes) are required, other keys
/// (`ext-0-…`) are allowed. Pointers are small: anything over 1024 bytes is not one.
public struct LFSPointer: Sendable, Hashable {
    /// The SHA-256 of the content, lower-case hex.
    public var oid: String
    /// The content's size in bytes.
    public var size: Int

    static let versionLine = Array("version https://git-lfs.github.com/spec/v1\n".utf8)

    public init?(bytes: [UInt8]) {
        guard bytes.count <= 1024, bytes.starts(with: Self.versionLine), bytes.last == UInt8(ascii: "\n") else {
            return nil
        }
        var oid: String?
        var size: Int?
        for line in bytes.dropFirst(Self.versionLine.count).dropLast().split(
            separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return nil }
            let key = String(decoding: line[..<space], as: UTF8.self)
            let value = String(decoding: line[(space + 1)...], as: UTF8.self)
            switch key {
            case "oid":
                let hex = value.dropFirst("sha256:".count)
                guard oid == nil, value.hasPrefix("sha256:"), hex.utf8.count == 64,
                    hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
                else { return nil }
                oid = String(hex)
            case "size":
                guard size == nil, !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                    let n = Int(value)
                else { return nil }
                size = n
            default:
                // Extensions (`ext-0-name sha256:…`) and keys of later versions of the format.
                guard !key.isEmpty, key.utf8.allSatisfy(Self.isKeyByte) else { return nil }
            }
        }
        guard let oid, let size else { return nil }
        self.oid = oid
        self.size = size
    }

    /// A key is lower-case letters, digits, `-` and `.`.
    static func isKeyByte(_ byte: UInt8) -> Bool {
        (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2d || byte == 0x2e
    }
}
