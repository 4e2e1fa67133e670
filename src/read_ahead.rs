//! Reading ahead: the corpus [`Reader`] on a thread of its own, handing
//! over documents in batches, so that reading and parsing the next batch
//! (JSON Lines above all) overlaps the extraction of this one instead of
//! leaving the other cores idle.

use std::sync::mpsc;
use std::thread;

use crate::corpus::{CorpusError, Item, Options, Reader, Source};
use crate::model::Document;

/// What the reading thread hands over, in input order.
#[derive(Debug)]
pub enum Event {
    /// A part of an input that was skipped, and why.
    Warning(String),
    /// The next documents, at most the batch's count and about its bytes.
    Batch(Vec<Document>),
}

/// Batches of documents read on a thread of their own (see the module
/// documentation); at most `ahead` batches wait to be taken. Dropping it
/// stops the thread at its next batch.
pub struct ReadAhead {
    rx: mpsc::Receiver<Result<Event, CorpusError>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl ReadAhead {
    /// Starts reading `sources` (standard input is read from `stdin`)
    /// into batches of at most `docs` documents, closed early once they
    /// hold `bytes` bytes of text.
    pub fn spawn<R>(
        sources: Vec<Source>,
        stdin: R,
        options: Options,
        docs: usize,
        bytes: usize,
        ahead: usize,
    ) -> ReadAhead
    where
        R: std::io::Read + Send + 'static,
    {
        let (tx, rx) = mpsc::sync_channel(ahead.max(1));
        let thread = thread::Builder::new()
            .name("newsgraph-reader".into())
            .spawn(move || read(sources, stdin, options, docs.max(1), bytes, tx))
            .ok();
        ReadAhead { rx, thread }
    }
}

fn read<R: std::io::Read>(
    sources: Vec<Source>,
    mut stdin: R,
    options: Options,
    docs: usize,
    bytes: usize,
    tx: mpsc::SyncSender<Result<Event, CorpusError>>,
) {
    let mut batch: Vec<Document> = Vec::with_capacity(docs);
    let mut held = 0;
    for item in Reader::new(sources, &mut stdin, options) {
        let event = match item {
            Ok(Item::Document(d)) => {
                held += d.text.len();
                batch.push(d);
                if batch.len() < docs && held < bytes {
                    continue;
                }
                held = 0;
                Ok(Event::Batch(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(docs),
                )))
            }
            Ok(Item::Warning(w)) => Ok(Event::Warning(w)),
            Err(e) => Err(e),
        };
        if tx.send(event).is_err() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Ok(Event::Batch(batch)));
    }
}

impl Iterator for ReadAhead {
    type Item = Result<Event, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.rx.recv() {
            Ok(e) => Some(e),
            Err(_) => {
                if let Some(t) = self.thread.take() {
                    let _ = t.join();
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_input_order_and_close_on_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let mut lines = String::new();
        for i in 0..7 {
            lines.push_str(&format!("{{\"id\": \"d{i}\", \"text\": \"Text {i}.\"}}\n"));
        }
        lines.push_str("not json\n");
        std::fs::write(&path, lines).unwrap();
        let sources = crate::corpus::plan(&[path]).unwrap();
        let events: Vec<Event> =
            ReadAhead::spawn(sources, std::io::empty(), Options::default(), 3, 1 << 20, 1)
                .map(Result::unwrap)
                .collect();
        let shape: Vec<String> = events
            .iter()
            .map(|e| match e {
                Event::Batch(b) => b
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                Event::Warning(w) => format!("warning: {}", &w[..7]),
            })
            .collect();
        assert_eq!(
            shape,
            vec!["d0,d1,d2", "d3,d4,d5", "warning: skipped", "d6"]
        );
    }
}
