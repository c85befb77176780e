//! Sprig's date functions (`date.go`): `now`, `date`, `dateInZone`, `htmlDate`,
//! `dateModify`, `toDate`, `unixEpoch`, `ago`, `duration`, `durationRound`.
//!
//! The local zone is UTC (see [`super::gotime`]). Zones other than `UTC`/`Local`
//! are read from the host's zoneinfo database when present, as Go does.

use super::goduration::{duration_string, parse_duration};
use super::gotime::{as_time, GoTime, TimeObj, NS_PER_SEC};
use super::gotime_parse::parse_in_local;
use super::tzif;
use super::{arg, arg_str};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{IntKind, Value};

const TIME: Ty = Ty::Named("time.Time");

/// Registers the date family.
pub fn register(m: &mut FuncMap) {
    m.insert("now", Sig::fixed(&[]), now);
    m.insert("date", Sig::fixed(&[Ty::String, Ty::Any]), date);
    for name in ["dateInZone", "date_in_zone"] {
        m.insert(
            name,
            Sig::fixed(&[Ty::String, Ty::Any, Ty::String]),
            date_in_zone,
        );
    }
    m.insert("htmlDate", Sig::fixed(&[Ty::Any]), html_date);
    m.insert(
        "htmlDateInZone",
        Sig::fixed(&[Ty::Any, Ty::String]),
        html_date_in_zone,
    );
    for name in ["dateModify", "date_modify"] {
        m.insert(name, Sig::fixed(&[Ty::String, TIME]), date_modify);
    }
    for name in ["mustDateModify", "must_date_modify"] {
        m.insert(name, Sig::fixed(&[Ty::String, TIME]), must_date_modify);
    }
    m.insert("toDate", Sig::fixed(&[Ty::String, Ty::String]), to_date);
    m.insert(
        "mustToDate",
        Sig::fixed(&[Ty::String, Ty::String]),
        must_to_date,
    );
    m.insert("unixEpoch", Sig::fixed(&[TIME]), unix_epoch);
    m.insert("ago", Sig::fixed(&[Ty::Any]), ago);
    m.insert("duration", Sig::fixed(&[Ty::Any]), duration);
    m.insert("durationRound", Sig::fixed(&[Ty::Any]), duration_round);
}

fn now(_: &mut dyn Host, _: Vec<Value>) -> Result<Value, GoError> {
    Ok(TimeObj::value(GoTime::now()))
}

/// Sprig's `date` argument switch: a time, or int/int32/int64 Unix seconds; anything
/// else silently means `time.Now()`.
fn time_of(v: &Value) -> GoTime {
    if let Some(t) = as_time(v) {
        return t;
    }
    match v {
        Value::Int(n, IntKind::Int | IntKind::I32 | IntKind::I64) => GoTime::unix_local(*n, 0),
        _ => GoTime::now(),
    }
}

/// `dateInZone(fmt, date, zone)`.
pub fn format_in_zone(layout: &str, date: &Value, zone: &str) -> String {
    let t = time_of(date);
    tzif::in_zone(&t, zone).format(layout)
}

fn date(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(format_in_zone(
        arg_str(&a, 0),
        &arg(&a, 1),
        "Local",
    )))
}

fn date_in_zone(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(format_in_zone(
        arg_str(&a, 0),
        &arg(&a, 1),
        arg_str(&a, 2),
    )))
}

fn html_date(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(format_in_zone(
        "2006-01-02",
        &arg(&a, 0),
        "Local",
    )))
}

fn html_date_in_zone(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(format_in_zone(
        "2006-01-02",
        &arg(&a, 0),
        arg_str(&a, 1),
    )))
}

fn time_arg(a: &[Value], i: usize) -> GoTime {
    a.get(i).and_then(as_time).unwrap_or_else(GoTime::zero)
}

fn date_modify(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let t = time_arg(&a, 1);
    Ok(TimeObj::value(match parse_duration(arg_str(&a, 0)) {
        Ok(d) => t.add_nanos(d),
        Err(_) => t,
    }))
}

fn must_date_modify(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let d = parse_duration(arg_str(&a, 0))?;
    Ok(TimeObj::value(time_arg(&a, 1).add_nanos(d)))
}

fn to_date(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let t = parse_in_local(arg_str(&a, 0), arg_str(&a, 1)).unwrap_or_else(|_| GoTime::zero());
    Ok(TimeObj::value(t))
}

fn must_to_date(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(TimeObj::value(parse_in_local(
        arg_str(&a, 0),
        arg_str(&a, 1),
    )?))
}

fn unix_epoch(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(time_arg(&a, 0).unix.to_string()))
}

/// Nanoseconds from `t` to now, as `time.Since` (saturating like Go's `Sub`).
fn since(t: &GoTime) -> i64 {
    let now = GoTime::now();
    let secs = i128::from(now.unix) - i128::from(t.unix);
    let ns = secs * i128::from(NS_PER_SEC) + i128::from(now.nsec) - i128::from(t.nsec);
    ns.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn ago(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = arg(&a, 0);
    let t = match &v {
        Value::Int(n, IntKind::Int | IntKind::I64) => GoTime::unix_local(*n, 0),
        other => as_time(other).unwrap_or_else(GoTime::now),
    };
    let d = since(&t);
    // Duration.Round(time.Second): halves away from zero.
    let r = NS_PER_SEC;
    let rem = d % r;
    let rounded = if rem.abs() + rem.abs() < r {
        d - rem
    } else if d >= 0 {
        d.saturating_add(r - rem)
    } else {
        d.saturating_sub(r + rem)
    };
    Ok(Value::from(duration_string(rounded)))
}

fn duration(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let n = match arg(&a, 0) {
        Value::String(s) => s.parse::<i64>().unwrap_or(0),
        Value::Int(n, IntKind::I64) => n,
        _ => 0,
    };
    Ok(Value::from(duration_string(n.wrapping_mul(NS_PER_SEC))))
}

fn duration_round(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = arg(&a, 0);
    let d: i64 = match &v {
        Value::String(s) => parse_duration(s).unwrap_or(0),
        Value::Int(n, IntKind::I64) => *n,
        other => as_time(other).map_or(0, |t| since(&t)),
    };
    let u = d.unsigned_abs();
    const HOUR: u64 = 3_600_000_000_000;
    let units: [(u64, &str); 6] = [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    for (size, name) in units {
        if u > size {
            return Ok(Value::from(format!("{}{name}", u / size)));
        }
    }
    Ok(Value::from("0s"))
}
