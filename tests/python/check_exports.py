#!/usr/bin/env python3
"""Loads newsgraph's exports into the tools they are for and checks that
each gives back what the JSON graph says.

Usage: check_exports.py GRAPH_DIR [--actor ID]

GRAPH_DIR holds graph.json and its exports: graph.graphml, graph.gexf,
graph.cypher, nodes.csv and edges.csv, load.cypher (the kuzu format's
script beside them), graph.ttl, graph.nt and graph.dot (a missing file is a
failure). Every consumer must load its file and give
back each node's label and aliases and each edge's evidence text unchanged;
LadybugDB (or Kuzu) answers a Cypher neighbors query and rdflib a SPARQL one
for ACTOR (default: north-korea), which must match the JSON graph.

Prints one line per check, the consumers' versions and the neighbors each
found, and a last line `N passed, N failed`; exits 1 if any check failed.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import networkx as nx
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

try:
    import ladybug as graphdb

    GRAPHDB = "ladybug"
except ImportError:  # Kuzu is the archived project LadybugDB forks.
    import kuzu as graphdb

    GRAPHDB = "kuzu"

NG = rdflib.Namespace("https://newsgraph.example/ontology#")
ACTOR = "https://newsgraph.example/actor/"
WIKIDATA = "http://www.wikidata.org/entity/"

# The labels the Cypher export gives each node type.
CYPHER_LABEL = {"person": "Person", "state": "State", "institution": "Institution"}

results = {"passed": 0, "failed": 0}


def check(name):
    """Runs one check: a function that raises AssertionError (or anything)
    to fail and may return a short note to print."""

    def run(fn):
        try:
            note = fn()
            results["passed"] += 1
            print(f"ok   {name}" + (f": {note}" if note else ""))
        except Exception as e:  # noqa: BLE001 - every failure is reported
            results["failed"] += 1
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            print(f"FAIL {name}: {detail}")
        return fn

    return run


def percent_encode(s):
    """The exporter's IRI encoding: every UTF-8 byte but ASCII letters,
    digits, `-` and `_` as %XX."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        out.append(c if (c.isascii() and c.isalnum()) or c in "-_" else "%%%02X" % b)
    return "".join(out)


