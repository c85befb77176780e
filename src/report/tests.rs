//! Formats over a finding without a chart (as pipeline checks report them): no
//! object, no rendered location, no rule doc, a file that is not on disk.

use super::model::{Location, Position, ReportFinding, SuppressedFinding, Suppression};
use super::*;
use crate::rules::Severity;

fn pipeline_report() -> Report {
    let finding = ReportFinding::new(
        "timeout-too-short",
        Severity::Error,
        "helm upgrade --timeout 1m, but the release needs 5m10s:\nraise it".into(),
        Location {
            path: "tests/no-such-dir/deploy.yml".into(),
            line: 12,
            column: 9,
            end_line: 12,
            end_column: 9,
        },
    );
    // Not a documented rule: no help, no link.
    assert_eq!((&finding.help, &finding.doc_url), (&None, &None));
    let accepted = SuppressedFinding {
        finding: ReportFinding {
            location: Location {
                line: 30,
                end_line: 30,
                ..finding.location.clone()
            },
            ..finding.clone()
        },
        suppressed: Suppression {
            by: "exemption",
            reason: "the legacy job & its \"slow\" start".into(),
            at: Some(Position {
                path: ".helm-preflight.yaml".into(),
                line: 3,
                column: 5,
            }),
        },
    };
    Report::new(vec![finding], vec![accepted])
}

#[test]
fn a_finding_without_a_chart_renders_in_every_format() {
    let r = pipeline_report();
    assert_eq!(r.summary.errors, 1);
    assert_eq!(r.summary.suppressed, 1);
    assert_eq!(
        compact::compact(&r),
        "tests/no-such-dir/deploy.yml:12:9: error[timeout-too-short]: helm upgrade --timeout \
         1m, but the release needs 5m10s: raise it\n1 finding suppressed (1 by exemption)\n"
    );
    // No end beyond the start: GitHub gets no endLine/endColumn.
    assert_eq!(
        github::github(&r),
        "::error file=tests/no-such-dir/deploy.yml,line=12,col=9,title=timeout-too-short::helm \
         upgrade --timeout 1m, but the release needs 5m10s:%0Araise it\n"
    );
    let sarif: serde_json::Value = serde_json::from_str(&sarif::sarif(&r)).expect("sarif");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 12, "startColumn": 9})
    );
    assert!(result.get("properties").is_none());
    assert!(result.get("suppressions").is_none());
    // The suppressed finding is a result with an external suppression.
    assert_eq!(
        sarif["runs"][0]["results"][1]["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "justification": "the legacy job & its \"slow\" start",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": ".helm-preflight.yaml"},
                "region": {"startLine": 3, "startColumn": 5},
            }},
        }])
    );
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0],
        serde_json::json!({
            "id": "timeout-too-short",
            "shortDescription": {"text": "timeout-too-short"},
            "defaultConfiguration": {"level": "error"},
        })
    );
    let json: serde_json::Value = serde_json::from_str(&json::json(&r)).expect("json");
    assert_eq!(json["findings"][0]["chart"], serde_json::Value::Null);
    assert_eq!(json["summary"]["suppressed"], 1);
    assert_eq!(
        json["suppressed"][0]["suppressed"],
        serde_json::json!({"by": "exemption", "reason": "the legacy job & its \"slow\" start",
            "at": {"path": ".helm-preflight.yaml", "line": 3, "column": 5}})
    );
    assert_eq!(json["suppressed"][0]["location"]["line"], 30);
    assert!(checkstyle::checkstyle(&r).contains(
        "<file name=\"tests/no-such-dir/deploy.yml\">\n    <error line=\"12\" column=\"9\" \
         severity=\"error\""
    ));
    let junit = junit::junit(&r);
    assert!(
        junit.contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""),
        "{junit}"
    );
    assert!(
        junit.contains(
            "<skipped message=\"suppressed by exemption: the legacy job &amp; its &quot;slow&quot; start\"/>"
        ),
        "{junit}"
    );
    assert!(!checkstyle::checkstyle(&r).contains("line=\"30\""));
    assert!(!github::github(&r).contains("line=30"));
}

#[test]
fn human_output_without_the_file_names_the_location_in_the_message() {
    let r = pipeline_report();
    let plain = human::human(&r, &human::HumanOptions::default());
    assert!(
        plain.contains("× tests/no-such-dir/deploy.yml:12:9: helm upgrade --timeout 1m"),
        "{plain}"
    );
    assert!(
        plain.ends_with("1 error, 0 warnings, 0 notes, 1 suppressed (1 by exemption)\n"),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let colored = human::human(
        &r,
        &human::HumanOptions {
            color: true,
            ..human::HumanOptions::default()
        },
    );
    assert!(colored.contains('\u{1b}'), "{colored}");
}

#[test]
fn a_clean_report_renders_empty_documents() {
    let r = Report::new(Vec::new(), Vec::new());
    assert_eq!(compact::compact(&r), "");
    assert_eq!(github::github(&r), "");
    assert_eq!(
        checkstyle::checkstyle(&r),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n"
    );
    assert_eq!(
        human::human(&r, &human::HumanOptions::default()),
        "0 errors, 0 warnings, 0 notes, 0 suppressed\n"
    );
}
