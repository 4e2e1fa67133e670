#!/usr/bin/env bash
# Scores the syntax model on UD treebanks with their gold words, with the
# CoNLL 2018 scorer (benches/ud_score.py around udeval.py):
#   bash benches/syntax_eval.sh [--model FILE] GOLD.conllu...
# prints one line per file: UPOS, UAS, LAS, lemmas (F1 = accuracy here).
# The treebanks are not in the repository (see models/README.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/target/release/newsgraph}
MODEL=()
if [[ ${1:-} == --model ]]; then MODEL=(--model "$2"); shift 2; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-28s %7s %7s %7s %7s\n' file UPOS UAS LAS Lemmas
for gold in "$@"; do
    pred=$tmp/$(basename "$gold")
    "$BIN" parse --conllu "$gold" ${MODEL[@]+"${MODEL[@]}"} --out "$pred"
    python3 "$ROOT/benches/ud_score.py" "$gold" "$pred" -v |
        awk -v f="$(basename "$gold")" -F'|' '
            $1 ~ /^UPOS/ {u=$4} $1 ~ /^UAS/ {a=$4} $1 ~ /^LAS/ {l=$4} $1 ~ /^Lemmas/ {m=$4}
            END {printf "%-28s %7.2f %7.2f %7.2f %7.2f\n", f, u, a, l, m}'
done
