import Testing

@testable import FeatModel

@Suite("Consumer files are read as strictly as feature files")
struct ConsumerParserTests {
    func parse(_ text: String) -> ParsedConsumer {
        ConsumerParser.parse(Array(text.utf8), path: "consumers/fraud_scorer.yaml")
    }

    @Test("a consumer with plain and versioned reads and an acknowledgement")
    func wellFormed() throws {
        let parsed = parse(
            """
            consumer: fraud_scorer
            kind: model
            stage: production
            owner: risk-ml@example.com
            reads:
              - user_txn_count_7d
              - {feature: product_title_embedding, version: 2}
              - {feature: is_fraud, role: label}
            acknowledgements:
              - {feature: user_txn_count_7d, impact: meaning, reason: "retrained on 30 days", expires: 2027-01-15}
            """)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        let c = try #require(parsed.consumer)
        #expect(c.stage == .production && c.kind == .model)
        #expect(c.reads.map(\.identity.description) == ["user_txn_count_7d", "product_title_embedding v2", "is_fraud"])
        #expect(c.reads.last?.role == "label")
        #expect(c.acknowledgements.first?.impact == "meaning")
        #expect(c.acknowledgements.first?.expires?.description == "2027-01-15")
    }

    @Test("an unknown key names the closest one; a missing stage and a reason-less acknowledgement are errors")
    func problems() {
        let parsed = parse(
            """
            consumer: fraud_scorer
            owner: risk-ml@example.com
            raeds: [a]
            acknowledgements:
              - {feature: a, impact: meaning}
            """)
        let messages = parsed.problems.map(\.message).joined(separator: "\n")
        #expect(messages.contains("did you mean 'reads'"), "\(messages)")
        #expect(messages.contains("missing 'stage'"), "\(messages)")
        #expect(messages.contains("needs a 'reason'"), "\(messages)")
        #expect(parsed.problems.allSatisfy { $0.line != nil })
    }

    @Test("a read listed twice is an error naming the first line")
    func duplicateRead() {
        let parsed = parse("consumer: c\nstage: shadow\nowner: o@example.com\nreads: [a, a]\n")
        #expect(parsed.problems.contains { $0.message.contains("lists a twice") }, "\(parsed.problems)")
    }
}

@Suite("time.timezone names a zone the IANA database knows")
struct TimeZoneFieldTests {
    func problems(_ zone: String) -> [String] {
        let text = """
            feature: a
            stage: explore
            kind: aggregation
            owner: o@example.com
            hypothesis: h
            time: {timezone: \(zone)}

            """
        return FeatureParser.parse(Array(text.utf8), path: "features/a.yaml").problems.map(\.message)
    }

    @Test("an unknown zone is FEAT001; one in the wrong case gets the right spelling suggested")
    func unknownZone() {
        #expect(problems("Mars/Olympus").contains { $0.contains("not a time zone the IANA database knows") })
        #expect(problems("europe/paris").contains { $0.contains("did you mean 'Europe/Paris'") })
        #expect(problems("US/Eastern").isEmpty)
        #expect(problems("UTC").isEmpty)
    }
}
