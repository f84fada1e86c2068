import FeatModel

/// Parses feature-file text as if it were `features/<name>.yaml`.
func parse(_ text: String, path: String = "features/f.yaml") -> ParsedFile {
    FeatureParser.parse(Array(text.utf8), path: path)
}

/// The problems of a file as "line: message", for whole-list comparisons.
func findings(_ text: String) -> [String] {
    parse(text).problems.map { "\($0.line.map(String.init) ?? "-"): \($0.message)" }
}

/// A duration as a normalised value (null when the text is not a duration).
func duration(_ text: String) -> Value {
    FeatureDuration(text).map(Value.duration) ?? .null
}

extension Value {
    /// The items of a list value, or nil.
    var items: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}

/// Realistic feature files, one per kind, each complete up to production (SPEC §2, §3).
enum Files {
    /// The example of SPEC §2, word for word apart from the deprecation block.
    static let aggregation = """
        feature: user_txn_count_7d          # identity (with version)
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
        time:
          event_time: created_at
          ttl: 1d
        aggregation: {function: count, column: txn_id, window: 7d}
        backfill: {start: 2024-01-01, strategy: incremental}
        expectations: {null_rate_max: 0.0, min: 0}
        sla: {freshness: 1h}
        monitoring: {drift: {metric: psi, threshold: 0.2}}
        tags: [payments, velocity]
        waivers:
          - {rule: FEAT006, reason: "backfill already re-run under the new window", expires: 2026-06-01}

        """

    static let scalar = """
        # A plain per-user attribute.
        feature: user.account_age_days
        stage: production
        kind: scalar
        owner: identity-team@example.com
        hypothesis: New accounts are riskier.
        description: >
          Days since the account was opened,
          as of the event time.
        evidence:
          - date: 2026-03-01
            metric: auc_lift
            value: 0.002
        entity: user_id
        type: int32
        source:
          sql: |
            select user_id, date_diff('day', opened_at, now()) as account_age_days
            from accounts
          filter: "status = 'open'"
        time:
          event_time: opened_at
          ttl: 30d
          timezone: UTC
        backfill:
          start: 2023-01-01
        expectations:
          min: 0
        sla:
          freshness: 24h
        monitoring:
          drift: {metric: psi, threshold: 0.1}
        x-dashboard: https://grafana.example.com/d/accounts

        """

    static let categorical = """
        feature: merchant_category
        version: 2
        stage: production
        kind: categorical
        owner: merchant-team@example.com
        hypothesis: Merchant category shifts the fraud base rate.
        description: The merchant's category, one-hot encoded.
        evidence:
          - {date: 2026-05-10, metric: auc_lift, value: 0.01}
          - {date: 2026-06-01, metric: auc_lift, value: 0.012, note: "re-run on q2"}
        entity: [merchant_id]
        type: string
        source: {table: merchants.profile, expression: upper(category)}
        time: {event_time: updated_at, ttl: 2w}
        categorical:
          vocabulary: [grocery, travel, electronics, gambling]
          unseen: bucket
          encoding: onehot
        backfill: {start: 2025-06-01}
        expectations: {null_rate_max: 0.0, unique: false}
        sla: {freshness: 6h}
        monitoring: {drift: {metric: chi2}}

        """

    static let map = """
        feature: user.spend_by_category_30d
        stage: production
        kind: map
        owner: risk-team@example.com
        hypothesis: Where money goes matters more than how much.
        description: Spend per merchant category over 30 days, exploded into columns.
        evidence:
          - {date: 2026-07-01, metric: auc_lift, value: 0.006}
        entity: [user_id]
        source:
          sql: select user_id, category, sum(amount) from payments group by 1, 2
        time: {event_time: created_at, ttl: 1d}
        map:
          key_type: string
          value_type: float64
          keys: closed
          known_keys: [grocery, travel, electronics]
          missing: zero
        backfill: {start: 2024-06-01, end: 2026-01-01}
        expectations: {min: 0}
        sla: {freshness: 1h, latency: 90s, availability: 0.999}
        monitoring: {drift: {metric: psi, threshold: 0.25}}

        """

    static let embedding = """
        feature: item.text_embedding
        stage: production
        kind: embedding
        owner: search-team@example.com
        hypothesis: Semantic similarity finds substitutes.
        description: Item title and description embedded for retrieval.
        evidence:
          - {date: 2026-08-15, metric: recall_at_10, value: 0.31}
        entity: item_id
        type: float32
        source: {table: catalog.items}
        time: {event_time: updated_at, ttl: 7d}
        embedding:
          model: text-embedding-small
          model_version: 3
          dimension: 384
          metric: cosine
          normalized: true
          objective: contrastive
          input: title + description
        backfill: {start: 2025-01-01}
        expectations: {null_rate_max: 0.01}
        sla: {freshness: 12h}
        monitoring: {drift: {metric: cosine_shift}}

        """

    static let all: [(Kind, String)] = [
        (.scalar, scalar), (.aggregation, aggregation), (.categorical, categorical), (.map, map),
        (.embedding, embedding),
    ]
}
