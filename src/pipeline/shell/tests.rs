use super::*;
use crate::pipeline::model::IgnoreKind;

fn scan(script: &str, opts: &ShellOptions) -> Vec<FoundCommand> {
    find_commands(script, opts, &is_helm).commands
}

fn errexit() -> ShellOptions {
    ShellOptions {
        errexit: true,
        ..ShellOptions::default()
    }
}

fn texts(c: &FoundCommand) -> Vec<&str> {
    c.args.iter().map(|a| a.text.as_str()).collect()
}

fn kinds(c: &FoundCommand) -> Vec<IgnoreKind> {
    c.ignored.iter().map(|(k, _)| k.clone()).collect()
}

#[test]
fn words_quotes_continuations_and_variables() {
    let script = "NS=prod\nTIMEOUT=\"5m\"\nhelm upgrade --install \\\n  'web' ./chart --namespace \"$NS\" --timeout=${TIMEOUT} -f \"values-${NS}.yaml\" --set image.tag=$TAG\n";
    let cmds = scan(script, &errexit());
    assert_eq!(cmds.len(), 1);
    let c = &cmds[0];
    assert_eq!(
        texts(c),
        [
            "upgrade",
            "--install",
            "web",
            "./chart",
            "--namespace",
            "prod",
            "--timeout=5m",
            "-f",
            "values-prod.yaml",
            "--set",
            "image.tag=$TAG"
        ]
    );
    assert!(!c.args[10].known);
    assert!(c.args[9].known);
    assert_eq!(&script[c.args[2].start..c.args[2].end], "'web'");
    assert!(c.ignored.is_empty());
}

#[test]
fn unquoted_known_variables_split_and_unknown_ones_are_opaque() {
    let script = "ARGS=\"--wait --timeout 10m\"\nhelm upgrade r c $ARGS $EXTRA \"$@\"\n";
    let c = &scan(script, &errexit())[0];
    assert_eq!(
        texts(c),
        [
            "upgrade",
            "r",
            "c",
            "--wait",
            "--timeout",
            "10m",
            "$EXTRA",
            "$@"
        ]
    );
    assert!(c.args[6].opaque && c.args[7].opaque);
    assert!(!c.args[3].opaque);
    let d = &scan("helm upgrade r c ${T:-300}\n", &errexit())[0];
    assert_eq!(texts(d)[3], "300");
}

#[test]
fn or_true_and_fallbacks_are_ignored_but_exits_are_not() {
    let s = "helm upgrade a c || true\nhelm upgrade b c || echo failed\nhelm upgrade c c || exit 1\nhelm upgrade d c || { echo no; exit 2; }\n";
    let cmds = scan(s, &errexit());
    assert_eq!(kinds(&cmds[0]), [IgnoreKind::OrFallback]);
    let (_, range) = cmds[0].ignored[0];
    assert_eq!(&s[range.unwrap().0..range.unwrap().1], "|| true");
    assert_eq!(kinds(&cmds[1]), [IgnoreKind::OrFallback]);
    assert!(cmds[2].ignored.is_empty());
    assert!(cmds[3].ignored.is_empty());
}

#[test]
fn errexit_state_follows_set_commands() {
    let s = "set +e\nhelm upgrade a c\nset -euo pipefail\nhelm upgrade b c | tee log\necho done\n";
    let cmds = scan(s, &ShellOptions::default());
    assert_eq!(kinds(&cmds[0]), [IgnoreKind::NoErrexit]);
    assert!(cmds[1].ignored.is_empty(), "{:?}", cmds[1].ignored);
    let s = "helm upgrade a c | tee log\n";
    assert_eq!(
        kinds(&scan(s, &errexit())[0]),
        [IgnoreKind::PipeWithoutPipefail]
    );
    // Without errexit, the last command's status is the script's.
    assert!(
        scan("echo hi\nhelm upgrade a c\n", &ShellOptions::default())[0]
            .ignored
            .is_empty()
    );
}

