extension FeatureDuration {
    /// A duration that may be zero or negative, written with a leading `-` (`-7d`, SPEC §2:
    /// `aggregation.offset`). Compared by value: `-7d` equals `-168h`.
    public init?(signed text: String) {
        let t = text.trimmingWhitespace()
        guard t.hasPrefix("-") else {
            self.init(t)
            return
        }
        guard let magnitude = FeatureDuration(String(t.dropFirst())), !magnitude.text.hasPrefix("-") else {
            return nil
        }
        self.init(seconds: -magnitude.seconds, text: t)
    }

    init(seconds: Int64, text: String) {
        self.seconds = seconds
        self.text = text
    }

    /// Whether the duration looks forward from the point in time (`offset: -7d`).
    public var isNegative: Bool { seconds < 0 }
}
