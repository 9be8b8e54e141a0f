#!/usr/bin/env bash
# The Lucene 8 peer of the benchmark (protocol: scripts/bench/PEERS.md).
#
#     scripts/bench/peers/lucene/lucene.sh ingest PASSAGES.ndjson INDEX_DIR
#     scripts/bench/peers/lucene/lucene.sh check QUERIES.json INDEX_DIR
#     scripts/bench/peers/lucene/lucene.sh time QUERIES.json INDEX_DIR --rounds R
#
# Compiles LucenePeer.java against Debian's jars (openjdk-17-jdk-headless, liblucene8-java,
# libjackson2-databind-java) into $LUCENE_PEER_BUILD (default target/bench/lucene) when the
# source is newer than the classes, then runs it with a heap of $LUCENE_HEAP (default 4g).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
build="${LUCENE_PEER_BUILD:-$root/target/bench/lucene}"
jars=/usr/share/java

fail() {
    echo "lucene.sh: $*" >&2
    exit 1
}

# The one jar of Debian's package matching the pattern (Debian names them by version).
jar() {
    local pattern="$1" package="$2" found
    found="$(ls "$jars"/$pattern 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$found" ] || fail "no $jars/$pattern: apt-get install $package"
    printf '%s' "$found"
}

command -v java >/dev/null || fail "no java: apt-get install openjdk-17-jdk-headless"
command -v javac >/dev/null || fail "no javac: apt-get install openjdk-17-jdk-headless"

# lucene-queries is a dependency of lucene-facet; lucene-queryparser serves the relevance
# benchmark's classic query parser (rank).
classpath="$(jar 'lucene-core-8.*.jar' liblucene8-java)"
for module in analyzers-common facet grouping queries queryparser; do
    classpath+=":$(jar "lucene-$module-8.*.jar" liblucene8-java)"
done
for module in databind core annotations; do
    classpath+=":$(jar "jackson-$module.jar" libjackson2-databind-java)"
done

source_file="$here/LucenePeer.java"
if [ ! -f "$build/LucenePeer.class" ] || [ "$source_file" -nt "$build/LucenePeer.class" ]; then
    mkdir -p "$build"
    # Old nested classes must not survive a rename.
    rm -f "$build"/LucenePeer*.class
    javac --release 17 -Xlint:all,-serial -cp "$classpath" -d "$build" "$source_file" \
        || fail "could not compile $source_file"
fi

exec java -Xmx"${LUCENE_HEAP:-4g}" -cp "$build:$classpath" LucenePeer "$@"
