//! `newsgraph export`: a JSON graph in another format.

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};

use super::{load_graph, Usage};
use crate::cli::ExportArgs;
use newsgraph::export::Format;

pub fn run(args: ExportArgs) -> Result<()> {
    let format = match &args.format {
        Some(f) => f.parse::<Format>().map_err(|e| anyhow!(Usage(e)))?,
        None => Format::from_extension(&args.out).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            anyhow!(Usage(format!(
                "cannot tell the format from `{}`; pass --format with one of: {}",
                args.out.display(),
                names.join(", ")
            )))
        })?,
    };
    let graph = load_graph(&args.graph)?;
    let files: Vec<(PathBuf, Vec<u8>)> = if format.is_folder() {
        if args.out.is_file() {
            return Err(anyhow!(Usage(format!(
                "`{}` is a file, but {format} writes a folder of files; pass a folder for --out",
                args.out.display()
            ))));
        }
        format
            .export_files(&graph)
            .into_iter()
            .map(|(name, bytes)| (args.out.join(name), bytes))
            .collect()
    } else if args.out.is_dir() {
        vec![(
            args.out.join(format.file_name()),
            format.exporter().export(&graph),
        )]
    } else {
        vec![(args.out.clone(), format.exporter().export(&graph))]
    };
    let mut written = Vec::new();
    for (path, bytes) in &files {
        newsgraph::output::write_atomic(path, bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    eprintln!(
        "newsgraph: {} nodes, {} edges as {format} -> {}",
        graph.node_count(),
        graph.edge_count(),
        written.join(", ")
    );
    Ok(())
}
