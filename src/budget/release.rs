//! The release: every workload rolls out in parallel, so the wait phase needs the
//! slowest one; each hook runs one after another before (pre-) or after (post-) it,
//! each against its own full `--timeout`, so the timeout must also cover the slowest
//! hook. The minimum safe timeout is the larger of the two plus a buffer.

use std::collections::HashMap;

use super::fields::{count, Fields};
use super::job::job;
use super::pod::pod_timing;
use super::workload::{self, Autoscaler, Rollout};
use super::{Budget, BudgetSettings, HookWait, Note, Wait};
use crate::manifest::workload::{hook, key_of, pod_spec};
use crate::manifest::{locate, RenderedDoc};
use crate::render::chart::Rendered;
use crate::yaml::Node;

/// Hook events that run inside `helm install`, `upgrade` or `rollback` (the commands
/// whose `--timeout` this budget is for), by command.
const PHASE_EVENTS: [(&str, &str); 3] = [
    ("pre-install", "post-install"),
    ("pre-upgrade", "post-upgrade"),
    ("pre-rollback", "post-rollback"),
];

/// Computes the budget of a rendered chart from its parsed documents.
pub fn compute(rendered: &Rendered, docs: &[RenderedDoc], settings: &BudgetSettings) -> Budget {
    let mut b = Builder {
        rendered,
        settings,
        autoscalers: autoscalers(docs),
        workloads: Vec::new(),
        hooks: Vec::new(),
        notes: Vec::new(),
        thumb: Vec::new(),
    };
    for doc in docs {
        let Some(root) = doc.root.as_deref() else {
            if doc.error.is_some() {
                b.notes.push(Note {
                    object: None,
                    template: doc.template.clone(),
                    location: locate(rendered, &doc.template, doc.offset),
                    message: format!(
                        "document {} of {} is not valid YAML and is not counted",
                        doc.index + 1,
                        doc.template
                    ),
                });
            }
            continue;
        };
        let kind = doc.field(&["kind"]).unwrap_or_default();
        let name = doc.field(&["metadata", "name"]).unwrap_or_default();
        let mut cx = Object {
            doc,
            root,
            kind,
            name,
            fields: Fields::default(),
        };
        match hook(root) {
            Some(events) => b.hook(&mut cx, events),
            None => b.workload(&mut cx),
        }
        b.field_notes(&cx);
    }
    b.finish()
}

/// The HorizontalPodAutoscalers of the chart by the `(kind, name)` they scale.
fn autoscalers(docs: &[RenderedDoc]) -> HashMap<(String, String), Autoscaler> {
    let mut out = HashMap::new();
    for doc in docs {
        if doc.field(&["kind"]) != Some("HorizontalPodAutoscaler") {
            continue;
        }
        let target = |k: &str| doc.field(&["spec", "scaleTargetRef", k]);
        let max = doc
            .field(&["spec", "maxReplicas"])
            .and_then(|m| m.parse::<u64>().ok());
        if let (Some(kind), Some(name), Some(max_replicas)) = (target("kind"), target("name"), max)
        {
            out.insert(
                (kind.to_string(), name.to_string()),
                Autoscaler {
                    name: doc.field(&["metadata", "name"]).unwrap_or_default().into(),
                    max_replicas,
                },
            );
        }
    }
    out
}

/// The object being read.
struct Object<'a> {
    doc: &'a RenderedDoc,
    root: &'a Node,
    kind: &'a str,
    name: &'a str,
    fields: Fields,
}

impl Object<'_> {
    fn label(&self) -> String {
        format!("{} {:?}", self.kind, self.name)
    }
}

struct Builder<'a> {
    rendered: &'a Rendered,
    settings: &'a BudgetSettings,
    autoscalers: HashMap<(String, String), Autoscaler>,
    workloads: Vec<Wait>,
    hooks: Vec<HookWait>,
    notes: Vec<Note>,
    /// Rule-of-thumb terms: (pods, readinessProbe worst case).
    thumb: Vec<(u64, u64)>,
}

