//! cobra/pflag command-line parsing as Helm does it.
//!
//! `--name=value`, `--name value` (unless the flag is a bool or optional-value
//! flag, which take a value only through `=`), `-f v`, `-fv`, `-f=v`, clusters
//! (`-if values.yaml`: all but the last must be bools), `--` ending the flags,
//! flags interspersed with positionals, repeated flags, slices split on commas.

use super::flags::{global_takes_value, lookup_long, lookup_short, FlagKind, Vers, H3, H34, H4};
use crate::pipeline::model::{
    Arg, ExecContext, FlagUse, HelmCommand, HelmInvocation, HelmMajor, SetKind, ValueForm,
};
use crate::pipeline::source::Span;

/// The version bit set to parse with.
fn vers_of(major: HelmMajor) -> Vers {
    match major {
        HelmMajor::V3 | HelmMajor::V2 => H3,
        HelmMajor::V4 => H4,
        HelmMajor::Unknown => H34,
    }
}

/// Parses the arguments after `helm` (`args[0]` is usually the subcommand, after
/// any global flags). `helm_span` is the span of the `helm` word. Returns `None`
/// when the subcommand is not one the linter models (`repo add`, `lint`, ...).
pub fn parse_helm(helm_span: Span, args: &[Arg], context: ExecContext) -> Option<HelmInvocation> {
    let (cmd_index, command) = find_command(args)?;
    let vers = vers_of(context.helm_version.major);
    let mut inv = HelmInvocation {
        command,
        span: Span {
            start: helm_span.start,
            end: args.last().map_or(helm_span.end, |a| a.span.end),
        },
        head_span: Span {
            start: helm_span.start,
            end: args[cmd_index].span.end,
        },
        positionals: Vec::new(),
        release: None,
        chart: None,
        flags: Vec::new(),
        values_files: Vec::new(),
        set_values: Vec::new(),
        namespace: None,
        opaque_args: false,
        context,
    };
    let rest: Vec<&Arg> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != cmd_index)
        .map(|(_, a)| a)
        .collect();
    parse_flags(&mut inv, &rest, vers);
    assign_positionals(&mut inv);
    collect_values(&mut inv);
    Some(inv)
}

/// The index and command of the subcommand word, skipping global flags before it.
fn find_command(args: &[Arg]) -> Option<(usize, HelmCommand)> {
    let mut i = 0;
    while i < args.len() {
        let t = &args[i].text;
        if t.starts_with('-') && t.len() > 1 {
            i += if global_takes_value(t) { 2 } else { 1 };
            continue;
        }
        return HelmCommand::from_name(t).map(|c| (i, c));
    }
    None
}

