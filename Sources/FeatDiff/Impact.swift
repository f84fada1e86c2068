/// How severe a change is for the people and models that consume a feature, least to most severe (SPEC §4).
public enum Impact: String, Sendable, Comparable, CaseIterable {
    /// No effect on values or consumers: documentation, labels, evidence.
    case cosmetic
    /// New optional information; consumers unaffected.
    case additive
    /// Values unchanged; the contract widened or how the feature is operated changed.
    case compatible
    /// Same shape, different values: silent for consumers.
    case meaning
    /// Consumers fail or misread.
    case breaking

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self {
        case .cosmetic: return 0
        case .additive: return 1
        case .compatible: return 2
        case .meaning: return 3
        case .breaking: return 4
        }
    }

    /// One sentence saying what the impact means, for report legends.
    public var summary: String {
        switch self {
        case .cosmetic: return "no effect on values or consumers"
        case .additive: return "new optional information; consumers unaffected"
        case .compatible: return "values unchanged, contract widened or operations changed"
        case .meaning: return "same shape, different values: silent for consumers"
        case .breaking: return "consumers fail or misread"
        }
    }
}
