//! RDF, as Turtle (`ttl`) and N-Triples (`nt`), in a small vocabulary of
//! the project's own under `https://newsgraph.example/`.
//!
//! - Each node is `actor:{id}` (the id percent-encoded, see
//!   [`percent_encode`]), typed `ng:Person`, `ng:State`, `ng:Institution`,
//!   `ng:Place` or `ng:Other`, with `rdfs:label`, one `ng:alias` per alias,
//!   `ng:mentions`, `ng:mentionedIn` per document, its extra attributes
//!   (`ng:iso2`, `ng:wikidata`…) and `owl:sameAs` its Wikidata entity where
//!   the lexicon knows one.
//! - Each edge is one triple `actor:a ng:{relation} actor:b`, except a
//!   negated edge: that the text denies a fact must not read as the fact, so
//!   a negated edge exists only as its statement node.
//! - Each edge is also a reified statement `edge:{key}` (`rdf:Statement`
//!   with `rdf:subject`, `rdf:predicate`, `rdf:object`) carrying
//!   `ng:certainty`, `rdfs:label`, `ng:weight`, its extra attributes and one
//!   `ng:evidence` per piece of evidence.
//! - Each piece of evidence is a statement node of its own, `ng:Evidence`
//!   and `rdf:Statement` of the same triple, with `ng:certainty`,
//!   `ng:document`, `ng:sentence`, `ng:start`, `ng:end`, `ng:text` and
//!   `ng:attributedTo`.
//! - Each document is `document:{id}`, an `ng:Document` with its path,
//!   hash and sentence count.
//!
//! Both syntaxes are written from one sequence of triples, so they always
//! say the same thing; it is made and written a node or an edge at a time.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;

use super::escape::percent_encode;
use super::Exporter;
use crate::graph::GraphView;
use crate::model::{Certainty, DocumentInfo, Edge, Node, NodeType};

/// The base of every IRI the project mints.
pub const BASE: &str = "https://newsgraph.example/";
/// The vocabulary.
pub const NG: &str = "https://newsgraph.example/ontology#";
pub const ACTOR: &str = "https://newsgraph.example/actor/";
pub const DOCUMENT: &str = "https://newsgraph.example/document/";
pub const EDGE: &str = "https://newsgraph.example/edge/";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// The prefixes Turtle abbreviates, in the order they are declared.
const PREFIXES: &[(&str, &str)] = &[
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("ng", NG),
    ("actor", ACTOR),
    ("document", DOCUMENT),
    ("wd", WIKIDATA),
];

pub struct Turtle;
pub struct NTriples;

impl Exporter for Turtle {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write(graph, &mut out);
        out
    }

    /// Streams the Turtle a node or an edge at a time.
    fn write(&self, graph: &dyn GraphView, out: &mut dyn io::Write) -> io::Result<()> {
        let mut ttl = TurtleWriter::default();
        ttl.start(out)?;
        each_group(graph, &mut |group| ttl.push(out, group))?;
        ttl.end(out)?;
        graph.check()
    }
}

impl Exporter for NTriples {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write(graph, &mut out);
        out
    }

    /// Streams the N-Triples a node or an edge at a time.
    fn write(&self, graph: &dyn GraphView, out: &mut dyn io::Write) -> io::Result<()> {
        each_group(graph, &mut |group| write_ntriples(out, group))?;
        graph.check()
    }
}

/// An RDF term in object position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Iri(String),
    /// A plain string literal.
    Str(String),
    /// An `xsd:integer` literal.
    Int(usize),
}

/// A triple: subject and predicate are IRIs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triple {
    pub subject: String,
    pub predicate: String,
    pub object: Term,
}

/// The IRI of an actor.
pub fn actor_iri(id: &str) -> String {
    format!("{ACTOR}{}", percent_encode(id))
}

/// The IRI of a term of the vocabulary (a relation or an attribute name).
pub fn ng(name: &str) -> String {
    format!("{NG}{}", percent_encode(name))
}

fn class_of(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "Person",
        NodeType::State => "State",
        NodeType::Institution => "Institution",
        NodeType::Place => "Place",
        NodeType::Other => "Other",
    }
}

