//! Shows word classes: for each word given, its class at each granularity
//! and some other words of its finest class.
//!
//! `cargo run --release --example cluster_words -- CLUSTERS.bin WORD...`

use newsgraph::extract::syntax::clusters::Clusters;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 3 {
        return Err("usage: cluster_words CLUSTERS.bin WORD...".into());
    }
    let c = Clusters::from_bytes(&std::fs::read(&a[1])?)?;
    let fine = c.classes.len() - 1;
    for w in &a[2..] {
        let key = w.to_lowercase();
        match c.classes_of(&key) {
            None => println!("{w}: no class"),
            Some(ids) => {
                let others = c.members(fine, ids[fine]);
                let shown: Vec<&str> = others
                    .iter()
                    .copied()
                    .filter(|o| *o != key)
                    .take(25)
                    .collect();
                println!(
                    "{w}: {:?} ({} words in its class): {}",
                    &ids[..c.classes.len()],
                    others.len(),
                    shown.join(" ")
                );
            }
        }
    }
    Ok(())
}
