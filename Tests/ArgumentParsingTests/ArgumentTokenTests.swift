import Testing

@testable import ArgumentParsing

@Suite struct ArgumentTokenTests {
    @Test(arguments: [
        ("--name", ArgumentToken.Kind.long(name: "name", value: nil)),
        ("--name=value", .long(name: "name", value: "value")),
        ("--name=a=b", .long(name: "name", value: "a=b")),
        ("--name=", .long(name: "name", value: "")),
        ("-help", .long(name: "help", value: nil)),
        ("-v", .shorts(letters: ["v"], value: nil)),
        ("-vqf", .shorts(letters: ["v", "q", "f"], value: nil)),
        ("-f=x", .shorts(letters: ["f"], value: "x")),
        ("-5", .shorts(letters: ["5"], value: nil)),
        ("-", .value("-")),
        ("plain", .value("plain")),
        ("--", .terminator),
    ])
    func classifiesOneArgument(argument: String, expected: ArgumentToken.Kind) {
        #expect(ArgumentToken.split([argument]).map(\.kind) == [expected])
    }

    @Test func everythingAfterTerminatorIsValue() {
        let tokens = ArgumentToken.split(["-v", "--", "--x", "--", "-h"])
        #expect(
            tokens.map(\.kind) == [
                .shorts(letters: ["v"], value: nil), .terminator, .value("--x"), .value("--"), .value("-h"),
            ]
        )
        #expect(tokens.map(\.text) == ["-v", "--", "--x", "--", "-h"])
    }
}
