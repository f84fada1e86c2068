import FeatGit
import Foundation

/// Resolves `--at`: a revision, or an ISO 8601 date meaning the last first-parent commit
/// of HEAD at or before it.
extension FeatureRepository {
    public func resolvePointInTime(_ text: String) throws(FeatError) -> ObjectID {
        guard let date = parseDate(text) else { return try resolve(text) }
        let repo = try requireGit()
        let head = try resolve("HEAD")
        var found: ObjectID?
        // Each step carries its committer date: no commit is read twice.
        let limit = Int64(date.timeIntervalSince1970.rounded(.down))
        let chain = try FeatKit.git { () throws(GitError) in
            try repo.firstParentHistory(from: head) { step in
                guard step.time <= limit else { return false }
                found = step.commit
                return true
            }
        }
        if let found { return found }
        if let boundary = chain.shallowBoundary {
            throw .historyTooShallow(boundary: boundary.description, needed: "--at \(text)")
        }
        throw .noCommitAtOrBefore(date: text)
    }
}

/// Parses `2026-01-05`, `2026-01-05T10:00:00Z` or with an offset; nil when not a date.
public func parseDate(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if text.count == 10 {
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        // A day means its end: everything committed that day counts.
        return formatter.date(from: text).map { $0.addingTimeInterval(86_399) }
    }
    formatter.formatOptions = [.withInternetDateTime]
    if let d = formatter.date(from: text) { return d }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}
