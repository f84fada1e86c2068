import FeatKit
import Foundation
import Testing

/// `--at` and `--now` read dates as people write them, and call an impossible date invalid.
@Suite("Dates as people write them")
struct DateArgumentTests {
    static func utc(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    @Test(
        "dates and date-times, with or without seconds, fractions and offsets",
        arguments: [
            ("2026-09-05", "2026-09-05T23:59:59.000Z"),
            ("2026-09-05T12:00", "2026-09-05T12:00:00.000Z"),
            ("2026-09-05T12:00:30", "2026-09-05T12:00:30.000Z"),
            ("2026-09-05 12:00:30Z", "2026-09-05T12:00:30.000Z"),
            ("2026-09-05T12:00:30.250Z", "2026-09-05T12:00:30.250Z"),
            ("2026-09-05T12:00:00+02:00", "2026-09-05T10:00:00.000Z"),
            ("2026-09-05T12:00-0130", "2026-09-05T13:30:00.000Z"),
            ("2024-02-29", "2024-02-29T23:59:59.000Z"),
        ])
    func valid(text: String, expected: String) {
        #expect(DateArgument.read(text) == .date(Self.utc(expected) ?? .distantPast))
    }

    @Test(
        "an impossible date or time is invalid, not a revision",
        arguments: [
            "2026-13-01", "2026-02-29", "2026-04-31", "2026-09-05T24:00", "2026-09-05T12:61", "2026-09-05T12:00+2",
            "2026-09-05X", "2026-09-05T12:00:00.Z",
        ])
    func invalid(text: String) {
        #expect(DateArgument.read(text) == .invalid)
    }

    @Test("revisions are not dates", arguments: ["main", "HEAD~3", "v1.2", "a1b2c3d", "2026", "origin/2026-09"])
    func revisions(text: String) {
        #expect(DateArgument.read(text) == .notADate)
    }
}
