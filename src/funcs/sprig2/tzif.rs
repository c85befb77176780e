//! Time zones for `dateInZone`: `time.LoadLocation` semantics.
//!
//! `""` and `UTC` are UTC; `Local` is the local zone, which is UTC here. Any other
//! name falls back to UTC, which is what Go does when the zone database lacks the
//! name (known gap: Helm on a host with tzdata would convert to the named zone).

use super::gotime::GoTime;

/// `t.In(loc)` for the location named `zone` (unknown names give UTC).
pub fn in_zone(t: &GoTime, zone: &str) -> GoTime {
    let _ = zone;
    t.utc()
}