impl Builder<'_> {
    /// Adds a note about the object, at `offset` in its document (its `kind:` key when
    /// `None`).
    fn note(&mut self, cx: &Object<'_>, offset: Option<usize>, message: String) {
        let offset = offset.unwrap_or_else(|| kind_offset(cx.root));
        self.notes.push(Note {
            object: Some(cx.label()),
            template: cx.doc.template.clone(),
            location: locate(self.rendered, &cx.doc.template, cx.doc.offset + offset),
            message,
        });
    }

    fn field_notes(&mut self, cx: &Object<'_>) {
        for p in &cx.fields.problems {
            self.note(cx, Some(p.offset), p.message.clone());
        }
    }

    fn wait(&self, cx: &Object<'_>, pods: u64, waves: u64, per_pod: u64, seconds: u64) -> Wait {
        Wait {
            kind: cx.kind.to_string(),
            name: cx.name.to_string(),
            template: cx.doc.template.clone(),
            location: locate(
                self.rendered,
                &cx.doc.template,
                cx.doc.offset + kind_offset(cx.root),
            ),
            pods,
            waves,
            per_pod_seconds: per_pod,
            seconds,
            summary: format!(
                "{}, {} × {per_pod} s",
                count(pods, "pod"),
                count(waves, "wave")
            ),
            explain: Vec::new(),
        }
    }

    fn workload(&mut self, cx: &mut Object<'_>) {
        match cx.kind {
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Pod" => self.long_running(cx),
            "Job" if self.settings.wait_for_jobs => {
                if let Some(w) = self.job(cx, true) {
                    self.workloads.push(w);
                }
            }
            "Job" => self.note(
                cx,
                None,
                "not counted: Helm waits for Jobs only with --wait-for-jobs (pass it to \
                 budget to count this Job)"
                    .into(),
            ),
            "Rollout" => self.note(
                cx,
                None,
                "Argo Rollouts are not modelled: Helm 3 does not wait for them, and Helm 4's \
                 watcher can hang on them until the timeout"
                    .into(),
            ),
            _ => {}
        }
    }

    fn long_running(&mut self, cx: &mut Object<'_>) {
        let Some(template) = pod_spec(cx.root, cx.kind) else {
            return;
        };
        let spec = cx.root.get("spec");
        let mut explain = Vec::new();
        let hpa = self
            .autoscalers
            .get(&(cx.kind.to_string(), cx.name.to_string()));
        let fields = &mut cx.fields;
        let rollout: Rollout = match cx.kind {
            "Deployment" => {
                let r = workload::replicas(spec, hpa, fields, &mut explain);
                workload::deployment(spec, r, fields)
            }
            "StatefulSet" => {
                let r = workload::replicas(spec, hpa, fields, &mut explain);
                workload::stateful_set(spec, r, fields)
            }
            "DaemonSet" => workload::daemon_set(spec, self.settings.nodes, fields),
            "Pod" => workload::pod(),
            _ => workload::replica_set(workload::replicas(spec, hpa, fields, &mut explain)),
        };
        let min_ready = if cx.kind == "Pod" {
            0
        } else {
            fields.int(spec, "minReadySeconds").unwrap_or(0)
        };
        let timing = pod_timing(
            template,
            min_ready,
            self.settings.image_pull_seconds,
            fields,
        );
        let per_pod = timing.seconds();
        let seconds = rollout.waves.saturating_mul(per_pod);
        explain.push(format!("per pod: {}", timing.describe()));
        explain.extend(rollout.explain);
        explain.push(format!(
            "{} × {per_pod} s = {seconds} s",
            count(rollout.waves, "wave")
        ));
        let mut wait = self.wait(cx, rollout.pods, rollout.waves, per_pod, seconds);
        wait.explain = explain;
        self.workloads.push(wait);
        self.thumb.push((rollout.pods, timing.readiness_seconds));

        if !timing.without_readiness.is_empty() {
            let names: Vec<String> = timing
                .without_readiness
                .iter()
                .map(|n| format!("{n:?}"))
                .collect();
            self.note(
                cx,
                None,
                format!(
                    "no readinessProbe on container {}: it counts as ready as soon as it \
                     starts, so {seconds} s is a lower bound of when it serves",
                    names.join(", ")
                ),
            );
        }
        if let Some(n) = rollout.legacy_wait_pods {
            self.note(
                cx,
                None,
                format!(
                    "Helm 3 --wait (Helm 4 --wait=legacy) counts it ready once {n} of {} new \
                     pods are ready (replicas - maxUnavailable){}; Helm 4's default watcher \
                     waits for all of them",
                    rollout.pods,
                    if n == 0 { ", that is at once" } else { "" }
                ),
            );
        }
        if cx.kind == "Deployment" {
            self.progress_deadline(cx, per_pod);
        }
    }

    /// A Deployment fails its rollout (`ProgressDeadlineExceeded`) when no new pod
    /// becomes ready within `progressDeadlineSeconds` (default 600); each ready pod resets
    /// the clock, so the deadline must cover one wave.
    fn progress_deadline(&mut self, cx: &mut Object<'_>, per_pod: u64) {
        let spec = cx.root.get("spec");
        let deadline = cx
            .fields
            .int(spec, "progressDeadlineSeconds")
            .unwrap_or(600);
        if deadline < per_pod {
            let at = spec
                .and_then(|s| s.get("progressDeadlineSeconds"))
                .map(|n| n.span.start);
            self.note(
                cx,
                at,
                format!(
                    "progressDeadlineSeconds {deadline} is shorter than one wave ({per_pod} s): \
                     Kubernetes marks the rollout failed (ProgressDeadlineExceeded) before a slow \
                     wave is ready, and Helm 4's watcher stops there; raising --timeout does not \
                     help, raise progressDeadlineSeconds"
                ),
            );
        }
    }

    /// A Job's worst case (with its notes when `notes`); `None` for a Job without a pod
    /// template.
    fn job(&mut self, cx: &mut Object<'_>, notes: bool) -> Option<Wait> {
        let template = pod_spec(cx.root, "Job")?;
        let spec = cx.root.get("spec");
        let timing = pod_timing(
            template,
            0,
            self.settings.image_pull_seconds,
            &mut cx.fields,
        );
        let per_pod = timing.seconds();
        let est = job(spec, per_pod, &mut cx.fields);
        let mut wait = self.wait(cx, est.pods, est.waves, per_pod, est.seconds);
        wait.summary = est.summary;
        wait.explain = vec![format!("per pod: {}", timing.describe())];
        wait.explain.extend(est.explain);
        if notes && !est.bounded {
            self.note(
                cx,
                None,
                format!(
                    "no activeDeadlineSeconds: the Job's own run time is unknown, so {} s counts \
                     only its pod starts; if its pods fail, backoffLimit retries and back-off \
                     make it up to {} s; set activeDeadlineSeconds to bound it",
                    est.seconds,
                    est.with_retries.unwrap_or(est.seconds)
                ),
            );
        }
        if notes && est.suspended {
            self.note(
                cx,
                None,
                "suspend: true: the Job does not run until resumed, so Helm waits for it until \
                 the timeout"
                    .into(),
            );
        }
        Some(wait)
    }

    fn hook(&mut self, cx: &mut Object<'_>, events: &str) {
        let events: Vec<String> = events
            .split(',')
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .collect();
        let counted = events
            .iter()
            .any(|e| PHASE_EVENTS.iter().any(|(pre, post)| e == pre || e == post));
        // Helm's WatchUntilReady waits for hook Jobs (Complete) and Pods (Succeeded);
        // hooks of other kinds are created and not waited for.
        let wait = match cx.kind {
            "Job" => self.job(cx, counted),
            "Pod" => pod_spec(cx.root, "Pod").map(|spec| {
                let timing = pod_timing(spec, 0, self.settings.image_pull_seconds, &mut cx.fields);
                let per_pod = timing.seconds();
                let mut w = self.wait(cx, 1, 1, per_pod, per_pod);
                w.summary = "hook Pod start".into();
                w.explain = vec![
                    format!("per pod: {}", timing.describe()),
                    "a hook Pod must run to completion; its own run time is not known".into(),
                ];
                w
            }),
            _ => None,
        };
        if let Some(wait) = wait {
            self.hooks.push(HookWait {
                wait,
                events,
                counted,
            });
        }
    }

    fn finish(self) -> Budget {
        let buffer = self.settings.buffer_seconds;
        let mut notes = self.notes;
        let workloads = self.workloads;
        let hooks = self.hooks;
        let slowest = workloads
            .iter()
            .map(|w| w.seconds)
            .chain(hooks.iter().filter(|h| h.counted).map(|h| h.wait.seconds))
            .max();
        if slowest.is_none() {
            notes.push(Note {
                object: None,
                template: String::new(),
                location: None,
                message: "nothing for Helm to wait for: no workloads or hooks".into(),
            });
        }
        let terms: Vec<String> = self
            .thumb
            .iter()
            .filter(|(_, secs)| *secs > 0)
            .map(|(pods, secs)| format!("{pods} × {secs} s"))
            .collect();
        let thumb: u64 = self
            .thumb
            .iter()
            .fold(0u64, |acc, (p, s)| acc.saturating_add(p.saturating_mul(*s)))
            .saturating_add(buffer);
        let phases = PHASE_EVENTS
            .iter()
            .map(|(pre, post)| {
                let runs = |event: &str| {
                    hooks
                        .iter()
                        .filter(|h| h.events.iter().any(|e| e == event))
                        .count() as u64
                };
                runs(pre) + 1 + runs(post)
            })
            .max()
            .unwrap_or(1);
        let mut thumb_terms = terms;
        thumb_terms.push(format!("{buffer} s buffer"));
        Budget {
            settings: self.settings.clone(),
            workloads,
            hooks,
            notes,
            minimum_seconds: slowest.unwrap_or(0).saturating_add(buffer),
            rule_of_thumb_seconds: thumb,
            rule_of_thumb_explain: thumb_terms.join(" + "),
            phases,
        }
    }
}

/// The offset of the object's `kind:` key in its document (0 when it has none).
fn kind_offset(root: &Node) -> usize {
    key_of(root, "kind").unwrap_or(root).span.start
}
