#!/usr/bin/env bash
# Scale benchmark of `newsgraph build`: memory and cores as the corpus grows.
#
# For each corpus size (generated once with benches/gen_corpus.py and
# cached), runs `newsgraph build CORPUS --out DIR --quiet` with 1 thread and
# with 2 threads (RAYON_NUM_THREADS), several times, under /usr/bin/time -v,
# and prints as medians: wall seconds, CPU seconds (user + system), MB of
# text per CPU-second, peak RSS, and the 2-thread speed-up (1-thread wall
# over 2-thread wall). With --base BIN it runs a second binary (the commit
# before, say) the same way, interleaved run by run, so the two are
# measured under the same load, and prints both. It names the machine and
# the load average before and after, and ends with a Markdown table (also
# written to --summary FILE).
#
# Usage: bash benches/scale.sh [options]
#   --sizes LIST      corpus sizes, comma-separated (default 10MB,100MB,1GB)
#   --runs N          runs per configuration under 500 MB (default 3)
#   --runs-large N    runs per configuration from 500 MB (default 1)
#   --threads LIST    thread counts (default 1,2)
#   --bin PATH        the binary to measure (default: build this work tree)
#   --base PATH       a second binary to measure alongside (optional)
#   --corpus-dir DIR  where corpora are cached (default target/bench-corpus)
#   --seed N          corpus generator seed (default 1)
#   --nice N          run the builds under `nice -n N` (default 10)
#   --summary FILE    also write the Markdown table to FILE
#   -h, --help
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=10MB,100MB,1GB
RUNS=3
RUNS_LARGE=1
THREADS=1,2
BIN=
BASE=
CORPUS_DIR=$ROOT/target/bench-corpus
SEED=1
NICE=10
SUMMARY=

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "scale.sh: $*" >&2; exit 2; }
need() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
count() { [[ $1 =~ ^[0-9]+$ && $1 -ge 1 ]] || die "$2 must be a whole number of at least 1, got '$1'"; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --sizes) need "$@"; SIZES=$2; shift 2 ;;
        --runs) need "$@"; count "$2" --runs; RUNS=$2; shift 2 ;;
        --runs-large) need "$@"; count "$2" --runs-large; RUNS_LARGE=$2; shift 2 ;;
        --threads) need "$@"; THREADS=$2; shift 2 ;;
        --bin) need "$@"; BIN=$2; shift 2 ;;
        --base) need "$@"; BASE=$2; shift 2 ;;
        --corpus-dir) need "$@"; CORPUS_DIR=$2; shift 2 ;;
        --seed) need "$@"; SEED=$2; shift 2 ;;
        --nice) need "$@"; NICE=$2; shift 2 ;;
        --summary) need "$@"; SUMMARY=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
for t in ${THREADS//,/ }; do count "$t" --threads; done

if ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "== installing GNU time (Debian package 'time') for peak memory" >&2
    (apt-get update -qq && apt-get install -y -qq time) >&2 || die "cannot install GNU time; install the Debian package 'time'"
fi
command -v python3 >/dev/null || die "python3 is needed for the corpus generator and the summary"

if [[ -z $BIN ]]; then
    echo "== building the release binary" >&2
    (cd "$ROOT" && cargo build --release --quiet --bin newsgraph) >&2
    BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/newsgraph
fi
[[ -x $BIN ]] || die "no binary at '$BIN'"
[[ -z $BASE || -x $BASE ]] || die "no binary at '$BASE'"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-scale.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv
: >"$RESULTS"
load() { cut -d' ' -f1-3 /proc/loadavg; }

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(uname -sr)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "bin: $BIN"
    echo "base: ${BASE:-none}"
    echo "load before: $(load)"
} >"$WORK/machine.txt"
sed 's/^/   /' "$WORK/machine.txt" >&2

corpus_for() {
    local size=$1 path=$CORPUS_DIR/corpus-$1-seed$SEED.jsonl
    if [[ ! -s $path || ! -s $path.stats.json ]]; then
        mkdir -p "$CORPUS_DIR"
        echo "== generating the $size corpus into $path" >&2
        python3 "$ROOT/benches/gen_corpus.py" --size "$size" --seed "$SEED" --out "$path" >&2
    fi
    echo "$path"
}

