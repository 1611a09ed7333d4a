#if canImport(Glibc)
import Glibc
#endif

// saltpan-fuzz TARGET [libFuzzer options] [CORPUS_FOLDER...]
//
// One executable contains every target, and the first argument picks one. Swift gives every
// executable its own `main`, which hides libFuzzer's, so this `main` removes the target name
// and hands the remaining arguments to libFuzzer's driver entry point.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argumentCount: UnsafeMutablePointer<Int32>,
    _ arguments: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The target picked on the command line; set once before libFuzzer starts.
nonisolated(unsafe) var selectedTarget = FuzzTarget.msgpack

/// Runs the selected target on one input.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

/// libFuzzer's own entry point; `-sanitize=fuzzer` links a reference to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOneInput(data, size)
}

let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
guard CommandLine.arguments.count >= 2, let target = FuzzTarget(rawValue: CommandLine.arguments[1]) else {
    let usage = "usage: saltpan-fuzz TARGET [libFuzzer options] [CORPUS_FOLDER...]; TARGET is one of \(names)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(64)
}
selectedTarget = target

var driverArguments: [UnsafeMutablePointer<CChar>?] = [CommandLine.unsafeArgv[0]]
for index in 2..<Int(CommandLine.argc) {
    driverArguments.append(CommandLine.unsafeArgv[index])
}
driverArguments.append(nil)
var driverCount = Int32(driverArguments.count - 1)
let status = driverArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
    guard var base = buffer.baseAddress else { return 1 }
    return runFuzzerDriver(&driverCount, &base) { data, size in fuzzOneInput(data, size) }
}
exit(status)