/// Every triple of the graph, grouped by subject in a fixed order.
pub fn triples(graph: &dyn GraphView) -> Vec<Triple> {
    let mut out = Vec::new();
    let _ = each_group(graph, &mut |group| {
        out.extend_from_slice(group);
        Ok(())
    });
    out
}

/// Collects the triples of one group (one or a few subjects).
#[derive(Default)]
struct Group(Vec<Triple>);

impl Group {
    fn add(&mut self, s: &str, p: String, o: Term) {
        self.0.push(Triple {
            subject: s.to_string(),
            predicate: p,
            object: o,
        })
    }
}

fn rdf_type() -> String {
    format!("{RDF}type")
}

fn label() -> String {
    format!("{RDFS}label")
}

/// The triples of [`triples`], handed to `sink` a group at a time: the
/// vocabulary, then each document, node and edge (with its evidence), so
/// that no more than one edge's triples are in memory.
pub fn each_group(
    graph: &dyn GraphView,
    sink: &mut dyn FnMut(&[Triple]) -> io::Result<()>,
) -> io::Result<()> {
    sink(&vocabulary(graph).0)?;
    for d in graph.documents() {
        sink(&document_triples(&d).0)?;
    }
    for n in graph.nodes() {
        sink(&node_triples(&n).0)?;
    }
    for e in graph.edges(true) {
        sink(&edge_triples(&e).0)?;
    }
    Ok(())
}

/// The vocabulary the file uses, declared so that a reader can list it.
fn vocabulary(graph: &dyn GraphView) -> Group {
    let mut g = Group::default();
    let classes: BTreeSet<&str> = graph.nodes().map(|n| class_of(n.node_type)).collect();
    for c in classes.iter().copied().chain(["Document", "Evidence"]) {
        g.add(&ng(c), rdf_type(), Term::Iri(format!("{RDFS}Class")));
    }
    let relations: BTreeSet<String> = graph.edges(false).map(|e| e.relation.clone()).collect();
    for r in relations {
        g.add(&ng(&r), rdf_type(), Term::Iri(format!("{RDF}Property")));
        g.add(&ng(&r), label(), Term::Str(r.clone()));
    }
    g
}

fn document_triples(d: &DocumentInfo) -> Group {
    let mut g = Group::default();
    let s = format!("{DOCUMENT}{}", percent_encode(&d.id));
    g.add(&s, rdf_type(), Term::Iri(ng("Document")));
    g.add(&s, label(), Term::Str(d.id.clone()));
    g.add(&s, ng("path"), Term::Str(d.path.clone()));
    g.add(&s, ng("sha256"), Term::Str(d.sha256.clone()));
    g.add(&s, ng("sentences"), Term::Int(d.sentences));
    g
}

fn node_triples(n: &Node) -> Group {
    let mut g = Group::default();
    let s = actor_iri(&n.id);
    g.add(&s, rdf_type(), Term::Iri(ng(class_of(n.node_type))));
    g.add(&s, label(), Term::Str(n.label.clone()));
    g.add(&s, ng("id"), Term::Str(n.id.clone()));
    for a in &n.aliases {
        g.add(&s, ng("alias"), Term::Str(a.clone()));
    }
    g.add(&s, ng("mentions"), Term::Int(n.mentions));
    for d in &n.documents {
        let doc = format!("{DOCUMENT}{}", percent_encode(d));
        g.add(&s, ng("mentionedIn"), Term::Iri(doc));
    }
    for (k, v) in &n.attributes {
        g.add(&s, ng(k), Term::Str(v.clone()));
    }
    if let Some(q) = n.attributes.get("wikidata").filter(|q| is_wikidata_id(q)) {
        let wd = Term::Iri(format!("{WIKIDATA}{q}"));
        g.add(&s, format!("{OWL}sameAs"), wd);
    }
    g
}

