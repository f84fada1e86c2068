import FeatModel

/// The semantic diff of two catalogs: features paired by identity, each change given an impact.
public enum SemanticDiff {
    /// Compares the features at base (`before`) and head (`after`).
    ///
    /// `stageOrder` is the stage ladder, earliest first: a move to a later stage is a promotion.
    /// `vocabularies` holds the contents of `categorical.vocabulary_file`s, so they are compared
    /// entry by entry; without them only the file's path and checksum can be compared.
    public static func compare(
        before: [Feature], after: [Feature], stageOrder: [String], vocabularies: VocabularyFiles = .init()
    ) -> DiffReport {
        var features: [FeatureChange] = []
        for pair in Pairing.pair(before: before, after: after) {
            if let change = compare(pair, stageOrder: stageOrder, vocabularies: vocabularies) {
                features.append(change)
            }
        }
        features.sort { ($0.identity, $0.path) < ($1.identity, $1.path) }
        return DiffReport(features: features)
    }

    /// One matched feature's change, or nil when it did not change at all.
    static func compare(_ pair: FeaturePair, stageOrder: [String], vocabularies: VocabularyFiles) -> FeatureChange? {
        switch (pair.before, pair.after) {
        case (nil, let new?):
            return FeatureChange(
                identity: new.identity, status: .added, path: new.path, stageBefore: nil, stageAfter: new.stage,
                line: new.line(of: "feature"))
        case (let old?, nil):
            return FeatureChange(
                identity: old.identity, status: .removed, path: old.path, stageBefore: old.stage, stageAfter: nil)
        case (let old?, let new?):
            let changes = FieldRules.changes(before: old, after: new, vocabularies: vocabularies)
            let moved = old.path != new.path
            guard moved || old.stage != new.stage || !changes.isEmpty else { return nil }
            let line = changes.compactMap { new.line(of: $0.field) }.min()
                ?? (old.stage != new.stage ? new.line(of: "stage") : new.line(of: "feature"))
            return FeatureChange(
                identity: new.identity, status: moved ? .moved : .modified, path: new.path,
                previousPath: moved ? old.path : nil, stageBefore: old.stage, stageAfter: new.stage,
                stageMove: StageMove.between(old.stage, new.stage, order: stageOrder), changes: changes, line: line)
        case (nil, nil):
            return nil
        }
    }
}
