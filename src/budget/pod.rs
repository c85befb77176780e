//! The worst time for one pod to become ready.
//!
//! image pull allowance + the slowest serving container's startupProbe worst case and
//! readinessProbe worst case + `minReadySeconds`. A probe's worst case is
//! `initialDelaySeconds + periodSeconds × failureThreshold`: the last moment it can still
//! succeed before the kubelet gives up on it (a startupProbe) or before the pod has stayed
//! unready for a whole failure threshold (a readinessProbe). Containers start together, so
//! the slowest one counts; native sidecars (`initContainers` with `restartPolicy: Always`)
//! count as containers.

use super::fields::Fields;
use crate::manifest::workload::serving_containers;
use crate::yaml::Node;

/// The timing fields of one probe, with Kubernetes' defaults applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    /// `initialDelaySeconds` (default 0).
    pub initial_delay: u64,
    /// `periodSeconds` (default 10).
    pub period: u64,
    /// `failureThreshold` (default 3).
    pub failure_threshold: u64,
}

impl Probe {
    /// Reads a probe. `SetDefaults_Probe` turns an omitted (or 0) `periodSeconds` into
    /// 10 and `failureThreshold` into 3; `initialDelaySeconds` has no default beyond 0.
    pub fn read(node: &Node, fields: &mut Fields) -> Probe {
        let nonzero = |v: Option<u64>, default: u64| v.filter(|&n| n > 0).unwrap_or(default);
        Probe {
            initial_delay: fields.int(Some(node), "initialDelaySeconds").unwrap_or(0),
            period: nonzero(fields.int(Some(node), "periodSeconds"), 10),
            failure_threshold: nonzero(fields.int(Some(node), "failureThreshold"), 3),
        }
    }

    /// `initialDelaySeconds + periodSeconds × failureThreshold`.
    pub fn seconds(&self) -> u64 {
        self.initial_delay
            .saturating_add(self.period.saturating_mul(self.failure_threshold))
    }

    /// `5 + 10 × 3 = 35 s`.
    pub fn describe(&self) -> String {
        format!(
            "{} + {} × {} = {} s",
            self.initial_delay,
            self.period,
            self.failure_threshold,
            self.seconds()
        )
    }
}

/// One serving container's probes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerTiming {
    /// The container name.
    pub name: String,
    /// Its startupProbe, if any.
    pub startup: Option<Probe>,
    /// Its readinessProbe, if any.
    pub readiness: Option<Probe>,
}

impl ContainerTiming {
    /// startup worst case + readiness worst case (0 for a probe that is absent).
    pub fn seconds(&self) -> u64 {
        self.startup
            .map_or(0, |p| p.seconds())
            .saturating_add(self.readiness.map_or(0, |p| p.seconds()))
    }
}

/// The worst time for one pod of a workload to become ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTiming {
    /// The image pull allowance.
    pub image_pull: u64,
    /// The slowest serving container (`None` for a pod spec without containers).
    pub slowest: Option<ContainerTiming>,
    /// `minReadySeconds` of the workload.
    pub min_ready: u64,
    /// Serving containers without a readinessProbe (ready the moment they start).
    pub without_readiness: Vec<String>,
    /// The largest readinessProbe worst case of any container (for the rule of thumb).
    pub readiness_seconds: u64,
}

impl PodTiming {
    /// image pull + slowest container + minReadySeconds.
    pub fn seconds(&self) -> u64 {
        self.image_pull
            .saturating_add(self.slowest.as_ref().map_or(0, |c| c.seconds()))
            .saturating_add(self.min_ready)
    }

    /// `image pull 30 s + startupProbe of "db" (0 + 10 × 30 = 300 s) + readinessProbe
    /// of "db" (0 + 10 × 3 = 30 s) = 360 s`; absent probes and a zero `minReadySeconds`
    /// are left out.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("image pull {} s", self.image_pull)];
        if let Some(c) = &self.slowest {
            let probes = [("startupProbe", c.startup), ("readinessProbe", c.readiness)];
            for (what, probe) in probes {
                if let Some(p) = probe {
                    parts.push(format!("{what} of {:?} ({})", c.name, p.describe()));
                }
            }
        }
        if self.min_ready > 0 {
            parts.push(format!("minReadySeconds {}", self.min_ready));
        }
        format!("{} = {} s", parts.join(" + "), self.seconds())
    }
}

/// The pod timing of pod spec `spec` with the workload's `minReadySeconds`.
pub fn pod_timing(spec: &Node, min_ready: u64, image_pull: u64, fields: &mut Fields) -> PodTiming {
    let containers: Vec<ContainerTiming> = serving_containers(spec)
        .into_iter()
        .map(|c| ContainerTiming {
            name: c
                .get("name")
                .and_then(Node::as_scalar)
                .unwrap_or("?")
                .to_string(),
            startup: c.get("startupProbe").map(|p| Probe::read(p, fields)),
            readiness: c.get("readinessProbe").map(|p| Probe::read(p, fields)),
        })
        .collect();
    let without_readiness = containers
        .iter()
        .filter(|c| c.readiness.is_none())
        .map(|c| c.name.clone())
        .collect();
    let readiness_seconds = containers
        .iter()
        .filter_map(|c| c.readiness.map(|p| p.seconds()))
        .max()
        .unwrap_or(0);
    // The first of the slowest, so the explanation names the container written first.
    let slowest =
        containers
            .into_iter()
            .fold(None, |best: Option<ContainerTiming>, c| match best {
                Some(b) if b.seconds() >= c.seconds() => Some(b),
                _ => Some(c),
            });
    PodTiming {
        image_pull,
        slowest,
        min_ready,
        without_readiness,
        readiness_seconds,
    }
}