fn edge_triples(e: &Edge) -> Group {
    let mut g = Group::default();
    let (subject, predicate, object) =
        (actor_iri(&e.source), ng(&e.relation), actor_iri(&e.target));
    if e.certainty != Certainty::Negated {
        g.add(&subject, predicate.clone(), Term::Iri(object.clone()));
    }
    let st = format!("{EDGE}{}", percent_encode(&e.key));
    let reify = |g: &mut Group, s: &str| {
        g.add(s, rdf_type(), Term::Iri(format!("{RDF}Statement")));
        g.add(s, format!("{RDF}subject"), Term::Iri(subject.clone()));
        g.add(s, format!("{RDF}predicate"), Term::Iri(predicate.clone()));
        g.add(s, format!("{RDF}object"), Term::Iri(object.clone()));
    };
    reify(&mut g, &st);
    g.add(&st, label(), Term::Str(e.label.clone()));
    g.add(&st, ng("certainty"), Term::Str(e.certainty.as_str().into()));
    g.add(&st, ng("weight"), Term::Int(e.weight));
    for (k, v) in &e.attributes {
        g.add(&st, ng(k), Term::Str(v.clone()));
    }
    let evidence: Vec<String> = (1..=e.evidence.len())
        .map(|i| format!("{st}/evidence/{i}"))
        .collect();
    for ev in &evidence {
        g.add(&st, ng("evidence"), Term::Iri(ev.clone()));
    }
    for (ev, v) in evidence.iter().zip(&e.evidence) {
        g.add(ev, rdf_type(), Term::Iri(ng("Evidence")));
        reify(&mut g, ev);
        g.add(ev, ng("certainty"), Term::Str(v.certainty.as_str().into()));
        let doc = format!("{DOCUMENT}{}", percent_encode(&v.document));
        g.add(ev, ng("document"), Term::Iri(doc));
        g.add(ev, ng("sentence"), Term::Int(v.sentence));
        g.add(ev, ng("start"), Term::Int(v.start));
        g.add(ev, ng("end"), Term::Int(v.end));
        g.add(ev, ng("text"), Term::Str(v.text.clone()));
        if let Some(a) = &v.attributed_to {
            g.add(ev, ng("attributedTo"), Term::Iri(actor_iri(a)));
        }
    }
    g
}

/// `Q` and digits: the only Wikidata ids turned into IRIs.
fn is_wikidata_id(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A string literal body, escaped for both Turtle and N-Triples: quotes,
/// backslashes and line breaks by their escapes, other control characters
/// as `\uXXXX`. Everything else stays as UTF-8, as both syntaxes allow.
pub fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn full_iri(iri: &str) -> String {
    // Minted IRIs are percent-encoded and vocabulary IRIs are fixed, so no
    // character IRIREF forbids can occur; a literal `<`, `>` or space would
    // have been encoded.
    format!("<{iri}>")
}

fn nt_term(t: &Term) -> String {
    match t {
        Term::Iri(i) => full_iri(i),
        Term::Str(s) => literal(s),
        Term::Int(n) => format!("\"{n}\"^^<{XSD}integer>"),
    }
}

/// The triples as N-Triples: one per line, full IRIs.
pub fn to_ntriples(triples: &[Triple]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_ntriples(&mut out, triples);
    String::from_utf8(out).unwrap_or_default()
}

fn write_ntriples(out: &mut dyn io::Write, triples: &[Triple]) -> io::Result<()> {
    for t in triples {
        writeln!(
            out,
            "{} {} {} .",
            full_iri(&t.subject),
            full_iri(&t.predicate),
            nt_term(&t.object)
        )?;
    }
    Ok(())
}

/// A prefixed name when the IRI starts with a known namespace and the rest
/// is a plain name (letters, digits, `_`, `-`, not starting with `-`).
fn ttl_iri(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            let plain = local
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                && local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if plain {
                return format!("{p}:{local}");
            }
        }
    }
    full_iri(iri)
}

fn ttl_term(t: &Term) -> String {
    match t {
        Term::Iri(i) => ttl_iri(i),
        Term::Str(s) => literal(s),
        Term::Int(n) => n.to_string(),
    }
}