#[test]
fn a_fallback_at_the_end_of_a_script_without_errexit_is_the_only_reason() {
    let opts = ShellOptions::default();
    let s = "helm upgrade a c || echo failed\n";
    assert_eq!(kinds(&scan(s, &opts)[0]), [IgnoreKind::OrFallback]);
    let s = "helm upgrade a c || echo failed\necho next\n";
    assert_eq!(
        kinds(&scan(s, &opts)[0]),
        [IgnoreKind::OrFallback, IgnoreKind::NoErrexit]
    );
}

#[test]
fn an_and_list_ending_a_subshell_or_group_gives_it_its_status() {
    // Under `set -e` the subshell or group fails with the rollback, and the script stops.
    for s in [
        "helm upgrade a c || (helm rollback a && exit 1)\necho next\n",
        "helm upgrade a c || { helm rollback a && exit 1; }\necho next\n",
        "( helm rollback a && echo ok )\necho next\n",
    ] {
        for c in scan(s, &errexit()) {
            assert!(c.ignored.is_empty(), "{s}: {:?}", c.ignored);
        }
    }
    // Not the last statement of the group: its status is lost.
    let s = "{ helm rollback a && echo ok; echo more; }\necho next\n";
    assert_eq!(
        kinds(&scan(s, &errexit())[0]),
        [IgnoreKind::AndListNonFinal]
    );
    // A group whose status `|| true` swallows.
    let s = "( helm rollback a && echo ok ) || true\necho next\n";
    assert_eq!(
        kinds(&scan(s, &errexit())[0]),
        [IgnoreKind::OrFallback, IgnoreKind::AndListNonFinal]
    );
}

#[test]
fn and_lists_if_conditions_background_and_substitutions() {
    let s = "helm upgrade a c && echo ok\necho next\n";
    assert_eq!(
        kinds(&scan(s, &errexit())[0]),
        [IgnoreKind::AndListNonFinal]
    );
    assert!(scan("helm upgrade a c && echo ok\n", &errexit())[0]
        .ignored
        .is_empty());
    let s = "if ! helm upgrade a c; then echo bad; fi\nif helm upgrade b c; then echo ok; else exit 1; fi\nhelm upgrade d c &\nOUT=$(helm upgrade e c)\nlocal X=$(helm upgrade f c)\nwait\n";
    let cmds = scan(s, &errexit());
    assert_eq!(cmds.len(), 5);
    assert_eq!(kinds(&cmds[0]), [IgnoreKind::IfCondition]);
    assert!(cmds[1].ignored.is_empty());
    assert_eq!(kinds(&cmds[2]), [IgnoreKind::Background]);
    assert!(cmds[3].ignored.is_empty(), "{:?}", cmds[3].ignored);
    assert_eq!(kinds(&cmds[4]), [IgnoreKind::CommandSubstitution]);
}

#[test]
fn wrappers_masks_and_loops() {
    let s = "timeout 10m sudo helm upgrade a c\nfor e in dev prod; do helm upgrade r-$e c; done\n";
    let cmds = scan(s, &errexit());
    assert_eq!(cmds[0].timers[0].0, 600);
    assert_eq!(texts(&cmds[0])[0], "upgrade");
    assert_eq!(texts(&cmds[1])[1], "r-$e");
    let mut opts = errexit();
    opts.mask.github = true;
    opts.expression_values
        .insert("inputs.args".into(), "--wait --atomic".into());
    let s = "helm upgrade ${{ inputs.release }} ./c ${{ inputs.args }}\n";
    let c = &scan(s, &opts)[0];
    assert_eq!(
        texts(c),
        [
            "upgrade",
            "${{ inputs.release }}",
            "./c",
            "--wait",
            "--atomic"
        ]
    );
    assert!(!c.args[1].known);
    assert_eq!(c.args[1].start, 13);
}

#[test]
fn heredocs_and_broken_scripts() {
    let s = "cat <<EOF\nhelm upgrade fake c\nEOF\nhelm upgrade real c\n";
    let cmds = scan(s, &errexit());
    assert_eq!(cmds.len(), 1);
    assert_eq!(texts(&cmds[0])[1], "real");
    let scan = find_commands("if then fi (\nhelm upgrade x c\n", &errexit(), &is_helm);
    assert!(scan.syntax_error.is_some());
}
