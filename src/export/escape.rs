//! Escaping and small encodings shared by the text exporters: XML character
//! data and attribute values (GraphML, GEXF), JSON strings for values that
//! a format cannot hold natively (lists, evidence), and percent-encoding
//! for IRIs and identifiers.
//!
//! Every function here is total: any Rust string goes in, and what comes
//! out is valid in its target syntax.

use crate::model::{Edge, Evidence};

/// True for characters that XML 1.0 allows in a document:
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
/// A Rust `char` is never a surrogate, so only the C0 controls and the two
/// non-characters U+FFFE and U+FFFF are out.
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML character data (element content). Characters XML 1.0 forbids are
/// replaced by U+FFFD, so the file stays well-formed and the loss shows. A
/// carriage return is written as a character reference, since a parser
/// turns a literal one into a line feed.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An XML attribute value for a double-quoted attribute. Tabs and line
/// breaks are written as character references: a parser normalises literal
/// ones in attributes to spaces.
pub fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A list of strings as a JSON array, for formats without lists.
pub fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// An edge's evidence as a JSON array of the objects the JSON graph holds
/// (`document`, `sentence`, `start`, `end`, `text`, `certainty`, and
/// `attributed_to` where known), in the edge's order.
pub fn evidence_json(edge: &Edge) -> String {
    let items: Vec<serde_json::Value> = edge.evidence.iter().map(evidence_value).collect();
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".into())
}

fn evidence_value(v: &Evidence) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("document".into(), v.document.clone().into());
    m.insert("sentence".into(), v.sentence.into());
    m.insert("start".into(), v.start.into());
    m.insert("end".into(), v.end.into());
    m.insert("text".into(), v.text.clone().into());
    m.insert("certainty".into(), v.certainty.as_str().into());
    if let Some(a) = &v.attributed_to {
        m.insert("attributed_to".into(), a.clone().into());
    }
    serde_json::Value::Object(m)
}

/// Percent-encodes every byte of the UTF-8 form except ASCII letters,
/// digits, `-` and `_`. The result is a valid IRI (and URI) path segment
/// whatever the input, never a dot segment, and decodes back to the input.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(xml_text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(
            xml_text("x\u{0}y\u{1b}z\u{FFFE}"),
            "x\u{FFFD}y\u{FFFD}z\u{FFFD}"
        );
        assert_eq!(xml_text("line\r\nnext\tтаб 😀"), "line&#13;\nnext\tтаб 😀");
        assert_eq!(xml_text("]]>"), "]]&gt;");
    }

    #[test]
    fn xml_attr_keeps_quotes_and_line_breaks() {
        assert_eq!(xml_attr("\"q\" 'a'\n\t"), "&quot;q&quot; 'a'&#10;&#9;");
    }

    #[test]
    fn percent_encoding_keeps_slugs_and_encodes_the_rest() {
        assert_eq!(percent_encode("north-korea"), "north-korea");
        assert_eq!(percent_encode("a|b c"), "a%7Cb%20c");
        assert_eq!(percent_encode(".."), "%2E%2E");
        assert_eq!(percent_encode("ж"), "%D0%B6");
    }
}