/// The triples as Turtle: prefixes, then one block per subject.
pub fn to_turtle(triples: &[Triple]) -> String {
    let mut out = Vec::new();
    let mut ttl = TurtleWriter::default();
    // Writing into memory cannot fail.
    let _ = ttl
        .start(&mut out)
        .and_then(|_| ttl.push(&mut out, triples))
        .and_then(|_| ttl.end(&mut out));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes Turtle as triples arrive: a subject's triples, which come
/// together, share one block.
#[derive(Default)]
struct TurtleWriter {
    /// The subject of the open block.
    current: Option<String>,
}

impl TurtleWriter {
    fn start(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "@base <{BASE}> .")?;
        for (p, ns) in PREFIXES {
            writeln!(out, "@prefix {p}: <{ns}> .")?;
        }
        Ok(())
    }

    fn push(&mut self, out: &mut dyn io::Write, triples: &[Triple]) -> io::Result<()> {
        let rdf_type = rdf_type();
        for t in triples {
            let predicate = if t.predicate == rdf_type {
                "a".to_string()
            } else {
                ttl_iri(&t.predicate)
            };
            if self.current.as_deref() == Some(t.subject.as_str()) {
                write!(out, " ;\n    {predicate} {}", ttl_term(&t.object))?;
            } else {
                if self.current.is_some() {
                    out.write_all(b" .\n")?;
                }
                let (s, o) = (ttl_iri(&t.subject), ttl_term(&t.object));
                write!(out, "\n{s} {predicate} {o}")?;
                self.current = Some(t.subject.clone());
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        if self.current.take().is_some() {
            out.write_all(b" .\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::{hostile_pair, TOM};

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(literal("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(
            literal("x\ny\r\tz\u{1}\u{7f}"),
            r#""x\ny\r\tz\u0001\u007F""#
        );
        assert_eq!(
            literal("Жуков 東京 😀 <&> {x};"),
            "\"Жуков 東京 😀 <&> {x};\""
        );
    }

    #[test]
    fn actor_iris_are_percent_encoded() {
        assert_eq!(
            actor_iri("north-korea"),
            "https://newsgraph.example/actor/north-korea"
        );
        assert_eq!(
            actor_iri(TOM),
            "https://newsgraph.example/actor/tom%20%26%20%22jerry%22%0A"
        );
    }

    #[test]
    fn ntriples_hold_labels_sameas_and_no_plain_negated_edge() {
        let nt = to_ntriples(&triples(&hostile_pair()));
        assert!(nt.contains(
            "<https://newsgraph.example/actor/north-korea> <http://www.w3.org/2002/07/owl#sameAs> \
             <http://www.wikidata.org/entity/Q423> .\n"
        ));
        assert!(nt.contains(
            "<https://newsgraph.example/actor/tom%20%26%20%22jerry%22%0A> <http://www.w3.org/2000/01/rdf-schema#label> \
             \"Tom & \\\"Jerry\\\" <b> \\\\ {x}; 'q'\\nЖуков 東京 😀\\u0001\" .\n"
        ));
        assert!(nt.contains(
            "<https://newsgraph.example/actor/tom%20%26%20%22jerry%22%0A> <https://newsgraph.example/ontology#warns> \
             <https://newsgraph.example/actor/north-korea> .\n"
        ));
        assert!(!nt.contains("ontology#visited> <https://newsgraph.example/actor/north-korea> .\n"));
        assert!(nt.contains("<https://newsgraph.example/ontology#certainty> \"negated\" .\n"));
        assert!(nt.contains("<https://newsgraph.example/ontology#weight> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"));
        assert!(nt.lines().all(|l| l.ends_with(" .")));
    }

    #[test]
    fn turtle_abbreviates_plain_names_and_groups_by_subject() {
        let ttl = to_turtle(&triples(&hostile_pair()));
        assert!(
            ttl.contains("\nactor:north-korea a ng:State ;\n    rdfs:label \"North Korea\" ;\n")
        );
        assert!(ttl.contains("    owl:sameAs wd:Q423 .\n"));
        assert!(ttl.contains(
            "<https://newsgraph.example/actor/tom%20%26%20%22jerry%22%0A> a ng:Person ;\n"
        ));
        assert!(
            ttl.contains("    ng:text \"He said: \\\"Stop\\\" \\\\ <now> & 'then'\\r\\nЖ 😀\" ;\n")
        );
    }
}
