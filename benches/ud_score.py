#!/usr/bin/env python3
"""Scores a system CoNLL-U file against gold with the CoNLL 2018 UD scorer.

The scorer (udeval.py, from UniversalDependencies/tools, udtools/src/udtools/)
is a module without a command line of its own in that version; this calls
its evaluate_wrapper and build_evaluation_table as its own command line did.

  python3 benches/ud_score.py [--scorer PATH] GOLD SYSTEM [-v]
"""
import argparse
import importlib.util
import sys

p = argparse.ArgumentParser()
p.add_argument("gold_file")
p.add_argument("system_file")
p.add_argument("-v", "--verbose", action="store_true")
p.add_argument("--scorer", default="/work/data/ud/udeval.py")
a = p.parse_args()
spec = importlib.util.spec_from_file_location("udeval", a.scorer)
ud = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ud)
args = argparse.Namespace(
    gold_file=a.gold_file,
    system_file=a.system_file,
    enhancements="0",
    no_empty_nodes=False,
    multiple_roots_okay=False,
)
try:
    ev = ud.evaluate_wrapper(args)
except ud.UDError as e:
    sys.exit(f"scorer: {e}")
print(ud.build_evaluation_table(ev, verbose=a.verbose, counts=False, enhanced=False))
