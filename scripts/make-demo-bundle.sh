#!/usr/bin/env bash
# Rebuilds examples/demo.bundle: a small feature repository with a real history
# (fixed dates and authors, so the bundle is reproducible). Run from anywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main demo && cd demo
export GIT_CONFIG_NOSYSTEM=1 HOME="$work"
when=0
commit() { # commit AUTHOR EMAIL DATE MESSAGE
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
  GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
mkdir -p .featurerepo features/payments features/catalog
cp "$here/templates/config.yaml" .featurerepo/config.yaml
printf 'Ana Lopez <ana@example.com> <ana.lopez@old-laptop.local>\n' > .mailmap

cat > features/payments/user_txn_count_7d.yaml <<'Y'
feature: user_txn_count_7d
version: 1
stage: explore
kind: aggregation
owner: risk-team@example.com
hypothesis: Spending velocity predicts card fraud.
Y
commit "Ana Lopez" ana.lopez@old-laptop.local 2026-01-05T10:00:00Z "Hypothesis: transaction velocity"

cat > features/payments/user_txn_count_7d.yaml <<'Y'
feature: user_txn_count_7d
version: 1
stage: candidate
kind: aggregation
owner: risk-team@example.com
hypothesis: Spending velocity predicts card fraud.
description: Card transactions per user over the trailing 7 days.
evidence:
  - {date: 2026-01-12, metric: auc_lift, value: 0.004, dataset: fraud_eval_2025q4}
entity: [user_id]
type: int64
source:
  table: payments.transactions
aggregation: {function: count, column: txn_id, window: 7d}
Y
commit "Ana Lopez" ana@example.com 2026-01-14T09:30:00Z "user_txn_count_7d: candidate, with evidence"

cat > features/catalog/order_channel.yaml <<'Y'
feature: order_channel
version: 1
stage: explore
kind: categorical
owner: growth@example.com
hypothesis: The channel an order came through shifts conversion.
Y
commit "Ben Okafor" ben@example.com 2026-01-20T14:00:00Z "Hypothesis: order channel"

# A side branch promotes to shadow and is merged: one transition, at the merge.
git checkout -q -b shadow-velocity
cat >> features/payments/user_txn_count_7d.yaml <<'Y'
time: {event_time: created_at, ttl: 1d}
backfill: {start: 2024-01-01, strategy: incremental}
expectations: {null_rate_max: 0.0, min: 0}
Y
sed -i 's/^stage: candidate/stage: shadow/' features/payments/user_txn_count_7d.yaml
commit "Ana Lopez" ana@example.com 2026-02-02T11:00:00Z "user_txn_count_7d: shadow"
git checkout -q main
GIT_AUTHOR_NAME="CI Merge Bot" GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME="CI Merge Bot" \
GIT_COMMITTER_EMAIL=ci@example.com GIT_AUTHOR_DATE=2026-02-03T08:00:00Z GIT_COMMITTER_DATE=2026-02-03T08:00:00Z \
  git merge -q --no-ff -m "Merge pull request #4: user_txn_count_7d to shadow" shadow-velocity
git branch -q -D shadow-velocity

cat > features/catalog/order_channel.yaml <<'Y'
feature: order_channel
version: 1
stage: candidate
kind: categorical
owner: growth@example.com
hypothesis: The channel an order came through shifts conversion.
description: Channel of the order.
evidence:
  - {date: 2026-02-09, metric: auc_lift, value: 0.003, dataset: conversion_2026q1}
entity: [order_id]
source: {table: shop.orders}
categorical:
  vocabulary: [web, app, store]
  unseen: bucket
Y
commit "Ben Okafor" ben@example.com 2026-02-10T10:00:00Z "order_channel: candidate"

# A move across folders is no transition.
mkdir -p features/risk
git mv features/payments/user_txn_count_7d.yaml features/risk/user_txn_count_7d.yaml
commit "Ana Lopez" ana@example.com 2026-02-12T16:00:00Z "Move velocity features under risk/"

cat > features/catalog/product_title_embedding.yaml <<'Y'
feature: product_title_embedding
version: 1
stage: explore
kind: embedding
owner: search@example.com
hypothesis: Title semantics find substitutes that co-purchase data misses.
embedding: {model: all-minilm-l6-v2, dimension: 384}
Y
commit "Chen Wei" chen@example.com 2026-02-16T09:00:00Z "Hypothesis: title embeddings"

sed -i 's/^stage: shadow/stage: production/' features/risk/user_txn_count_7d.yaml
cat >> features/risk/user_txn_count_7d.yaml <<'Y'
sla: {freshness: 1h}
monitoring: {drift: {metric: psi, threshold: 0.2}}
Y
commit "Ana Lopez" ana@example.com 2026-02-17T10:00:00Z "user_txn_count_7d: production after two weeks in shadow"

# A new contract version climbs on its own beside the old one.
cat > features/risk/user_txn_count_30d.yaml <<'Y'
feature: user_txn_count_7d
version: 2
stage: explore
kind: aggregation
owner: risk-team@example.com
hypothesis: A 30-day window is steadier than 7 days.
Y
commit "Ana Lopez" ana@example.com 2026-03-02T10:00:00Z "user_txn_count_7d v2: explore a 30-day window"

# A hypothesis that did not hold is removed.
git rm -q features/catalog/product_title_embedding.yaml
commit "Chen Wei" chen@example.com 2026-03-09T09:00:00Z "Drop title embeddings: no lift"

git bundle create -q "$here/examples/demo.bundle" main
echo "wrote examples/demo.bundle ($(git rev-list --count main) commits, head $(git rev-parse --short main))"
