import FeatModel
import Testing

/// A consumer remembered as bytes (`.git/feat/consumers.bin`) comes back as it was parsed,
/// and bytes that are not exactly one consumer come back as nothing, never as a wrong one.
@Suite("A consumer encoded and decoded is the same consumer")
struct ConsumerCodingTests {
    static let files = [
        "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [a, {feature: b, version: 2}]\n",
        "consumer: board\nstage: experiment\nreads:\n  - a\n  - {feature: t, role: label}\n",
        """
        consumer: churn
        kind: service
        stage: shadow
        owner: growth@example.com
        description: Scores churn nightly; ünïcode too.
        reads: [a, b]
        acknowledgements:
          - {feature: a, impact: meaning, reason: retrained on the new window, expires: 2026-12-20}
          - {feature: b, version: 1, impact: breaking, reason: "agreed,\\nin two lines"}

        """,
        "consumer: retired_one\nstage: retired\nreads: []\n",
    ]

    @Test("every field, each line and the path given back", arguments: files)
    func roundTrip(text: String) throws {
        let parsed = ConsumerParser.parse(Array(text.utf8), path: "consumers/x.yaml")
        let consumer = try #require(parsed.consumer, "\(parsed.problems)")
        let bytes = consumer.encoded()
        #expect(Consumer(decoding: bytes[...], path: "consumers/x.yaml") == consumer)
        let moved = try #require(Consumer(decoding: bytes[...], path: "consumers/elsewhere/x.yaml"))
        #expect(moved.path == "consumers/elsewhere/x.yaml" && moved.reads == consumer.reads)
        #expect(moved.lines == consumer.lines && moved.acknowledgements == consumer.acknowledgements)
    }

    @Test("every truncation and a byte changed anywhere decode to nothing or to a well-formed consumer, never a crash")
    func damagedBytes() throws {
        let parsed = ConsumerParser.parse(Array(Self.files[2].utf8), path: "consumers/churn.yaml")
        let bytes = try #require(parsed.consumer).encoded()
        for end in 0..<bytes.count {
            #expect(Consumer(decoding: bytes[..<end], path: "c.yaml") == nil, "truncated at \(end)")
        }
        #expect(Consumer(decoding: (bytes + [0])[...], path: "c.yaml") == nil, "a byte too many")
        for i in bytes.indices {
            var changed = bytes
            changed[i] ^= 0xFF
            _ = Consumer(decoding: changed[...], path: "c.yaml")
        }
    }
}
