//! Scores as `kg-score` prints them: three lines (the last is the
//! summary), with `-v` the listings before them, or its JSON, byte for
//! byte (Python's `json.dumps(indent=1)`: ASCII only, floats as `repr`).

use std::fmt::Write;

use super::score::Scores;

/// The text report; `verbose` adds the listings of misses and false
/// positives first.
pub fn text(r: &Scores, verbose: bool) -> String {
    let mut out = String::new();
    if verbose {
        for (name, items) in r.details.listings() {
            let _ = writeln!(out, "{name} ({}):", items.len());
            for x in items {
                let _ = writeln!(out, "  {x}");
            }
        }
    }
    let _ = writeln!(
        out,
        "entities  P {:.2} R {:.2} F1 {:.2} (typed F1 {:.2}, duplicates {})",
        r.entity_precision, r.entity_recall, r.entity_f1, r.entity_typed_f1, r.entity_duplicates
    );
    let _ = writeln!(
        out,
        "relations P {:.2} R {:.2} F1 {:.2} (certainty {:.2}, evidence recall {:.2} precision {:.2}, unscored {})",
        r.relation_precision,
        r.relation_recall,
        r.relation_f1,
        r.certainty_accuracy,
        r.evidence_recall,
        r.evidence_precision,
        r.unscored_edges
    );
    let _ = writeln!(
        out,
        "summary: entity F1 {:.2} typed {:.2} | relation F1 {:.2} | certainty {:.2} | evidence recall {:.2}",
        r.entity_f1, r.entity_typed_f1, r.relation_f1, r.certainty_accuracy, r.evidence_recall
    );
    out
}

/// The JSON report, as `kg-score --json` prints it (with a final newline).
pub fn json(r: &Scores) -> String {
    let figures: [(&str, String); 12] = [
        ("entity_precision", py_float(r.entity_precision)),
        ("entity_recall", py_float(r.entity_recall)),
        ("entity_f1", py_float(r.entity_f1)),
        ("entity_typed_f1", py_float(r.entity_typed_f1)),
        ("entity_duplicates", r.entity_duplicates.to_string()),
        ("relation_precision", py_float(r.relation_precision)),
        ("relation_recall", py_float(r.relation_recall)),
        ("relation_f1", py_float(r.relation_f1)),
        ("certainty_accuracy", py_float(r.certainty_accuracy)),
        ("evidence_recall", py_float(r.evidence_recall)),
        ("evidence_precision", py_float(r.evidence_precision)),
        ("unscored_edges", r.unscored_edges.to_string()),
    ];
    let mut out = String::from("{\n");
    for (name, value) in figures {
        let _ = writeln!(out, " {}: {value},", py_str(name));
    }
    out.push_str(" \"details\": {\n");
    let listings = r.details.listings();
    for (k, (name, items)) in listings.iter().enumerate() {
        let _ = write!(out, "  {}: ", py_str(name));
        if items.is_empty() {
            out.push_str("[]");
        } else {
            out.push_str("[\n");
            for (i, x) in items.iter().enumerate() {
                let comma = if i + 1 < items.len() { "," } else { "" };
                let _ = writeln!(out, "   {}{comma}", py_str(x));
            }
            out.push_str("  ]");
        }
        out.push_str(if k + 1 < listings.len() { ",\n" } else { "\n" });
    }
    out.push_str(" }\n}\n");
    out
}

/// A float as Python's `repr`: the shortest digits that read back the same
/// number, in positional notation from 1e-4 up to 1e16, else scientific
/// with a signed exponent of at least two digits.
pub fn py_float(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if x == 0.0 || (-4..16).contains(&exp) {
        let s = x.to_string();
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// A string as Python's `json.dumps` writes it: quoted, with `"`, `\` and
/// control characters escaped, and everything outside printable ASCII as
/// `\uXXXX` (surrogate pairs beyond the Basic Multilingual Plane).
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        assert_eq!(py_float(0.0), "0.0");
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(17.0 / 20.0), "0.85");
        assert_eq!(py_float(2.0 / 3.0), "0.6666666666666666");
        assert_eq!(py_float(0.0001), "0.0001");
        assert_eq!(py_float(1.0 / 30000.0), "3.3333333333333335e-05");
        assert_eq!(py_float(1e16), "1e+16");
        assert_eq!(py_float(123456789012345.0), "123456789012345.0");
    }

    #[test]
    fn strings_print_as_python_json() {
        assert_eq!(py_str("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(py_str("Zoë \u{1}\u{7f}"), r#""Zo\u00eb \u0001\u007f""#);
        assert_eq!(py_str("\u{1F600}"), r#""\ud83d\ude00""#);
    }
}
