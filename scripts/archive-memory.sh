#!/usr/bin/env bash
# Shows that streaming a .tar.gz takes memory bounded by the largest entry, not by the input.
#
# Generates gzip-compressed tar archives of many small files shaped like a Salt job cache,
# about 30 MB and 300 MB compressed and twice that uncompressed. Reads each one through
# openArchive in a release build of the test target (ArchiveMemoryTests). Prints the peak
# resident set size that /usr/bin/time -v measured, and the time `gzip -dc` takes on the
# same file for comparison.
#
# Usage: scripts/archive-memory.sh [WORK_FOLDER]
#   WORK_FOLDER   where archives and the build go (default: a new temporary folder); archives
#                 already there are reused
#   PACKAGE_PATH  the Swift package to build (default: this repository)
#   SCRATCH_PATH  the build folder (default: WORK_FOLDER/build)
# Needs python3 (to generate the archives), GNU time at /usr/bin/time and gzip.
set -euo pipefail

repository=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
package=${PACKAGE_PATH:-$repository}
scratch=${SCRATCH_PATH:-$work/build}
mkdir -p "$work"

# Writes a GNU-format .tar.gz of FILE_COUNT files of 16 KiB: 8 KiB of random bytes, which do
# not compress, and 8 KiB of repetitive text, under paths longer than 100 bytes.
generate_archive() {
    python3 - "$1" "$2" <<'PYTHON'
import hashlib, io, os, sys, tarfile

path, file_count = sys.argv[1], int(sys.argv[2])
with tarfile.open(path, "w:gz", compresslevel=6, format=tarfile.GNU_FORMAT) as archive:
    for index in range(file_count):
        digest = hashlib.sha256(str(index).encode()).hexdigest()
        name = f"jobs/{digest[:2]}/{digest[2:]}/minion-{index % 50:02d}.example.test/return.p"
        text = (f'{{"jid": "{index:020d}", "retcode": 0, "fun": "state.apply"}}\n' * 200).encode()
        data = os.urandom(8192) + text[:8192]
        member = tarfile.TarInfo(name)
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
PYTHON
}

echo "Building the test target in release mode into $scratch ..."
swift build -c release --build-tests -Xswiftc -enable-testing --package-path "$package" --scratch-path "$scratch" >/dev/null
binary=$(find "$scratch/release/" -maxdepth 1 -name '*PackageTests.xctest' | head -n 1)

for file_count in 3600 36000; do
    archive="$work/archive-$file_count.tar.gz"
    if [ ! -f "$archive" ]; then
        echo "Generating $archive ..."
        generate_archive "$archive" "$file_count"
    fi

    compressed_bytes=$(stat -c %s "$archive")
    gzip_seconds=$({ /usr/bin/time -f %e gzip -dc "$archive" >/dev/null; } 2>&1)
    log="$work/run-$file_count.log"
    SALTPAN_ARCHIVE_MEMORY_INPUT="$archive" /usr/bin/time -v \
        "$binary" --testing-library swift-testing --filter ArchiveMemoryTests >"$log" 2>&1
    peak_kib=$(awk '/Maximum resident set size/ { print $NF }' "$log")
    summary=$(grep -o 'archive-memory: .*' "$log")

    echo "$file_count files, $compressed_bytes bytes compressed:"
    echo "  peak RSS $peak_kib KiB; gzip -dc took $gzip_seconds s"
    echo "  $summary"
done
