use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::rules::ObjectRef;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
    Config::parse(text, Path::new(".helm-preflight.yaml"), &root())
}

/// The error messages of an invalid configuration, one per line.
fn errors(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(errs) => errs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

const FULL: &str = "\
rules:
  readiness-probe-missing: error
  crd-in-templates: off
  pvc-without-keep-policy: on
exemptions:
  - rule: readiness-probe-missing
    path: \"tests/fixtures/lint/**\"
    kind: Deployment
    name: \"legacy-*\"
    reason: migrating in Q3
  - kind: Job
    reason: jobs are short-lived
charts:
  - path: tests/fixtures/lint/probes
    values: [tests/fixtures/lint/probes/values.yaml]
    set: [\"image.tag=1.2.3\"]
    timeout: 5m30s
  - path: ./tests/fixtures/lint/../lint/broken
    values: tests/fixtures/lint/broken/values.yaml
budget:
  image_pull_seconds: 30
  nodes: 3
  buffer_seconds: 60
";

#[test]
fn a_full_configuration_reads_into_typed_settings_with_positions() {
    let cfg = parse(FULL).expect("valid");
    assert_eq!(
        cfg.rule_setting("readiness-probe-missing"),
        Some(RuleSetting::Severity(Severity::Error))
    );
    assert_eq!(cfg.rule_setting("crd-in-templates"), Some(RuleSetting::Off));
    assert_eq!(
        cfg.rule_setting("pvc-without-keep-policy"),
        Some(RuleSetting::On)
    );
    assert_eq!(cfg.rule_setting("manifest-invalid-yaml"), None);
    assert_eq!(cfg.severity_of("crd-in-templates", Severity::Note), None);
    assert_eq!(
        cfg.severity_of("pvc-without-keep-policy", Severity::Note),
        Some(Severity::Note)
    );
    assert_eq!(
        cfg.severity_of("readiness-probe-missing", Severity::Warning),
        Some(Severity::Error)
    );

    let ex = cfg.exemptions();
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].rule.as_deref(), Some("readiness-probe-missing"));
    assert_eq!(
        ex[0].path.as_ref().map(|p| p.pattern.as_str()),
        Some("tests/fixtures/lint/**")
    );
    assert_eq!(ex[0].kind.as_deref(), Some("Deployment"));
    assert_eq!(ex[0].reason, "migrating in Q3");
    assert_eq!((ex[0].line, ex[0].column), (6, 5));
    assert_eq!((ex[1].line, ex[1].column), (11, 5));
    assert!(ex[1].rule.is_none() && ex[1].path.is_none() && ex[1].name.is_none());

    let probes = cfg
        .chart_settings(&root().join("tests/fixtures/lint/probes"))
        .expect("probes settings");
    assert_eq!(probes.path.line, 14);
    assert_eq!(
        probes.values,
        vec![Located {
            value: root().join("tests/fixtures/lint/probes/values.yaml"),
            line: 15,
            column: 14
        }]
    );
    assert_eq!(probes.set[0].value, "image.tag=1.2.3");
    assert_eq!(
        probes.timeout,
        Some(Located {
            value: Duration::from_secs(330),
            line: 17,
            column: 14
        })
    );
    // Paths are normalized; a single values file is a list of one.
    let broken = cfg
        .chart_settings(&root().join("tests/fixtures/lint/broken/"))
        .expect("broken settings");
    assert_eq!(broken.values.len(), 1);
    assert!(broken.timeout.is_none());
    assert!(cfg
        .chart_settings(&root().join("tests/fixtures/lint/yaml"))
        .is_none());

    let b = cfg.budget();
    assert_eq!(b.image_pull_seconds.as_ref().map(|v| v.value), Some(30));
    assert_eq!(
        b.nodes.as_ref().map(|v| (v.value, v.line, v.column)),
        Some((3, 22, 10))
    );
    assert_eq!(b.buffer_seconds.as_ref().map(|v| v.value), Some(60));
    assert_eq!(
        parse("budget:\n  nodes: 5\n  buffer_seconds: 10\n")
            .expect("budget")
            .budget_settings(),
        crate::budget::BudgetSettings {
            image_pull_seconds: 30,
            nodes: 5,
            buffer_seconds: 10,
            wait_for_jobs: false,
        }
    );

    assert_eq!(
        cfg.relative_path(&root().join("tests/fixtures/lint/probes/templates/a.yaml")),
        Some("tests/fixtures/lint/probes/templates/a.yaml".into())
    );
    assert_eq!(cfg.relative_path(Path::new("/elsewhere/x.yaml")), None);
}

#[test]
fn empty_files_and_empty_sections_are_the_default_configuration() {
    for text in [
        "",
        "# nothing\n",
        "rules:\nexemptions: []\ncharts:\nbudget: {}\n",
    ] {
        let cfg = parse(text).expect(text);
        assert!(cfg.exemptions().is_empty() && cfg.charts().is_empty());
        assert_eq!(cfg.budget(), &BudgetSettings::default());
        assert_eq!(cfg.file.as_deref(), Some(Path::new(".helm-preflight.yaml")));
    }
}