fn parse_flags(inv: &mut HelmInvocation, args: &[&Arg], vers: Vers) {
    let mut i = 0;
    let mut only_positionals = false;
    while i < args.len() {
        let arg = args[i];
        i += 1;
        let t = arg.text.as_str();
        if only_positionals || !t.starts_with('-') || t == "-" {
            push_positional(inv, arg);
            continue;
        }
        if t == "--" {
            only_positionals = true;
            continue;
        }
        if let Some(body) = t.strip_prefix("--") {
            let (name, eq_value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let spec = lookup_long(name, inv.command, vers);
            let kind = spec.map_or(FlagKind::Bool, |(s, _)| s.kind);
            let known = spec.is_some_and(|(_, ok)| ok);
            let (value, form) = match eq_value {
                Some(v) => (Some(sub_arg(arg, t.len() - v.len(), v)), ValueForm::Equals),
                None if kind.takes_next_word() => match args.get(i) {
                    Some(next) => {
                        i += 1;
                        (Some((*next).clone()), ValueForm::NextWord)
                    }
                    None => (None, ValueForm::Bare),
                },
                None => (None, ValueForm::Bare),
            };
            let followed_by = bare_follower(form, kind, args.get(i).copied());
            inv.flags.push(FlagUse {
                name: name.to_string(),
                written: format!("--{name}"),
                value,
                form,
                span: arg.span,
                known,
                followed_by,
            });
            continue;
        }
        // A short flag or a cluster of them.
        let body = &t[1..];
        for (pos, c) in body.char_indices() {
            let spec = lookup_short(c, inv.command, vers);
            let kind = spec.map_or(FlagKind::Bool, |(s, _)| s.kind);
            let known = spec.is_some_and(|(_, ok)| ok);
            let name = spec.map_or_else(|| c.to_string(), |(s, _)| s.long.to_string());
            let rest = &body[pos + c.len_utf8()..];
            let letter_span = sub_span(arg, 1 + pos, c.len_utf8());
            let (value, form, done) = if let Some(v) = rest.strip_prefix('=') {
                let off = t.len() - v.len();
                (Some(sub_arg(arg, off, v)), ValueForm::Equals, true)
            } else if kind.takes_next_word() && !rest.is_empty() {
                let off = t.len() - rest.len();
                (Some(sub_arg(arg, off, rest)), ValueForm::Attached, true)
            } else if kind.takes_next_word() {
                match args.get(i) {
                    Some(next) => {
                        i += 1;
                        (Some((*next).clone()), ValueForm::NextWord, true)
                    }
                    None => (None, ValueForm::Bare, true),
                }
            } else {
                (None, ValueForm::Bare, rest.is_empty())
            };
            let followed_by = if done {
                bare_follower(form, kind, args.get(i).copied())
            } else {
                None
            };
            inv.flags.push(FlagUse {
                name,
                written: format!("-{c}"),
                value,
                form,
                span: letter_span,
                known,
                followed_by,
            });
            if done {
                break;
            }
        }
    }
}

/// The word after a bare bool/optional flag, if it will be read as a positional.
fn bare_follower(form: ValueForm, kind: FlagKind, next: Option<&Arg>) -> Option<Arg> {
    if form != ValueForm::Bare || kind.takes_next_word() {
        return None;
    }
    next.filter(|n| !n.text.starts_with('-')).cloned()
}

/// A positional, or an opaque expansion that may hold flags.
fn push_positional(inv: &mut HelmInvocation, arg: &Arg) {
    if arg.opaque {
        inv.opaque_args = true;
    }
    inv.positionals.push(arg.clone());
}

/// Release and chart from the positionals, by command. Opaque expansions past the
/// count the command takes are taken as extra flags, not positionals.
fn assign_positionals(inv: &mut HelmInvocation) {
    let generate = inv
        .flags
        .iter()
        .any(|f| f.name == "generate-name" && f.value.is_none());
    let max = match inv.command {
        HelmCommand::Install | HelmCommand::Template if generate => 1,
        HelmCommand::Uninstall => usize::MAX,
        _ => 2,
    };
    // Keep non-opaque positionals first when counting: an opaque word in the middle
    // (`helm upgrade $ARGS r c`) is an expansion of flags, not the release.
    let mut kept: Vec<Arg> = Vec::new();
    let mut extra_opaque = false;
    let non_opaque = inv.positionals.iter().filter(|a| !a.opaque).count();
    let mut opaque_room = max.saturating_sub(non_opaque);
    for a in inv.positionals.drain(..) {
        if a.opaque {
            // `$(if $(X),--values=…)`, `"$@"`: flags, not a positional.
            if opaque_room == 0 || is_arg_list(&a.text) || a.text.contains("--") {
                extra_opaque = true;
                continue;
            }
            opaque_room -= 1;
        }
        kept.push(a);
    }
    inv.positionals = kept;
    inv.opaque_args = extra_opaque;
    let p = &inv.positionals;
    match inv.command {
        HelmCommand::Install | HelmCommand::Template if generate => inv.chart = p.first().cloned(),
        HelmCommand::Template if p.len() == 1 => inv.chart = p.first().cloned(),
        HelmCommand::Install | HelmCommand::Upgrade | HelmCommand::Template => {
            inv.release = p.first().cloned();
            inv.chart = p.get(1).cloned();
        }
        HelmCommand::Rollback | HelmCommand::Uninstall => inv.release = p.first().cloned(),
    }
}

/// `"$@"`, `$*` and the like: always a list of arguments.
fn is_arg_list(text: &str) -> bool {
    matches!(text, "$@" | "$*" | "${@}" | "${*}")
}

fn collect_values(inv: &mut HelmInvocation) {
    for f in &inv.flags {
        let Some(v) = &f.value else { continue };
        match f.name.as_str() {
            "values" => {
                let mut off = 0;
                for part in v.text.split(',') {
                    if !part.is_empty() {
                        inv.values_files.push(sub_arg(v, off, part));
                    }
                    off += part.len() + 1;
                }
            }
            "namespace" => inv.namespace = Some(v.clone()),
            name => {
                let kind = match name {
                    "set" => SetKind::Set,
                    "set-string" => SetKind::String,
                    "set-file" => SetKind::File,
                    "set-json" => SetKind::Json,
                    "set-literal" => SetKind::Literal,
                    _ => continue,
                };
                inv.set_values.push((kind, v.clone()));
            }
        }
    }
}

/// The span of `len` bytes at byte `off` of an argument's text, exact when the
/// argument is written verbatim (its text is as long as its span), else the whole
/// argument.
fn sub_span(arg: &Arg, off: usize, len: usize) -> Span {
    if arg.span.end - arg.span.start == arg.text.len() && arg.known {
        Span {
            start: arg.span.start + off,
            end: arg.span.start + off + len,
        }
    } else {
        arg.span
    }
}

/// The part `text` at byte `off` of an argument, as an argument of its own.
pub fn sub_arg(arg: &Arg, off: usize, text: &str) -> Arg {
    Arg {
        text: text.to_string(),
        known: arg.known || !text.contains('$'),
        span: sub_span(arg, off, text.len()),
        opaque: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of a command line, each spanning its place in the line.
    fn argv(line: &str) -> (Span, Vec<Arg>) {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in line.split(' ') {
            let span = Span {
                start: pos,
                end: pos + w.len(),
            };
            let mut a = Arg::literal(w, span);
            if w.starts_with('$') {
                a.known = false;
                a.opaque = true;
            }
            out.push(a);
            pos += w.len() + 1;
        }
        let helm = out.remove(0);
        (helm.span, out)
    }

    fn parse(line: &str) -> HelmInvocation {
        let (h, args) = argv(line);
        parse_helm(h, &args, ExecContext::default()).expect("modeled command")
    }

    fn names(inv: &HelmInvocation) -> Vec<(String, Option<String>)> {
        inv.flags
            .iter()
            .map(|f| (f.name.clone(), f.value.as_ref().map(|v| v.text.clone())))
            .collect()
    }

    #[test]
    fn long_short_clusters_and_slices() {
        let inv = parse("helm upgrade -if a.yaml,b.yaml web ./chart --timeout=5m --set x=1 --set y=2 -nprod --wait");
        assert_eq!(inv.command, HelmCommand::Upgrade);
        assert_eq!(inv.release.as_ref().unwrap().text, "web");
        assert_eq!(inv.chart.as_ref().unwrap().text, "./chart");
        let files: Vec<_> = inv.values_files.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(files, ["a.yaml", "b.yaml"]);
        assert_eq!(inv.values_files[1].span, Span { start: 24, end: 30 });
        assert_eq!(inv.namespace.as_ref().unwrap().text, "prod");
        assert_eq!(inv.set_values.len(), 2);
        assert_eq!(
            inv.flag("install").unwrap().span,
            Span { start: 14, end: 15 }
        );
        assert_eq!(
            inv.flag("timeout")
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .span
                .start,
            53
        );
        assert!(inv.flag_on("wait"));
    }

    #[test]
    fn bool_and_optional_flags_take_values_only_with_equals() {
        let inv = parse("helm install --dry-run server ./chart --atomic false");
        assert_eq!(inv.release.as_ref().unwrap().text, "server");
        assert_eq!(inv.chart.as_ref().unwrap().text, "./chart");
        let dry = inv.flag("dry-run").unwrap();
        assert_eq!(dry.value, None);
        assert_eq!(dry.followed_by.as_ref().unwrap().text, "server");
        assert_eq!(
            inv.flag("atomic")
                .unwrap()
                .followed_by
                .as_ref()
                .unwrap()
                .text,
            "false"
        );
        assert_eq!(inv.positionals.len(), 3);
        let inv = parse("helm upgrade r c --atomic=false --dry-run=server");
        assert!(!inv.flag_on("atomic"));
        assert_eq!(names(&inv)[1], ("dry-run".into(), Some("server".into())));
    }

    #[test]
    fn global_flags_before_the_command_and_double_dash() {
        let inv = parse("helm --kube-context prod -n ns upgrade r -- --c");
        assert_eq!(inv.command, HelmCommand::Upgrade);
        assert_eq!(inv.chart.as_ref().unwrap().text, "--c");
        let (h, args) = argv("helm --debug repo add x y");
        assert!(parse_helm(h, &args, ExecContext::default()).is_none());
    }

    #[test]
    fn opaque_expansions_past_the_positionals_are_flags() {
        let inv = parse("helm upgrade $REL ./c $EXTRA --wait");
        assert_eq!(inv.release.as_ref().unwrap().text, "$REL");
        assert!(inv.opaque_args);
        let inv = parse("helm upgrade $REL $CHART");
        assert!(!inv.opaque_args);
        assert_eq!(inv.chart.as_ref().unwrap().text, "$CHART");
    }

    #[test]
    fn server_side_takes_a_value_on_upgrade_only() {
        let inv = parse("helm upgrade --server-side r c");
        assert_eq!(
            inv.flag("server-side")
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .text,
            "r"
        );
        assert_eq!(inv.release.as_ref().unwrap().text, "c");
        let inv = parse("helm install --server-side r c");
        assert_eq!(inv.release.as_ref().unwrap().text, "r");
    }
}
