import Foundation

extension Array where Element == UInt8 {
    /// Whether the bytes contain `needle` anywhere: `memchr` to each candidate first byte,
    /// `memcmp` there (this runs on every foreign file a history walk meets).
    package func contains(subsequence needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { n in
                guard let base = haystack.baseAddress, let nb = n.baseAddress else { return false }
                var offset = 0
                let last = haystack.count - n.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, nb, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
