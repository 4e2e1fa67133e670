//! Data-driven cases for the entity and relation passes.
//!
//! Each row of `tests/cases/relations.tsv` and `tests/cases/entities.tsv` is
//! a short news text, the expectations a careful annotator following
//! ONTOLOGY.md would write for it, and a status. A row is built into a graph
//! on its own and every expectation is checked against `graph.nodes()` and
//! `graph.edges()`.
//!
//! File format: tab-separated, with the header line `text`, `expect`,
//! `status`. Blank lines and lines starting with `#` are comments. In
//! `text`, the two characters `\n` stand for a line break. `expect` is a
//! `;`-separated list:
//!
//! - `SRC -REL-> TGT CERT [@SPEAKER]`: an edge with that merged certainty
//!   (asserted, hedged or negated); with `@SPEAKER`, one of its evidence is
//!   attributed to that node, with `@-`, none is attributed. Symmetric
//!   relations match in either direction.
//! - `!SRC -REL-> TGT`: no such edge in any certainty (either direction for a
//!   symmetric relation).
//! - `-`: no interaction edge at all (affiliation edges are ignored).
//! - `ID:TYPE` or `ID:TYPE[Form1,Form2]`: a node of that type, with those
//!   surface forms among its label and aliases.
//! - `!Label`: no node has that label or alias.
//! - `count=N`: exactly N person, state and institution nodes.
//!
//! A node reference (`SRC`, `TGT`, `SPEAKER`, `ID`) is a node id; or ids
//! that an annotator would accept equally, `france|sebastien-lecornu`; or,
//! for a node whose id neither the ontology nor the lexicon fixes, surface
//! forms in brackets, `[Kenya's foreign ministry|foreign ministry]`: the
//! nodes whose label or an alias is one of those forms (case-insensitive).
//!
//! `status` is `ok`, or `xfail: <reason>` for a case the extractor gets
//! wrong today. Every row is its own trial (libtest-mimic), named
//! `FILE:LINE: start of the text`, so one row runs alone with
//! `cargo test --test extraction_cases -- relations.tsv:4:`. An `ok` row
//! fails when an expectation does not hold; an `xfail` row fails when it
//! passes (XPASS: mark it `ok`), so the file stays honest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Trial};

use newsgraph::{build, lexicon, model::slug, Certainty, Document, KnowledgeGraph, Lexicon, Node};

/// The relations of ONTOLOGY.md.
const RELATIONS: [&str; 17] = [
    "warns",
    "visited",
    "denies",
    "supplies",
    "accuses",
    "criticizes",
    "sanctions",
    "urges",
    "meets",
    "negotiates",
    "cooperates_with",
    "supports",
    "attacks",
    "declines_comment",
    "leads",
    "member_of",
    "part_of",
];
/// The relations ONTOLOGY.md declares symmetric.
const SYMMETRIC: [&str; 3] = ["meets", "negotiates", "cooperates_with"];
/// The affiliation relations, which `-` ignores.
const AFFILIATIONS: [&str; 3] = ["leads", "member_of", "part_of"];
/// Node types that `count=N` counts.
const ACTOR_TYPES: [&str; 3] = ["person", "state", "institution"];

#[derive(Clone, Debug, PartialEq)]
enum NodeRef {
    Id(String),
    Surface(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Speaker {
    Any,
    Nobody,
    Node(NodeRef),
}

#[derive(Clone, Debug, PartialEq)]
enum Expect {
    Edge {
        source: NodeRef,
        relation: String,
        target: NodeRef,
        certainty: Certainty,
        speaker: Speaker,
    },
    NoEdge {
        source: NodeRef,
        relation: String,
        target: NodeRef,
    },
    NoInteraction,
    Node {
        node: NodeRef,
        node_type: String,
        forms: Vec<String>,
    },
    NoLabel(String),
    Count(usize),
}

#[derive(Clone, Debug)]
struct Row {
    line: usize,
    text: String,
    expects: Vec<(String, Expect)>,
    xfail: Option<String>,
}

fn parse_node_ref(s: &str) -> Result<NodeRef, String> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        if inner.trim().is_empty() {
            return Err("empty surface form `[]`".into());
        }
        return Ok(NodeRef::Surface(inner.trim().to_string()));
    }
    if s.is_empty() || s.contains(char::is_whitespace) {
        return Err(format!(
            "bad node reference `{s}` (an id, or a surface form in brackets)"
        ));
    }
    Ok(NodeRef::Id(s.to_string()))
}

