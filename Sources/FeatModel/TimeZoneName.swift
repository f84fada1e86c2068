import _FoundationICU

/// IANA time-zone names compared by what they mean (SPEC §2): the canonical id from the CLDR
/// data that ICU carries inside Foundation — never the machine's tzdata, which differs
/// between runners — after one fold: `Etc/GMT` is UTC, as every name for UTC is.
public enum TimeZoneName {
    /// The canonical id of a zone name (`US/Eastern` → `America/New_York`, `Zulu` and `GMT` →
    /// `Etc/UTC`), or nil when ICU does not know the name.
    public static func canonical(_ name: String) -> String? {
        let input = Array(name.utf16)
        guard !input.isEmpty, input.count < 256 else { return nil }
        var output = [UInt16](repeating: 0, count: 256)
        var isSystem: UBool = 0
        var status = U_ZERO_ERROR
        let length = swift_ucal_getCanonicalTimeZoneID(
            input, Int32(input.count), &output, Int32(output.count), &isSystem, &status)
        guard status.rawValue <= 0, length > 0, isSystem != 0 else { return nil }
        let id = String(decoding: output[0..<Int(length)], as: UTF16.self)
        return utc.contains(id) ? "Etc/UTC" : id
    }

    /// The canonical ids ICU keeps apart from `Etc/UTC` that still mean UTC.
    static let utc: Set<String> = ["Etc/UTC", "Etc/GMT", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/Greenwich"]

    /// Whether two names are the same zone; an unknown name equals only itself.
    public static func same(_ a: String, _ b: String) -> Bool {
        a == b || (canonical(a).map { $0 == canonical(b) } ?? false)
    }
}