#[test]
fn unknown_keys_are_errors_at_their_position_with_a_hint() {
    assert_eq!(
        errors("rulez:\n  crd-in-templates: off\n"),
        ".helm-preflight.yaml:1:1: unknown key \"rulez\" in the configuration (expected one of: \
         rules, exemptions, charts, budget); did you mean \"rules\"?"
    );
    assert_eq!(
        errors("exemptions:\n  - rule: crd-in-templates\n    reasn: x\n"),
        ".helm-preflight.yaml:2:5: exemptions[0]: missing `reason:` (say why these findings are \
         accepted)\n\
         .helm-preflight.yaml:3:5: unknown key \"reasn\" in exemptions[0] (expected one of: rule, \
         path, kind, name, reason); did you mean \"reason\"?"
    );
    assert_eq!(
        errors("charts:\n  - path: tests/fixtures/lint/probes\n    timeout: 5m\n    wait: true\n"),
        ".helm-preflight.yaml:4:5: unknown key \"wait\" in charts[0] (expected one of: path, \
         values, set, timeout)"
    );
    assert_eq!(
        errors("budget:\n  node: 3\n"),
        ".helm-preflight.yaml:2:3: unknown key \"node\" in budget (expected one of: \
         image_pull_seconds, nodes, buffer_seconds); did you mean \"nodes\"?"
    );
}

#[test]
fn rules_must_be_known_and_set_to_a_known_value() {
    assert_eq!(
        errors("rules:\n  readines-probe-missing: error\n  crd-in-templates: of\n  probe-port-undeclared: false\n  manifest-invalid-yaml: [x]\n"),
        ".helm-preflight.yaml:2:3: unknown rule \"readines-probe-missing\"; did you mean \
         \"readiness-probe-missing\"? (`helm-preflight rules` lists every rule)\n\
         .helm-preflight.yaml:3:21: rules.crd-in-templates: expected one of off, on, error, \
         warning, note, found \"of\"; did you mean \"off\"?\n\
         .helm-preflight.yaml:4:26: rules.probe-port-undeclared: expected one of off, on, error, \
         warning, note, found \"false\"; did you mean \"off\"?\n\
         .helm-preflight.yaml:5:26: rules.manifest-invalid-yaml: expected one of off, on, error, \
         warning, note, found a collection"
    );
    assert_eq!(
        errors("rules:\n  crd-in-templates: off\n  crd-in-templates: error\n"),
        ".helm-preflight.yaml:3:3: rules: key \"crd-in-templates\" is given twice (first at line 2)"
    );
    assert_eq!(
        errors("rules: [crd-in-templates]\n"),
        ".helm-preflight.yaml:1:8: rules: expected a mapping, found a list"
    );
}

#[test]
fn exemptions_need_a_reason_a_matcher_and_valid_globs() {
    assert_eq!(
        errors("exemptions:\n  - reason: everything\n  - rule: nope\n    reason: x\n  - path: \"a/[b\"\n    name: \"{x\"\n    reason: x\n  - kind: Job\n    reason: \"\"\n  - x\n"),
        ".helm-preflight.yaml:2:5: exemptions[0]: give at least one of rule, path, kind, name (an \
         exemption of everything turns the linter off)\n\
         .helm-preflight.yaml:3:11: unknown rule \"nope\" (`helm-preflight rules` lists every rule)\n\
         .helm-preflight.yaml:5:11: exemptions[2].path: invalid glob \"a/[b\": unclosed character \
         class; missing ']'\n\
         .helm-preflight.yaml:6:11: exemptions[2].name: invalid glob \"{x\": unclosed alternate \
         group; missing '}' (maybe escape '{' with '[{]'?)\n\
         .helm-preflight.yaml:9:13: exemptions[3].reason: expected text, found \"\"\n\
         .helm-preflight.yaml:10:5: exemptions[4]: expected a mapping, found \"x\""
    );
}

#[test]
fn charts_are_checked_against_the_files_they_name() {
    assert_eq!(
        errors("charts:\n  - path: tests/fixtures/lint/nope\n    values: [tests/fixtures/lint/probes/missing.yaml]\n    set: [\"a=b\", \"c\"]\n    timeout: 5 minutes\n  - values: []\n  - path: tests/fixtures/lint/probes\n    timeout: 0s\n  - path: tests/fixtures/lint/probes/\n  - path: tests/fixtures/lint/probes\n    timeout: -1m\n"),
        ".helm-preflight.yaml:2:11: charts[0].path: no chart at tests/fixtures/lint/nope (paths in \
         the configuration are relative to its directory)\n\
         .helm-preflight.yaml:3:14: charts[0].values: no file \
         tests/fixtures/lint/probes/missing.yaml (paths in the configuration are relative to its \
         directory)\n\
         .helm-preflight.yaml:4:18: charts[0].set: key \"c\" has no value\n\
         .helm-preflight.yaml:5:14: charts[0].timeout: time: unknown unit \" minutes\" in duration \
         \"5 minutes\" (use e.g. 5m, 90s, 1h30m)\n\
         .helm-preflight.yaml:6:5: charts[1]: missing `path:` (the chart directory)\n\
         .helm-preflight.yaml:8:14: charts[2].timeout: must be longer than 0s\n\
         .helm-preflight.yaml:11:14: charts[4].timeout: must be longer than 0s"
    );
    assert_eq!(
        errors("charts:\n  - path: tests/fixtures/lint/probes\n  - path: tests/fixtures/lint/probes/\n"),
        ".helm-preflight.yaml:3:11: charts[1].path: this chart is already configured at line 2"
    );
}

