#!/usr/bin/env python3
"""Benchmark corpus generator for newsgraph (a bench helper, not product code).

It recombines the sentences of the shipped articles (seeds/*.txt) into new
articles and swaps every actor it recognises for another one drawn from the
lexicon, consistently within an article:

- a state (its name, an alias, a capital or a demonym) becomes another state,
  in the same form (a capital stays a capital, a plural demonym a plural
  demonym); states that take "the" ("the United States") are only swapped for
  each other, so the grammar around them holds;
- a person (full name, or the bare surname once the full name has been seen in
  the same seed article) becomes another person from persons.tsv, or, at
  `--new-person-rate`, a new person made of a given name (given_names.txt) and
  a surname (last names of persons.tsv): the set of actors keeps growing with
  the corpus, as in real news;
- an institution becomes another institution.

Replacements follow a Zipf law over a shuffled lexicon, so a few actors
dominate and the long tail shows up as the corpus grows. Output is
deterministic for a given `--seed` and `--size`.

Usage:
    python3 benches/gen_corpus.py --size 10MB --out corpus.jsonl
    python3 benches/gen_corpus.py --size 200KB --format txt --out corpus_dir/

JSON Lines output (the default) holds one {"id", "text"} record a line.
Next to it (or inside the folder) `<out>.stats.json` records the number of
documents, text bytes, words and distinct actors, which the throughput
benchmark reads. Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
}

# States whose short name takes the definite article ("the Netherlands").
THE_WORDS = re.compile(r"\b(United|Republic|Kingdom|Islands|Emirates|States|Federation|Union)\b")

STATE, PERSON, INSTITUTION = "s", "p", "i"

END_PUNCT = tuple(".!?”\"’)…:")


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", text)
    if not m or m.group(2).upper() not in UNITS:
        raise argparse.ArgumentTypeError(
            f"bad size `{text}`: give a number and a unit, e.g. 10MB, 1GB, 500KiB"
        )
    size = int(float(m.group(1)) * UNITS[m.group(2).upper()])
    if size <= 0:
        raise argparse.ArgumentTypeError(f"bad size `{text}`: must be above zero")
    return size


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_list(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def last_token(name: str) -> str:
    return name.split()[-1] if name.split() else name


# --------------------------------------------------------------------------
# Lexicon: every actor, its surface forms and how to render a replacement.


@dataclass
class State:
    id: str
    name: str
    capital: str
    demonyms: list[str]
    takes_the: bool


@dataclass
class Person:
    id: str
    name: str
    surname: str


@dataclass
class Lexicon:
    states: dict[str, State] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)  # id -> name
    given_names: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    # surface form -> (kind, id, form); form is "name", "capital", "dem<i>", "full", "short"
    strong_forms: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # person id -> its single-token forms, matched only after the full name
    short_forms: dict[str, list[str]] = field(default_factory=dict)
    honorific_abbrevs: set[str] = field(default_factory=set)


def load_lexicon(lexdir: Path) -> Lexicon:
    lex = Lexicon()
    forms = lex.strong_forms

    def add(form: str, value: tuple[str, str, str]) -> None:
        # The first owner of an ambiguous form keeps it; the generator only
        # needs a consistent reading, not the right one.
        if len(form) >= 2 and form not in forms:
            forms[form] = value

    for row in read_tsv(lexdir / "states.tsv"):
        sid, name = row["id"], row["name"].strip()
        aliases = split_list(row.get("aliases"))
        capitals = split_list(row.get("capitals"))
        demonyms = split_list(row.get("demonyms"))
        weak = set(split_list(row.get("weak")))
        # "the Netherlands", "The Gambia"; not the dated "the Ukraine".
        takes_the = (
            bool(THE_WORDS.search(name))
            or f"The {name}" in aliases
            or (name.endswith("s") and f"the {name}" in aliases)
        )
        lex.states[sid] = State(sid, name, capitals[0] if capitals else name, demonyms, takes_the)
        if name not in weak:
            add(name, (STATE, sid, "name"))
        for a in aliases:
            if a not in weak and not a.lower().startswith("the "):
                add(a, (STATE, sid, "name"))
        for c in capitals:
            if c not in weak:
                add(c, (STATE, sid, "capital"))
        for i, d in enumerate(demonyms):
            if d not in weak:
                add(d, (STATE, sid, f"dem{i}"))

    given = set()
    given_path = lexdir / "given_names.txt"
    if given_path.exists():
        lex.given_names = [
            w.strip() for w in given_path.read_text(encoding="utf-8").splitlines() if w.strip()
        ]
        given = set(lex.given_names)

    surnames = set()
    for row in read_tsv(lexdir / "persons.tsv"):
        pid, name = row["id"], row["name"].strip()
        if not name:
            continue
        surname = last_token(name)
        lex.persons[pid] = Person(pid, name, surname)
        if len(surname) >= 3 and surname[0].isupper() and surname not in given:
            surnames.add(surname)
        add(name, (PERSON, pid, "full"))
        shorts = set()
        for a in [name, *split_list(row.get("aliases"))]:
            if " " in a:
                add(a, (PERSON, pid, "full"))
                shorts.add(last_token(a))
            else:
                shorts.add(a)
        lex.short_forms[pid] = sorted(s for s in shorts if len(s) >= 3 and s[0].isupper())
    lex.surnames = sorted(surnames)

    for row in read_tsv(lexdir / "institutions.tsv"):
        iid, name = row["id"], row["name"].strip()
        if not name:
            continue
        lex.institutions[iid] = name
        add(name, (INSTITUTION, iid, "name"))
        for a in split_list(row.get("aliases")):
            add(a, (INSTITUTION, iid, "name"))

    hon = lexdir / "honorifics.tsv"
    if hon.exists():
        lex.honorific_abbrevs = {r["form"].rstrip(".") for r in read_tsv(hon)}
    return lex


def alternation(words) -> re.Pattern[str]:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w) for w in ordered)
    # Word boundaries that also hold next to dots and hyphens in the form.
    return re.compile(rf"(?<![\w.-])(?:{body})(?![\w-])")


# --------------------------------------------------------------------------
# Seeds: sentences turned into templates of text pieces and actor slots.

# A slot: (kind, original id, form, the-flag) where the-flag says the slot
# absorbed a preceding "the "/"The " (states only).
Slot = tuple[str, str, str, str]
Template = list  # list[str | Slot]

BOUNDARY = re.compile(r"(?<=[.!?])([”\"’)]?)\s+(?=[“\"‘(A-Z0-9])")


def split_sentences(paragraph: str, abbrevs: set[str]) -> list[str]:
    out, start = [], 0
    for m in BOUNDARY.finditer(paragraph):
        head = paragraph[start : m.start()]
        words = head.split()
        last = words[-1].rstrip(".") if words else ""
        # "Mr. Kim", "U.S. officials", "J. Smith": not a boundary.
        if not m.group(1) and (
            last in abbrevs or len(last) == 1 or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", last)
        ):
            continue
        out.append(paragraph[start : m.start() + len(m.group(1))].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def compile_article(text: str, lex: Lexicon, strong: re.Pattern[str]) -> list[Template]:
    """Turns one seed article into sentence templates."""
    # Persons named in full anywhere in the article: their bare surnames
    # refer to them in this article.
    seen_persons = {
        lex.strong_forms[m.group(0)][1]
        for m in strong.finditer(text)
        if lex.strong_forms[m.group(0)][0] == PERSON
    }
    short_map = {}
    for pid in sorted(seen_persons):
        for s in lex.short_forms.get(pid, []):
            short_map.setdefault(s, pid)
    shorts = alternation(short_map) if short_map else None

    templates = []
    for paragraph in text.splitlines():
        for sentence in split_sentences(paragraph.strip(), lex.honorific_abbrevs):
            spans = []
            taken = [False] * len(sentence)
            for m in strong.finditer(sentence):
                spans.append((m.start(), m.end(), lex.strong_forms[m.group(0)]))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            if shorts:
                for m in shorts.finditer(sentence):
                    if not any(taken[m.start() : m.end()]):
                        spans.append((m.start(), m.end(), (PERSON, short_map[m.group(0)], "short")))
            spans.sort()
            parts: Template = []
            pos = 0
            for start, end, (kind, aid, form) in spans:
                lead = sentence[pos:start]
                the = ""
                if kind == STATE and form == "name":
                    m = re.search(r"(?:^|(?<=\s))([Tt]he) $", lead)
                    if m:
                        the = m.group(1)
                        lead = lead[: m.start(1)]
                if lead:
                    parts.append(lead)
                parts.append((kind, aid, form, the))
                pos = end
            if pos < len(sentence):
                parts.append(sentence[pos:])
            templates.append(parts)
    return templates


# --------------------------------------------------------------------------
# Generation.


class Picker:
    """Draws items by a Zipf law over a shuffled order (fixed by the seed)."""

    def __init__(self, items: list[str], rng: random.Random, exponent: float = 1.0):
        self.items = list(items)
        rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** exponent for r in range(len(self.items))))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


class Generator:
    def __init__(self, lex: Lexicon, articles: list[list[Template]], seed: int, new_person_rate: float):
        self.lex = lex
        self.articles = [a for a in articles if a]
        if not self.articles:
            raise SystemExit("gen_corpus: the seed articles hold no sentences")
        self.rng = random.Random(seed)
        rng = self.rng
        self.state_the = Picker([s for s, v in lex.states.items() if v.takes_the], rng)
        self.state_plain = Picker([s for s, v in lex.states.items() if not v.takes_the], rng)
        self.persons = Picker(sorted(lex.persons), rng)
        self.institutions = Picker(sorted(lex.institutions), rng)
        self.given = Picker(lex.given_names, rng, 0.7) if lex.given_names else None
        self.surnames = Picker(lex.surnames, rng, 0.5) if lex.surnames else None
        self.new_person_rate = new_person_rate if self.given and self.surnames else 0.0
        self.seen: dict[str, set[str]] = {"states": set(), "persons": set(), "new_persons": set(), "institutions": set()}

    def replacement(self, kind: str, aid: str, used: set[str]):
        rng = self.rng
        for _ in range(8):
            if kind == STATE:
                picker = self.state_the if self.lex.states[aid].takes_the else self.state_plain
                new = self.lex.states[picker.draw(rng)]
                key = new.id
            elif kind == PERSON:
                if rng.random() < self.new_person_rate:
                    full = f"{self.given.draw(rng)} {self.surnames.draw(rng)}"
                    new = Person("~" + full, full, last_token(full))
                else:
                    new = self.lex.persons[self.persons.draw(rng)]
                key = new.id
            else:
                key = self.institutions.draw(rng)
                new = self.lex.institutions[key]
            if key not in used:
                break
        used.add(key)
        return new

    def render_slot(self, slot: Slot, new) -> str:
        kind, _, form, the = slot
        if kind == STATE:
            if form == "name":
                return f"{the} {new.name}" if the else new.name
            if form == "capital":
                return new.capital
            i = int(form[3:])
            if new.demonyms:
                return new.demonyms[min(i, len(new.demonyms) - 1)]
            return new.name
        if kind == PERSON:
            return new.name if form == "full" else new.surname
        return new

    def article(self) -> str:
        rng = self.rng
        n_articles = len(self.articles)
        a = rng.randrange(n_articles)
        i = rng.randrange(len(self.articles[a]))
        want = rng.randint(6, 30)
        mapping: dict[str, str] = {}
        used: set[str] = set()
        paragraphs, current = [], []
        para_len = rng.randint(1, 3)
        for _ in range(want):
            if rng.random() < 0.25 or i >= len(self.articles[a]):
                a = rng.randrange(n_articles)
                i = rng.randrange(len(self.articles[a]))
            template = self.articles[a][i]
            i += 1
            out = []
            for part in template:
                if part.__class__ is str:
                    out.append(part)
                    continue
                key = part[0] + part[1]
                new = mapping.get(key)
                if new is None:
                    new = mapping[key] = self.replacement(part[0], part[1], used)
                out.append(self.render_slot(part, new))
            sentence = "".join(out).strip()
            if not sentence.endswith(END_PUNCT):
                # A headline or a crosshead: a paragraph of its own.
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                paragraphs.append(sentence)
                continue
            current.append(sentence)
            if len(current) >= para_len:
                paragraphs.append(" ".join(current))
                current = []
                para_len = rng.randint(1, 3)
        if current:
            paragraphs.append(" ".join(current))
        for key, new in mapping.items():
            kind = key[0]
            if kind == STATE:
                self.seen["states"].add(new.id)
            elif kind == PERSON:
                self.seen["new_persons" if new.id.startswith("~") else "persons"].add(new.id)
            else:
                self.seen["institutions"].add(new)
        return "\n".join(paragraphs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=parse_size, required=True, help="target output size, e.g. 10MB, 1GB (decimal) or 64MiB")
    p.add_argument("--out", type=Path, required=True, help="output file (.jsonl) or folder (with --format txt)")
    p.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seed articles (*.txt)")
    p.add_argument("--lexicon", type=Path, default=ROOT / "lexicon", help="lexicon folder")
    p.add_argument("--new-person-rate", type=float, default=0.4,
                   help="share of person swaps that make a new person not in the lexicon (default 0.4)")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)

    seed_files = sorted(args.seeds.glob("*.txt"))
    if not seed_files:
        p.error(f"no seed articles (*.txt) in `{args.seeds}`")
    started = time.monotonic()
    lex = load_lexicon(args.lexicon)
    strong = alternation(lex.strong_forms)
    articles = [compile_article(f.read_text(encoding="utf-8"), lex, strong) for f in seed_files]
    gen = Generator(lex, articles, args.seed, args.new_person_rate)

    docs = words = text_bytes = written = 0
    if args.format == "jsonl":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_name(args.out.name + ".tmp")
        stats_path = args.out.with_name(args.out.name + ".stats.json")
        sink = tmp.open("wb", buffering=1 << 20)
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        tmp = None
        stats_path = args.out / "stats.json"
        sink = None
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    chunk = []
    try:
        while written < args.size:
            text = gen.article()
            docs += 1
            doc_id = f"gen-{args.seed}-{docs:09d}"
            raw = text.encode("utf-8")
            text_bytes += len(raw)
            words += len(text.split())
            if sink is not None:
                line = dumps({"id": doc_id, "text": text}).encode("utf-8") + b"\n"
                chunk.append(line)
                written += len(line)
                if len(chunk) >= 4096:
                    sink.write(b"".join(chunk))
                    chunk.clear()
            else:
                sub = args.out / f"{docs // 1000:06d}"
                sub.mkdir(exist_ok=True)
                (sub / f"{doc_id}.txt").write_bytes(raw)
                written += len(raw)
        if sink is not None:
            sink.write(b"".join(chunk))
            sink.close()
            os.replace(tmp, args.out)
    except BaseException:
        if sink is not None:
            sink.close()
            tmp.unlink(missing_ok=True)
        raise

    stats = {
        "generator": "benches/gen_corpus.py",
        "seed": args.seed,
        "size_requested": args.size,
        "documents": docs,
        "text_bytes": text_bytes,
        "file_bytes": written,
        "words": words,
        "distinct_actors": {k: len(v) for k, v in gen.seen.items()},
        "seconds": round(time.monotonic() - started, 2),
    }
    stats_path.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        print(
            f"gen_corpus: {docs} documents, {text_bytes / 1e6:.1f} MB of text, {words} words, "
            f"actors {stats['distinct_actors']} in {stats['seconds']} s -> {args.out}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
