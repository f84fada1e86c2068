import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Feature files as text, parsed by the real parser, so normalisation is exercised end to end.
enum Fixture {
    static let ladder = ["explore", "candidate", "shadow", "production", "deprecated"]

    /// A well-formed feature of each kind, with every common block present.
    static func yaml(_ kind: Kind, name: String = "user_signal", version: Int = 1, stage: String = "shadow") -> String {
        """
        feature: \(name)
        version: \(version)
        stage: \(stage)
        kind: \(kind.rawValue)
        owner: risk-team@example.com
        hypothesis: Recent behaviour predicts fraud.
        description: A signal about each user.
        evidence:
          - {date: 2026-10-02, metric: auc_lift, value: 0.004}
        entity: [user_id]
        source:
          table: payments.transactions
          sql: |
            SELECT user_id, amount FROM payments.transactions WHERE status = 'settled'
        time:
          event_time: created_at
          ttl: 1d
        backfill: {start: 2024-01-01, strategy: incremental}
        expectations: {null_rate_max: 0.0, min: 0}
        sla: {freshness: 1h}
        monitoring: {drift: {metric: psi, threshold: 0.2}}
        tags: [payments, velocity]

        """ + block(kind)
    }

    static func block(_ kind: Kind) -> String {
        switch kind {
        case .scalar:
            return "type: int32\n"
        case .aggregation:
            return "type: int32\naggregation: {function: count, column: txn_id, window: 7d}\n"
        case .categorical:
            return """
                categorical:
                  vocabulary: [card, bank, wallet]
                  unseen: bucket
                  encoding: onehot

                """
        case .map:
            return """
                map:
                  key_type: string
                  value_type: int32
                  keys: closed
                  known_keys: [books, games, music]
                  missing: zero

                """
        case .embedding:
            return """
                embedding:
                  model: text-embedding-3-small
                  model_version: "2024-01"
                  dimension: 384
                  metric: cosine
                  normalized: true
                  objective: retrieval
                  input: product_title

                """
        }
    }

    /// Parses a feature file, failing the test when it does not parse cleanly.
    static func feature(_ text: String, path: String = "features/user_signal.yaml") throws -> Feature {
        let parsed = FeatureParser.parse(Array(text.utf8), path: path)
        let errors = parsed.problems.filter { $0.severity == .error }.map { "\($0.line ?? 0): \($0.message)" }
        #expect(errors.isEmpty, "\(path) does not parse:\n\(errors.joined(separator: "\n"))\n\(text)")
        return try #require(parsed.feature)
    }

    /// Applies text edits, failing the test when one does not match.
    static func apply(_ edits: [Edit], to text: String) throws -> String {
        var out = text
        for edit in edits {
            try #require(out.contains(edit.old), "edit '\(edit.old)' does not match:\n\(out)")
            out = out.replacingOccurrences(of: edit.old, with: edit.new)
        }
        return out
    }

    /// Diffs two single-feature catalogs.
    static func diff(
        _ before: String, _ after: String, beforePath: String = "features/user_signal.yaml",
        afterPath: String = "features/user_signal.yaml", vocabularies: VocabularyFiles = .init()
    ) throws -> DiffReport {
        SemanticDiff.compare(
            before: [try feature(before, path: beforePath)], after: [try feature(after, path: afterPath)],
            policy: .standard, vocabularies: vocabularies)
    }
}

/// A text replacement in a fixture.
struct Edit: Sendable, CustomStringConvertible {
    var old: String
    var new: String

    init(_ old: String, _ new: String) {
        self.old = old
        self.new = new
    }

    var description: String { "\(old) → \(new)" }
}

/// An expected field change.
struct Expect: Sendable, Hashable, CustomStringConvertible {
    var field: String
    var impact: Impact

    init(_ field: String, _ impact: Impact) {
        self.field = field
        self.impact = impact
    }

    var description: String { "\(field): \(impact.rawValue)" }
}
