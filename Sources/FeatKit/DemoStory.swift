import FeatGit
import FeatReport
import Foundation
import GitID

/// The repository `feat demo` builds: a feature's journey from hypothesis to contract over
/// weeks of commits, a categorical and an embedding feature beside it, and two pull
/// requests — one that changes a production contract in place, one that skips a stage.
public enum DemoStory {
    /// The branches `feat demo` checks, with what each one shows.
    public static let pullRequests: [(branch: String, title: String)] = [
        ("pr/window-30d", "widen the velocity window in place and grow a one-hot vocabulary"),
        ("pr/embedding-to-production", "send the title embedding from candidate straight to production"),
    ]

    /// The time `feat demo` judges dwell times and sunsets at.
    public static let now = "2026-03-10T12:00:00Z"
    /// The feature whose changelog the demo shows: moved, promoted, merged, changed.
    public static let loggedFeature = "user_txn_count_7d"

    /// Builds the repository at `path` (which must not exist or be empty) and checks out main.
    public static func build(at path: String) throws(FeatError) {
        do {
            let repo = try Repository.initialize(at: path)
            var files: [String: String] = [".featurerepo/config.yaml": EmbeddedTemplates.files["config.yaml"] ?? ""]
            var head: ObjectID?
            func commit(
                _ message: String, _ who: Person, _ date: String, branch: String = "main",
                parents: [ObjectID]? = nil
            ) throws(GitError) -> ObjectID {
                let time = Int64(ISO8601DateFormatter().date(from: date)?.timeIntervalSince1970 ?? 0)
                let snapshot = files.keys.sorted().map { FileSnapshot(path: $0, text: files[$0] ?? "") }
                return try repo.commit(
                    files: snapshot, message: message, author: Signature(name: who.name, email: who.email, time: time),
                    parents: parents ?? head.map { [$0] } ?? [], branch: branch)
            }
            let ana = Person(name: "Ana Lopez", email: "ana@example.com")
            let ben = Person(name: "Ben Okafor", email: "ben@example.com")
            let chen = Person(name: "Chen Wei", email: "chen@example.com")
            let bot = Person(name: "CI Merge Bot", email: "ci@example.com")

            files["features/payments/user_txn_count_7d.yaml"] = velocity(stage: "explore")
            head = try commit("Hypothesis: transaction velocity predicts fraud", ana, "2026-01-05T10:00:00Z")
            files["features/payments/user_txn_count_7d.yaml"] = velocity(stage: "candidate")
            head = try commit("user_txn_count_7d: candidate, with offline evidence", ana, "2026-01-14T09:30:00Z")
            files["features/catalog/order_channel.yaml"] = channel(stage: "explore")
            head = try commit("Hypothesis: the order channel shifts conversion", ben, "2026-01-20T14:00:00Z")

            // A topic branch takes velocity to shadow; main merges it: one transition, at the merge.
            let fork = head
            files["features/payments/user_txn_count_7d.yaml"] = velocity(stage: "shadow")
            let topic = try commit(
                "user_txn_count_7d: shadow, with backfill and expectations", ana,
                "2026-02-02T11:00:00Z", branch: "topic/velocity-shadow")
            head = try commit(
                "Merge pull request #4: user_txn_count_7d to shadow", bot, "2026-02-03T08:00:00Z",
                parents: [fork, topic].compactMap { $0 })

            files["features/catalog/order_channel.yaml"] = channel(stage: "candidate")
            head = try commit("order_channel: candidate", ben, "2026-02-10T10:00:00Z")
            files["features/risk/user_txn_count_7d.yaml"] = files.removeValue(
                forKey: "features/payments/user_txn_count_7d.yaml")
            head = try commit("Move velocity features under risk/", ana, "2026-02-12T16:00:00Z")
            files["features/catalog/product_title_embedding.yaml"] = embedding(stage: "explore")
            head = try commit("Hypothesis: title embeddings find substitutes", chen, "2026-02-16T09:00:00Z")
            files["features/risk/user_txn_count_7d.yaml"] = velocity(stage: "production")
            head = try commit("user_txn_count_7d: production after two weeks in shadow", ana, "2026-02-17T10:00:00Z")
            files["features/catalog/product_title_embedding.yaml"] = embedding(stage: "candidate")
            head = try commit("product_title_embedding: candidate", chen, "2026-02-24T09:00:00Z")
            files["features/catalog/order_channel.yaml"] = channel(stage: "shadow")
            head = try commit("order_channel: shadow, one-hot encoded", ben, "2026-03-02T10:00:00Z")
            let main = head

            // Pull request 1: a production contract changed in place, a one-hot vocabulary grown.
            files["features/risk/user_txn_count_7d.yaml"] = velocity(stage: "production", window: "30d")
            files["features/catalog/order_channel.yaml"] = channel(stage: "shadow", extraCategory: true)
            _ = try commit(
                "Use a 30-day window; add the kiosk channel", ben, "2026-03-09T15:00:00Z",
                branch: "pr/window-30d", parents: [main].compactMap { $0 })
            files["features/risk/user_txn_count_7d.yaml"] = velocity(stage: "production")
            files["features/catalog/order_channel.yaml"] = channel(stage: "shadow")

            // Pull request 2: candidate straight to production, with a new model version.
            files["features/catalog/product_title_embedding.yaml"] = embedding(
                stage: "production", modelVersion: "2026-03-01")
            _ = try commit(
                "product_title_embedding: production", chen, "2026-03-10T09:00:00Z",
                branch: "pr/embedding-to-production", parents: [main].compactMap { $0 })

            try repo.checkout(branch: "main")
        } catch {
            throw .git(error)
        }
    }

