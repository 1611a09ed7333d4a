#if canImport(Glibc)
import Glibc
#endif

/// The Salt modules whose returns the outcome rule reads inside.
///
/// A function name is `module.function`, and `state.apply`, `runner.jobs.list_jobs` or
/// `wheel.key.list_all` each return a structure with its own success signals. Loads and job
/// listings use it to tell runner and wheel jobs from published ones.
///
/// The module is found by comparing UTF-8 bytes. `String.hasPrefix` compares characters, and
/// its three calls for every return judged took 1% of the writer's instructions in an ingest.
enum FunctionFamily: Equatable {
    case state
    case runner
    case wheel
    case other

    init(_ function: String?) {
        guard let function else {
            self = .other
            return
        }
        self = function.withUTF8Bytes { name in
            if Self.name(name, startsWith: "state.") { return .state }
            if Self.name(name, startsWith: "runner.") { return .runner }
            if Self.name(name, startsWith: "wheel.") { return .wheel }
            return .other
        }
    }

    /// True for the families whose rule reads the members of a returned map.
    var readsMembers: Bool {
        self != .other
    }

    private static func name(_ name: UnsafeBufferPointer<UInt8>, startsWith prefix: StaticString) -> Bool {
        guard let start = name.baseAddress, name.count >= prefix.utf8CodeUnitCount else { return false }
        return memcmp(start, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }
}
