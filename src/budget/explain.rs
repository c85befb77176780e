//! The model in words, printed by `budget --explain` before the chart's own arithmetic.

use super::BudgetSettings;

/// How the minimum timeout is computed, with the settings in effect.
pub fn model_text(s: &BudgetSettings) -> String {
    format!(
        "\
How the minimum --timeout is computed

Helm's --timeout is one budget per phase: every workload of the release must be ready
within it (they roll out in parallel), and every pre-/post- hook runs, one after another,
against its own full --timeout.

Per pod, the worst time to become ready:
  image pull allowance ({pull} s)
  + startupProbe worst case, initialDelaySeconds + periodSeconds × failureThreshold
  + readinessProbe worst case, initialDelaySeconds + periodSeconds × failureThreshold
  + minReadySeconds
  (Kubernetes defaults for omitted probe fields: period 10, failureThreshold 3, delay 0;
  containers start together, so the slowest container counts.)

Per workload, the pod waits that happen one after another (the slower of install and an
upgrade that replaces every pod):
  Deployment   install: 1 wave. RollingUpdate: waves of maxSurge new pods (default 25%,
               rounded up; of maxUnavailable when maxSurge is 0), so ⌈replicas / surge⌉
               waves; maxUnavailable can only make it faster. Recreate: 1 wave.
  StatefulSet  install: OrderedReady (default) starts pods one after another, Parallel
               all at once. Upgrade: pods from the highest ordinal down to partition are
               replaced one at a time (Parallel: maxUnavailable at a time). OnDelete: no
               upgrade waves.
  DaemonSet    over {nodes} nodes: install 1 wave; RollingUpdate ⌈nodes / maxUnavailable⌉
               waves (default 1; percentages of nodes rounded up; or maxSurge).
  Job          activeDeadlineSeconds when set; else ⌈completions / parallelism⌉ pod
               waits of a Job that succeeds (a note gives the worst case with every
               backoffLimit retry and back-off delay). Counted: {jobs}.
  replicas defaults to 1; an HPA in the chart raises it to its maxReplicas.

Release: minimum = max(slowest workload, slowest install/upgrade/rollback hook)
  + buffer ({buffer} s).
Rule of thumb, for comparison: Σ pods × (readinessProbe initialDelaySeconds +
  periodSeconds × failureThreshold) + buffer.
",
        pull = s.image_pull_seconds,
        nodes = s.nodes,
        buffer = s.buffer_seconds,
        jobs = if s.wait_for_jobs {
            "hooks, and every Job (--wait-for-jobs)"
        } else {
            "hooks only (pass --wait-for-jobs to count the others)"
        },
    )
}