/// Splits `SRC -REL-> TGT rest` into its parts.
fn split_edge(s: &str) -> Result<(NodeRef, String, String), String> {
    let (src, rest) = s
        .split_once(" -")
        .ok_or_else(|| format!("`{s}`: expected `SRC -REL-> TGT`"))?;
    let (rel, rest) = rest
        .split_once("-> ")
        .ok_or_else(|| format!("`{s}`: expected `-REL-> ` after the source"))?;
    if !RELATIONS.contains(&rel) {
        return Err(format!("`{s}`: `{rel}` is not a relation of ONTOLOGY.md"));
    }
    Ok((
        parse_node_ref(src)?,
        rel.to_string(),
        rest.trim().to_string(),
    ))
}

/// Splits the target off the front of `rest`, allowing a bracketed surface
/// form with spaces.
fn take_node_ref(rest: &str) -> Result<(NodeRef, &str), String> {
    let rest = rest.trim_start();
    let end = if rest.starts_with('[') {
        rest.find(']')
            .map(|i| i + 1)
            .ok_or_else(|| format!("`{rest}`: unclosed `[`"))?
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    Ok((parse_node_ref(&rest[..end])?, rest[end..].trim()))
}

fn parse_expect(s: &str) -> Result<Expect, String> {
    let s = s.trim();
    if s == "-" {
        return Ok(Expect::NoInteraction);
    }
    if let Some(n) = s.strip_prefix("count=") {
        return n
            .trim()
            .parse()
            .map(Expect::Count)
            .map_err(|_| format!("`{s}`: count must be a number"));
    }
    if let Some(neg) = s.strip_prefix('!') {
        if neg.contains("-> ") {
            let (source, relation, rest) = split_edge(neg)?;
            let (target, tail) = take_node_ref(&rest)?;
            if !tail.is_empty() {
                return Err(format!(
                    "`{s}`: a negative edge takes no certainty or speaker"
                ));
            }
            return Ok(Expect::NoEdge {
                source,
                relation,
                target,
            });
        }
        if neg.trim().is_empty() {
            return Err("`!` needs a label".into());
        }
        return Ok(Expect::NoLabel(neg.trim().to_string()));
    }
    if s.contains("-> ") {
        let (source, relation, rest) = split_edge(s)?;
        let (target, tail) = take_node_ref(&rest)?;
        let mut parts = tail.splitn(2, char::is_whitespace);
        let cert = parts.next().unwrap_or("");
        let certainty: Certainty = cert.parse().map_err(|e| format!("`{s}`: {e}"))?;
        let speaker = match parts.next().map(str::trim) {
            None | Some("") => Speaker::Any,
            Some("@-") => Speaker::Nobody,
            Some(sp) => match sp.strip_prefix('@') {
                Some(id) => Speaker::Node(parse_node_ref(id)?),
                None => return Err(format!("`{s}`: expected `@SPEAKER` after the certainty")),
            },
        };
        return Ok(Expect::Edge {
            source,
            relation,
            target,
            certainty,
            speaker,
        });
    }
    // `ID:TYPE` or `ID:TYPE[Form1,Form2]`; the id may itself be bracketed.
    let (node, rest) = if s.starts_with('[') {
        let end = s.find(']').ok_or_else(|| format!("`{s}`: unclosed `[`"))?;
        (parse_node_ref(&s[..=end])?, &s[end + 1..])
    } else {
        let colon = s
            .find(':')
            .ok_or_else(|| format!("`{s}`: not an edge, node, `!label`, `count=N` or `-`"))?;
        (parse_node_ref(&s[..colon])?, &s[colon..])
    };
    let rest = rest
        .strip_prefix(':')
        .ok_or_else(|| format!("`{s}`: expected `:TYPE` after the node"))?;
    let (node_type, forms) = match rest.split_once('[') {
        Some((t, f)) => {
            let f = f
                .strip_suffix(']')
                .ok_or_else(|| format!("`{s}`: unclosed `[` in the forms"))?;
            (t, f.split(',').map(|x| x.trim().to_string()).collect())
        }
        None => (rest, Vec::new()),
    };
    if !["person", "state", "institution", "place", "other"].contains(&node_type) {
        return Err(format!("`{s}`: unknown node type `{node_type}`"));
    }
    Ok(Expect::Node {
        node,
        node_type: node_type.to_string(),
        forms,
    })
}

fn parse_file(path: &Path) -> Result<Vec<Row>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = data.lines().enumerate();
    match lines.next() {
        Some((_, "text\texpect\tstatus")) => {}
        _ => {
            return Err(format!(
                "{}:1: the header must be `text<TAB>expect<TAB>status`",
                path.display()
            ))
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 3 {
            errors.push(format!(
                "{}:{line_no}: expected 3 tab-separated fields, found {}",
                path.display(),
                fields.len()
            ));
            continue;
        }
        let status = fields[2].trim();
        let xfail = if status == "ok" {
            None
        } else if let Some(reason) = status.strip_prefix("xfail:") {
            Some(reason.trim().to_string())
        } else {
            errors.push(format!(
                "{}:{line_no}: status must be `ok` or `xfail: <reason>`, found `{status}`",
                path.display()
            ));
            continue;
        };
        let mut expects = Vec::new();
        for part in fields[1]
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match parse_expect(part) {
                Ok(e) => expects.push((part.to_string(), e)),
                Err(e) => errors.push(format!("{}:{line_no}: {e}", path.display())),
            }
        }
        if expects.is_empty() {
            errors.push(format!("{}:{line_no}: no expectations", path.display()));
        }
        rows.push(Row {
            line: line_no,
            text: fields[0].replace("\\n", "\n"),
            expects,
            xfail,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors.join("\n"))
    }
}

fn names_of(n: &Node) -> impl Iterator<Item = &str> {
    std::iter::once(n.label.as_str()).chain(n.aliases.iter().map(String::as_str))
}

/// The ids an expectation names.
fn named_ids(e: &Expect) -> Vec<&str> {
    let refs: Vec<&NodeRef> = match e {
        Expect::Edge {
            source,
            target,
            speaker,
            ..
        } => {
            let mut v = vec![source, target];
            if let Speaker::Node(r) = speaker {
                v.push(r);
            }
            v
        }
        Expect::NoEdge { source, target, .. } => vec![source, target],
        Expect::Node { node, .. } => vec![node],
        _ => Vec::new(),
    };
    refs.into_iter()
        .filter_map(|r| match r {
            NodeRef::Id(ids) => Some(ids.split('|')),
            NodeRef::Surface(_) => None,
        })
        .flatten()
        .collect()
}

/// True when `id` is a lexicon id or the slug of a run of words of `text`
/// (a person named as written), so that a misspelt id is reported instead
/// of making a negative expectation pass for nothing.
fn id_is_plausible(id: &str, text: &str, lex: &Lexicon) -> bool {
    if lex.entity(id).is_some() {
        return true;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '“' || c == '”')
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len())
        .any(|i| (i + 1..=(i + 6).min(words.len())).any(|j| slug(&words[i..j].join(" ")) == id))
}