# One run: appends which, size, threads, wall, user, sys, max RSS KiB, load.
run_once() {
    local which=$1 bin=$2 size=$3 threads=$4 corpus=$5 l
    l=$(load | cut -d' ' -f1)
    rm -rf "$WORK/out"
    RAYON_NUM_THREADS=$threads nice -n "$NICE" /usr/bin/time -v -o "$WORK/time.txt" \
        "$bin" build "$corpus" --out "$WORK/out" --quiet 2>"$WORK/err.txt" ||
        { cat "$WORK/err.txt" >&2; die "$which build failed on $corpus"; }
    local wall user sys rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/time.txt")
    user=$(awk -F': ' '/User time/ {print $2}' "$WORK/time.txt")
    sys=$(awk -F': ' '/System time/ {print $2}' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$which" "$size" "$threads" "$wall" "$user" "$sys" "$rss" "$l" >>"$RESULTS"
    printf '   %s %s threads=%s: %s s wall, %s+%s s CPU, %s KiB peak, load %s\n' \
        "$which" "$size" "$threads" "$wall" "$user" "$sys" "$rss" "$l" >&2
}

for size in ${SIZES//,/ }; do
    corpus=$(corpus_for "$size")
    bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["text_bytes"])' "$corpus.stats.json")
    printf '%s\t%s\n' "$size" "$bytes" >>"$WORK/corpora.tsv"
    runs=$RUNS
    [[ $bytes -lt 500000000 ]] || runs=$RUNS_LARGE
    echo "== $size ($bytes bytes of text), $runs run(s) per configuration, load $(load)" >&2
    for ((r = 1; r <= runs; r++)); do
        for threads in ${THREADS//,/ }; do
            run_once new "$BIN" "$size" "$threads" "$corpus"
            [[ -z $BASE ]] || run_once base "$BASE" "$size" "$threads" "$corpus"
        done
    done
done
echo "load after: $(load)" >>"$WORK/machine.txt"

python3 - "$WORK" >"$WORK/summary.md" <<'PY'
import statistics, sys
from pathlib import Path

work = Path(sys.argv[1])
machine = dict(l.split(": ", 1) for l in (work / "machine.txt").read_text().splitlines())
text = {s: int(b) for s, b in (l.split("\t") for l in (work / "corpora.tsv").read_text().splitlines())}
rows = {}
for line in (work / "results.tsv").read_text().splitlines():
    which, size, threads, wall, user, sys_, rss, load = line.split("\t")
    r = rows.setdefault((which, size, threads), dict(wall=[], cpu=[], rss=[], load=[]))
    r["wall"].append(float(wall))
    r["cpu"].append(float(user) + float(sys_))
    r["rss"].append(int(rss))
    r["load"].append(float(load))
med = statistics.median
print(f"## newsgraph scale, {machine['date']}\n")
print(f"Machine: {machine['machine']}; commit {machine['commit']}; binary {machine['bin']}"
      + (f"; base binary {machine['base']}" if machine['base'] != 'none' else "")
      + f". Load average (1, 5, 15 min) before {machine['load before']}, after {machine['load after']}.\n")
print("Medians over the runs. CPU = user + system seconds; MB = 10^6 bytes of article text; "
      "speed-up = 1-thread wall / this wall; load = 1-minute load average at the start of the runs.\n")
print("| binary | corpus | threads | runs | wall s | CPU s | MB per CPU-s | peak RSS MiB | speed-up | load |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for (which, size, threads), r in rows.items():
    mb = text[size] / 1e6
    one = rows.get((which, size, "1"))
    speed = f"{med(one['wall']) / med(r['wall']):.2f}x" if one else ""
    print(f"| {which} | {size} | {threads} | {len(r['wall'])} | {med(r['wall']):.2f} | {med(r['cpu']):.2f} | "
          f"{mb / med(r['cpu']):.2f} | {med(r['rss']) / 1024:.0f} | {speed} | {med(r['load']):.1f} |")
PY
cat "$WORK/summary.md"
[[ -z $SUMMARY ]] || cp "$WORK/summary.md" "$SUMMARY"