def same(what, got, want):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph_dir")
    ap.add_argument("--actor", default="north-korea")
    args = ap.parse_args()
    d = args.graph_dir
    path = lambda name: os.path.join(d, name)  # noqa: E731

    with open(path("graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["key"]: e for e in data["edges"]}
    labels = {i: n["label"] for i, n in nodes.items()}
    actor = args.actor
    if actor not in nodes:
        print(f"FAIL setup: actor `{actor}` is not a node of {path('graph.json')}")
        print("0 passed, 1 failed")
        return 1

    def neighbors(with_negated=True):
        out = set()
        for e in edges.values():
            if not with_negated and e["certainty"] == "negated":
                continue
            if e["source"] == actor:
                out.add(e["target"])
            if e["target"] == actor:
                out.add(e["source"])
        out.discard(actor)
        return sorted(out)

    want_all = neighbors(True)
    want_rdf = neighbors(False)
    def extras(obj, fixed):
        """Extra attributes as the exports write them: strings (a JSON
        number or boolean as JSON text; lists and objects are not kept)."""
        return {
            k: v if isinstance(v, str) else json.dumps(v)
            for k, v in obj.items()
            if k not in fixed and not isinstance(v, (list, dict)) and v is not None
        }

    node_fixed = {"id", "label", "type", "aliases", "mentions", "documents"}
    edge_fixed = {"key", "source", "target", "relation", "certainty", "label", "weight", "evidence"}
    print(f"graph {path('graph.json')}: {len(nodes)} nodes, {len(edges)} edges")
    print(f"JSON neighbors of {actor}: {', '.join(want_all)}")
    found = {}

    @check("json: networkx.node_link_graph reads graph.json")
    def _():
        g = nx.node_link_graph(data, edges="edges")
        same("labels", {n: a["label"] for n, a in g.nodes(data=True)}, labels)
        same("edge keys", sorted(k for _, _, k in g.edges(keys=True)), sorted(edges))

    def check_nx_graph(g, fmt):
        """Checks a graph networkx read from GraphML or GEXF."""
        same("node ids", sorted(g.nodes), sorted(nodes))
        for i, a in g.nodes(data=True):
            n = nodes[i]
            same(f"label of {i!r}", a["label"], n["label"])
            same(f"type of {i!r}", a["type"], n["type"])
            same(f"aliases of {i!r}", json.loads(a["aliases"]), n["aliases"])
            same(f"documents of {i!r}", json.loads(a["documents"]), n["documents"])
            same(f"mentions of {i!r}", a["mentions"], n["mentions"])
            for k, v in extras(n, node_fixed).items():
                same(f"{k} of {i!r}", a.get(k), v)
        if g.is_multigraph():
            got = [(k, u, v, a) for u, v, k, a in g.edges(keys=True, data=True)]
        else:
            got = [(a["id"], u, v, a) for u, v, a in g.edges(data=True)]
        same("edge keys", sorted(k for k, *_ in got), sorted(edges))
        for k, u, v, a in got:
            e = edges[k]
            same(f"ends of {k!r}", (u, v), (e["source"], e["target"]))
            same(f"label of {k!r}", a["label"], e["label"])
            same(f"weight of {k!r}", a["weight"], e["weight"])
            for f in ("relation", "certainty"):
                same(f"{f} of {k!r}", a[f], e[f])
            for f, want in extras(e, edge_fixed).items():
                same(f"{f} of {k!r}", a.get(f), want)
            same(f"evidence of {k!r}", json.loads(a["evidence"]), e["evidence"])
        return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"

    @check(f"graphml: networkx {nx.__version__} read_graphml reads graph.graphml")
    def _():
        return check_nx_graph(nx.read_graphml(path("graph.graphml")), "graphml")

    @check(f"gexf: networkx {nx.__version__} read_gexf reads graph.gexf")
    def _():
        g = nx.read_gexf(path("graph.gexf"))
        # GEXF weights are floats; the rest must be exact.
        for _, _, a in g.edges(data=True):
            a["weight"] = int(a["weight"])
        return check_nx_graph(g, "gexf")

    def read_csv(name):
        with open(path(name), encoding="utf-8", newline="") as f:
            return list(csv.reader(f, strict=True))

    @check("csv: Python's csv module (as a spreadsheet) reads nodes.csv and edges.csv")
    def _():
        nrows = read_csv("nodes.csv")
        head = nrows[0]
        same("nodes header start", head[:7], ["id:ID", ":LABEL", "label", "type", "aliases", "mentions:int", "documents"])
        got = {r[0]: dict(zip(head, r)) for r in nrows[1:]}
        same("node ids", sorted(got), sorted(nodes))
        for i, r in got.items():
            same(f"label of {i!r}", r["label"], labels[i])
            same(f"aliases of {i!r}", json.loads(r["aliases"]), nodes[i]["aliases"])
            same(f"mentions of {i!r}", int(r["mentions:int"]), nodes[i]["mentions"])
        erows = read_csv("edges.csv")
        head = erows[0]
        same("edges header start", head[:3], [":START_ID", ":END_ID", ":TYPE"])
        got = {r[3]: dict(zip(head, r)) for r in erows[1:]}
        same("edge keys", sorted(got), sorted(edges))
        for k, r in got.items():
            same(f"ends of {k!r}", (r[":START_ID"], r[":END_ID"]), (edges[k]["source"], edges[k]["target"]))
            same(f"evidence of {k!r}", json.loads(r["evidence"]), edges[k]["evidence"])
        return f"{len(nrows) - 1} node rows, {len(erows) - 1} edge rows"

    def connect():
        db = graphdb.Database(":memory:")
        return db, graphdb.Connection(db)

    def rows(conn, query, params=None):
        r = conn.execute(query, params or {})
        out = []
        while r.has_next():
            out.append(r.get_next())
        return out

    def q(name):
        return "`" + name.replace("`", "``") + "`"

    def column(h):
        """A neo4j-admin header field as a LadybugDB column."""
        name, _, ty = h.partition(":")
        if ty == "ID":
            return "id", "STRING"
        if ty == "LABEL":
            return "labels", "STRING"
        if ty == "TYPE":
            return "rel_type", "STRING"
        return name, {"int": "INT64", "long": "INT64", "": "STRING"}.get(ty, "STRING")

    @check(f"csv: {GRAPHDB} {graphdb.__version__} COPY FROM loads nodes.csv and edges.csv")
    def _():
        db, conn = connect()
        ncols = [column(h) for h in read_csv("nodes.csv")[0]]
        ecols = [column(h) for h in read_csv("edges.csv")[0][2:]]
        conn.execute(
            "CREATE NODE TABLE Actor(" + ", ".join(f"{q(n)} {t}" for n, t in ncols) + ", PRIMARY KEY(id))"
        )
        conn.execute(
            "CREATE REL TABLE Rel(FROM Actor TO Actor"
            + "".join(f", {q(n)} {t}" for n, t in ecols)
            + ")"
        )
        opts = "(HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false)"
        conn.execute(f"COPY Actor FROM '{path('nodes.csv')}' {opts}")
        conn.execute(f"COPY Rel FROM '{path('edges.csv')}' {opts}")
        got = {i: l for i, l in rows(conn, "MATCH (a:Actor) RETURN a.id, a.label")}
        same("labels", got, labels)
        got = {i: json.loads(a) for i, a in rows(conn, "MATCH (a:Actor) RETURN a.id, a.aliases")}
        same("aliases", got, {i: n["aliases"] for i, n in nodes.items()})
        got = {k: json.loads(v) for k, v in rows(conn, "MATCH ()-[r:Rel]->() RETURN r.key, r.evidence")}
        same("evidence", got, {k: e["evidence"] for k, e in edges.items()})
        nb = sorted(
            i
            for (i,) in rows(
                conn,
                "MATCH (a:Actor)-[:Rel]-(b:Actor) WHERE a.id = $id AND b.id <> $id RETURN DISTINCT b.id",
                {"id": actor},
            )
        )
        same(f"neighbors of {actor}", nb, want_all)
        found["csv"] = (f"{GRAPHDB} {graphdb.__version__} (Cypher over COPY FROM)", nb)
        return f"neighbors of {actor}: {', '.join(labels[i] for i in nb)}"

    @check(f"kuzu: {GRAPHDB} {graphdb.__version__} runs load.cypher in one step, from its folder")
    def _():
        db, conn = connect()
        with open(path("load.cypher"), encoding="utf-8") as f:
            script = f.read()
        # The script's COPY statements name the CSV files beside it.
        here = os.getcwd()
        os.chdir(os.path.dirname(path("load.cypher")))
        try:
            conn.execute(script)
        finally:
            os.chdir(here)
        got = {i: (l, json.loads(a)) for i, l, a in rows(conn, "MATCH (a:Actor) RETURN a.id, a.label, a.aliases")}
        same("labels and aliases", got, {i: (n["label"], n["aliases"]) for i, n in nodes.items()})
        got = {
            k: (s, t, json.loads(v))
            for k, s, t, v in rows(conn, "MATCH (a:Actor)-[r:Relation]->(b:Actor) RETURN r.key, a.id, b.id, r.evidence")
        }
        same("relations", got, {k: (e["source"], e["target"], e["evidence"]) for k, e in edges.items()})
        nb = sorted(
            i
            for (i,) in rows(
                conn,
                "MATCH (a:Actor)-[:Relation]-(b:Actor) WHERE a.id = $id AND b.id <> $id RETURN DISTINCT b.id",
                {"id": actor},
            )
        )
        same(f"neighbors of {actor}", nb, want_all)
        found["kuzu"] = (f"{GRAPHDB} {graphdb.__version__} (load.cypher)", nb)
        return f"{len(got)} relations; neighbors of {actor}: {', '.join(labels[i] for i in nb)}"

    @check(f"cypher: {GRAPHDB} {graphdb.__version__} runs graph.cypher's MERGE statements, twice")
    def _():
        db, conn = connect()
        label = lambda n: CYPHER_LABEL.get(n["type"], "Actor")  # noqa: E731
        node_extra = sorted({k for n in nodes.values() for k in extras(n, node_fixed)})
        edge_extra = sorted({k for e in edges.values() for k in extras(e, edge_fixed)})
        # LadybugDB needs a schema where Neo4j and Memgraph need none; it is
        # derived from the JSON graph, not from the script under test.
        for lab in sorted({label(n) for n in nodes.values()}):
            cols = ["id STRING", "label STRING", "type STRING", "aliases STRING[]", "mentions INT64", "documents STRING[]"]
            cols += [f"{q(k)} STRING" for k in node_extra]
            conn.execute(f"CREATE NODE TABLE {lab}({', '.join(cols)}, PRIMARY KEY(id))")
        pairs = {}
        for e in edges.values():
            t = e["relation"].upper()
            pairs.setdefault(t, set()).add((label(nodes[e["source"]]), label(nodes[e["target"]])))
        for t, ends in sorted(pairs.items()):
            cols = ["key STRING", "certainty STRING", "label STRING", "weight INT64"]
            cols += [f"{q(k)} STRING" for k in edge_extra] + ["evidence STRING"]
            froms = ", ".join(f"FROM {a} TO {b}" for a, b in sorted(ends))
            conn.execute(f"CREATE REL TABLE {q(t)}({froms}, {', '.join(cols)})")
        with open(path("graph.cypher"), encoding="utf-8") as f:
            script = f.read()
        statements = [
            line
            for line in script.split("\n")
            if line.strip() and not line.startswith("//") and not line.startswith("CREATE CONSTRAINT")
        ]
        constraints = [line for line in script.split("\n") if line.startswith("CREATE CONSTRAINT")]
        same("constraints", len(constraints), len({label(n) for n in nodes.values()}))
        for _ in range(2):
            for s in statements:
                conn.execute(s)
        got = {}
        for lab in sorted({label(n) for n in nodes.values()}):
            for i, l, a in rows(conn, f"MATCH (n:{lab}) RETURN n.id, n.label, n.aliases"):
                got[i] = (l, a)
        same("labels and aliases", got, {i: (n["label"], n["aliases"]) for i, n in nodes.items()})
        got = {k: json.loads(v) for k, v in rows(conn, "MATCH ()-[r]->() RETURN r.key, r.evidence")}
        same("relationships (no duplicates after two runs)", len(rows(conn, "MATCH ()-[r]->() RETURN r.key")), len(edges))
        same("evidence", got, {k: e["evidence"] for k, e in edges.items()})
        nb = sorted(
            i for (i,) in rows(conn, "MATCH (a)-[]-(b) WHERE a.id = $id AND b.id <> $id RETURN DISTINCT b.id", {"id": actor})
        )
        same(f"neighbors of {actor}", nb, want_all)
        found["cypher"] = (f"{GRAPHDB} {graphdb.__version__} (graph.cypher MERGE statements)", nb)
        return f"{len(statements)} statements; neighbors of {actor}: {', '.join(labels[i] for i in nb)}"

    rdf = {}
    sparql = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX ng: <https://newsgraph.example/ontology#>
        SELECT DISTINCT ?id WHERE {
          ?p a rdf:Property .
          { ?actor ?p ?n } UNION { ?n ?p ?actor }
          ?n ng:id ?id .
          FILTER (?n != ?actor)
        }"""

    def check_rdf(name, fmt):
        g = rdflib.Graph()
        g.parse(path(name), format=fmt)
        rdf[fmt] = g
        for i, n in nodes.items():
            s = rdflib.URIRef(ACTOR + percent_encode(i))
            same(f"label of {i!r}", [str(o) for o in g.objects(s, RDFS.label)], [n["label"]])
            same(f"aliases of {i!r}", sorted(str(o) for o in g.objects(s, NG.alias)), sorted(n["aliases"]))
            want = [rdflib.URIRef(WIKIDATA + n["wikidata"])] if "wikidata" in n else []
            same(f"sameAs of {i!r}", list(g.objects(s, OWL.sameAs)), want)
        texts = sorted(str(o) for o in g.objects(None, NG.text))
        same("evidence texts", texts, sorted(v["text"] for e in edges.values() for v in e["evidence"]))
        nb = sorted(
            str(r.id) for r in g.query(sparql, initBindings={"actor": rdflib.URIRef(ACTOR + percent_encode(actor))})
        )
        same(f"neighbors of {actor} (negated edges excluded)", nb, want_rdf)
        found[fmt] = (f"rdflib {rdflib.__version__} (SPARQL)", nb)
        return f"{len(g)} triples; neighbors of {actor}: {', '.join(labels[i] for i in nb)}"

    @check(f"ttl: rdflib {rdflib.__version__} parses graph.ttl")
    def _():
        return check_rdf("graph.ttl", "turtle")

    @check(f"nt: rdflib {rdflib.__version__} parses graph.nt")
    def _():
        return check_rdf("graph.nt", "nt")

    @check("ttl and nt: the two RDF files hold the same graph")
    def _():
        assert isomorphic(rdf["turtle"], rdf["nt"]), "graph.ttl and graph.nt differ"

    dot = shutil.which("dot")

    @check("dot: graphviz renders graph.dot and gives the labels back")
    def _():
        assert dot, "graphviz `dot` is not installed"
        version = subprocess.run([dot, "-V"], capture_output=True, text=True).stderr.strip()
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([dot, "-Tsvg", "-o", os.path.join(tmp, "g.svg"), path("graph.dot")], check=True)
        out = subprocess.run([dot, "-Tjson0", path("graph.dot")], check=True, capture_output=True, text=True)
        objects = json.loads(out.stdout).get("objects", [])
        # dot.rs escapes ids as it escapes labels, so both decode alike.
        got = {unescape_dot(o["name"]): unescape_dot(o["label"]) for o in objects if "label" in o}
        same("labels", got, labels)
        return version

    print("neighbors of", actor, "by consumer:")
    for fmt, (consumer, nb) in sorted(found.items()):
        print(f"  {fmt:7} {consumer}: {', '.join(nb) if nb else '(none)'}")
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


def unescape_dot(s):
    """Graphviz's escString: `\\n` a line break, `\\\\` a backslash."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "l": "\n", "r": "\n"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


if __name__ == "__main__":
    sys.exit(main())
