//! How fast queries answer on a large graph: 100,000 actors and 1,000,000
//! edges, generated here (never in product code).
//!
//! `cargo bench --bench query` measures loading the JSON, opening through
//! the `.idx` index, looking up a label, neighbors at depth 1 and 2, paths,
//! and the whole `newsgraph neighbors` command, and prints medians.
//! `cargo test` runs the same steps once on a small graph as a smoke test.
//! Options after `--`: `--nodes N`, `--edges M`, `--runs R`.

use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};

use newsgraph::export::Exporter;
use newsgraph::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};
use newsgraph::query::{self, Filter};
use newsgraph::KnowledgeGraph;

/// A small deterministic generator (xorshift64*), so every run benchmarks
/// the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "vo", "sha", "dur", "bel", "qui", "zan", "or", "pe", "lin",
    "gro", "ha", "nu", "sev", "tal", "ori", "mak", "fen", "ju", "wes",
];
const RELATIONS: &[&str] = &[
    "accuses",
    "attacks",
    "cooperates_with",
    "criticizes",
    "declines_comment",
    "denies",
    "leads",
    "meets",
    "member_of",
    "negotiates",
    "part_of",
    "sanctions",
    "supplies",
    "supports",
    "urges",
    "visited",
    "warns",
];

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let mut w: String = (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    if let Some(first) = w.get(0..1) {
        let upper = first.to_uppercase();
        w.replace_range(0..1, &upper);
    }
    w
}

/// A node number skewed towards a few hubs, as news graphs are.
fn skewed(rng: &mut Rng, n: usize) -> usize {
    ((rng.unit().powi(3)) * n as f64) as usize % n
}

fn generate(nodes: usize, edges: usize) -> KnowledgeGraph {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let docs = (nodes / 10).max(1);
    let documents: Vec<DocumentInfo> = (0..docs)
        .map(|d| DocumentInfo {
            id: format!("doc{d:06}"),
            path: format!("corpus/doc{d:06}.txt"),
            sha256: format!("{:064x}", d),
            sentences: 20,
        })
        .collect();
    let mut node_list = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let label = format!("{} {}", word(&mut rng), word(&mut rng));
        let node_type = match rng.below(20) {
            0..=11 => NodeType::Person,
            12..=16 => NodeType::Institution,
            _ => NodeType::State,
        };
        let aliases = (0..rng.below(3)).map(|_| word(&mut rng)).collect();
        node_list.push(Node {
            id: format!("{}-{i}", newsgraph::model::slug(&label)),
            label,
            node_type,
            aliases,
            mentions: 1 + rng.below(50),
            documents: vec![documents[rng.below(docs)].id.clone()],
            attributes: Default::default(),
        });
    }
    let mut seen = HashSet::with_capacity(edges);
    let mut edge_list = Vec::with_capacity(edges);
    while edge_list.len() < edges {
        let (s, t) = (skewed(&mut rng, nodes), rng.below(nodes));
        let r = rng.below(RELATIONS.len());
        if s == t || !seen.insert((s, r, t)) {
            continue;
        }
        let certainty = match rng.below(20) {
            0 => Certainty::Negated,
            1..=5 => Certainty::Hedged,
            _ => Certainty::Asserted,
        };
        let weight = match rng.below(10) {
            0..=6 => 1,
            7 | 8 => 2,
            _ => 3 + rng.below(3),
        };
        let (source, target) = (&node_list[s], &node_list[t]);
        let evidence = (0..weight)
            .map(|k| Evidence {
                document: documents[(s * 7 + t * 13 + k * 31) % docs].id.clone(),
                sentence: k,
                start: 100 * k,
                end: 100 * k + 90,
                text: format!(
                    "{} said on Tuesday that it {} {} after talks that lasted into the night.",
                    source.label, RELATIONS[r], target.label
                ),
                certainty,
                attributed_to: (k % 2 == 1).then(|| source.id.clone()),
            })
            .collect();
        edge_list.push(Edge {
            key: Edge::key_of(&source.id, RELATIONS[r], &target.id),
            source: source.id.clone(),
            target: target.id.clone(),
            relation: RELATIONS[r].to_string(),
            certainty,
            label: Edge::label_of(RELATIONS[r], certainty),
            weight,
            attributes: Default::default(),
            evidence,
        });
    }
    KnowledgeGraph::new(documents, node_list, edge_list)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cpus} CPUs, {model}")
}

