//! `newsgraph render`: a relationship diagram or the interactive page.

use std::time::Instant;

use anyhow::{anyhow, Context, Result};

use super::{load_graph, Usage};
use crate::cli::{LayoutArg, RenderArgs};
use newsgraph::query;

pub fn run(args: RenderArgs) -> Result<()> {
    use newsgraph::render::{self, Layout, RenderError, Target};
    let started = Instant::now();
    let target = Target::from_path(&args.out).map_err(|e| anyhow!(Usage(e.to_string())))?;
    let graph = load_graph(&args.graph)?;
    let lex = newsgraph::lexicon::builtin().context("the built-in lexicon is broken")?;
    let focus = match &args.focus {
        Some(name) => Some(
            query::lookup(&graph, name)
                .map_err(|e| anyhow!(Usage(e.to_string())))?
                .id
                .clone(),
        ),
        None => None,
    };
    let opts = render::Options {
        focus,
        depth: args.depth as usize,
        min_weight: args.min_weight,
        relations: args.relation.clone(),
        show_negated: args.show_negated,
        layout: args.layout.map(|l| match l {
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }),
    };
    let drawing = match render::render(&graph, &lex, target, &opts) {
        Ok(d) => d,
        Err(RenderError::GraphvizMissing { dot }) => {
            // Keep what can be kept: the DOT source, next to the picture.
            let path = args.out.with_extension("dot");
            newsgraph::output::write_atomic(&path, dot.as_bytes())
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            let e = RenderError::GraphvizMissing { dot: String::new() };
            return Err(anyhow!(Usage(format!(
                "{e}. The DOT source was written to `{}`",
                path.display()
            ))));
        }
        Err(e) => return Err(anyhow!(Usage(e.to_string()))),
    };
    for w in &drawing.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    newsgraph::output::write_atomic(&args.out, &drawing.bytes)
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    let layout = match drawing.layout {
        Some(l) => format!("{l} layout"),
        None => "laid out in the page".into(),
    };
    eprintln!(
        "newsgraph: drew {} actors, {} relations ({layout}) in {:.2} s -> {}",
        drawing.nodes,
        drawing.edges,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
