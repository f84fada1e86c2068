/// A `categorical.vocabulary_file` as a consumer reads it: one category per line, in order.
///
/// A final newline and CRLF line endings are no change to the entries (a reader that splits
/// on LF keeps the CR, so CRLF is a warning); a blank line is an error, since it would be a
/// category with an empty name. Nothing is trimmed: `" a"` and `"a"` are different categories.
public struct VocabularyFile: Sendable, Hashable {
    public var entries: [String]
    /// Problems with the file itself, each with the vocabulary file's own line.
    public var problems: [Problem]
    /// The SHA-256 of the file's bytes, lower-case hex: what `vocabulary_sha256` must say.
    public var sha256: String

    public init(bytes: [UInt8]) {
        sha256 = SHA256.hex(bytes)
        entries = []
        problems = []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var crlf: Int?
        for (index, raw) in lines.enumerated() {
            var line = raw
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
                if crlf == nil { crlf = index + 1 }
            }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                problems.append(Problem(.error, "blank line: every line must name one category", line: index + 1))
                continue
            }
            entries.append(String(decoding: line, as: UTF8.self))
        }
        if let crlf {
            problems.append(Problem(
                .warning, "CRLF line endings: a reader that splits on LF keeps the CR in each category", line: crlf))
        }
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
