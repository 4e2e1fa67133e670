//! The Graphviz child process: the one place in the library that runs
//! another program. It pipes DOT into `dot -T<format> -K<layout>` and
//! returns the bytes Graphviz wrote; it touches no file.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use super::{Layout, Positions, RenderError};

/// Graphviz's output and the warnings it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// The program that is run; Graphviz installs every engine as `dot -K`.
pub const PROGRAM: &str = "dot";

/// Runs `dot -T<format> -K<layout>` on a DOT source.
pub fn run(source: &str, format: &str, layout: Layout) -> Result<Output, RenderError> {
    let mut child = match Command::new(PROGRAM)
        .arg(format!("-T{format}"))
        .arg(format!("-K{}", layout.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(RenderError::GraphvizMissing {
                dot: source.to_string(),
            })
        }
        Err(e) => {
            return Err(RenderError::GraphvizIo(format!(
                "cannot start `{PROGRAM}`: {e}"
            )))
        }
    };
    // Feed the input from another thread: Graphviz may start writing before
    // it has read everything, and a full pipe on both sides would hang.
    let mut stdin = child.stdin.take();
    let output = std::thread::scope(|s| {
        let writer = s.spawn(move || stdin.as_mut().map(|w| w.write_all(source.as_bytes())));
        let out = child.wait_with_output();
        (out, writer.join())
    });
    let out = output
        .0
        .map_err(|e| RenderError::GraphvizIo(format!("`{PROGRAM}` did not finish: {e}")))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(RenderError::GraphvizFailed {
            status: out.status.to_string(),
            stderr,
        });
    }
    // A write error with a successful exit would mean a truncated drawing.
    if let Ok(Some(Err(e))) = output.1 {
        return Err(RenderError::GraphvizIo(format!(
            "cannot send the graph to `{PROGRAM}`: {e}"
        )));
    }
    let warnings = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("graphviz: {l}"))
        .collect();
    Ok(Output {
        bytes: out.stdout,
        warnings,
    })
}

/// Lays a DOT source out and returns each node's position in points, with y
/// growing downwards as on a screen. Fails when fewer than `expected` nodes
/// came back.
pub fn positions(source: &str, expected: usize, layout: Layout) -> Result<Positions, RenderError> {
    let out = run(source, "json0", layout)?;
    let bad = |why: &str| {
        RenderError::GraphvizIo(format!("unexpected layout from `{PROGRAM} -Tjson0`: {why}"))
    };
    let doc: serde_json::Value =
        serde_json::from_slice(&out.bytes).map_err(|e| bad(&e.to_string()))?;
    let height = doc
        .get("bb")
        .and_then(|b| b.as_str())
        .and_then(|b| b.split(',').nth(3))
        .and_then(|h| h.trim().parse::<f64>().ok())
        .ok_or_else(|| bad("no bounding box"))?;
    let mut found = Positions::new();
    for obj in doc
        .get("objects")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
    {
        // Subgraphs list their members under `nodes`; nodes have a `pos`.
        if obj.get("nodes").is_some() {
            continue;
        }
        let (Some(name), Some(pos)) = (
            obj.get("name").and_then(|n| n.as_str()),
            obj.get("pos").and_then(|p| p.as_str()),
        ) else {
            continue;
        };
        let mut xy = pos.split(',').map(|v| v.trim().parse::<f64>());
        if let (Some(Ok(x)), Some(Ok(y))) = (xy.next(), xy.next()) {
            found.insert(name.to_string(), (x, height - y));
        }
    }
    if found.len() < expected {
        return Err(bad(&format!("{} of {expected} nodes placed", found.len())));
    }
    Ok(found)
}