/// The node ids a reference can stand for.
fn resolve_ref(g: &KnowledgeGraph, r: &NodeRef) -> Vec<String> {
    match r {
        NodeRef::Id(ids) => ids.split('|').map(str::to_string).collect(),
        NodeRef::Surface(forms) => g
            .nodes()
            .into_iter()
            .filter(|n| {
                names_of(n).any(|a| forms.split('|').any(|f| a.eq_ignore_ascii_case(f.trim())))
            })
            .map(|n| n.id.clone())
            .collect(),
    }
}

/// Checks one expectation; `Err` says what the graph holds instead.
fn check(g: &KnowledgeGraph, e: &Expect) -> Result<(), String> {
    match e {
        Expect::Edge {
            source,
            relation,
            target,
            certainty,
            speaker,
        } => {
            let srcs = resolve_ref(g, source);
            let tgts = resolve_ref(g, target);
            let symmetric = SYMMETRIC.contains(&relation.as_str());
            let found: Vec<_> = g
                .edges()
                .into_iter()
                .filter(|x| {
                    x.relation == *relation
                        && ((srcs.contains(&x.source) && tgts.contains(&x.target))
                            || (symmetric && srcs.contains(&x.target) && tgts.contains(&x.source)))
                })
                .collect();
            if found.is_empty() {
                return Err("no such edge".into());
            }
            let speakers = match speaker {
                Speaker::Node(r) => resolve_ref(g, r),
                _ => Vec::new(),
            };
            let mut why = Vec::new();
            for x in &found {
                if x.certainty != *certainty {
                    why.push(format!("the edge is {}", x.certainty));
                    continue;
                }
                let attributed: Vec<&str> = x
                    .evidence
                    .iter()
                    .filter_map(|v| v.attributed_to.as_deref())
                    .collect();
                let ok = match speaker {
                    Speaker::Any => true,
                    Speaker::Nobody => attributed.is_empty(),
                    Speaker::Node(_) => attributed.iter().any(|a| speakers.iter().any(|s| s == a)),
                };
                if ok {
                    return Ok(());
                }
                why.push(if attributed.is_empty() {
                    "no evidence is attributed".to_string()
                } else {
                    format!("attributed to {}", attributed.join(", "))
                });
            }
            Err(why.join("; "))
        }
        Expect::NoEdge {
            source,
            relation,
            target,
        } => {
            let srcs = resolve_ref(g, source);
            let tgts = resolve_ref(g, target);
            let symmetric = SYMMETRIC.contains(&relation.as_str());
            match g.edges().into_iter().find(|x| {
                x.relation == *relation
                    && ((srcs.contains(&x.source) && tgts.contains(&x.target))
                        || (symmetric && srcs.contains(&x.target) && tgts.contains(&x.source)))
            }) {
                Some(x) => Err(format!("the edge exists ({})", x.certainty)),
                None => Ok(()),
            }
        }
        Expect::NoInteraction => {
            let extra: Vec<String> = g
                .edges()
                .into_iter()
                .filter(|x| !AFFILIATIONS.contains(&x.relation.as_str()))
                .map(|x| format!("{} -{}-> {}", x.source, x.relation, x.target))
                .collect();
            if extra.is_empty() {
                Ok(())
            } else {
                Err(format!("found {}", extra.join(", ")))
            }
        }
        Expect::Node {
            node,
            node_type,
            forms,
        } => {
            let ids = resolve_ref(g, node);
            let candidates: Vec<&Node> = ids.iter().filter_map(|id| g.node(id)).collect();
            if candidates.is_empty() {
                return Err("no such node".into());
            }
            let mut why = Vec::new();
            for n in candidates {
                if n.node_type.as_str() != node_type {
                    why.push(format!("{} is a {}", n.id, n.node_type));
                    continue;
                }
                let missing: Vec<&String> = forms
                    .iter()
                    .filter(|f| !names_of(n).any(|a| a.eq_ignore_ascii_case(f)))
                    .collect();
                if missing.is_empty() {
                    return Ok(());
                }
                why.push(format!(
                    "{} lacks {}",
                    n.id,
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            Err(why.join("; "))
        }
        Expect::NoLabel(label) => {
            match g
                .nodes()
                .into_iter()
                .find(|n| names_of(n).any(|a| a.eq_ignore_ascii_case(label)))
            {
                Some(n) => Err(format!("node {} ({}) has it", n.id, n.node_type)),
                None => Ok(()),
            }
        }
        Expect::Count(want) => {
            let have: Vec<&Node> = g
                .nodes()
                .into_iter()
                .filter(|n| ACTOR_TYPES.contains(&n.node_type.as_str()))
                .collect();
            if have.len() == *want {
                Ok(())
            } else {
                Err(format!("found {}", have.len()))
            }
        }
    }
}

/// What the graph holds, for a failure report.
fn describe(g: &KnowledgeGraph) -> String {
    let mut out = String::new();
    for n in g.nodes() {
        let _ = writeln!(
            out,
            "      node {}:{} [{}]",
            n.id,
            n.node_type,
            names_of(n).collect::<Vec<_>>().join(", ")
        );
    }
    for e in g.edges() {
        let mut speakers: Vec<&str> = e
            .evidence
            .iter()
            .filter_map(|v| v.attributed_to.as_deref())
            .collect();
        speakers.sort_unstable();
        speakers.dedup();
        let at = if speakers.is_empty() {
            String::new()
        } else {
            format!(" @{}", speakers.join(",@"))
        };
        let _ = writeln!(
            out,
            "      edge {} -{}-> {} {}{}",
            e.source, e.relation, e.target, e.certainty, at
        );
    }
    if out.is_empty() {
        out.push_str("      (empty graph)\n");
    }
    out
}

/// The built-in lexicon, loaded once for every row.
fn lex() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| lexicon::builtin().expect("the built-in lexicon loads"))
}

fn case_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name)
}

