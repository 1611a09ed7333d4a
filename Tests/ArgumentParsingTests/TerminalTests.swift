import Glibc
import Testing

@testable import ArgumentParsing

@Suite struct TerminalTests {
    @Test(arguments: [(["COLUMNS": "132"], 132), (["COLUMNS": "abc"], 80), (["COLUMNS": "0"], 80), ([:], 80)])
    func widthFromColumnsOrDefault(environment: [String: String], expected: Int) throws {
        let pipe = try Pipe()
        #expect(terminalWidth(environment: environment, fileDescriptor: pipe.readEnd) == expected)
    }

    @Test func widthFromTerminalSize() throws {
        let terminal = try PseudoTerminal()
        var size = winsize(ws_row: 30, ws_col: 101, ws_xpixel: 0, ws_ypixel: 0)
        #expect(ioctl(terminal.secondary, UInt(TIOCSWINSZ), &size) == 0)

        #expect(terminalWidth(environment: [:], fileDescriptor: terminal.secondary) == 101)
        #expect(terminalWidth(environment: ["COLUMNS": "60"], fileDescriptor: terminal.secondary) == 60)
    }

    @Test func terminalDetection() throws {
        let terminal = try PseudoTerminal()
        let pipe = try Pipe()

        #expect(isTerminal(terminal.secondary, environment: ["TERM": "xterm-256color"]))
        #expect(isTerminal(terminal.secondary, environment: [:]))
        #expect(!isTerminal(terminal.secondary, environment: ["TERM": "dumb"]))
        #expect(!isTerminal(pipe.writeEnd, environment: ["TERM": "xterm-256color"]))
    }

    @Test func environmentCopySplitsAtFirstEquals() {
        setenv("ARGUMENT_PARSING_TEST_VARIABLE", "a=b", 1)
        defer { unsetenv("ARGUMENT_PARSING_TEST_VARIABLE") }

        #expect(environmentVariables()["ARGUMENT_PARSING_TEST_VARIABLE"] == "a=b")
    }
}

/// A pipe whose ends are closed when the value is deinitialized.
final class Pipe {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw SystemCallError(name: "pipe", code: errno)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}

/// A pseudo-terminal pair, so that tests can check behaviour on a real terminal device.
///
/// Swift's Glibc module leaves out `posix_openpt`, `grantpt`, `unlockpt`
/// and `ptsname` (glibc declares them only for X/Open builds), so they are
/// looked up with `dlsym`.
final class PseudoTerminal {
    let primary: Int32
    let secondary: Int32

    init() throws {
        typealias DescriptorFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        guard let openPrimary = Self.cFunction("posix_openpt", as: DescriptorFunction.self),
            let grant = Self.cFunction("grantpt", as: DescriptorFunction.self),
            let unlock = Self.cFunction("unlockpt", as: DescriptorFunction.self),
            let secondaryName = Self.cFunction("ptsname", as: NameFunction.self)
        else {
            throw SystemCallError(name: "dlsym(posix_openpt, grantpt, unlockpt, ptsname)", code: ENOSYS)
        }

        primary = openPrimary(O_RDWR | O_NOCTTY)
        guard primary >= 0 else {
            throw SystemCallError(name: "posix_openpt", code: errno)
        }
        guard grant(primary) == 0, unlock(primary) == 0, let name = secondaryName(primary) else {
            let code = errno
            close(primary)
            throw SystemCallError(name: "grantpt, unlockpt or ptsname", code: code)
        }

        secondary = open(name, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else {
            let code = errno
            close(primary)
            throw SystemCallError(name: "open(\(String(cString: name)))", code: code)
        }
    }

    deinit {
        close(secondary)
        close(primary)
    }

    private static func cFunction<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, name) else {
            return nil
        }
        return unsafeBitCast(symbol, to: type)
    }
}

struct SystemCallError: Error, CustomStringConvertible {
    var name: String
    var code: Int32

    var description: String { "\(name) failed: \(String(cString: strerror(code)))" }
}
