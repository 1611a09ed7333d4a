/// Returns the Levenshtein distance between two strings: the fewest single-character
/// insertions, deletions or substitutions that turn one into the other.
func editDistance(_ first: String, _ second: String) -> Int {
    let source = Array(first)
    let target = Array(second)
    var previousRow = Array(0...target.count)

    for (sourceIndex, sourceCharacter) in source.enumerated() {
        var currentRow = [sourceIndex + 1]
        for (targetIndex, targetCharacter) in target.enumerated() {
            let substitution = previousRow[targetIndex] + (sourceCharacter == targetCharacter ? 0 : 1)
            let deletion = previousRow[targetIndex + 1] + 1
            let insertion = currentRow[targetIndex] + 1
            currentRow.append(min(substitution, deletion, insertion))
        }
        previousRow = currentRow
    }
    return previousRow[target.count]
}

/// Returns the candidate closest to `name`, if its edit distance is below 4.
///
/// swift-argument-parser uses the same limit, which it describes as found by
/// trying. Ties go to the earliest candidate.
func closestName(to name: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(name, candidate)
        if distance < 4 && distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}
