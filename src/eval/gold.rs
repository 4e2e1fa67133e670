//! The gold file of `docs/ANNOTATION.md`, read into typed data and checked.
//!
//! A gold file is one JSON object with `entities` and `edges` (and `about`,
//! `documents`, which scoring does not read). Reading refuses what the
//! scorer could not use, naming the field: a missing or mistyped field, an
//! entity id given twice, an edge end that names no entity (other than
//! `*`), a relation outside the ontology, an empty list of alternatives, a
//! certainty other than `asserted`, `hedged` or `null`.

use std::collections::HashSet;

use serde::Deserialize;

use super::score::RELATIONS;
use super::FieldError;

/// A gold graph: what a careful reader takes from a set of articles.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub about: Option<String>,
    /// The ids of the documents it covers.
    #[serde(default)]
    pub documents: Vec<String>,
    pub entities: Vec<GoldEntity>,
    pub edges: Vec<GoldEdge>,
}

/// An actor the articles name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldEntity {
    pub id: String,
    pub label: String,
    /// `person`, `state`, `institution`, or a type the scorer does not
    /// know (such an entity can be matched but never typed right).
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `false`: an acceptable extra, neither rewarded nor penalised.
    pub required: bool,
}

/// An edge the articles state; each list holds alternatives.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldEdge {
    /// Entity ids, or `*` for any entity.
    pub source: Vec<String>,
    pub relation: Vec<String>,
    pub target: Vec<String>,
    /// `None`: any certainty is right.
    #[serde(default)]
    pub certainty: Option<GoldCertainty>,
    /// The documents that state it (`null` is read as none).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub docs: Vec<String>,
    pub required: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// The certainty a gold edge asks for. Negated claims are not gold edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldCertainty {
    Asserted,
    Hedged,
}

impl GoldCertainty {
    pub fn as_str(self) -> &'static str {
        match self {
            GoldCertainty::Asserted => "asserted",
            GoldCertainty::Hedged => "hedged",
        }
    }
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Reads and checks a gold file's text.
pub fn parse(text: &str) -> Result<Gold, FieldError> {
    let gold: Gold = super::from_json_text(text)?;
    check(&gold)?;
    Ok(gold)
}

fn error(field: String, message: String) -> FieldError {
    FieldError { field, message }
}

/// The checks the types cannot make.
fn check(gold: &Gold) -> Result<(), FieldError> {
    let mut ids = HashSet::new();
    for (i, e) in gold.entities.iter().enumerate() {
        if !ids.insert(e.id.as_str()) {
            return Err(error(
                format!("entities[{i}].id"),
                format!(
                    "`{}` is the id of an earlier entity; give each entity one id",
                    e.id
                ),
            ));
        }
    }
    for (i, g) in gold.edges.iter().enumerate() {
        for (name, list) in [("source", &g.source), ("target", &g.target)] {
            check_ends(i, name, list, &ids)?;
        }
        if g.relation.is_empty() {
            return Err(error(
                format!("edges[{i}].relation"),
                "no relation given; list at least one".into(),
            ));
        }
        for (j, r) in g.relation.iter().enumerate() {
            if !RELATIONS.contains(&r.as_str()) {
                return Err(error(
                    format!("edges[{i}].relation[{j}]"),
                    format!(
                        "`{r}` is not a relation of the ontology (expected one of: {})",
                        RELATIONS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_ends(
    i: usize,
    name: &str,
    list: &[String],
    ids: &HashSet<&str>,
) -> Result<(), FieldError> {
    if list.is_empty() {
        return Err(error(
            format!("edges[{i}].{name}"),
            "no entity given; list at least one id, or `*`".into(),
        ));
    }
    for (j, id) in list.iter().enumerate() {
        if id != "*" && !ids.contains(id.as_str()) {
            return Err(error(
                format!("edges[{i}].{name}[{j}]"),
                format!("`{id}` is not the id of an entity of the gold file"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTITIES: &str = r#""entities": [
        {"id": "freedonia", "label": "Freedonia", "type": "state", "required": true},
        {"id": "rufus-firefly", "label": "Rufus Firefly", "type": "person",
         "aliases": ["Firefly"], "required": true}]"#;

    fn gold_with_edge(edge: &str) -> String {
        format!(r#"{{{ENTITIES}, "edges": [{edge}]}}"#)
    }

    #[test]
    fn a_well_formed_gold_file_reads_into_typed_data() {
        let gold = parse(&gold_with_edge(
            r#"{"source": ["rufus-firefly"], "relation": ["leads"], "target": ["freedonia"],
                "certainty": "hedged", "docs": null, "required": true}"#,
        ))
        .unwrap();
        assert_eq!(gold.entities[1].aliases, ["Firefly"]);
        assert!(gold.entities[0].aliases.is_empty());
        assert_eq!(gold.edges[0].certainty, Some(GoldCertainty::Hedged));
        assert!(gold.edges[0].docs.is_empty());
    }

    #[test]
    fn a_missing_field_is_named_with_its_path() {
        let e = parse(&gold_with_edge(
            r#"{"relation": ["leads"], "target": ["freedonia"], "required": true}"#,
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "edges[0]: missing field `source` at line 4 column 129"
        );
    }

    #[test]
    fn a_mistyped_field_is_named() {
        let e = parse(&gold_with_edge(
            r#"{"source": "rufus-firefly", "relation": ["leads"], "target": ["freedonia"], "required": true}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field, "edges[0].source");
        assert!(e
            .message
            .starts_with("invalid type: string \"rufus-firefly\", expected a sequence"));
    }

    #[test]
    fn a_negated_certainty_is_refused() {
        let e = parse(&gold_with_edge(
            r#"{"source": ["rufus-firefly"], "relation": ["leads"], "target": ["freedonia"],
                "certainty": "negated", "required": true}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field, "edges[0].certainty");
        assert!(e
            .message
            .starts_with("unknown variant `negated`, expected `asserted` or `hedged`"));
    }

    #[test]
    fn unknown_ids_relations_and_repeated_ids_are_refused() {
        let e = parse(&gold_with_edge(
            r#"{"source": ["*"], "relation": ["leads"], "target": ["sylvania"], "required": true}"#,
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "edges[0].target[0]: `sylvania` is not the id of an entity of the gold file"
        );
        let e = parse(&gold_with_edge(
            r#"{"source": ["*"], "relation": ["leads", "rules"], "target": ["freedonia"], "required": true}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field, "edges[0].relation[1]");
        assert!(e
            .message
            .starts_with("`rules` is not a relation of the ontology"));
        let twice = r#"{"entities": [
            {"id": "freedonia", "label": "Freedonia", "type": "state", "required": true},
            {"id": "freedonia", "label": "Fredonia", "type": "state", "required": true}],
            "edges": []}"#;
        assert_eq!(
            parse(twice).unwrap_err().to_string(),
            "entities[1].id: `freedonia` is the id of an earlier entity; give each entity one id"
        );
    }

    #[test]
    fn text_that_is_not_json_says_so() {
        let e = parse("{\"entities\": [").unwrap_err();
        assert_eq!(e.field, "entities");
        assert!(e.message.starts_with("not JSON: EOF while parsing a list"));
    }
}