fn arg(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let nodes = arg("--nodes").unwrap_or(if full { 100_000 } else { 2_000 });
    let edges = arg("--edges").unwrap_or(if full { 1_000_000 } else { 10_000 });
    let runs = arg("--runs").unwrap_or(if full { 5 } else { 1 }).max(1);
    let queries = if full { 50 } else { 5 };

    let dir = tempfile::tempdir().expect("a temporary folder");
    let json = dir.path().join("graph.json");
    let (kg, gen_time) = time(|| generate(nodes, edges));
    let bytes = newsgraph::export::json::Json.export(&kg);
    let size = bytes.len();
    std::fs::write(&json, bytes).expect("writing the generated graph");
    drop(kg);
    println!("query benchmark on {}", machine());
    println!(
        "graph: {nodes} nodes, {edges} edges, {:.1} MB of JSON (generated in {:.1} s)",
        size as f64 / 1e6,
        gen_time.as_secs_f64()
    );

    // Loading: the JSON itself, the first open (JSON + writing the index),
    // then opens through the index.
    let json_runs = if full { 3 } else { 1 };
    let loads: Vec<Duration> = (0..json_runs)
        .map(|_| time(|| query::store::read_json(&json).expect("the JSON loads")).1)
        .collect();
    let (first, first_time) = time(|| query::open(&json).expect("the graph opens"));
    assert!(
        !first.from_index && first.warnings.is_empty(),
        "{:?}",
        first.warnings
    );
    drop(first);
    let idx_size = std::fs::metadata(query::store::index_path(&json))
        .map(|m| m.len())
        .unwrap_or(0);
    let mut opens = Vec::new();
    let mut graph = None;
    for _ in 0..runs.max(5) {
        let (g, t) = time(|| query::open(&json).expect("the graph opens"));
        assert!(g.from_index, "the second open uses the index");
        opens.push(t);
        graph = Some(g.graph);
    }
    let g = graph.expect("opened");

    // Queries from random actors, by label and by id.
    let mut rng = Rng(42);
    let picks: Vec<usize> = (0..queries).map(|_| rng.below(g.node_count())).collect();
    let filter = Filter::default().compile(&g).expect("the default filter");
    let mut lookup = Vec::new();
    let mut d1 = Vec::new();
    let mut d2 = Vec::new();
    let mut rows = (0usize, 0usize);
    for &n in &picks {
        let label = g.label(n).to_string();
        lookup.push(time(|| query::find_node(&g, &label)).1);
        let (r, t) = time(|| query::neighbors(&g, n, 1, &filter));
        rows.0 += r.len();
        d1.push(t);
        let (r, t) = time(|| query::neighbors(&g, n, 2, &filter));
        rows.1 += r.len();
        d2.push(t);
    }
    let mut paths = Vec::new();
    let mut found = 0;
    for w in picks.windows(2) {
        let (p, t) = time(|| query::paths(&g, w[0], w[1], 3, &filter));
        found += usize::from(!p.is_empty());
        paths.push(t);
    }
    let show: Vec<Duration> = picks
        .iter()
        .map(|&n| time(|| query::card(&g, n).expect("a card")).1)
        .collect();

    // The whole command, as a user runs it (process start, index open,
    // lookup by id, query, printing).
    let exe = env!("CARGO_BIN_EXE_newsgraph");
    let cli = |args: &[&str]| -> Vec<Duration> {
        (0..runs)
            .map(|_| {
                let (out, t) = time(|| {
                    Command::new(exe)
                        .args(args)
                        .arg("--graph")
                        .arg(&json)
                        .output()
                        .expect("runs")
                });
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                t
            })
            .collect()
    };
    let hub = (0..g.node_count())
        .max_by_key(|&n| g.incident(n, petgraph::Direction::Outgoing).count())
        .unwrap_or(0);
    let some = g.id(picks[0]).to_string();
    let cli_d1 = cli(&["neighbors", &some]);
    let cli_d2 = cli(&["neighbors", &some, "--depth", "2"]);
    let cli_hub = cli(&["neighbors", g.id(hub)]);
    let cli_path = cli(&["path", &some, g.id(picks[1])]);
    let cli_stats = cli(&["stats"]);

    println!(
        "index: {:.1} MB; medians over {runs}+ runs, queries over {queries} random actors",
        idx_size as f64 / 1e6
    );
    let lines = [
        ("load JSON (parse + build query graph)", median(loads)),
        ("first open (JSON + write index)", first_time),
        ("open through index", median(opens)),
        ("lookup by label", median(lookup)),
        ("neighbors depth 1", median(d1)),
        ("neighbors depth 2", median(d2)),
        ("path (up to 3 shortest)", median(paths)),
        ("show (card with evidence)", median(show)),
        ("CLI neighbors depth 1", median(cli_d1)),
        ("CLI neighbors depth 2", median(cli_d2)),
        ("CLI neighbors of the biggest hub", median(cli_hub)),
        ("CLI path", median(cli_path)),
        ("CLI stats", median(cli_stats)),
    ];
    for (name, d) in lines {
        println!("  {name:<40} {:>12}", ms(d));
    }
    println!(
        "  (rows per query: depth 1 {:.1}, depth 2 {:.1}; {found} of {} pairs connected; hub has {} out-edges)",
        rows.0 as f64 / queries as f64,
        rows.1 as f64 / queries as f64,
        picks.len() - 1,
        g.incident(hub, petgraph::Direction::Outgoing).count()
    );
}
