//! Provenance through the example chart: literal template text, text reached through
//! `include ... | nindent`, and output computed by `toYaml`.

use std::path::Path;

use super::*;
use crate::chart::load::load;
use crate::render::chart::{render_chart, RenderOptions};
use crate::render::command::version_in_range;
use crate::template::value::Entries;
use crate::yaml::NodeKind;

fn rendered() -> Rendered {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/chart");
    let chart = load(&dir).expect("example chart loads");
    render_chart(
        &chart,
        &Entries::new(),
        &RenderOptions::default(),
        version_in_range,
    )
    .expect("example chart renders")
}

/// The key node of `key` in the mapping at `path` (indices for sequences).
fn key_node<'a>(root: &'a Node, path: &[&str], key: &str) -> &'a Node {
    let mut cur = root;
    for p in path {
        cur = match (&cur.kind, p.parse::<usize>()) {
            (NodeKind::Sequence(items), Ok(i)) => &items[i],
            _ => cur.get(p).unwrap_or_else(|| panic!("no {p}")),
        };
    }
    let map = cur.as_mapping().expect("mapping");
    &map.iter()
        .find(|(k, _)| k.as_scalar() == Some(key))
        .expect("key")
        .0
}

/// The example chart's Deployment document.
fn deployment(docs: &[RenderedDoc]) -> &RenderedDoc {
    docs.iter()
        .find(|d| d.template == "shop/templates/deployment.yaml")
        .expect("deployment")
}

fn at(file: &str, line: u32, column: u32) -> TemplatePos {
    TemplatePos {
        file: file.to_string(),
        line,
        column,
    }
}

#[test]
fn literal_template_text_maps_to_its_line_and_column() {
    let r = rendered();
    let docs = documents(&r);
    let d = deployment(&docs);
    assert_eq!(d.field(&["kind"]), Some("Deployment"));
    let root = d.root.as_ref().expect("root");
    let name = key_node(
        root,
        &["spec", "template", "spec", "containers", "0"],
        "name",
    );
    let p = locate(&r, &d.template, d.offset + name.span.start).expect("located");
    assert_eq!(p.at, at("shop/templates/deployment.yaml", 19, 11));
    assert!(!p.computed);
    assert!(p.via.is_empty());
}

#[test]
fn text_from_an_included_helper_names_the_helper_and_the_include() {
    let r = rendered();
    let docs = documents(&r);
    let d = deployment(&docs);
    let root = d.root.as_ref().expect("root");
    let label = key_node(root, &["metadata", "labels"], "app.kubernetes.io/name");
    let p = locate(&r, &d.template, d.offset + label.span.start).expect("located");
    assert_eq!(p.at, at("shop/templates/_helpers.tpl", 8, 1));
    assert!(!p.computed);
    assert_eq!(
        p.via,
        vec![CallSite {
            at: at("shop/templates/deployment.yaml", 6, 5),
            end: at("shop/templates/deployment.yaml", 6, 47),
            callee: "shop.labels".into(),
        }]
    );
}

#[test]
fn a_node_span_ends_where_its_text_ends_in_the_template_and_in_the_output() {
    let r = rendered();
    let docs = documents(&r);
    let d = deployment(&docs);
    let root = d.root.as_ref().expect("root");
    // `app.kubernetes.io/name` (22 characters), written by the helper.
    let label = key_node(root, &["metadata", "labels"], "app.kubernetes.io/name");
    let span = |n: &Node| {
        locate_span(
            &r,
            &d.template,
            d.offset + n.span.start,
            d.offset + n.span.end,
        )
        .expect("located")
    };
    let p = span(label);
    assert_eq!(p.at, at("shop/templates/_helpers.tpl", 8, 1));
    assert_eq!(p.end, at("shop/templates/_helpers.tpl", 8, 23));
    assert_eq!(
        p.rendered,
        Some(RenderedRange {
            template: "shop/templates/deployment.yaml".into(),
            line: 6,
            column: 5,
            end_line: 6,
            end_column: 27,
        })
    );
    // A value computed by an action spans the whole action.
    let policy = match &root
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("spec"))
        .and_then(|s| s.get("containers"))
        .expect("containers")
        .kind
    {
        NodeKind::Sequence(items) => items[0].get("imagePullPolicy").expect("policy"),
        _ => panic!("containers is not a sequence"),
    };
    let p = span(policy);
    assert!(p.computed);
    assert_eq!(p.at, at("shop/templates/deployment.yaml", 21, 28));
    assert_eq!(p.end, at("shop/templates/deployment.yaml", 21, 58));
    // A point (no end known) ends where it starts.
    let p = locate(&r, &d.template, d.offset + label.span.start).expect("located");
    assert_eq!(p.end, p.at);
}

#[test]
fn output_of_to_yaml_points_at_the_action() {
    let r = rendered();
    let docs = documents(&r);
    let d = deployment(&docs);
    let root = d.root.as_ref().expect("root");
    let period = key_node(
        root,
        &[
            "spec",
            "template",
            "spec",
            "containers",
            "0",
            "livenessProbe",
        ],
        "periodSeconds",
    );
    let p = locate(&r, &d.template, d.offset + period.span.start).expect("located");
    assert_eq!(p.at, at("shop/templates/deployment.yaml", 26, 13));
    assert!(p.computed);
}

#[test]
fn tpl_text_moves_to_the_outermost_tpl_action_written_in_a_file() {
    let site = |file: &str, line: u32, callee: &str| CallSite {
        at: at(file, line, 1),
        end: at(file, line, 9),
        callee: callee.to_string(),
    };
    let t = "c/templates/t.yaml";
    // `tpl` of text that calls `tpl` of text that includes helper `h`; the outer `tpl`
    // runs in template t.yaml, itself included as `outer`.
    let chain = vec![
        site(SET_NAME, 1, "h"),
        site(SET_NAME, 1, SET_NAME),
        site(t, 7, SET_NAME),
        site(t, 3, "outer"),
    ];
    let helper = at("c/templates/_h.tpl", 2, 3);
    let (start, end, via) = through_tpl(helper.clone(), helper.clone(), chain.clone());
    assert_eq!((start, end), (helper.clone(), helper));
    assert_eq!(
        via,
        vec![
            CallSite {
                callee: "h".into(),
                ..site(t, 7, "")
            },
            site(t, 3, "outer"),
        ]
    );
    // Text written by the `tpl` text itself: the outer `tpl` action.
    let (start, end, via) =
        through_tpl(at(SET_NAME, 1, 4), at(SET_NAME, 1, 8), chain[1..].to_vec());
    assert_eq!((start, end), (at(t, 7, 1), at(t, 7, 9)));
    assert_eq!(via, vec![site(t, 3, "outer")]);
}