    static func velocity(stage: String, window: String = "7d") -> String {
        var text = """
            # Card transactions per user: the velocity signal of the fraud model.
            feature: user_txn_count_7d
            version: 1
            stage: \(stage)
            kind: aggregation
            owner: risk-team@example.com
            hypothesis: Spending velocity predicts card fraud.

            """
        if stage != "explore" {
            text += """
                description: Card transactions per user over the trailing 7 days.
                evidence:
                  - {date: 2026-01-12, metric: auc_lift, value: 0.004, dataset: fraud_eval_2025q4}
                entity: [user_id]
                type: int64
                source:
                  table: payments.transactions
                aggregation: {function: count, column: txn_id, window: \(window)}

                """
        }
        if stage == "shadow" || stage == "production" {
            text += """
                time: {event_time: created_at, ttl: 1d}
                backfill: {start: 2024-01-01, strategy: incremental}
                expectations: {null_rate_max: 0.0, min: 0}

                """
        }
        if stage == "production" {
            text += "sla: {freshness: 1h}\nmonitoring: {drift: {metric: psi, threshold: 0.2}}\n"
        }
        return text
    }

    static func channel(stage: String, extraCategory: Bool = false) -> String {
        var text = """
            feature: order_channel
            version: 1
            stage: \(stage)
            kind: categorical
            owner: growth@example.com
            hypothesis: The channel an order came through shifts conversion.

            """
        if stage != "explore" {
            let vocabulary = extraCategory ? "[web, app, store, kiosk]" : "[web, app, store]"
            text += """
                description: Channel of the order.
                evidence:
                  - {date: 2026-02-09, metric: auc_lift, value: 0.003, dataset: conversion_2026q1}
                entity: [order_id]
                source: {table: shop.orders}
                categorical:
                  vocabulary: \(vocabulary)   # the order is the encoding
                  unseen: bucket

                """
        }
        if stage == "shadow" {
            text += """
                  encoding: onehot
                time: {event_time: ordered_at, ttl: 30d}
                backfill: {start: 2025-01-01}
                expectations: {null_rate_max: 0.0}

                """
        }
        return text
    }

    static func embedding(stage: String, modelVersion: String = "2025-11-01") -> String {
        var text = """
            feature: product_title_embedding
            version: 1
            stage: \(stage)
            kind: embedding
            owner: search@example.com
            hypothesis: Title semantics find substitutes that co-purchase data misses.

            """
        if stage != "explore" {
            text += """
                description: Text embedding of the product title.
                evidence:
                  - {date: 2026-02-20, metric: recall_at_10, value: 0.021, dataset: substitutes_2026q1}
                entity: [product_id]
                source: {table: catalog.products}
                embedding:
                  model: all-minilm-l6-v2
                  dimension: 384

                """
        }
        if stage == "production" {
            text += """
                  model_version: "\(modelVersion)"
                  metric: cosine
                time: {event_time: updated_at, ttl: 7d}
                backfill: {start: 2025-06-01}
                expectations: {null_rate_max: 0.0}
                sla: {freshness: 24h}
                monitoring: {drift: {metric: mean_cosine, threshold: 0.1}}

                """
        }
        return text
    }
}
