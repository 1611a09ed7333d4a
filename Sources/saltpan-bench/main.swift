import SaltPanCore

// `stderr` is a mutable C global, which Swift 6 accepts only from a module imported with
// `@preconcurrency`.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// `saltpan-bench generate`: writes benchmark inputs and prints what they hold as JSON.
let usage = """
    usage: saltpan-bench generate --jobs N --minions N --out DIR [options]

    Writes a realistic SaltStack job history in Salt's own formats, the same bytes for a seed,
    and prints the counts of what it wrote (jobs, returns, missing minions) as JSON.
    The input holds jobs × minions returns.

    options:
      --jobs N          job slots: published jobs, or scheduler rounds of one job per minion
      --minions N       minions that return in every job
      --fleet N         minions in the fleet (default: --minions); a larger fleet makes jobs
                        target lists of minions instead of '*'
      --seed N          seed of the generator (default: 1)
      --out DIR         folder to write into; created when missing
      --cache           write the job cache folder DIR/jobs
      --tar-gz          write DIR/jobs.tar.gz
      --events          write the event log DIR/events.jsonl
      --events-gz       write DIR/events.jsonl.gz
      --small-returns   make every job a 'cmd.run uptime' instead of the realistic mix
      --state-runs N    make every job a 'state.apply' of N states instead of the realistic mix
      --count-only      write nothing; print the counts only

    With no output option, all four outputs are written.
    """

/// Prints `message` and the usage to standard error and exits with status 64.
func fail(_ message: String) -> Never {
    fputs("saltpan-bench: error: \(message)\n\n\(usage)\n", stderr)
    exit(64)
}

func parsePositive(_ text: String?, option: String) -> Int {
    guard let text, let number = Int(text), number > 0 else {
        fail("\(option) needs a positive whole number, got '\(text ?? "")'")
    }
    return number
}

func runGenerate(_ arguments: ArraySlice<String>) throws {
    var jobs: Int?
    var minions: Int?
    var fleet: Int?
    var seed: UInt64 = 1
    var folder: String?
    var outputs = InputGenerator.Outputs()
    var smallReturns = false
    var stateRunStates: Int?
    var countOnly = false

    var remaining = arguments
    while let argument = remaining.popFirst() {
        switch argument {
        case "--jobs": jobs = parsePositive(remaining.popFirst(), option: argument)
        case "--minions": minions = parsePositive(remaining.popFirst(), option: argument)
        case "--fleet": fleet = parsePositive(remaining.popFirst(), option: argument)
        case "--seed":
            let text = remaining.popFirst()
            guard let text, let number = UInt64(text) else { fail("--seed needs a whole number, got '\(text ?? "")'") }
            seed = number
        case "--out":
            guard let path = remaining.popFirst() else { fail("--out needs a folder") }
            folder = path
        case "--cache": outputs.cacheFolder = true
        case "--tar-gz": outputs.cacheArchive = true
        case "--events": outputs.events = true
        case "--events-gz": outputs.compressedEvents = true
        case "--small-returns": smallReturns = true
        case "--state-runs": stateRunStates = parsePositive(remaining.popFirst(), option: argument)
        case "--count-only": countOnly = true
        case "-h", "--help":
            print(usage)
            return
        default: fail("unknown option '\(argument)'")
        }
    }

    guard let jobs, let minions else { fail("--jobs and --minions are required") }
    var options = GeneratorOptions(jobs: jobs, minions: minions, seed: seed, fleetSize: fleet)
    options.smallReturns = smallReturns
    options.stateRunStates = stateRunStates
    let generator = InputGenerator(options: options)

    let counts: GeneratedCounts
    if countOnly {
        counts = generator.count()
    } else {
        guard let folder else { fail("--out is required unless --count-only is given") }
        if !(outputs.cacheFolder || outputs.cacheArchive || outputs.events || outputs.compressedEvents) {
            outputs.cacheFolder = true
            outputs.cacheArchive = true
            outputs.events = true
            outputs.compressedEvents = true
        }
        if mkdir(folder, 0o755) != 0, errno != EEXIST {
            fail("cannot create '\(folder)': \(String(cString: strerror(errno)))")
        }
        counts = try generator.write(outputs, into: folder)
    }
    print(JSONWriter(dialect: .output, prettyPrinted: true).text(counts.jsonValue))
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "generate":
    do {
        try runGenerate(arguments.dropFirst())
    } catch {
        fputs("saltpan-bench: error: \(error)\n", stderr)
        exit(1)
    }
case "-h", "--help", "help":
    print(usage)
case nil:
    fail("a subcommand is required")
case let other?:
    fail("unknown subcommand '\(other)'")
}