/// Runs one row: `Ok` when an `ok` row holds or an `xfail` row still
/// fails; an `xfail` row that passes is a failure, so the file stays honest.
fn run_row(name: &str, row: &Row) -> Result<(), String> {
    let lex = lex();
    let misspelt: Vec<&str> = row
        .expects
        .iter()
        .flat_map(|(_, e)| named_ids(e))
        .filter(|id| !id_is_plausible(id, &row.text, lex))
        .collect();
    if !misspelt.is_empty() {
        return Err(format!(
            "{name}:{}: {misspelt:?} are neither lexicon ids nor names in the text",
            row.line
        ));
    }
    let doc = Document {
        id: "case".into(),
        path: "case".into(),
        text: row.text.clone(),
    };
    let g = build(&[doc], lex);
    let failures: Vec<String> = row
        .expects
        .iter()
        .filter_map(|(src, e)| {
            check(&g, e)
                .err()
                .map(|why| format!("    expected {src}: {why}"))
        })
        .collect();
    let head = format!("{name}:{}: {}", row.line, row.text.replace('\n', "\\n"));
    match (&row.xfail, failures.is_empty()) {
        (None, true) | (Some(_), false) => Ok(()),
        (Some(reason), true) => Err(format!(
            "XPASS: the row passes now; mark it ok (it was xfail: {reason})\n{head}"
        )),
        (None, false) => Err(format!(
            "FAIL {head}\n{}\n    the graph holds:\n{}",
            failures.join("\n"),
            describe(&g)
        )),
    }
}

