extension Policy {
    /// Whether a path inside a feature folder, relative to that folder, names a feature file:
    /// it ends in `.yaml` or `.yml`, and neither it nor a folder on its way is hidden (starts
    /// with `.`). The one definition the working tree, git trees, history, diff and check share,
    /// so a hidden folder committed to git is skipped there exactly as on disk.
    public static func isFeatureFile(relativeToFolder path: String) -> Bool {
        isFeatureFile(relativeToFolder: path[...])
    }

    public static func isFeatureFile(relativeToFolder path: Substring) -> Bool {
        isFeatureFile(relativeToFolder: path.utf8)
    }

    static func isFeatureFile(relativeToFolder bytes: Substring.UTF8View) -> Bool {
        // Bytes of a concrete type, not Characters of a generic one: a history walk asks this
        // of every changed file, from another module (where a generic would not be specialised).
        guard bytes.count >= yml.count else { return false }
        guard bytes.elementsEqualSuffix(yaml) || bytes.elementsEqualSuffix(yml) else { return false }
        var previous = UInt8(ascii: "/")
        for byte in bytes {
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: "/") { return false }
            previous = byte
        }
        return true
    }

    private static let yaml = Array(".yaml".utf8)
    private static let yml = Array(".yml".utf8)

    /// Whether a path relative to the feature root names a feature file of this policy: a
    /// feature file name below one of its folders, not hidden (`.featurerepo/` is), and not
    /// below a consumers folder, even when a feature folder holds it.
    public func isFeatureFile(_ path: String) -> Bool {
        guard !isConsumerFile(path) else { return false }
        return featureFolders.contains { folder in
            if folder.isEmpty { return Self.isFeatureFile(relativeToFolder: path) }
            if let below = Self.asciiBelow(folder, path) {
                return below && Self.isFeatureFile(relativeToFolder: path.utf8.dropFirst(folder.utf8.count + 1))
            }
            return path.hasPrefix(folder + "/")
                && Self.isFeatureFile(relativeToFolder: path.dropFirst(folder.count + 1))
        }
    }

    /// Whether `path` lies below `folder`, read from the bytes when both are ASCII (every
    /// character a byte, no string built); nil otherwise, for the comparison of characters.
    /// A diff or history walk asks this of every path it meets.
    static func asciiBelow(_ folder: String, _ path: String) -> Bool? {
        let (f, p) = (folder.utf8, path.utf8)
        guard f.allSatisfy({ $0 < 0x80 }), p.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard p.count > f.count, p.starts(with: f) else { return false }
        return p[p.index(p.startIndex, offsetBy: f.count)] == UInt8(ascii: "/")
    }

    /// Whether a path relative to the feature root is below one of the consumers folders.
    public func isConsumerFile(_ path: String) -> Bool {
        consumerFolders.contains { Self.folder($0, contains: path) && path != $0 }
    }

    /// Whether a folder ("" for the root) is, or holds, a path.
    public static func folder(_ folder: String, contains path: String) -> Bool {
        if folder.isEmpty { return true }
        if let below = asciiBelow(folder, path) { return below || path.utf8.elementsEqual(folder.utf8) }
        return path == folder || path.hasPrefix(folder + "/")
    }

    /// The folders that are not inside another of them, each once, in the order written: the
    /// folders to walk so that no file is found twice (`[., features]` is the root alone).
    public static func outermost(_ folders: [String]) -> [String] {
        var result: [String] = []
        for (i, f) in folders.enumerated() where !result.contains(f) {
            let inside = folders.enumerated().contains { j, other in
                j != i && other != f && folder(other, contains: f)
            }
            if !inside { result.append(f) }
        }
        return result
    }
}

extension Substring.UTF8View {
    /// Whether the bytes end with `suffix`.
    fileprivate func elementsEqualSuffix(_ suffix: [UInt8]) -> Bool {
        count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix)
    }
}
