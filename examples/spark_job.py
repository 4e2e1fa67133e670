#!/usr/bin/env python3
"""Builds one newsgraph graph from a corpus too large for one machine, with
Apache Spark: `newsgraph extract` is the map step (JSON Lines of articles
in, one partial graph per article out) and `newsgraph merge --partial` is
the reduce step. Because merging partial graphs is associative and
commutative, Spark may split and group the work any way it likes; the final
`newsgraph merge` gives the same bytes as `newsgraph build` over the same
files on one machine, each document named by the file and line it came
from.

    spark-submit --files target/release/newsgraph examples/spark_job.py \\
        'hdfs:///news/*.jsonl' hdfs:///graphs/partials
    newsgraph merge partials/ --out out/     # graph.json, graph.dot

`merge` reads Spark's output folder (its `part-*` files) as it is. Every
worker needs the `newsgraph` binary (shipped with --files above). The same
two commands run under Hadoop Streaming (-mapper "newsgraph extract",
-reducer "newsgraph merge --partial") or Ray.

Provenance: `newsgraph extract` reads a pipe, so it cannot know which file a
line came from. This job tells it: each record gets `path` (its file, as
Spark names it, `file:` dropped for local files) and `line` (its line
number there), and newsgraph names the document `PATH:LINE` (and, without
an `id`, `STEM-LINE`), exactly as `newsgraph build PATH` does. A line that
is not a JSON object goes through unchanged, for newsgraph to warn about.
"""
import json
import sys

from pyspark import SparkContext, SparkFiles


def files_of(sc, pattern):
    """The files a path or glob names, through Hadoop's file system (local
    files, HDFS, S3 alike), in name order."""
    hadoop = sc._jvm.org.apache.hadoop.fs
    path = hadoop.Path(pattern)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    found = []
    for status in fs.globStatus(path) or []:
        if status.isDirectory():
            found.extend(s for s in fs.listStatus(status.getPath()) if s.isFile())
        else:
            found.append(status)
    return sorted(str(s.getPath()) for s in found)


def local_name(uri):
    """`file:/a/b.jsonl` -> `/a/b.jsonl`; other schemes stay as they are."""
    return uri[len("file:"):] if uri.startswith("file:") else uri


def with_origin(name):
    def tag(pair):
        line, index = pair
        try:
            record = json.loads(line)
        except ValueError:
            return line
        if not isinstance(record, dict) or "path" in record:
            return line
        record["path"] = name
        record["line"] = index + 1
        return json.dumps(record, ensure_ascii=False)

    return tag


def main(articles, partials, partitions=2):
    sc = SparkContext(appName="newsgraph")
    exe = SparkFiles.get("newsgraph")
    files = files_of(sc, articles)
    if not files:
        sc.stop()
        sys.exit(f"spark_job.py: no file matches {articles}")
    # Each line with its file and line number: zipWithIndex numbers the
    # lines of one file in order, across its partitions.
    lines = sc.union([
        sc.textFile(f, int(partitions)).zipWithIndex().map(with_origin(local_name(f)))
        for f in files
    ])
    # Map: each partition's JSON Lines go through `newsgraph extract`, which
    # writes one partial graph per line.
    mapped = lines.pipe(f"{exe} extract")
    # Reduce: each partition's partial graphs merge into one, then the
    # partition results merge into one; any grouping gives the same graph.
    merged = mapped.pipe(f"{exe} merge --partial").coalesce(1).pipe(f"{exe} merge --partial")
    merged.saveAsTextFile(partials)
    sc.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
