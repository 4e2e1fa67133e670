//! Opening a graph file for queries, through a binary index beside it.
//!
//! Reading a large JSON graph takes seconds; the index (`graph.json.idx`
//! beside `graph.json`) holds the same graph in a form that opens in
//! milliseconds, reading only what queries walk and leaving the evidence in
//! the file until an answer needs it. The index records the size and the
//! modification time of the JSON it was built from; when either differs, or
//! the index is missing, of another version or damaged, the JSON is read
//! and the index is written again (atomically, so concurrent queries never
//! see half a file). An index that cannot be written is not an error: the
//! query is answered from the JSON and a warning says why the next one will
//! be slow too.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::index::{self, QueryGraph, Stamp, HEADER_LEN};

/// Why a graph file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "no graph file `{}`; build one first with `newsgraph build`, or pass --graph FILE",
        .0.display()
    )]
    Missing(PathBuf),
    #[error(
        "cannot read graph file `{}`: {}; build one first with `newsgraph build`, or pass --graph FILE",
        .0.display(),
        .1
    )]
    Unreadable(PathBuf, std::io::Error),
    #[error("`{}` is not a usable graph ({}); rebuild it with `newsgraph build`", .0.display(), .1)]
    Invalid(PathBuf, String),
}

/// An opened graph and how it was opened.
pub struct Opened {
    pub graph: QueryGraph,
    /// `true` when read through an up-to-date index.
    pub from_index: bool,
    /// Problems that did not stop the query (an index that could not be written).
    pub warnings: Vec<String>,
}

/// The index file that belongs to a JSON graph file.
pub fn index_path(json: &Path) -> PathBuf {
    let mut name = json
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".idx");
    json.with_file_name(name)
}

fn stamp_of(meta: &std::fs::Metadata) -> Option<Stamp> {
    let modified = meta.modified().ok()?;
    let (mtime_secs, mtime_nanos) = match modified.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
        Err(e) => (
            -(e.duration().as_secs() as i64),
            e.duration().subsec_nanos(),
        ),
    };
    Some(Stamp {
        len: meta.len(),
        mtime_secs,
        mtime_nanos,
    })
}

/// Opens a JSON graph, through its index when the index is up to date.
pub fn open(path: &Path) -> Result<Opened, OpenError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => OpenError::Missing(path.to_path_buf()),
        _ => OpenError::Unreadable(path.to_path_buf(), e),
    })?;
    if meta.is_dir() {
        return Err(OpenError::Unreadable(
            path.to_path_buf(),
            std::io::Error::other("it is a folder"),
        ));
    }
    let stamp = stamp_of(&meta);
    let idx = index_path(path);
    if let Some(stamp) = stamp {
        if let Some(graph) = read_index(&idx, stamp) {
            return Ok(Opened {
                graph,
                from_index: true,
                warnings: Vec::new(),
            });
        }
    }
    let graph = read_json(path)?;
    let mut warnings = Vec::new();
    if let Some(bytes) = stamp.and_then(|s| graph.encode(s)) {
        if let Err(e) = crate::output::write_atomic(&idx, &bytes) {
            warnings.push(format!(
                "cannot write the query index `{}`: {e}; every query will read the JSON again",
                idx.display()
            ));
        }
    }
    Ok(Opened {
        graph,
        from_index: false,
        warnings,
    })
}

/// Reads a JSON graph without looking at or writing an index.
pub fn read_json(path: &Path) -> Result<QueryGraph, OpenError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => OpenError::Missing(path.to_path_buf()),
        _ => OpenError::Unreadable(path.to_path_buf(), e),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| OpenError::Invalid(path.to_path_buf(), "not UTF-8 text".into()))?;
    let kg = crate::export::json::from_json(&text)
        .map_err(|e| OpenError::Invalid(path.to_path_buf(), e.to_string()))?;
    drop(text);
    Ok(QueryGraph::from_graph(kg))
}

/// The graph in an index file, if the file is an undamaged index of the
/// JSON with this stamp.
fn read_index(idx: &Path, stamp: Stamp) -> Option<QueryGraph> {
    let mut file = File::open(idx).ok()?;
    let file_len = file.metadata().ok()?.len();
    let mut header = [0u8; HEADER_LEN];
    file.read_exact(&mut header).ok()?;
    let (found, hot_len) = index::read_header(&header)?;
    if found != stamp || hot_len > file_len - HEADER_LEN as u64 {
        return None;
    }
    let mut hot = vec![0u8; usize::try_from(hot_len).ok()?];
    file.read_exact(&mut hot).ok()?;
    let base = HEADER_LEN as u64 + hot_len;
    index::decode(&hot, file, base, file_len - base).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_sits_beside_the_json() {
        assert_eq!(
            index_path(Path::new("out/graph.json")),
            PathBuf::from("out/graph.json.idx")
        );
        assert_eq!(index_path(Path::new("g.json")), PathBuf::from("g.json.idx"));
    }

    #[test]
    fn an_index_gives_the_same_graph_and_a_damaged_one_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("graph.json");
        let g = crate::query::tests::small();
        // Write the small graph as JSON through the exporter.
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for n in 0..g.node_count() {
            nodes.push(g.node(n).unwrap());
        }
        for e in 0..g.edge_count() {
            edges.push(g.edge(e).unwrap());
        }
        let kg = crate::KnowledgeGraph::new(Vec::new(), nodes.clone(), edges.clone());
        let bytes = crate::export::Exporter::export(&crate::export::json::Json, &kg);
        std::fs::write(&json, bytes).unwrap();

        let first = open(&json).unwrap();
        assert!(!first.from_index);
        assert!(first.warnings.is_empty());
        let second = open(&json).unwrap();
        assert!(second.from_index);
        let g2 = second.graph;
        assert_eq!(g2.node_count(), nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            assert_eq!(&g2.node(i).unwrap(), n);
            assert_eq!(g2.norm_label(i), g.norm_label(i));
        }
        for (i, e) in edges.iter().enumerate() {
            assert_eq!(&g2.edge(i).unwrap(), e);
            assert_eq!(g2.edge_documents(i), g.edge_documents(i));
        }

        // Every truncation of the index is refused, never a panic.
        let idx = index_path(&json);
        let full = std::fs::read(&idx).unwrap();
        for cut in [
            0,
            10,
            HEADER_LEN,
            HEADER_LEN + 9,
            full.len() / 2,
            full.len() - 1,
        ] {
            std::fs::write(&idx, &full[..cut]).unwrap();
            let stamp = stamp_of(&std::fs::metadata(&json).unwrap()).unwrap();
            assert!(read_index(&idx, stamp).is_none(), "cut at {cut}");
        }
        // A damaged index is rebuilt.
        let third = open(&json).unwrap();
        assert!(!third.from_index);
        assert_eq!(std::fs::read(&idx).unwrap(), full);
    }
}
