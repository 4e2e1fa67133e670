#!/usr/bin/env python3
"""Runs examples/spark_job.py for real, under pyspark in local mode, and
checks that `newsgraph merge` of its output folder gives the bytes
`newsgraph build` gives over the same files, every document named by the
file and line it came from.

    python3 tests/python/check_spark.py --bin target/release/newsgraph --work target/ci-spark

The corpus is made here: the seed articles as JSON Lines records (some
without an id, so the default ids are checked too), a few invented ones, a
blank line and a broken line, in two files, each read in three partitions.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

INVENTED = [
    "Chilean President Marta Quillen visited Lima on Monday.",
    "Japan warned Peru about the fishing deal, officials said.",
    "Canada and Mexico held talks in Ottawa.",
]


def write_corpus(work):
    """Two JSON Lines files; returns their absolute paths."""
    seeds = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))
    records = []
    for i, path in enumerate(seeds):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        record = {"text": text}
        if i % 2 == 0:
            record["id"] = os.path.splitext(os.path.basename(path))[0]
        records.append(json.dumps(record, ensure_ascii=False))
    for i, text in enumerate(INVENTED):
        record = {"text": text} if i == 1 else {"id": f"invented-{i}", "text": text}
        records.append(json.dumps(record))
    half = len(records) // 2
    files = []
    for name, part in (("a.jsonl", records[:half]), ("b.jsonl", records[half:])):
        path = os.path.join(work, "corpus", name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(part[:1] + ["", "{broken"] + part[1:]) + "\n")
        files.append(path)
    return files


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    exe = os.path.abspath(args.bin)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "corpus"))
    files = write_corpus(work)
    partials = os.path.join(work, "partials")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    log = os.path.join(work, "spark.log")
    with open(log, "w") as f:
        try:
            run(["spark-submit", "--master", "local[2]", "--files", exe,
                 os.path.join(ROOT, "examples", "spark_job.py"),
                 os.path.join(work, "corpus", "*.jsonl"), partials, "3"],
                env=env, stdout=f, stderr=subprocess.STDOUT)
        except subprocess.CalledProcessError:
            with open(log) as f:
                print("".join(f.readlines()[-60:]))
            raise
    parts = sorted(os.listdir(partials))
    assert "_SUCCESS" in parts and any(p.startswith("part-") for p in parts), parts
    run([exe, "merge", partials, "--out", os.path.join(work, "merged")])
    run([exe, "build", *files, "--out", os.path.join(work, "built")])
    for name in ("graph.json", "graph.dot"):
        with open(os.path.join(work, "built", name), "rb") as f:
            built = f.read()
        with open(os.path.join(work, "merged", name), "rb") as f:
            merged = f.read()
        assert built == merged, f"{name}: the Spark graph differs from build's"
    with open(os.path.join(work, "merged", "graph.json"), encoding="utf-8") as f:
        docs = json.load(f)["graph"]["documents"]
    paths = [d["path"] for d in docs]
    assert all(p.rsplit(":", 1)[0] in files for p in paths), paths
    assert f"{files[0]}:1" in paths, paths
    ids = sorted(d["id"] for d in docs)
    assert any(i.startswith("a-") for i in ids) and any(i.startswith("b-") for i in ids), ids
    part_files = [p for p in parts if p.startswith("part-") and not p.endswith(".crc")]
    print(f"spark: {len(docs)} documents from {len(files)} files in {len(part_files)} part file{'' if len(part_files) == 1 else 's'};"
          " merge of the Spark output = build, byte for byte (graph.json, graph.dot)")


if __name__ == "__main__":
    main()
