#!/usr/bin/env python3
"""Writes a synthetic newsgraph JSON graph of N actors for render benchmarks.

Usage: gen_graph.py N OUT.json [--seed S]

Deterministic for a given N and seed. Degrees are skewed as in news (a few
states and leaders take part in most relations), with all three certainties
and every relation family, so that the drawing exercises the full styling.
"""
import json
import random
import sys

RELATIONS = ["warns", "accuses", "criticizes", "sanctions", "attacks", "denies", "supplies", "supports",
             "cooperates_with", "meets", "negotiates", "visited", "urges", "leads", "member_of", "part_of"]
TYPES = ["person", "state", "institution"]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    docs = ["doc%04d" % i for i in range(max(1, n // 10))]
    nodes = []
    for i in range(n):
        t = TYPES[0] if i % 3 else TYPES[1 + (i // 3) % 2]
        nodes.append({"id": "actor-%05d" % i, "label": "Actor %d %s" % (i, rng.choice(["North", "West", "Grand", "New", "Old"]) + " " + t.title()),
                      "type": t, "aliases": [], "mentions": rng.randint(1, 40),
                      "documents": sorted(rng.sample(docs, min(len(docs), 2)))})
    edges = {}
    # Preferential attachment keeps a realistic hub structure.
    weights = [1.0 / (1 + i) ** 0.6 for i in range(n)]
    for i in range(1, n):
        for _ in range(1 + (i % 2)):
            j = rng.choices(range(i), weights=weights[:i])[0]
            rel = rng.choice(RELATIONS)
            cert = rng.choices(["asserted", "hedged", "negated"], weights=[80, 15, 5])[0]
            s, t = ("actor-%05d" % i, "actor-%05d" % j) if rng.random() < 0.5 else ("actor-%05d" % j, "actor-%05d" % i)
            key = "%s|%s|%s" % (s, rel, t)
            w = rng.choices([1, 2, 3, 5], weights=[70, 20, 7, 3])[0]
            ev = [{"document": d, "sentence": rng.randint(0, 30), "start": 0, "end": 60,
                   "text": "In this sentence %s %s %s, officials said." % (s, rel, t), "certainty": cert}
                  for d in sorted(rng.sample(docs, min(len(docs), w)))]
            edges[key] = {"key": key, "source": s, "target": t, "relation": rel, "certainty": cert,
                          "label": rel + ("?" if cert == "hedged" else ""), "weight": len(ev), "evidence": ev}
    g = {"directed": True, "multigraph": True,
         "graph": {"format": "kg-json", "version": 1,
                   "documents": [{"id": d, "path": d + ".txt", "sha256": "", "sentences": 30} for d in docs]},
         "nodes": nodes, "edges": [edges[k] for k in sorted(edges)]}
    with open(out, "w") as f:
        json.dump(g, f)


if __name__ == "__main__":
    main()