/// One trial per row of a case file, named `FILE:LINE: start of the text`,
/// so `cargo test --test extraction_cases -- relations.tsv:4:` runs one.
fn row_trials(name: &'static str) -> Vec<Trial> {
    let rows = match parse_file(&case_path(name)) {
        Ok(rows) => rows,
        Err(e) => {
            return vec![Trial::test(format!("{name}: parse"), move || {
                Err(format!("cannot read the cases:\n{e}").into())
            })]
        }
    };
    rows.into_iter()
        .map(|row| {
            let short: String = row.text.chars().take(60).collect();
            let trial_name = format!("{name}:{}: {}", row.line, short.replace('\n', " "));
            let ignored = row.xfail.is_some();
            Trial::test(trial_name, move || run_row(name, &row).map_err(Into::into))
                .with_kind(if ignored { "xfail" } else { "" })
        })
        .collect()
}

/// Every relation of ONTOLOGY.md has at least one positive case.
fn every_relation_has_a_case() {
    let rows = parse_file(&case_path("relations.tsv"))
        .unwrap_or_else(|e| panic!("cannot read the cases:\n{e}"));
    let missing: Vec<&str> = RELATIONS
        .iter()
        .copied()
        .filter(|rel| {
            !rows.iter().any(|r| {
                r.expects
                    .iter()
                    .any(|(_, e)| matches!(e, Expect::Edge { relation, .. } if relation == rel))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "relations without a positive case: {missing:?}"
    );
}

fn the_parser_reads_every_form() {
    let id = |s: &str| NodeRef::Id(s.into());
    assert_eq!(
        parse_expect("turkey -warns-> greece hedged @recep-tayyip-erdogan").unwrap(),
        Expect::Edge {
            source: id("turkey"),
            relation: "warns".into(),
            target: id("greece"),
            certainty: Certainty::Hedged,
            speaker: Speaker::Node(id("recep-tayyip-erdogan")),
        }
    );
    assert_eq!(
        parse_expect("[foreign ministry] -part_of-> iran asserted @-").unwrap(),
        Expect::Edge {
            source: NodeRef::Surface("foreign ministry".into()),
            relation: "part_of".into(),
            target: id("iran"),
            certainty: Certainty::Asserted,
            speaker: Speaker::Nobody,
        }
    );
    assert_eq!(
        parse_expect("!india -meets-> pakistan").unwrap(),
        Expect::NoEdge {
            source: id("india"),
            relation: "meets".into(),
            target: id("pakistan"),
        }
    );
    assert_eq!(parse_expect("-").unwrap(), Expect::NoInteraction);
    assert_eq!(parse_expect("count=3").unwrap(), Expect::Count(3));
    assert_eq!(
        parse_expect("!Istanbul").unwrap(),
        Expect::NoLabel("Istanbul".into())
    );
    assert_eq!(
        parse_expect("united-states:state[U.S.,Washington]").unwrap(),
        Expect::Node {
            node: id("united-states"),
            node_type: "state".into(),
            forms: vec!["U.S.".into(), "Washington".into()],
        }
    );
    assert_eq!(
        parse_expect("[Stockholm University]:institution").unwrap(),
        Expect::Node {
            node: NodeRef::Surface("Stockholm University".into()),
            node_type: "institution".into(),
            forms: vec![],
        }
    );
    assert!(parse_expect("turkey -warns-> greece sure").is_err());
    assert!(parse_expect("turkey:country").is_err());
    assert!(parse_expect("turkey -threatens-> greece asserted").is_err());
    assert!(parse_expect("count=many").is_err());
}

/// A plain check as a trial: a panic is its failure.
fn check_trial(name: &str, f: fn()) -> Trial {
    Trial::test(name, move || {
        std::panic::catch_unwind(f).map_err(|e| {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into());
            msg.into()
        })
    })
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = row_trials("relations.tsv");
    trials.extend(row_trials("entities.tsv"));
    trials.push(check_trial(
        "every_relation_has_a_case",
        every_relation_has_a_case,
    ));
    trials.push(check_trial(
        "the_parser_reads_every_form",
        the_parser_reads_every_form,
    ));
    libtest_mimic::run(&args, trials).exit();
}
