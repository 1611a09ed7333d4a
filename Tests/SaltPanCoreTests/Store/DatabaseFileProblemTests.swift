import CSQLite
import Testing

@testable import SaltPanCore

/// SQLite's codes for a file it cannot use, as SQLite 3.40 reports them.
@Suite struct DatabaseFileProblemTests {
    @Test func codesNameTheProblem() {
        let path = "/var/lib/saltpan/saltpan.db"
        let notADatabase = SQLiteError(code: SQLITE_NOTADB, message: "file is not a database")
        #expect(DatabaseFileProblem(notADatabase, path: path) == .notADatabase(path: path))

        let damaged = SQLiteError(code: SQLITE_CORRUPT, message: "database disk image is malformed")
        #expect(DatabaseFileProblem(damaged, path: path) == .damaged(path: path, message: damaged.message))

        // SQLITE_READONLY_DIRECTORY, what a user who cannot write the folder of a WAL file gets.
        let folder = SQLiteError(code: SQLITE_READONLY | (6 << 8), message: "attempt to write a readonly database")
        #expect(DatabaseFileProblem(folder, path: path) == .folderNotWritable(path: path))
        #expect(DatabaseFileProblem(folder, path: path)?.description.contains("'\(path)-shm'") == true)
    }

    @Test func otherErrorsPassThrough() {
        let errors = [
            SQLiteError(code: SQLITE_BUSY, message: "database is locked"),
            SQLiteError(code: SQLITE_ERROR, message: "no such table: x"),
            SQLiteError(code: SQLITE_READONLY, message: "attempt to write a readonly database"),
        ]
        for error in errors {
            #expect(DatabaseFileProblem(error, path: "saltpan.db") == nil, "\(error.message)")
        }
    }
}
