import ArgumentParsing
import SaltPanCore

/// `saltpan product-map FILE`: puts stored returns in products by minion id.
enum ProductMapCommand {
    static let spec = CommandSpec(
        name: "product-map",
        abstract: "Apply a product map to every return already stored.",
        discussion: """
            A product groups minions, as in saltshaker. The map file has one rule a line: a \
            minion id or glob, white space, then the product id; lines starting with '#' are \
            comments, and the first matching rule wins. Products named by the data or by \
            'ingest --product' are kept; the map fills in the rest and replaces what an earlier \
            map set. Later ingests apply the same map to their returns.

            \(Commands.exitStatusText)
            """,
        optionGroups: [Commands.database],
        positionals: [PositionalSpec("file", help: "The product map file.")]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        guard let path = command.argument("file") else {
            throw UsageError("Missing expected argument '<file>'", in: command)
        }
        let map = try readMap(path)
        let store = try CommandRunner.openStore(command)
        let mapped = try map.apply(to: store)
        print("\(map.rules.count) rules applied; \(mapped) returns have a product from the map")
        return ExitCode.success
    }

    /// Reads and parses a product map file.
    static func readMap(_ path: String) throws -> ProductMap {
        guard let text = TextFile.read(path) else {
            throw CommandError("cannot read the product map '\(path)'; check the path and its permissions")
        }
        return try ProductMap(text: text, path: path)
    }
}
