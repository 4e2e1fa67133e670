//! The syntax layer: training on a tiny treebank, the shipped model, trees
//! of invented news sentences, and the `parse` command's CoNLL-U handling.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use newsgraph::extract::syntax::parser::Transitions;
use newsgraph::extract::syntax::train::{self, TrainOptions};
use newsgraph::extract::syntax::{self, ParsedSentence, SyntaxModel, Upos};
use newsgraph::learn::io::Writer;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tiny() -> Vec<train::GoldSentence> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/tiny.conllu")).unwrap();
    train::read_treebank(&text).unwrap()
}

fn tiny_options(seed: u64) -> TrainOptions {
    TrainOptions {
        epochs: 15,
        tagger_epochs: 10,
        seed,
        threads: 1,
        folds: 1,
        prune: (0.0, 0.0),
        second_pass: false,
        dict_min: 1,
        transitions: Transitions::Monotonic,
        clusters: None,
    }
}

#[test]
fn trainer_learns_a_tiny_treebank_perfectly_and_deterministically() {
    let data = tiny();
    let m = train::train(&data, &data, &tiny_options(7), &mut |_| {});
    let s = train::evaluate(&m, &data);
    assert_eq!((s.upos, s.uas, s.las, s.words), (100.0, 100.0, 100.0, 69));
    let again = train::train(&data, &data, &tiny_options(7), &mut |_| {});
    assert_eq!(m.to_bytes(), again.to_bytes());
    let back = SyntaxModel::from_bytes(&m.to_bytes()).unwrap();
    assert_eq!(back, m);
}

#[test]
fn a_non_monotonic_parser_learns_the_tiny_treebank_and_keeps_its_system() {
    let data = tiny();
    let opt = TrainOptions {
        transitions: Transitions::NonMonotonic,
        ..tiny_options(7)
    };
    let m = train::train(&data, &data, &opt, &mut |_| {});
    assert_eq!(m.parser.transitions, Transitions::NonMonotonic);
    let s = train::evaluate(&m, &data);
    assert_eq!((s.uas, s.las), (100.0, 100.0));
    let bytes = m.to_bytes();
    assert_eq!(&bytes[8..12], &2u32.to_le_bytes(), "version 2");
    assert_eq!(
        train::train(&data, &data, &opt, &mut |_| {}).to_bytes(),
        bytes
    );
    assert_eq!(SyntaxModel::from_bytes(&bytes).unwrap(), m);
    // A monotonic model is written as version 1, as before.
    let mono = train::train(&data, &data, &tiny_options(7), &mut |_| {});
    assert_eq!(&mono.to_bytes()[8..12], &1u32.to_le_bytes());
}

#[test]
fn models_of_unknown_versions_or_systems_are_clear_errors() {
    let mut v9 = syntax::model::BUILTIN.to_vec();
    v9[8..12].copy_from_slice(&9u32.to_le_bytes());
    let e = SyntaxModel::from_bytes(&v9).unwrap_err().to_string();
    assert_eq!(
        e,
        "unsupported model version 9 (this build reads version 3)"
    );
    let data = tiny();
    let opt = TrainOptions {
        transitions: Transitions::NonMonotonic,
        ..tiny_options(7)
    };
    let m = train::train(&data, &data, &opt, &mut |_| {});
    let mut bytes = m.to_bytes();
    // The system byte follows the parser's labels, just before its weights.
    let mut w = Writer::new();
    m.parser.weights.write(&mut w);
    let at = bytes.len() - w.buf.len() - 1;
    assert_eq!(bytes[at], 1);
    bytes[at] = 7;
    let e = SyntaxModel::from_bytes(&bytes).unwrap_err().to_string();
    assert_eq!(e, "corrupt model: transition system 7");
}

