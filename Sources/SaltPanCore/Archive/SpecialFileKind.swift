/// The kind of an `.other` entry, a member that contains no file data, for a message that explains
/// why it was not read.
public enum SpecialFileKind: Sendable, Equatable, CustomStringConvertible {
    case symbolicLink
    /// A tar member that refers to an earlier member for its data.
    case hardLink
    case namedPipe
    case characterDevice
    case blockDevice
    case socket
    /// A tar member of another type, such as a GNU sparse file (`S`) or volume label (`V`).
    case tarMember(typeflag: UInt8)

    /// The kind with an article, as it reads in a sentence: "a symbolic link".
    public var description: String {
        switch self {
        case .symbolicLink: return "a symbolic link"
        case .hardLink: return "a hard link"
        case .namedPipe: return "a named pipe"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .tarMember(let typeflag): return "a tar member of type \(Self.typeflagText(typeflag))"
        }
    }

    /// Returns the kind a tar typeflag names, for members that are neither files nor folders.
    static func fromTypeflag(_ typeflag: UInt8) -> SpecialFileKind {
        switch typeflag {
        case UInt8(ascii: "1"): return .hardLink
        case UInt8(ascii: "2"): return .symbolicLink
        case UInt8(ascii: "3"): return .characterDevice
        case UInt8(ascii: "4"): return .blockDevice
        case UInt8(ascii: "6"): return .namedPipe
        default: return .tarMember(typeflag: typeflag)
        }
    }

    /// Returns the typeflag quoted when printable, else in hex.
    private static func typeflagText(_ typeflag: UInt8) -> String {
        (0x21..<0x7f).contains(typeflag) ? "'\(Character(UnicodeScalar(typeflag)))'" : "0x" + hexString([typeflag])
    }
}
