import Testing

@testable import ArgumentParsing

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("abc", "", 3),
        ("same", "same", 0),
        ("fromat", "format", 2),
        ("flaw", "lawn", 2),
    ])
    func distance(first: String, second: String, expected: Int) {
        #expect(editDistance(first, second) == expected)
    }

    @Test(arguments: [
        ("fromat", ["db", "format", "quiet"], "format"),
        ("qiuet", ["db", "format", "quiet"], "quiet"),
        ("abc", ["xyz"], "xyz"),
        ("ab", ["ax", "ay"], "ax"),
    ])
    func suggestsClosest(name: String, candidates: [String], expected: String) {
        #expect(closestName(to: name, among: candidates) == expected)
    }

    @Test func noSuggestionAtDistanceFour() {
        #expect(closestName(to: "abcd", among: ["wxyz"]) == nil)
        #expect(closestName(to: "anything", among: []) == nil)
    }
}
