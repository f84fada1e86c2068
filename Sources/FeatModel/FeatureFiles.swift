extension Policy {
    /// Whether a path inside a feature folder, relative to that folder, names a feature file:
    /// it ends in `.yaml` or `.yml`, and neither it nor a folder on its way is hidden (starts
    /// with `.`). The one definition the working tree, git trees, history, diff and check share,
    /// so a hidden folder committed to git is skipped there exactly as on disk.
    public static func isFeatureFile(relativeToFolder path: some StringProtocol) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return !path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Whether a path relative to the feature root names a feature file of one of this policy's folders.
    public func isFeatureFile(_ path: String) -> Bool {
        featureFolders.contains { folder in
            if folder.isEmpty { return Self.isFeatureFile(relativeToFolder: path) }
            return path.hasPrefix(folder + "/")
                && Self.isFeatureFile(relativeToFolder: path.dropFirst(folder.count + 1))
        }
    }
}
