/// Shows control characters in stored text as visible characters, for output read by people.
///
/// Minion ids, state ids and return values are whatever the minions sent, and `cmd.run` output
/// often carries ANSI colour codes (`ESC [0;32m`), carriage returns, bells and NUL bytes. Written
/// raw, an escape sequence acts on the terminal that prints it (it recolours text, moves the
/// cursor or clears the screen), and XML 1.0 forbids most C0 controls, so an HTML or SVG report
/// containing one is invalid. The terminal table, `saltpan job`, Markdown, HTML and SVG writers
/// show them with this type. JSON escapes them itself, and CSV keeps them (see
/// `ReportRenderer.csvField`).
///
/// A C0 control (U+0000 to U+001F) becomes its picture from the Unicode Control Pictures block
/// (ESC as `␛`, NUL as `␀`, CR as `␍`, BEL as `␇`) and DEL becomes `␡`, so each one still takes
/// one column. Scalars with no picture become Swift-style escape text such as `\u{202E}`. These
/// are the C1 controls (U+0080 to U+009F), the line and paragraph separators (U+2028, U+2029),
/// the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), and
/// U+FFFE and U+FFFF, which XML 1.0 forbids. A bidirectional override would reverse the text after
/// it on a terminal or in a rendered report, so a row could show another id or outcome.
///
/// A text that already contains `␛` or `\u{202E}` looks the same as one with the control.
enum ControlPictures {
    /// Returns `text` with every control character shown, tab and line breaks included, so the
    /// text stays on one line: a table cell, a heading or a label.
    static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            append(scalar, to: &visible)
        }
        return String(visible)
    }

    /// Returns `text` with every control character shown except tab and line feed, for
    /// multi-line output such as a whole return in `saltpan job --full`.
    ///
    /// A CR right before a line feed is dropped, because a CRLF line end (as `cmd.run` returns
    /// on Windows minions) looks the same on a terminal as LF alone. Any other CR is shown as
    /// `␍`, because it would move the cursor back and let the rest of the line overwrite it.
    static func lines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else {
            return text
        }
        var visible = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            switch scalar {
            case "\n", "\t": visible.append(scalar)
            case "\r" where next == "\n": continue
            default: append(scalar, to: &visible)
            }
        }
        return String(visible)
    }

    /// Returns whether `line(_:)` changes `scalar`.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF:
            return true
        default:
            return false
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to visible: inout String.UnicodeScalarView) {
        switch scalar.value {
        case 0x00...0x1F:
            visible.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
        case 0x7F:
            visible.append("\u{2421}")
        case _ where isControl(scalar):
            visible.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
        default:
            visible.append(scalar)
        }
    }
}
