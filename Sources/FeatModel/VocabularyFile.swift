/// The entries of a `categorical.vocabulary_file`: one category per line, read exactly as a consumer
/// splitting on line breaks would, so two files with the same entries are the same vocabulary.
public struct VocabularyFileContents: Sendable, Hashable {
    /// The categories in file order.
    public var entries: [String]
    /// What is wrong with the file: a blank line is an error (a consumer would read an empty
    /// category), CRLF line ends and a byte-order mark are warnings (a reader splitting on LF keeps them).
    public var problems: [Problem]

    public init(entries: [String], problems: [Problem] = []) {
        self.entries = entries
        self.problems = problems
    }

    /// Reads a vocabulary file's bytes. A final line break is not an entry; `\r\n` and `\n` end
    /// lines alike; every other character, spaces included, belongs to its entry.
    public static func read(_ bytes: [UInt8]) -> VocabularyFileContents {
        var problems: [Problem] = []
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
            problems.append(
                Problem(
                    .warning, "the file starts with a byte-order mark, which a reader may keep in the first entry",
                    line: 1))
        }
        guard isUTF8(body) else {
            return VocabularyFileContents(
                entries: [], problems: problems + [Problem(.error, "the file is not UTF-8 text")])
        }
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var entries: [String] = []
        var firstCRLF: Int?
        for (index, raw) in lines.enumerated() {
            var line = raw
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
                if firstCRLF == nil { firstCRLF = index + 1 }
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) {
                problems.append(
                    Problem(
                        .error, "line \(index + 1) is blank; every line is one category (remove it)",
                        line: index + 1))
                continue
            }
            entries.append(text)
        }
        if let line = firstCRLF {
            problems.append(
                Problem(
                    .warning,
                    "lines end with CRLF (first at line \(line));"
                        + " a reader that splits on LF keeps the CR in each entry",
                    line: line))
        }
        return VocabularyFileContents(entries: entries, problems: problems)
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
}
