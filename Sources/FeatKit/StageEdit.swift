import FeatModel

/// Changes the `stage:` value of a feature file and nothing else: every other byte,
/// comments and layout included, stays as it was.
public enum StageEdit {
    public static func setStage(_ bytes: [UInt8], line: Int, to stage: String) -> [UInt8]? {
        // Find the line, then the value after `stage:` up to a comment or the line end.
        var current = 1
        var i = 0
        while i < bytes.count && current < line {
            if bytes[i] == 0x0A { current += 1 }
            i += 1
        }
        guard current == line else { return nil }
        let key = Array("stage:".utf8)
        guard i + key.count <= bytes.count, Array(bytes[i..<(i + key.count)]) == key else { return nil }
        var start = i + key.count
        while start < bytes.count && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        var end = start
        if start < bytes.count && (bytes[start] == 0x22 || bytes[start] == 0x27) {
            let quote = bytes[start]
            end = start + 1
            while end < bytes.count && bytes[end] != quote && bytes[end] != 0x0A { end += 1 }
            guard end < bytes.count && bytes[end] == quote else { return nil }
            end += 1
        } else {
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D
                && !(bytes[end] == 0x23 && end > start && bytes[end - 1] == 0x20)
            {
                end += 1
            }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        }
        guard end > start else { return nil }
        return Array(bytes[..<start]) + Array(stage.utf8) + Array(bytes[end...])
    }
}
