//! Criterion benchmarks: the template engine on a large real template, and whole-chart
//! rendering of every corpus chart (compare with `scripts/oracle-timing.py`, which times
//! Helm's own `Chart.render` in-process). Needs ../shared/corpus; prints a note and
//! benchmarks nothing without it.
//!
//! Profiling mode: with `RENDER_PROFILE=N` set, the binary skips criterion and renders
//! every corpus chart (or those named in `RENDER_PROFILE_CHARTS=a,b`) N times cold inside
//! [`profile_renders`], so that `valgrind --tool=callgrind --toggle-collect='*profile_renders*'`
//! counts the instructions of renders only (loading and warm-up renders are outside);
//! add `--dump-after='*profile_renders*'` for one profile per chart (in name order).
//! `RENDER_PROFILE_WARM=1` keeps the parse cache between renders.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, Criterion};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use helm_preflight::chart::load::{load, Chart};
use helm_preflight::render::chart::{render_chart, RenderOptions};
use helm_preflight::render::command::version_in_range;
use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::eval::eval_template;
use helm_preflight::render::values::{load_chart_values, merge_maps};
use helm_preflight::template::set::clear_parse_cache;
use helm_preflight::template::value::{Entries, Value};
use helm_preflight::yaml::to_value::load_values_v4;

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/charts");
    p.is_dir().then_some(p)
}

/// The large real template: kube-prometheus-stack's node-exporter rules (~960 actions).
fn engine(c: &mut Criterion) {
    let Some(charts) = corpus() else {
        eprintln!("../shared/corpus is absent: no benchmarks");
        return;
    };
    let chart = charts.join("kube-prometheus-stack");
    let template =
        std::fs::read_to_string(chart.join("templates/prometheus/rules-1.14/node-exporter.yaml"))
            .expect("template");
    let helpers = std::fs::read_to_string(chart.join("templates/_helpers.tpl")).expect("helpers");
    let values =
        load_chart_values(&[std::fs::read_to_string(chart.join("values.yaml")).expect("values")])
            .expect("values load");
    let files = vec![("templates/_helpers.tpl".to_string(), helpers)];
    let release = ReleaseInfo::default();
    if let Err(e) = eval_template(&template, Value::map(values.clone()), &files, &release) {
        eprintln!("engine benchmark template does not render: {e}");
        return;
    }
    c.bench_function("engine/parse+execute node-exporter rules", |b| {
        b.iter(|| {
            clear_parse_cache();
            eval_template(
                black_box(&template),
                Value::map(values.clone()),
                &files,
                &release,
            )
        })
    });
    c.bench_function("engine/execute node-exporter rules (parsed once)", |b| {
        b.iter(|| {
            eval_template(
                black_box(&template),
                Value::map(values.clone()),
                &files,
                &release,
            )
        })
    });
}

/// A corpus chart ready to render: name, chart, user values, options.
type Prepared = (String, Chart, Entries, RenderOptions);

/// Loads every corpus chart that renders (values: ci-values.yaml when present), keeping
/// those whose name passes `keep`; each has been rendered once.
fn prepare(charts: &Path, keep: impl Fn(&str) -> bool) -> Vec<Prepared> {
    let mut names: Vec<_> = std::fs::read_dir(charts)
        .expect("corpus")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect();
    names.sort();
    let mut prepared = Vec::new();
    for name in names {
        let dir = charts.join(&name);
        let Ok(chart) = load(&dir) else {
            continue;
        };
        let mut user = Entries::new();
        if let Ok(t) = std::fs::read_to_string(dir.join("ci-values.yaml")) {
            if let Ok(Value::Map(m)) = load_values_v4(&t) {
                merge_maps(&mut user, m.entries.borrow().clone());
            }
        }
        let opts = RenderOptions {
            release: ReleaseInfo::default(),
            ..RenderOptions::default()
        };
        if render_chart(&chart, &user, &opts, version_in_range).is_err() {
            eprintln!("{name}: does not render, skipped");
            continue;
        }
        prepared.push((name, chart, user, opts));
    }
    prepared
}

/// Renders one prepared chart `n` times (cold unless `warm`); the profiling target.
#[inline(never)]
fn profile_renders(chart: &Prepared, n: usize, warm: bool) {
    let (_, chart, user, opts) = chart;
    for _ in 0..n {
        if !warm {
            clear_parse_cache();
        }
        let _ = black_box(render_chart(black_box(chart), user, opts, version_in_range));
    }
}

/// Every corpus chart, rendered as Helm's engine does (values: ci-values.yaml when present).
fn charts(c: &mut Criterion) {
    let Some(charts) = corpus() else {
        return;
    };
    let prepared = prepare(&charts, |_| true);
    // `render`: templates parsed once per chart (as `lint` renders a chart for several
    // values files); `render-cold`: every iteration parses every template, like Helm.
    for (group_name, cold) in [("render", false), ("render-cold", true)] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(20);
        for (name, chart, user, opts) in &prepared {
            group.bench_function(name, |b| {
                b.iter(|| {
                    if cold {
                        clear_parse_cache();
                    }
                    render_chart(black_box(chart), user, opts, version_in_range)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, engine, charts);

fn main() {
    if let Ok(n) = std::env::var("RENDER_PROFILE") {
        let n: usize = n.parse().expect("RENDER_PROFILE=N");
        let only = std::env::var("RENDER_PROFILE_CHARTS").ok();
        let warm = std::env::var_os("RENDER_PROFILE_WARM").is_some();
        let Some(charts) = corpus() else {
            eprintln!("../shared/corpus is absent: nothing to profile");
            return;
        };
        let prepared = prepare(&charts, |name| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|c| c == name))
        });
        // Key generation (`genCA`, ...) fills a per-thread ring of keys over the first
        // renders; warm it up so that the measured renders reuse keys, as criterion's do.
        for _ in 0..8 {
            for (_, chart, user, opts) in &prepared {
                let _ = render_chart(chart, user, opts, version_in_range);
            }
        }
        for p in &prepared {
            let t = std::time::Instant::now();
            profile_renders(p, n, warm);
            let ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
            eprintln!("profile: {}\t{ms:.3} ms per render", p.0);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
