/// Facts about this build of saltpan.
public enum SaltPan {
    /// The release version, printed by `saltpan --version` and written into reports.
    public static let version = "0.1.0"
}
