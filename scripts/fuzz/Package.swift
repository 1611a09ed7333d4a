// swift-tools-version: 6.0

import PackageDescription

// The fuzz targets for saltpan's decoders, kept out of the main package so that its
// `swift build` and `swift test` never need libFuzzer. Build and run them with
// `scripts/reliability`, which passes `-sanitize=fuzzer,address` to every target.
//
// SwiftPM names a path dependency after its folder, which differs between clones, so the
// name is read from this package's own location, two folders below the main package.
let mainPackageFolder = Context.packageDirectory.split(separator: "/").dropLast(2).last.map(String.init) ?? "main"

let package = Package(
    name: "saltpan-fuzz",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "saltpan-fuzz",
            dependencies: [.product(name: "SaltPanCore", package: mainPackageFolder.lowercased())]
        )
    ]
)
