//! Shortest paths between two nodes: breadth-first from both ends at once
//! over the edges the filter keeps (either way by default: the undirected
//! view), then every path of the shortest length in order of the labels
//! along it.
//!
//! A step joins two nodes and lists every kept edge between them, so
//! parallel relations (North Korea `supplies` and `negotiates` with Russia)
//! make one step, not several paths. The type filter applies to the inner
//! nodes of a path, never to its two ends.

use std::collections::HashMap;

use super::index::QueryGraph;
use super::{Compiled, Direction};

/// One step of a path: the kept edges between two consecutive nodes, each
/// with `true` when `from` is its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub from: usize,
    pub to: usize,
    pub edges: Vec<(usize, bool)>,
}

/// A path as node numbers and the steps between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub nodes: Vec<usize>,
    pub steps: Vec<Step>,
}

/// Up to `max` shortest paths from `a` to `b`, in order of the labels along
/// them; empty when `b` cannot be reached or `a == b`.
pub fn paths(graph: &QueryGraph, a: usize, b: usize, max: usize, filter: &Compiled) -> Vec<Path> {
    if a == b || max == 0 {
        return Vec::new();
    }
    let passable = |n: usize| n == a || n == b || filter.node_ok(graph, n);
    let mut back = filter.clone();
    back.direction = match filter.direction {
        Direction::Out => Direction::In,
        Direction::In => Direction::Out,
        Direction::Both => Direction::Both,
    };

    // Breadth-first from both ends, a level at a time on the side with the
    // smaller frontier, until the two meet. Only passable nodes are
    // entered, so every node reached may lie inside a path.
    let mut from_a: HashMap<usize, usize> = HashMap::from([(a, 0)]);
    let mut to_b: HashMap<usize, usize> = HashMap::from([(b, 0)]);
    let (mut front_a, mut front_b) = (vec![a], vec![b]);
    let (mut la, mut lb) = (0, 0);
    let meet: Vec<usize> = loop {
        if front_a.is_empty() || front_b.is_empty() {
            return Vec::new();
        }
        let forward = front_a.len() <= front_b.len();
        let (front, dist, other, walk, level) = if forward {
            la += 1;
            (&mut front_a, &mut from_a, &to_b, filter, la)
        } else {
            lb += 1;
            (&mut front_b, &mut to_b, &from_a, &back, lb)
        };
        let mut next = Vec::new();
        let mut meet = Vec::new();
        for &u in front.iter() {
            for (_, v, _) in walk.steps(graph, u) {
                if dist.contains_key(&v) || !passable(v) {
                    continue;
                }
                dist.insert(v, level);
                next.push(v);
                if other.contains_key(&v) {
                    meet.push(v);
                }
            }
        }
        *front = next;
        if !meet.is_empty() {
            break meet;
        }
    };
    // Neither side met the other one level earlier, so the shortest paths
    // have `la + lb` steps and cross at the meeting nodes, at position `la`.
    let total = la + lb;

    // The position along a shortest path of every node on one: back from
    // the meeting nodes towards `a`, forward from them towards `b`.
    let mut on_path: HashMap<usize, usize> = meet.iter().map(|&v| (v, la)).collect();
    let mut level: Vec<usize> = on_path.keys().copied().collect();
    for k in (1..=la).rev() {
        let mut prev = Vec::new();
        for &u in &level {
            for (_, w, _) in back.steps(graph, u) {
                if from_a.get(&w) == Some(&(k - 1)) && !on_path.contains_key(&w) {
                    on_path.insert(w, k - 1);
                    prev.push(w);
                }
            }
        }
        level = prev;
    }
    let mut level: Vec<usize> = meet;
    for j in la..total {
        let mut next = Vec::new();
        for &u in &level {
            for (_, w, _) in filter.steps(graph, u) {
                if to_b.get(&w) == Some(&(total - j - 1)) && !on_path.contains_key(&w) {
                    on_path.insert(w, j + 1);
                    next.push(w);
                }
            }
        }
        level = next;
    }

    // The nodes one step further along a shortest path, by label.
    let candidates = |u: usize, k: usize| -> Vec<usize> {
        let mut v: Vec<usize> = filter
            .steps(graph, u)
            .map(|(_, v, _)| v)
            .filter(|v| on_path.get(v) == Some(&(k + 1)))
            .collect();
        v.sort_by(|&x, &y| {
            graph
                .label(x)
                .cmp(graph.label(y))
                .then(graph.id(x).cmp(graph.id(y)))
        });
        v.dedup();
        v
    };
    let mut found: Vec<Vec<usize>> = Vec::new();
    // An explicit stack, so that a very long path cannot overflow the call stack.
    let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(a, candidates(a, 0), 0)];
    while let Some(top) = stack.last_mut() {
        if top.2 >= top.1.len() {
            stack.pop();
            continue;
        }
        let v = top.1[top.2];
        top.2 += 1;
        if v == b {
            let mut nodes: Vec<usize> = stack.iter().map(|s| s.0).collect();
            nodes.push(b);
            found.push(nodes);
            if found.len() == max {
                break;
            }
            continue;
        }
        let next = candidates(v, stack.len());
        stack.push((v, next, 0));
    }

    found
        .into_iter()
        .map(|nodes| {
            let steps = nodes
                .windows(2)
                .map(|w| {
                    let mut edges: Vec<(usize, bool)> = filter
                        .steps(graph, w[0])
                        .filter(|&(_, v, _)| v == w[1])
                        .map(|(e, _, out)| (e, out))
                        .collect();
                    edges.sort_by(|x, y| {
                        (graph.relation(x.0), !x.1, x.0).cmp(&(graph.relation(y.0), !y.1, y.0))
                    });
                    edges.dedup();
                    Step {
                        from: w[0],
                        to: w[1],
                        edges,
                    }
                })
                .collect();
            Path { nodes, steps }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{find_node, Filter};
    use crate::NodeType;

    fn labels(g: &QueryGraph, p: &Path) -> Vec<String> {
        p.nodes.iter().map(|&n| g.label(n).to_string()).collect()
    }

    #[test]
    fn finds_the_shortest_path_and_respects_filters() {
        let g = crate::query::tests::small();
        let (a, d) = (find_node(&g, "a").unwrap(), find_node(&g, "d").unwrap());
        let f = Filter::default().compile(&g).unwrap();
        let found = paths(&g, a, d, 3, &f);
        assert_eq!(found.len(), 1);
        assert_eq!(labels(&g, &found[0]), vec!["Alpha", "Epsilon", "Delta"]);
        // Undirected by default: d to a walks the edges backwards.
        let back = paths(&g, d, a, 3, &f);
        assert_eq!(labels(&g, &back[0]), vec!["Delta", "Epsilon", "Alpha"]);
        assert_eq!(back[0].steps[0].edges.len(), 1);
        assert!(
            !back[0].steps[0].edges[0].1,
            "Delta is the target of `meets`"
        );
        // Only through persons and institutions: Epsilon (a state) is barred,
        // and so is every other way.
        let persons = Filter {
            node_types: vec![NodeType::Person],
            ..Filter::default()
        }
        .compile(&g)
        .unwrap();
        assert!(paths(&g, a, d, 3, &persons).is_empty());
        // Without `urges` the long way round is the shortest.
        let no_urges = Filter {
            relations: vec!["warns".into(), "meets".into(), "supplies".into()],
            ..Filter::default()
        }
        .compile(&g)
        .unwrap();
        let long = paths(&g, a, d, 3, &no_urges);
        assert_eq!(
            labels(&g, &long[0]),
            vec!["Alpha", "Beta", "Gamma", "Delta"]
        );
        // The negated `denies` edge joins Delta and Beta only when asked for.
        let with_negated = Filter {
            certainties: vec![crate::Certainty::Negated, crate::Certainty::Asserted],
            ..Filter::default()
        }
        .compile(&g)
        .unwrap();
        let b = find_node(&g, "b").unwrap();
        let short = paths(&g, d, b, 3, &with_negated);
        assert_eq!(labels(&g, &short[0]), vec!["Delta", "Beta"]);
    }
}