#[test]
fn budget_values_are_whole_numbers() {
    assert_eq!(
        errors("budget:\n  image_pull_seconds: -1\n  nodes: 0\n  buffer_seconds: \"60\"\n"),
        ".helm-preflight.yaml:2:23: budget.image_pull_seconds: expected a whole number of at least \
         0, found \"-1\"\n\
         .helm-preflight.yaml:3:10: budget.nodes: expected a whole number of at least 1, found \"0\"\n\
         .helm-preflight.yaml:4:19: budget.buffer_seconds: expected a whole number of at least 0, \
         found \"60\""
    );
}

#[test]
fn syntax_errors_and_extra_documents_are_located() {
    assert_eq!(
        errors("rules:\n  a: [\n"),
        ".helm-preflight.yaml:2:6: did not find expected node content"
    );
    assert_eq!(
        errors("rules: {}\n---\nbudget: {}\n"),
        ".helm-preflight.yaml:2:1: the configuration is one YAML document; remove this `---` and \
         what follows"
    );
    assert_eq!(
        errors("- rules\n"),
        ".helm-preflight.yaml:1:1: the configuration: expected a mapping, found a list"
    );
}

#[test]
fn discovery_walks_up_from_the_working_directory() {
    let dir = std::env::temp_dir().join(format!("hp-config-{}", std::process::id()));
    let sub = dir.join("a/b");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(dir.join(FILE_NAME), "rules:\n  crd-in-templates: off\n").expect("write");
    let cfg = Config::discover(None, &sub).expect("found");
    assert_eq!(
        cfg.file.as_deref(),
        Some(Path::new("../../.helm-preflight.yaml"))
    );
    assert_eq!(cfg.base_dir, absolute(&dir));
    assert_eq!(cfg.rule_setting("crd-in-templates"), Some(RuleSetting::Off));
    // An explicit file wins; a missing one is an error.
    let other = dir.join("other.yaml");
    std::fs::write(&other, "rules:\n  bad: on\n").expect("write");
    let errs = Config::discover(Some(&other), &sub).expect_err("bad rule");
    assert_eq!((errs[0].line, errs[0].column), (2, 3));
    let missing = Config::discover(Some(&dir.join("missing.yaml")), &sub).expect_err("missing");
    assert!(missing[0].to_string().ends_with(
        "missing.yaml:1:1: cannot read the configuration: No such file or directory (os error 2)"
    ));
    std::fs::remove_file(dir.join(FILE_NAME)).expect("remove");
    let none = Config::discover(None, &sub).expect("default");
    assert_eq!((none.file, none.base_dir), (None, absolute(&sub)));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn exemptions_match_when_every_given_field_matches() {
    let cfg = parse(FULL).expect("valid");
    let object = |kind: &str, name: &str| ObjectRef {
        kind: kind.into(),
        name: name.into(),
        namespace: None,
    };
    let file = root().join("tests/fixtures/lint/x/templates/a.yaml");
    let legacy = object("Deployment", "legacy-api");
    let line = |e: Option<&Exemption>| e.map(|e| e.line);
    assert_eq!(
        line(cfg.exemption_for("readiness-probe-missing", &file, Some(&legacy))),
        Some(6)
    );
    // Each field can fail the match: rule, path (relative to the config's directory;
    // `**` crosses directories, nothing outside matches), kind, name, missing object.
    assert_eq!(
        line(cfg.exemption_for("crd-in-templates", &file, Some(&legacy))),
        None
    );
    let outside = root().join("src/x.yaml");
    assert_eq!(
        line(cfg.exemption_for("readiness-probe-missing", &outside, Some(&legacy))),
        None
    );
    assert_eq!(
        line(cfg.exemption_for(
            "readiness-probe-missing",
            Path::new("/tmp/tests/fixtures/lint/a"),
            Some(&legacy)
        )),
        None
    );
    let sts = object("StatefulSet", "legacy-api");
    assert_eq!(
        line(cfg.exemption_for("readiness-probe-missing", &file, Some(&sts))),
        None
    );
    let current = object("Deployment", "api");
    assert_eq!(
        line(cfg.exemption_for("readiness-probe-missing", &file, Some(&current))),
        None
    );
    assert_eq!(
        line(cfg.exemption_for("readiness-probe-missing", &file, None)),
        None
    );
    // The second exemption gives only a kind: any rule, any file.
    let job = object("Job", "migrate");
    assert_eq!(
        line(cfg.exemption_for("render-failed", &outside, Some(&job))),
        Some(11)
    );
}
