#!/usr/bin/env python3
"""Builds one newsgraph graph from a corpus too large for one machine, with
Apache Spark and no code of ours in between: `newsgraph extract` is the map
step (JSON Lines of articles in, one partial graph per article out) and
`newsgraph merge --partial` is the reduce step. Because merging partial
graphs is associative and commutative, Spark may split and group the work
any way it likes; the final `newsgraph merge` gives the same bytes as
`newsgraph build` over the whole corpus on one machine.

    spark-submit --files target/release/newsgraph examples/spark_job.py \\
        hdfs:///news/*.jsonl hdfs:///graphs/partials.jsonl
    newsgraph merge partials.jsonl --out out/     # graph.json, graph.dot

Every worker needs the `newsgraph` binary (shipped with --files above).
The same two commands run under Hadoop Streaming (-mapper "newsgraph
extract", -reducer "newsgraph merge --partial") or Ray.
"""
import sys

from pyspark import SparkContext, SparkFiles


def main(articles, partials):
    sc = SparkContext(appName="newsgraph")
    exe = SparkFiles.get("newsgraph")
    # Map: each partition's JSON Lines of {"id", "text"} go through
    # `newsgraph extract`, which writes one partial graph per line.
    mapped = sc.textFile(articles).pipe(f"{exe} extract")
    # Reduce: each partition's partial graphs merge into one, then the
    # partition results merge into one; any grouping gives the same graph.
    merged = mapped.pipe(f"{exe} merge --partial").coalesce(1).pipe(f"{exe} merge --partial")
    merged.saveAsTextFile(partials)
    sc.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
