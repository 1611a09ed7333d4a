/// Recognises text in a Unicode encoding other than UTF-8, which saltpan's JSON readers reject.
///
/// Exported JSON is UTF-8, but Windows PowerShell 5.1 writes what `>` and `Out-File` redirect as
/// UTF-16LE with a byte order mark (Microsoft's `about_Character_Encoding`). Read as UTF-8, such
/// a file has a NUL byte after every ASCII character and looked like no export, or like an event
/// log with a power-loss NUL run on every line.
enum UnicodeTextEncoding {
    /// How many leading characters must show the NUL pattern of UTF-16 without a byte order mark.
    static let sampleCharacters = 4

    /// Returns the name of the encoding `prefix` is in, when it is UTF-16 or UTF-32 rather than
    /// UTF-8, or nil.
    ///
    /// A byte order mark decides. Without one, UTF-16 is recognised by its first characters
    /// being ASCII with a NUL byte before (big-endian) or after (little-endian) each. A run of NUL
    /// bytes alone, as a power loss leaves in a log, does not match.
    static func nonUTF8Name(_ prefix: [UInt8]) -> String? {
        if prefix.starts(with: [0xff, 0xfe, 0x00, 0x00]) { return "UTF-32LE" }
        if prefix.starts(with: [0x00, 0x00, 0xfe, 0xff]) { return "UTF-32BE" }
        if prefix.starts(with: [0xff, 0xfe]) { return "UTF-16LE" }
        if prefix.starts(with: [0xfe, 0xff]) { return "UTF-16BE" }
        if hasASCIIPairs(prefix, characterAt: 0) { return "UTF-16LE" }
        if hasASCIIPairs(prefix, characterAt: 1) { return "UTF-16BE" }
        return nil
    }

    /// Builds the message for an input in `encoding`, with the command that converts it.
    static func message(encoding: String) -> String {
        "the input is \(encoding) text, but saltpan reads exported JSON as UTF-8; convert it first, "
            + "for example with 'iconv -f \(encoding) -t UTF-8 FILE > FILE.utf8.json'"
    }

    /// True when the first `sampleCharacters` two-byte units each hold a non-NUL ASCII byte at
    /// `characterAt` (0 or 1) and a NUL byte at the other position.
    private static func hasASCIIPairs(_ prefix: [UInt8], characterAt offset: Int) -> Bool {
        guard prefix.count >= sampleCharacters * 2 else { return false }
        for unit in 0..<sampleCharacters {
            let character = prefix[unit * 2 + offset]
            let other = prefix[unit * 2 + 1 - offset]
            guard other == 0, character != 0, character < 0x80 else { return false }
        }
        return true
    }
}
