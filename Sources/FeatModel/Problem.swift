/// Whether a problem stops a file from passing.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case warning, error

    public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .error }
}

/// One finding in a file, with the line it is on when there is one.
public struct Problem: Sendable, Hashable {
    public var severity: Severity
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(_ severity: Severity = .error, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
    }
}
