/// A `categorical.vocabulary_file` as a consumer reads it: one category per line, in order.
///
/// A final line break is not an entry and `\r\n` ends a line like `\n`, so two files with the
/// same entries are the same vocabulary. CRLF line ends and a byte-order mark are warnings (a
/// reader that splits on LF keeps them); a blank line is an error, since it is a category
/// with an empty name — and it stays an entry, so inserting one shifts the others in a diff. Nothing is trimmed: `" a"` and `"a"` are different categories.
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
