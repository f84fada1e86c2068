import FeatModel
import Foundation
import Testing

@testable import FeatDiff

@Suite("Normalisation: the same definition written differently is no change")
struct NormalisationTests {
    static let canonical = """
        feature: user_txn_count_7d
        version: 1
        stage: production
        kind: aggregation
        owner: risk-team@example.com
        hypothesis: Spending velocity predicts card fraud.
        description: Card transactions per user over the trailing 7 days.
        evidence:
          - {date: 2026-10-02, metric: auc_lift, value: 0.004, dataset: fraud_eval_2026q3}
        entity: [user_id]
        type: int64
        source:
          table: payments.transactions
          filter: status = 'settled' AND amount > 0
        time:
          event_time: created_at
          ttl: 1d
        aggregation: {function: count, column: txn_id, window: 7d}
        backfill: {start: 2024-01-01, strategy: incremental}
        expectations: {null_rate_max: 0.0, min: 0}
        sla: {freshness: 1h}
        monitoring: {drift: {metric: psi, threshold: 0.2}}
        tags: [payments, velocity]

        """

    /// Every top-level key reordered, flow and block styles swapped, values re-quoted,
    /// comments everywhere, durations in other units, SQL re-laid out.
    static let rewritten = """
        # Owned by the risk team.
        tags:
          - payments
          - "velocity"
        monitoring:
          drift:
            threshold: 0.20
            metric: 'psi'
        aggregation:
          window: 168h   # one week
          column: txn_id
          function: "count"
        kind: aggregation
        stage: production
        feature: user_txn_count_7d
        sla:
          freshness: 60m
        entity: user_id
        type: 'int64'
        description: 'Card transactions per user over the trailing 7 days.'
        owner: "risk-team@example.com"
        hypothesis: >-
          Spending velocity predicts card fraud.
        evidence:
          - dataset: fraud_eval_2026q3
            value: 0.004
            metric: auc_lift
            date: 2026-10-02
        source:
          filter: |
            status = 'settled'   -- only settled payments
            and amount>0
          table: "payments.transactions"
        time: {ttl: 24h, event_time: created_at}
        backfill:
          strategy: incremental
          start: "2024-01-01"
        expectations:
          min: 0.0
          null_rate_max: 0
        """

    @Test("a full rewrite of the same definition")
    func fullRewrite() throws {
        let report = try Fixture.diff(Self.canonical, Self.rewritten)
        #expect(report.isEmpty, "\(report.features.flatMap(\.changes).map(\.message))")
    }

    @Test("the same definition with version written out or left to its default")
    func defaultVersion() throws {
        let report = try Fixture.diff(Self.canonical, Self.canonical.replacingOccurrences(of: "version: 1\n", with: ""))
        #expect(report.isEmpty)
    }

    @Test("a real change inside the rewritten file is still found")
    func changeSurvivesRewrite() throws {
        let changed = Self.rewritten.replacingOccurrences(of: "window: 168h", with: "window: 30d")
        let report = try Fixture.diff(Self.canonical, changed)
        let change = try #require(report.features.first?.changes.first)
        #expect(report.features.first?.changes.count == 1)
        #expect(change.field == "aggregation.window")
        #expect(change.impact == .meaning)
        #expect(change.before == .duration(try #require(FeatureDuration("7d"))))
        #expect(
            change.message
                == "aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on")
    }
}
