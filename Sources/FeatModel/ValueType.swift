/// A value's type (SPEC §2, §10): one of the nine of `DataType`, or a list of one, spelt
/// exactly `list<T>` — lower case, no spaces; lists do not nest.
public struct ValueType: Sendable, Hashable, CustomStringConvertible {
    public var element: DataType
    public var isList: Bool

    public init(_ element: DataType, isList: Bool = false) {
        self.element = element
        self.isList = isList
    }

    /// Reads `int64` or `list<int64>`; nil for any other spelling.
    public init?(_ text: String) {
        if let scalar = DataType(rawValue: text) {
            self.init(scalar)
        } else if text.hasPrefix("list<"), text.hasSuffix(">"),
            let element = DataType(rawValue: String(text.dropFirst(5).dropLast()))
        {
            self.init(element, isList: true)
        } else {
            return nil
        }
    }

    public var description: String { isList ? "list<\(element.rawValue)>" : element.rawValue }

    /// Every value of this type fits the other without loss: the same shape (scalar or list)
    /// and an element widening (int32 → int64, float32 → float64, int32 → float64).
    public func widens(to other: ValueType) -> Bool {
        isList == other.isList && element.widens(to: other.element)
    }

    /// Every spelling of a list type, for suggestions and the JSON Schema.
    public static let listSpellings: [String] = DataType.allCases.map { "list<\($0.rawValue)>" }

    /// The JSON Schema pattern of a list type.
    public static let listPattern =
        "^list<(" + DataType.allCases.map(\.rawValue).joined(separator: "|") + ")>$"
}
