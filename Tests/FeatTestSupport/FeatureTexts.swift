import Foundation

// Feature files the tests of several targets write, in one place.

/// A feature file of the given stage that meets that stage's default obligations.
public func featureYAML(_ name: String, stage: String, version: Int = 1, window: String = "7d", extra: String = "")
    -> String
{
    var text = """
        feature: \(name)
        version: \(version)
        stage: \(stage)
        kind: aggregation
        owner: risk@example.com
        hypothesis: Velocity predicts fraud.

        """
    let order = ["explore", "candidate", "shadow", "production", "deprecated"]
    let rank = order.firstIndex(of: stage) ?? 0
    if rank >= 1 {
        text += """
            description: Transactions per user.
            evidence:
              - {date: 2026-01-02, metric: auc_lift, value: 0.004}
            entity: [user_id]
            type: int64
            source: {table: payments.transactions}
            aggregation: {function: count, column: txn_id, window: \(window)}

            """
    }
    if rank >= 2 {
        text += """
            time: {event_time: created_at, ttl: 1d}
            backfill: {start: 2024-01-01}
            expectations: {min: 0}

            """
    }
    if rank >= 3 && stage != "deprecated" {
        text += "sla: {freshness: 1h}\nmonitoring: {drift: psi}\n"
    }
    if stage == "deprecated" {
        text += "deprecation: {reason: replaced, sunset: 2026-03-01}\n"
    }
    return text + extra
}

/// Feature files with a shape of their own.
public enum SampleFeatures {
    /// A categorical feature whose vocabulary is the file `vocab/os.txt`.
    public static let os = """
        feature: os
        stage: candidate
        kind: categorical
        owner: growth@example.com
        hypothesis: The device predicts conversion.
        description: Operating system.
        evidence:
          - {date: 2026-01-02, metric: auc_lift, value: 0.002}
        entity: [session_id]
        source: {table: web.sessions}
        categorical: {vocabulary_file: vocab/os.txt, unseen: bucket, encoding: onehot}

        """
}
