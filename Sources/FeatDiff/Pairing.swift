import FeatModel

/// A feature at base and head, matched by identity; one side is nil when it was added or removed.
struct FeaturePair: Sendable {
    var before: Feature?
    var after: Feature?
}

/// Matches features by identity `(feature, version)`, never by path, once for every comparator.
enum Pairing {
    /// Pairs every feature of `before` with the one of `after` that has its identity.
    ///
    /// Two files with one identity are an error found elsewhere (FEAT002); here they must
    /// still pair deterministically: same paths first, then the rest by path order, and any
    /// file left over counts as added or removed.
    static func pair(before: [Feature], after: [Feature]) -> [FeaturePair] {
        let old = Dictionary(grouping: before, by: \.identity)
        let new = Dictionary(grouping: after, by: \.identity)
        var pairs: [FeaturePair] = []
        for identity in Set(old.keys).union(new.keys).sorted() {
            var news = (new[identity] ?? []).sorted { $0.path < $1.path }
            var olds: [Feature] = []
            for o in (old[identity] ?? []).sorted(by: { $0.path < $1.path }) {
                if let i = news.firstIndex(where: { $0.path == o.path }) {
                    pairs.append(FeaturePair(before: o, after: news.remove(at: i)))
                } else {
                    olds.append(o)
                }
            }
            while !olds.isEmpty, !news.isEmpty {
                pairs.append(FeaturePair(before: olds.removeFirst(), after: news.removeFirst()))
            }
            pairs += olds.map { FeaturePair(before: $0, after: nil) }
            pairs += news.map { FeaturePair(before: nil, after: $0) }
        }
        return pairs
    }
}
