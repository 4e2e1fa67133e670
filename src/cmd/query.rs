//! The graph questions: `neighbors`, `path`, `show` and `stats`.

use anyhow::{anyhow, Result};

use super::{compile_filter, emit, find_node, index_damaged, open_graph, Usage};
use crate::cli::{NeighborsArgs, PathArgs, ShowArgs, StatsArgs};
use newsgraph::query;

pub fn neighbors(args: NeighborsArgs) -> Result<()> {
    let path = &args.graph.graph;
    let graph = open_graph(path)?;
    let node = find_node(&graph, &args.name)?;
    let filter = compile_filter(&args.filter, &graph)?;
    let rows = query::neighbors(&graph, node, args.depth, &filter);
    let text = if args.dot {
        query::render::dot(&query::ego_graph(&graph, node, &rows).map_err(index_damaged(path))?)
    } else if args.json {
        query::render::neighbors_json(&graph, node, args.depth, &rows)
    } else {
        query::render::neighbors_table(&graph, node, args.depth, &rows)
    };
    emit(&text)
}

pub fn path(args: PathArgs) -> Result<()> {
    let graph = open_graph(&args.graph.graph)?;
    let from = find_node(&graph, &args.from)?;
    let to = find_node(&graph, &args.to)?;
    if from == to {
        return Err(anyhow!(Usage(format!(
            "`{}` and `{}` are the same actor, {} ({}); name two different actors",
            args.from,
            args.to,
            graph.label(from),
            graph.id(from)
        ))));
    }
    let filter = compile_filter(&args.filter, &graph)?;
    let found = query::paths(&graph, from, to, args.max, &filter);
    let text = if args.json {
        query::render::paths_json(&graph, from, to, &found)
    } else {
        query::render::paths_text(&graph, from, to, &found)
    };
    emit(&text)
}

pub fn show(args: ShowArgs) -> Result<()> {
    let path = &args.graph.graph;
    let graph = open_graph(path)?;
    let node = find_node(&graph, &args.name)?;
    let card = query::card(&graph, node).map_err(index_damaged(path))?;
    let text = if args.json {
        query::render::card_json(&graph, &card)
    } else {
        query::render::card_text(&graph, &card)
    };
    emit(&text)
}

pub fn stats(args: StatsArgs) -> Result<()> {
    let graph = open_graph(&args.graph.graph)?;
    let stats = query::stats(&graph, args.top);
    let text = if args.json {
        query::render::stats_json(&graph, &stats)
    } else {
        query::render::stats_text(&graph, &stats)
    };
    emit(&text)
}
