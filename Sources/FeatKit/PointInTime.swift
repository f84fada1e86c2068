import FeatGit
import FeatHistory
import FeatModel
import Foundation
import GitID

/// Resolves `--at`: a revision, or an ISO 8601 date meaning the last first-parent commit
/// of HEAD at or before it.
extension FeatureRepository {
    public func resolvePointInTime(_ text: String) throws(FeatError) -> ObjectID {
        let date: Date
        switch DateArgument.read(text) {
        case .notADate: return try resolve(text)
        case .invalid: throw .invalidArgument(DateArgument.invalidMessage(text, option: "--at"))
        case .date(let d): date = d
        }
        let repo = try requireGit()
        let head = try resolve("HEAD")
        var found: ObjectID?
        // Each step carries its committer date: no commit is read twice. The history index, when
        // there is one, holds the older part of the chain with its dates: walk only what it lacks.
        let limit = Int64(date.timeIntervalSince1970.rounded(.down))
        let index = (try? policy(at: head)).flatMap { policy in
            HistoryIndexFile.locate(repo: repo, folders: featureFolders(policy), enabled: true)?.load()
        }
        var resume: Int?
        let chain = try FeatKit.git { () throws(GitError) in
            try repo.firstParentHistory(from: head) { step in
                guard step.time <= limit else {
                    resume = index?.position[step.commit]
                    return resume != nil
                }
                found = step.commit
                return true
            }
        }
        if found == nil, let index, let resume {
            var record = Int(index.parents[resume])
            while record >= 0, found == nil {
                if index.times[record] <= limit { found = index.commits[record] }
                record = Int(index.parents[record])
            }
        }
        if let found { return found }
        if let boundary = chain.shallowBoundary {
            throw .historyTooShallow(boundary: boundary.description, needed: "--at \(text)")
        }
        throw .noCommitAtOrBefore(date: text)
    }
}

/// A date or date-time as people write it, ISO 8601: `2026-09-05` (the end of that day, UTC),
/// `2026-09-05T12:00`, `2026-09-05T12:00:30`, with fractional seconds, `Z` or an offset
/// (`+02:00`, `+0200`); a space may stand for the `T`. A date-time without an offset is UTC.
public enum DateArgument {
    /// What a text is as a date.
    public enum Reading: Equatable {
        /// Not written as a date at all (a revision, say).
        case notADate
        /// Written as a date, but no such day or time exists (`2026-13-01`).
        case invalid
        case date(Date)
    }

    public static func read(_ text: String) -> Reading {
        let bytes = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i..<(i + n)] {
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            i += n
            return value
        }
        func take(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2) else {
            return .notADate
        }
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, of: year) else {
            return .invalid
        }
        var seconds = Double(CalendarDate(year: year, month: month, day: day).dayNumber) * 86_400
        if i == bytes.count { return .date(Date(timeIntervalSince1970: seconds + 86_399)) }
        guard take("T") || take("t") || take(" ") else { return .invalid }
        guard let hour = digits(2), take(":"), let minute = digits(2), hour < 24, minute < 60 else { return .invalid }
        seconds += Double(hour * 3600 + minute * 60)
        if take(":") {
            guard let second = digits(2), second < 60 else { return .invalid }
            seconds += Double(second)
            if take(".") || take(",") {
                var scale = 0.1
                var any = false
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    seconds += Double(bytes[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return .invalid }
            }
        }
        if i == bytes.count || take("Z") || take("z") {
            return i == bytes.count ? .date(Date(timeIntervalSince1970: seconds)) : .invalid
        }
        let sign: Double
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return .invalid }
        guard let offsetHours = digits(2), offsetHours < 24 else { return .invalid }
        _ = take(":")
        let offsetMinutes = i == bytes.count ? 0 : (digits(2) ?? 60)
        guard offsetMinutes < 60, i == bytes.count else { return .invalid }
        return .date(Date(timeIntervalSince1970: seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)))
    }

    /// The message for a text written as a date that is not one.
    public static func invalidMessage(_ text: String, option: String) -> String {
        "\(option) '\(text)' is not a valid date: write 2026-09-05, 2026-09-05T12:00 or 2026-09-05T12:00:00+02:00"
    }
}

/// A date argument, or nil when the text is not a valid date.
public func parseDate(_ text: String) -> Date? {
    if case .date(let date) = DateArgument.read(text) { return date }
    return nil
}

/// A date argument that starts a range (`feat log --since`): a bare day means from its first
/// second (UTC), where `parseDate` reads it as the day's end, the state "as of" that day.
public func parseStartDate(_ text: String) -> Date? {
    guard let date = parseDate(text) else { return nil }
    return text.utf8.count == 10 ? date.addingTimeInterval(-86_399) : date
}
