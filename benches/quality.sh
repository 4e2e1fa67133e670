#!/usr/bin/env bash
# Quality on the seeds and the dev set, as one table, and the regression gate.
#
#   bash benches/quality.sh                                      # the table
#   bash benches/quality.sh --check benches/quality-floors.tsv   # the table, then the gate
#
# Builds the release binary, builds the graph of the seeds (seeds/) and of
# the dev articles (gold/dev/texts/) into target/quality/, scores each with
# `newsgraph eval --json` against gold/seeds.gold.json and gold/dev.gold.json,
# and prints every figure. With --check it then compares each figure with its
# row in the floors file and exits 1, naming every figure below its floor
# (or, for entity_duplicates, above its ceiling). About 10 s once built.
set -euo pipefail
cd "$(dirname "$0")/.."

floors=""
case "${1:-}" in
  "") ;;
  --check)
    floors=${2:-}
    if [ -z "$floors" ] || [ ! -f "$floors" ]; then
      echo "quality.sh: --check needs a floors file, e.g. benches/quality-floors.tsv" >&2
      exit 2
    fi
    ;;
  *)
    echo "usage: bash benches/quality.sh [--check FLOORS.tsv]" >&2
    exit 2
    ;;
esac

cargo build --release -q
bin=target/release/newsgraph
out=target/quality
mkdir -p "$out"
"$bin" build seeds --quiet --format json --out "$out/seeds"
"$bin" build gold/dev/texts --quiet --format json --out "$out/dev"
"$bin" eval --gold gold/seeds.gold.json "$out/seeds/graph.json" --json >"$out/seeds.json"
"$bin" eval --gold gold/dev.gold.json "$out/dev/graph.json" --json >"$out/dev.json"

# The top-level figures of an `eval --json` report, one "corpus figure value"
# line each (the report puts one field on a line).
figures() {
  sed -n 's/^ "\([a-z0-9_]*\)": \([-0-9.e+]*\),$/\1 \2/p' "$out/$1.json" | sed "s/^/$1 /"
}
{ figures seeds; figures dev; } >"$out/figures.txt"

echo "| figure | seeds | dev |"
echo "| --- | ---: | ---: |"
awk '
  { v[$1 " " $2] = $3 }
  END {
    n = split("entity_precision entity_recall entity_f1 entity_typed_f1 entity_duplicates " \
              "relation_precision relation_recall relation_f1 certainty_accuracy " \
              "evidence_recall evidence_precision", names, " ")
    for (i = 1; i <= n; i++) {
      f = names[i]; label = f; gsub("_", " ", label); sub("f1", "F1", label)
      if (f == "entity_duplicates") fmt = "| %s | %d | %d |\n"; else fmt = "| %s | %.2f | %.2f |\n"
      printf fmt, label, v["seeds " f], v["dev " f]
    }
  }' "$out/figures.txt"

[ -z "$floors" ] && exit 0

echo
# Every floors row: corpus, figure, floor (a ceiling for entity_duplicates).
awk -F'\t' -v floors="$floors" '
  FNR == NR { split($0, a, " "); v[a[1] " " a[2]] = a[3]; next }
  /^#/ || NF == 0 { next }
  {
    key = $1 " " $2
    rows++
    if (NF != 3 || !(key in v)) {
      printf "quality gate: %s line %d: no figure `%s` for corpus `%s` (expected: corpus<TAB>figure<TAB>floor)\n", floors, FNR, $2, $1
      bad++; next
    }
    if ($2 == "entity_duplicates") {
      if (v[key] + 0 > $3 + 0) { printf "quality gate: %s %s is %d, above its ceiling %d\n", $1, $2, v[key], $3; bad++ }
    } else if (v[key] + 0 < $3 + 0) {
      printf "quality gate: %s %s is %.4f, below its floor %.2f\n", $1, $2, v[key], $3; bad++
    }
  }
  END {
    if (bad) { printf "quality gate: FAILED (%d of %d rows of %s)\n", bad, rows, floors; exit 1 }
    printf "quality gate: passed (%d figures at or above their floors in %s)\n", rows, floors
  }' "$out/figures.txt" "$floors"
