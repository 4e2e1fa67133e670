#!/usr/bin/env python3
"""Checks a newsgraph JSON graph with a real consumer: networkx loads it
as a node-link graph, and the graph keeps the GRAPH-JSON.md contract.

Usage: check_json.py GRAPH.json
Prints one line per check and a closing `N passed, N failed` line.
"""
import json
import sys

import networkx as nx


def main(path):
    data = json.load(open(path, encoding="utf-8"))
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}")

    g = nx.node_link_graph(data, edges="edges")
    check("networkx loads a directed multigraph", g.is_directed() and g.is_multigraph())
    check("node count survives", g.number_of_nodes() == len(data["nodes"]))
    check("edge count survives", g.number_of_edges() == len(data["edges"]))
    nk = g.nodes.get("north-korea")
    check("North Korea is a state node", nk is not None and nk.get("type") == "state")
    check(
        "North Korea supplies Russia, hedged",
        any(d.get("relation") == "supplies" and d.get("certainty") == "hedged" and d.get("label") == "supplies?"
            for _, _, d in g.out_edges("north-korea", data=True) if _ is not None)
        and g.has_edge("north-korea", "russia"),
    )
    ids = [n["id"] for n in data["nodes"]]
    check("nodes sorted by id", ids == sorted(ids))
    keys = [e["key"] for e in data["edges"]]
    check("edges sorted by key", keys == sorted(keys))
    required_node = {"id", "label", "type", "aliases", "mentions", "documents"}
    check("every node has the required fields", all(required_node <= set(n) for n in data["nodes"]))
    required_edge = {"source", "target", "relation", "certainty", "label", "weight", "evidence"}
    check("every edge has the required fields", all(required_edge <= set(e) for e in data["edges"]))
    check("every edge has evidence", all(len(e["evidence"]) >= 1 for e in data["edges"]))
    check(
        "weight counts distinct documents",
        all(e["weight"] == len({v["document"] for v in e["evidence"]}) for e in data["edges"]),
    )
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
