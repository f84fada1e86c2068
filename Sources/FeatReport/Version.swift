/// The version of feat: `feat --version`, the CI templates' cache key and the release
/// archive's name all read it. `scripts/release.sh VERSION` stamps it.
public enum FeatVersion {
    public static let current = "0.2.0"
}
