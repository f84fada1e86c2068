import FeatModel

/// An input's change reaches every feature derived from it (SPEC §10): when an input changes
/// with impact `meaning` or `breaking`, each feature whose `inputs` name it gets a change at
/// `inputs[<as>]` with that impact and the input's reason, and counts as changed like any
/// other — transitively along chains, stopping at a cycle. Only field changes propagate (an
/// input's stage is the input floor's business).
enum Propagation {
    /// What reaches a derived feature from one input: the input's worst field change.
    struct Upstream {
        var impact: Impact
        var what: String
    }

    /// `features` with the propagated changes added; `heads` are the head-side definitions of
    /// every compared feature, changed or not (a derived feature may be unchanged itself).
    static func apply(to features: [FeatureChange], heads: [Feature]) -> [FeatureChange] {
        var result = features
        var index: [Identity: Int] = [:]
        for (i, f) in result.enumerated() where f.status != .unreadable { index[f.identity] = i }
        var derived: [Identity: [(feature: Feature, input: FeatureInput)]] = [:]
        for head in heads {
            for input in head.featureInputs {
                if let upstream = input.feature { derived[upstream, default: []].append((head, input)) }
            }
        }
        guard !derived.isEmpty else { return features }
        // The worst own field change of each changed feature seeds the walk.
        var queue: [(Identity, Upstream)] = []
        for f in features where f.status == .modified || f.status == .moved {
            guard let worst = f.changes.filter({ $0.impact >= .meaning }).max(by: { $0.impact < $1.impact }) else {
                continue
            }
            queue.append((f.identity, Upstream(impact: worst.impact, what: worst.message)))
        }
        var reached = Set(queue.map(\.0))
        // A cursor, not removeFirst: over 10,000 derived features that was quadratic.
        var next = 0
        while next < queue.count {
            let (upstream, change) = queue[next]
            next += 1
            for (feature, input) in derived[upstream] ?? [] {
                let field = FieldChange(
                    field: input.path, before: nil, after: nil, impact: change.impact,
                    message: "\(input.path) upstream \(upstream): \(change.what)",
                    reason: "upstream \(upstream) changed: \(change.what)")
                if let i = index[feature.identity] {
                    guard !result[i].changes.contains(where: { $0.field == input.path }) else { continue }
                    result[i] = result[i].adding(field)
                } else {
                    index[feature.identity] = result.count
                    result.append(
                        FeatureChange(
                            identity: feature.identity, status: .modified, path: feature.path,
                            stageBefore: feature.stage, stageAfter: feature.stage, changes: [field],
                            line: feature.line(of: input.path) ?? input.line, base: feature, head: feature))
                }
                // Onward along the chain, once per feature: a cycle stops here.
                if reached.insert(feature.identity).inserted {
                    queue.append(
                        (feature.identity, Upstream(impact: change.impact, what: "\(upstream) → " + change.what)))
                }
            }
        }
        return result
    }
}

extension FeatureChange {
    /// The same change with one more field change, impacts recomputed.
    func adding(_ change: FieldChange) -> FeatureChange {
        FeatureChange(
            identity: identity, identityKnown: identityKnown, status: status, path: path, previousPath: previousPath,
            stageBefore: stageBefore, stageAfter: stageAfter, events: events,
            changes: (changes + [change]).sorted { $0.field < $1.field }, line: line, unreadable: unreadable,
            base: base, head: head)
    }
}