#[test]
fn jackknifed_two_pass_training_is_deterministic_across_threads() {
    let data = tiny();
    let opt = |threads| TrainOptions {
        folds: 2,
        second_pass: true,
        threads,
        epochs: 2,
        tagger_epochs: 2,
        ..tiny_options(3)
    };
    let a = train::train(&data, &data, &opt(1), &mut |_| {});
    let b = train::train(&data, &data, &opt(2), &mut |_| {});
    assert!(a.tagger.second.is_some());
    assert_eq!(a.to_bytes(), b.to_bytes());
}

#[test]
fn damaged_models_are_errors_not_panics() {
    let bytes = syntax::model::BUILTIN;
    for cut in [0, 5, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            SyntaxModel::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}

#[test]
fn the_shipped_model_loads() {
    let m = syntax::builtin();
    for l in [
        "nsubj",
        "nsubj:pass",
        "obl:agent",
        "nmod:poss",
        "acl:relcl",
        "compound:prt",
    ] {
        assert!(m.parser.labels.iter().any(|x| x == l), "{l}");
    }
    assert!(m.tagger.weights.n_features() > 100_000);
    assert!(m.parser.weights.n_features() > 500_000);
    assert!(m.tagger.second.is_none());
}

fn parse(text: &str) -> ParsedSentence {
    let seg = newsgraph::segment::segment(text);
    let mut p = syntax::parse_document(syntax::builtin(), text, &seg);
    assert_eq!(p.len(), 1, "{text}");
    p.remove(0)
}

fn at(s: &ParsedSentence, form: &str) -> usize {
    s.words
        .iter()
        .position(|w| w.form == form)
        .unwrap_or_else(|| panic!("no word `{form}`"))
}

/// Asserts `dep` hangs from `head` with `label`.
fn arc(s: &ParsedSentence, head: &str, label: &str, dep: &str) {
    let (h, d) = (at(s, head), at(s, dep));
    let got = (s.words[d].head, s.words[d].deprel.as_str());
    let forms: Vec<String> = s
        .words
        .iter()
        .map(|w| {
            let h = w.head.map_or("ROOT", |h| s.words[h].form.as_str());
            format!("{}<-{}-{}", w.form, w.deprel, h)
        })
        .collect();
    assert_eq!(got, (Some(h), label), "{dep}: {}", forms.join(" "));
}

#[test]
fn news_sentences_get_their_trees() {
    let s = parse("The minister criticised the new plan on Tuesday.");
    arc(&s, "criticised", "nsubj", "minister");
    arc(&s, "criticised", "obj", "plan");
    arc(&s, "criticised", "obl", "Tuesday");
    arc(&s, "Tuesday", "case", "on");
    assert_eq!(s.root(), Some(at(&s, "criticised")));

    let s = parse("The embassy was attacked by protesters.");
    arc(&s, "attacked", "nsubj:pass", "embassy");
    arc(&s, "attacked", "aux:pass", "was");
    arc(&s, "attacked", "obl:agent", "protesters");
    arc(&s, "protesters", "case", "by");

    let s = parse("Officials said the talks would resume next week.");
    arc(&s, "said", "ccomp", "resume");
    arc(&s, "resume", "nsubj", "talks");

    let s = parse("The government decided to expel two diplomats.");
    arc(&s, "decided", "xcomp", "expel");
    arc(&s, "expel", "obj", "diplomats");

    let s = parse("The rebels who seized the town released the hostages.");
    arc(&s, "rebels", "acl:relcl", "seized");
    arc(&s, "released", "nsubj", "rebels");
    arc(&s, "released", "obj", "hostages");

    let s = parse("Maria Santos, the company's chief, met the mayor and the governor.");
    arc(&s, "Maria", "appos", "chief");
    arc(&s, "chief", "nmod:poss", "company");
    arc(&s, "mayor", "conj", "governor");
    arc(&s, "met", "obj", "mayor");
}

#[test]
fn unknown_names_opening_a_sentence_are_proper_nouns() {
    // Names the treebanks never saw, first in their sentence, where
    // nothing but the tagger's handling of unknown words decides.
    for (text, verb, label) in [
        ("Ingrid Halvorsen resigned on Friday.", "resigned", "nsubj"),
        (
            "Yevgeny Kostin was arrested in the capital.",
            "arrested",
            "nsubj:pass",
        ),
        ("Ignatius Wroblewski denied the claims.", "denied", "nsubj"),
    ] {
        let s = parse(text);
        let tags: Vec<Upos> = s.words.iter().map(|w| w.upos).collect();
        assert_eq!(&tags[..2], [Upos::Propn, Upos::Propn], "{text}");
        let (first, last) = (s.words[0].form.clone(), s.words[1].form.clone());
        arc(&s, verb, label, &first);
        arc(&s, &first, "flat", &last);
    }
}

#[test]
fn an_s_verb_between_a_name_and_an_infinitive_is_a_verb() {
    // The treebanks hold `plans` as a verb once in twenty: the tagger
    // alone reads `X plans to visit` as a plural noun.
    for (text, word, upos) in [
        (
            "Mirela Vasquez plans to visit Lagos next week.",
            "plans",
            Upos::Verb,
        ),
        ("She seeks to join the alliance.", "seeks", Upos::Verb),
        ("Our plans to visit Lagos failed.", "plans", Upos::Noun),
        (
            "The council asked union members to vote.",
            "members",
            Upos::Noun,
        ),
    ] {
        let s = parse(text);
        assert_eq!(s.words[at(&s, word)].upos, upos, "{text}");
    }
    let s = parse("Mirela Vasquez plans to visit Lagos next week.");
    arc(&s, "plans", "nsubj", "Mirela");
    arc(&s, "plans", "xcomp", "visit");
}

#[test]
fn no_word_hangs_on_a_punctuation_mark() {
    for text in [
        "The minister met her Peruvian counterpart, Jorge Ramos.",
        "The envoy greeted his counterpart, Ana Lind, in Oslo.",
        "Talks resumed on Monday, officials said.",
    ] {
        let s = parse(text);
        for (i, w) in s.words.iter().enumerate() {
            if let Some(h) = w.head {
                assert_ne!(s.words[h].upos, Upos::Punct, "{text}: word {i} {}", w.form);
            }
        }
    }
    let s = parse("The minister met her Peruvian counterpart, Jorge Ramos.");
    arc(&s, "counterpart", "appos", "Jorge");
}

#[test]
fn sentences_analysed_together_get_the_trees_they_get_alone() {
    let model = syntax::builtin();
    let text: Vec<Vec<&str>> = [
        "The council approved the plan on Tuesday .",
        "",
        "Rain fell .",
        "The mayor , who had opposed it , said the vote was a mistake .",
        "Yes",
    ]
    .iter()
    .map(|s| s.split_whitespace().collect())
    .collect();
    // Runs of empty sentences, between real ones.
    let mut sents: Vec<&[&str]> = vec![&[]; 9];
    for _ in 0..4 {
        sents.extend(text.iter().map(Vec::as_slice));
        sents.extend(std::iter::repeat_n(&[] as &[&str], 10));
    }
    let many = syntax::analyse_many(model, &sents);
    assert_eq!(many.len(), sents.len());
    for (forms, got) in sents.iter().zip(&many) {
        assert_eq!(got, &syntax::analyse_forms(model, forms), "{forms:?}");
    }
    assert_eq!(many[9].heads.len(), 8);
}

#[test]
fn words_carry_offsets_tokens_lemmas_and_tags() {
    let text = "Officials didn't deny the well-known reports.";
    let seg = newsgraph::segment::segment(text);
    let s = &syntax::parse_document(syntax::builtin(), text, &seg)[0];
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    assert_eq!(
        forms,
        [
            "Officials",
            "did",
            "n't",
            "deny",
            "the",
            "well",
            "-",
            "known",
            "reports",
            "."
        ]
    );
    let nt = &s.words[2];
    assert_eq!(
        (nt.start, nt.end, nt.token, nt.lemma.as_str()),
        (13, 16, 1, "not")
    );
    assert_eq!(s.words_of_token(1), 1..3);
    assert_eq!(s.words[1].lemma, "do");
    assert_eq!(s.words[1].upos, Upos::Aux);
    assert_eq!(s.words[8].lemma, "report");
    let deny = at(s, "deny");
    let kids: Vec<&str> = s.children(deny).map(|c| s.words[c].form.as_str()).collect();
    assert!(
        kids.contains(&"n't") && kids.contains(&"reports"),
        "{kids:?}"
    );
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn run_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut c = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

#[test]
fn parse_keeps_ranges_and_empty_nodes_and_fills_columns() {
    let input = "# sent_id = a\n1-2\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n2\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        3\tgo\t_\t_\t_\t_\t_\t_\t_\t_\n3.1\tgo\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let o = run_with_stdin(&["parse", "--conllu", "-"], input);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "# sent_id = a");
    assert_eq!(lines[1], "1-2\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_");
    assert_eq!(lines[5], "3.1\tgo\t_\t_\t_\t_\t_\t_\t_\t_");
    let go: Vec<&str> = lines[4].split('\t').collect();
    assert_eq!(&go[..4], ["3", "go", "go", "VERB"]);
    assert_eq!((go[6], go[7]), ("0", "root"));
    let nt: Vec<&str> = lines[3].split('\t').collect();
    assert_eq!((nt[2], nt[6]), ("not", "3"));
}

#[test]
fn parse_reads_text() {
    let o = run_with_stdin(&["parse"], "Rebels seized the town.\n");
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with(
            "# sent_id = stdin-1\n# text = Rebels seized the town.\n1\tRebels\trebel\tNOUN\t"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n2\tseized\tseize\tVERB\tVBD\t_\t0\troot\t_\t_\n"),
        "{out}"
    );
    assert!(
        out.contains("\n4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n"),
        "{out}"
    );
}

#[test]
fn bad_conllu_is_an_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("cols.conllu", "1\ta\t_\t_\n", "line 1: expected 10 tab-separated columns, found 4"),
        (
            "id.conllu",
            "# c\n1\ta\t_\t_\t_\t_\t_\t_\t_\t_\nx2\tb\t_\t_\t_\t_\t_\t_\t_\t_\n",
            "line 3: `x2` is not a word id (a number such as 3, a range such as 3-4 or an empty node such as 8.1)",
        ),
        (
            "order.conllu",
            "1\ta\t_\t_\t_\t_\t_\t_\t_\t_\n3\tb\t_\t_\t_\t_\t_\t_\t_\t_\n",
            "line 2: word id 3 where 2 was expected (ids count 1, 2, 3, … in each sentence)",
        ),
    ];
    for (name, text, msg) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = bin().arg("parse").arg("--conllu").arg(&p).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            format!("newsgraph: `{}`: {msg}\n", p.display())
        );
    }
    let missing = dir.path().join("none.conllu");
    let o = bin()
        .arg("parse")
        .arg("--conllu")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "newsgraph: cannot read `{}`: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}

#[test]
fn train_command_writes_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures/tiny.conllu");
    let mut outs = Vec::new();
    for k in 0..2 {
        let out = dir.path().join(format!("m{k}.bin"));
        let o = bin()
            .args([
                "train",
                "syntax",
                "--epochs",
                "3",
                "--tagger-epochs",
                "2",
                "--folds",
                "2",
            ])
            .arg("--train")
            .arg(&fixture)
            .arg("--dev")
            .arg(&fixture)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains("parser epoch 3:"));
        outs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    let o = bin()
        .args(["parse", "--model"])
        .arg(dir.path().join("m0.bin"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success());
}
