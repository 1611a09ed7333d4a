import ArgumentParsing
import SaltPanCore

#if canImport(Glibc)
import Glibc
#endif

HeapSettings.keepFreedMemory()
let parser = CommandParser(root: Commands.root, version: SaltPan.version)
var standardError = StandardError()

do {
    switch try parser.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help(let text):
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        exit(ExitCode.success)
    case .version(let text):
        print(text)
        exit(ExitCode.success)
    case .command(let command):
        exit(CommandRunner.run(command))
    }
} catch {
    print(error.description, to: &standardError)
    exit(error.exitCode)
}
