//! The RDF exports, loaded into a real triple store (oxigraph, in memory)
//! and queried with SPARQL: the seeds' graph answers who North Korea's
//! neighbors are, and the hostile fixture's names come back unchanged.

use std::collections::BTreeSet;
use std::path::PathBuf;

use newsgraph::export::rdf::actor_iri;
use newsgraph::export::{json, Format};
use newsgraph::KnowledgeGraph;
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_graph() -> KnowledgeGraph {
    let corpus = newsgraph::corpus::read_inputs(&[root().join("seeds")], &mut std::io::empty())
        .expect("the seeds are readable");
    let lex = newsgraph::lexicon::builtin().expect("the built-in lexicon loads");
    newsgraph::build(&corpus.documents, &lex)
}

fn hostile_graph() -> KnowledgeGraph {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hostile.json")).unwrap();
    json::from_json(&text).expect("the hostile fixture is a valid JSON graph")
}

fn load(graph: &KnowledgeGraph, format: Format) -> Store {
    let bytes = format.exporter().export(graph);
    let rdf_format = match format {
        Format::Ttl => RdfFormat::Turtle,
        Format::Nt => RdfFormat::NTriples,
        other => panic!("{other} is not RDF"),
    };
    let store = Store::new().unwrap();
    store
        .load_from_slice(rdf_format, &bytes)
        .unwrap_or_else(|e| panic!("oxigraph rejects the {format} export: {e}"));
    store
}

/// The values of the first variable of a SELECT query, as strings. Each
/// `?name` of `bind` is replaced by its term, written into the query text
/// (the exporter's IRIs are percent-encoded, so they are safe to inline).
fn select(store: &Store, query: &str, bind: &[(&str, Term)]) -> BTreeSet<String> {
    let mut query = query.to_string();
    for (var, term) in bind {
        query = query.replace(&format!("?{var} "), &format!("{term} "));
    }
    let prepared = SparqlEvaluator::new()
        .parse_query(&query)
        .expect("the query parses");
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute().unwrap() else {
        panic!("not a SELECT query");
    };
    solutions
        .map(|s| match s.unwrap().values().first().cloned().flatten() {
            Some(Term::Literal(l)) => l.value().to_string(),
            Some(t) => t.to_string(),
            None => String::new(),
        })
        .collect()
}

fn actor(id: &str) -> Term {
    NamedNode::new(actor_iri(id)).unwrap().into()
}

const NEIGHBORS: &str = "
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX ng: <https://newsgraph.example/ontology#>
    SELECT DISTINCT ?id WHERE {
      ?p a rdf:Property .
      { ?actor ?p ?n } UNION { ?n ?p ?actor }
      ?n ng:id ?id .
      FILTER (?n != ?actor )
    }";

#[test]
fn sparql_finds_north_koreas_neighbors_in_the_seeds_turtle() {
    let graph = seeds_graph();
    let store = load(&graph, Format::Ttl);
    let found = select(&store, NEIGHBORS, &[("actor", actor("north-korea"))]);
    // Neighbors the seeds' gold graph requires (shared/gold/seeds.gold.json).
    for want in [
        "russia",
        "united-states",
        "jake-sullivan",
        "sergei-shoigu",
        "kim-jong-un",
    ] {
        assert!(
            found.contains(want),
            "{want} missing from North Korea's neighbors {found:?}"
        );
    }
    // The same answer as the graph itself, less the edges it only denies.
    let mut expected = BTreeSet::new();
    for e in graph.edges() {
        if e.certainty != newsgraph::Certainty::Negated
            && (e.source == "north-korea" || e.target == "north-korea")
        {
            expected.insert(if e.source == "north-korea" {
                e.target.clone()
            } else {
                e.source.clone()
            });
        }
    }
    expected.remove("north-korea");
    assert_eq!(found, expected);
}

#[test]
fn the_seeds_hedged_supplies_edge_keeps_its_certainty_and_evidence() {
    let store = load(&seeds_graph(), Format::Nt);
    let certainty = select(
        &store,
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         PREFIX ng: <https://newsgraph.example/ontology#>
         SELECT ?c WHERE { ?st rdf:subject ?a ; rdf:predicate ng:supplies ; rdf:object ?b ; ng:weight ?w ; ng:certainty ?c }",
        &[("a", actor("north-korea")), ("b", actor("russia"))],
    );
    assert_eq!(certainty, BTreeSet::from(["hedged".to_string()]));
    let speakers = select(
        &store,
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         PREFIX ng: <https://newsgraph.example/ontology#>
         SELECT ?who WHERE { ?ev a ng:Evidence ; rdf:subject ?a ; rdf:predicate ng:supplies ; rdf:object ?b ;
                             ng:attributedTo ?s . ?s ng:id ?who }",
        &[("a", actor("north-korea")), ("b", actor("russia"))],
    );
    assert!(speakers.contains("jake-sullivan"), "speakers: {speakers:?}");
}

#[test]
fn wikidata_ids_become_owl_same_as() {
    let store = load(&seeds_graph(), Format::Ttl);
    let same = select(
        &store,
        "SELECT ?q WHERE { ?actor <http://www.w3.org/2002/07/owl#sameAs> ?q }",
        &[("actor", actor("north-korea"))],
    );
    assert_eq!(
        same,
        BTreeSet::from(["<http://www.wikidata.org/entity/Q423>".to_string()])
    );
}

fn labels_come_back(format: Format) {
    let graph = hostile_graph();
    let store = load(&graph, format);
    for n in graph.nodes() {
        let label = select(
            &store,
            "SELECT ?l WHERE { ?actor <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            &[("actor", actor(&n.id))],
        );
        assert_eq!(
            label,
            BTreeSet::from([n.label.clone()]),
            "label of {:?}",
            n.id
        );
        let aliases = select(
            &store,
            "SELECT ?a WHERE { ?actor <https://newsgraph.example/ontology#alias> ?a }",
            &[("actor", actor(&n.id))],
        );
        assert_eq!(
            aliases,
            n.aliases.iter().cloned().collect(),
            "aliases of {:?}",
            n.id
        );
    }
    let texts = select(
        &store,
        "SELECT ?t WHERE { ?e <https://newsgraph.example/ontology#text> ?t }",
        &[],
    );
    let want: BTreeSet<String> = graph
        .edges()
        .iter()
        .flat_map(|e| e.evidence.iter().map(|v| v.text.clone()))
        .collect();
    assert_eq!(texts, want);
}

#[test]
fn hostile_names_survive_turtle() {
    labels_come_back(Format::Ttl);
}

#[test]
fn hostile_names_survive_ntriples() {
    labels_come_back(Format::Nt);
}

#[test]
fn turtle_and_ntriples_hold_the_same_triples() {
    let graph = hostile_graph();
    let count = |f: Format| load(&graph, f).len().unwrap();
    assert_eq!(count(Format::Ttl), count(Format::Nt));
    let ttl = load(&graph, Format::Ttl);
    let nt = load(&graph, Format::Nt);
    for q in nt.iter() {
        assert!(ttl.contains(&q.unwrap()).unwrap());
    }
}
