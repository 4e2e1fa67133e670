//! `newsgraph export`: a JSON graph in another format.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{load_graph, usage};
use crate::cli::ExportArgs;
use newsgraph::export::Format;

pub fn run(args: ExportArgs) -> Result<()> {
    let format = format_of(args.format.as_deref(), &args.out)?;
    let graph = load_graph(&args.graph)?;
    let mut written = Vec::new();
    if format.is_folder() {
        if args.out.is_file() {
            return Err(usage(format!(
                "`{}` is a file, but {format} writes a folder of files; pass a folder for --out",
                args.out.display()
            )));
        }
        let exporter = format.exporter();
        for name in format.file_names() {
            let path = args.out.join(&name);
            newsgraph::output::write_atomic_with(&path, |w| exporter.write_file(&graph, &name, w))
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            written.push(path.display().to_string());
        }
    } else {
        let path: PathBuf = if args.out.is_dir() {
            args.out.join(format.file_name())
        } else {
            args.out.clone()
        };
        let exporter = format.exporter();
        newsgraph::output::write_atomic_with(&path, |w| exporter.write(&graph, w))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    eprintln!(
        "newsgraph: {}, {} as {format} -> {}",
        super::pipeline::count(graph.node_count(), "node"),
        super::pipeline::count(graph.edge_count(), "edge"),
        written.join(", ")
    );
    Ok(())
}

/// The format asked for, or the one `out`'s extension names. A file whose
/// extension names another format is refused: `--format ttl --out
/// x.gexf` would write Turtle that every tool opens as GEXF.
fn format_of(asked: Option<&str>, out: &Path) -> Result<Format> {
    let by_extension = Format::from_extension(out).filter(|_| !out.is_dir());
    let Some(asked) = asked else {
        return by_extension.ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            usage(format!(
                "cannot tell the format from `{}`; pass --format with one of: {}",
                out.display(),
                names.join(", ")
            ))
        });
    };
    let format = asked.parse::<Format>().map_err(|e| usage(e.to_string()))?;
    match by_extension {
        Some(other) if other != format => Err(usage(format!(
            "`{}` has the extension of {other}, but --format asks for {format}; name the file `{}`, or leave out --format to write {other}",
            out.display(),
            out.with_extension(format.name()).display()
        ))),
        _ => Ok(format),
    }
}
