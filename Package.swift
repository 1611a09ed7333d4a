// swift-tools-version: 6.0

import PackageDescription

let package = Package(
    name: "saltpan",
    products: [
        .executable(name: "saltpan", targets: ["saltpan"]),
        .library(name: "SaltPanCore", targets: ["SaltPanCore"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // libcrypto hashes every input with the processor's SHA extensions where there are any.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // ISA-L inflates gzip inputs about three times as fast as zlib. zlib still writes gzip
        // and computes the CRC-32 of what ISA-L inflates.
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]
        ),
        // glibc's <malloc.h>, for the heap settings of `HeapSettings`; part of the C library.
        .systemLibrary(name: "CMalloc"),
        .target(name: "SaltPanCore", dependencies: ["CSQLite", "CZlib", "CISAL", "CCrypto", "CMalloc"]),
        .target(name: "ArgumentParsing"),
        .executableTarget(name: "saltpan", dependencies: ["SaltPanCore", "ArgumentParsing"]),
        .executableTarget(name: "saltpan-bench", dependencies: ["SaltPanCore"]),
        .testTarget(name: "SaltPanCoreTests", dependencies: ["SaltPanCore"]),
        .testTarget(name: "saltpanTests", dependencies: ["saltpan", "SaltPanCore"]),
        .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing"]),
    ]
)
