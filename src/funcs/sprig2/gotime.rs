//! A port of the parts of Go's `time` package that Sprig's date functions observe:
//! `time.Time` (as a template object) and layout formatting (`nextStdChunk`,
//! `appendFormat`). Durations live in [`super::goduration`].
//!
//! The local zone is UTC: Helm's output for `date`, `toDate`, ... depends on the TZ of
//! the machine running it, and this analyzer assumes a UTC host.

use std::rc::Rc;

use crate::template::error::GoError;
use crate::template::func::{Sig, Ty};
use crate::template::value::{Kind, Object, Value};

/// Nanoseconds per second.
pub const NS_PER_SEC: i64 = 1_000_000_000;
/// Seconds from 0001-01-01 to 1970-01-01 (Go's zero `Time` is year 1).
pub const ZERO_UNIX: i64 = -62_135_596_800;

/// An instant plus the zone it is displayed in, like Go's `time.Time`.
#[derive(Clone, Debug, PartialEq)]
pub struct GoTime {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// Nanoseconds within the second.
    pub nsec: u32,
    /// Offset of the display zone east of UTC, in seconds.
    pub offset: i32,
    /// Zone abbreviation (`UTC`, `MST`; empty for an unnamed fixed zone).
    pub zone: Rc<str>,
}

/// The civil fields of a time in its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month 1..=12.
    pub month: u32,
    /// Day 1..=31.
    pub day: u32,
    /// Hour.
    pub hour: u32,
    /// Minute.
    pub min: u32,
    /// Second.
    pub sec: u32,
    /// Day of the year, 1..=366.
    pub yday: u32,
    /// Weekday, 0 = Sunday.
    pub wday: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month may be any integer).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = y + (m - 1).div_euclid(12);
    let m = (m - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + (d - 1)
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether `y` is a leap year.
pub fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days in a month of a year.
pub fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// English month names.
pub const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// English weekday names, Sunday first.
pub const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl GoTime {
    /// `time.Unix(sec, nsec)` in the local zone (UTC).
    pub fn unix_local(sec: i64, nsec: i64) -> GoTime {
        let sec = sec.saturating_add(nsec.div_euclid(NS_PER_SEC));
        GoTime {
            unix: sec,
            nsec: nsec.rem_euclid(NS_PER_SEC) as u32,
            offset: 0,
            zone: Rc::from("UTC"),
        }
    }

    /// Go's zero `time.Time` (0001-01-01 00:00:00 UTC).
    pub fn zero() -> GoTime {
        GoTime::unix_local(ZERO_UNIX, 0)
    }

    /// The current time.
    pub fn now() -> GoTime {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        GoTime::unix_local(d.as_secs() as i64, i64::from(d.subsec_nanos()))
    }

    /// `time.Date(...)` in a fixed zone, normalizing out-of-range fields.
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        offset: i32,
        zone: &str,
    ) -> GoTime {
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + min * 60 + sec - i64::from(offset);
        let mut t = GoTime::unix_local(secs, nsec);
        t.offset = offset;
        t.zone = Rc::from(zone);
        t
    }

    /// The same instant displayed in UTC.
    pub fn utc(&self) -> GoTime {
        GoTime {
            offset: 0,
            zone: Rc::from("UTC"),
            ..self.clone()
        }
    }

    /// Whether this is Go's zero time.
    pub fn is_zero(&self) -> bool {
        self.unix == ZERO_UNIX && self.nsec == 0
    }

    /// Adds nanoseconds (`Time.Add`).
    pub fn add_nanos(&self, d: i64) -> GoTime {
        let total = i128::from(self.nsec) + i128::from(d);
        let secs = total.div_euclid(i128::from(NS_PER_SEC)) as i64;
        GoTime {
            unix: self.unix.saturating_add(secs),
            nsec: total.rem_euclid(i128::from(NS_PER_SEC)) as u32,
            ..self.clone()
        }
    }

    /// Civil fields in the time's own zone.
    pub fn civil(&self) -> Civil {
        let local = self.unix + i64::from(self.offset);
        let days = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: sod / 3600,
            min: sod / 60 % 60,
            sec: sod % 60,
            yday: (days - days_from_civil(year, 1, 1) + 1) as u32,
            wday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// `Time.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let c = self.civil();
        let mut b = String::new();
        let mut layout = layout;
        loop {
            let (prefix, std, suffix) = next_std_chunk(layout);
            b.push_str(prefix);
            let Some(std) = std else { break };
            layout = suffix;
            self.append_std(&mut b, std, &c);
        }
        b
    }

    fn append_std(&self, b: &mut String, std: Std, c: &Civil) {
        let pad = |b: &mut String, v: i64, w: usize| {
            if v < 0 {
                b.push('-');
            }
            b.push_str(&format!("{:0w$}", v.unsigned_abs()));
        };
        match std {
            Std::Year => pad(b, c.year.rem_euclid(100), 2),
            Std::LongYear => pad(b, c.year, 4),
            Std::Month => b.push_str(&LONG_MONTHS[c.month as usize - 1][..3]),
            Std::LongMonth => b.push_str(LONG_MONTHS[c.month as usize - 1]),
            Std::NumMonth => pad(b, i64::from(c.month), 0),
            Std::ZeroMonth => pad(b, i64::from(c.month), 2),
            Std::WeekDay => b.push_str(&LONG_DAYS[c.wday as usize][..3]),
            Std::LongWeekDay => b.push_str(LONG_DAYS[c.wday as usize]),
            Std::Day => pad(b, i64::from(c.day), 0),
            Std::UnderDay => {
                if c.day < 10 {
                    b.push(' ');
                }
                pad(b, i64::from(c.day), 0)
            }
            Std::ZeroDay => pad(b, i64::from(c.day), 2),
            Std::UnderYearDay => b.push_str(&format!("{:>3}", c.yday)),
            Std::ZeroYearDay => pad(b, i64::from(c.yday), 3),
            Std::Hour => pad(b, i64::from(c.hour), 2),
            Std::Hour12 | Std::ZeroHour12 => {
                let h = match c.hour % 12 {
                    0 => 12,
                    h => h,
                };
                pad(b, i64::from(h), if std == Std::Hour12 { 0 } else { 2 })
            }
            Std::Minute => pad(b, i64::from(c.min), 0),
            Std::ZeroMinute => pad(b, i64::from(c.min), 2),
            Std::Second => pad(b, i64::from(c.sec), 0),
            Std::ZeroSecond => pad(b, i64::from(c.sec), 2),
            Std::PM => b.push_str(if c.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => b.push_str(if c.hour >= 12 { "pm" } else { "am" }),
            Std::Tz(tz) => self.append_tz(b, tz),
            Std::Name => {
                if self.zone.is_empty() {
                    let z = self.offset / 60;
                    b.push(if z < 0 { '-' } else { '+' });
                    let z = z.abs();
                    b.push_str(&format!("{:02}{:02}", z / 60, z % 60));
                } else {
                    b.push_str(&self.zone);
                }
            }
            Std::Frac { digits, trim, sep } => {
                if trim && (digits == 0 || self.nsec == 0) {
                    return;
                }
                let mut s = format!("{:09}", self.nsec);
                s.truncate(digits.min(9));
                if trim {
                    while s.ends_with('0') {
                        s.pop();
                    }
                    if s.is_empty() {
                        return;
                    }
                }
                b.push(sep);
                b.push_str(&s);
            }
        }
    }

    fn append_tz(&self, b: &mut String, tz: Tz) {
        if self.offset == 0 && tz.iso {
            b.push('Z');
            return;
        }
        let mut zone = self.offset / 60;
        let mut abs = self.offset;
        if zone < 0 {
            b.push('-');
            zone = -zone;
            abs = -abs;
        } else {
            b.push('+');
        }
        b.push_str(&format!("{:02}", zone / 60));
        if tz.colon {
            b.push(':');
        }
        if !tz.short {
            b.push_str(&format!("{:02}", zone % 60));
        }
        if tz.seconds {
            if tz.colon {
                b.push(':');
            }
            b.push_str(&format!("{:02}", abs % 60));
        }
    }

    /// `Time.String()`.
    pub fn string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
}

/// The shape of a numeric zone chunk (`-0700`, `Z07:00`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tz {
    /// `Z...` form (prints `Z` for UTC, accepts `Z` when parsing).
    pub iso: bool,
    /// Has `:` separators.
    pub colon: bool,
    /// Hours only.
    pub short: bool,
    /// Includes seconds.
    pub seconds: bool,
}

/// A layout element (Go's `std*` constants).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    /// `MST`.
    Name,
    Tz(Tz),
    /// `.000` (`trim: false`) or `.999` (`trim: true`).
    Frac {
        digits: usize,
        trim: bool,
        sep: char,
    },
}

fn starts_with_lower(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

const TZ_FORMS: [(&str, Tz); 10] = [
    ("-070000", tz(false, false, false, true)),
    ("-07:00:00", tz(false, true, false, true)),
    ("-0700", tz(false, false, false, false)),
    ("-07:00", tz(false, true, false, false)),
    ("-07", tz(false, false, true, false)),
    ("Z070000", tz(true, false, false, true)),
    ("Z07:00:00", tz(true, true, false, true)),
    ("Z0700", tz(true, false, false, false)),
    ("Z07:00", tz(true, true, false, false)),
    ("Z07", tz(true, false, true, false)),
];

const fn tz(iso: bool, colon: bool, short: bool, seconds: bool) -> Tz {
    Tz {
        iso,
        colon,
        short,
        seconds,
    }
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, and the rest.
pub fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| layout.get(i..).is_some_and(|r| r.starts_with(s));
    for i in 0..b.len() {
        let split = |n: usize, std: Std| (&layout[..i], Some(std), &layout[i + n..]);
        match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return split(7, Std::LongMonth);
                }
                if !starts_with_lower(&layout[i + 3..]) {
                    return split(3, Std::Month);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return split(6, Std::LongWeekDay);
                    }
                    if !starts_with_lower(&layout[i + 3..]) {
                        return split(3, Std::WeekDay);
                    }
                }
                if at(i, "MST") {
                    return split(3, Std::Name);
                }
            }
            b'0' => {
                if let Some(&c @ b'1'..=b'6') = b.get(i + 1) {
                    let std = [
                        Std::ZeroMonth,
                        Std::ZeroDay,
                        Std::ZeroHour12,
                        Std::ZeroMinute,
                        Std::ZeroSecond,
                        Std::Year,
                    ][usize::from(c - b'1')];
                    return split(2, std);
                }
                if at(i + 1, "02") {
                    return split(3, Std::ZeroYearDay);
                }
            }
            b'1' => {
                if b.get(i + 1) == Some(&b'5') {
                    return split(2, Std::Hour);
                }
                return split(1, Std::NumMonth);
            }
            b'2' => {
                if at(i, "2006") {
                    return split(4, Std::LongYear);
                }
                return split(1, Std::Day);
            }
            b'_' => {
                if b.get(i + 1) == Some(&b'2') {
                    if at(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return split(2, Std::UnderDay);
                }
                if at(i + 1, "_2") {
                    return split(3, Std::UnderYearDay);
                }
            }
            b'3' => return split(1, Std::Hour12),
            b'4' => return split(1, Std::Minute),
            b'5' => return split(1, Std::Second),
            b'P' if b.get(i + 1) == Some(&b'M') => return split(2, Std::PM),
            b'p' if b.get(i + 1) == Some(&b'm') => return split(2, Std::Pm),
            b'-' | b'Z' => {
                for (form, t) in TZ_FORMS {
                    if at(i, form) {
                        return split(form.len(), Std::Tz(t));
                    }
                }
            }
            c @ (b'.' | b',') => {
                if let Some(&ch @ (b'0' | b'9')) = b.get(i + 1) {
                    let mut j = i + 1;
                    while b.get(j) == Some(&ch) {
                        j += 1;
                    }
                    if !b.get(j).is_some_and(u8::is_ascii_digit) {
                        let std = Std::Frac {
                            digits: j - (i + 1),
                            trim: ch == b'9',
                            sep: char::from(c),
                        };
                        return (&layout[..i], Some(std), &layout[j..]);
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

/// Go `time`'s own `quote` (non-ASCII and control bytes as `\xNN`).
pub fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// A `time.Time` template object.
#[derive(Debug)]
pub struct TimeObj(pub GoTime);

impl TimeObj {
    /// Wraps a time as a template value.
    pub fn value(t: GoTime) -> Value {
        Value::Object(Rc::new(TimeObj(t)))
    }
}

/// The `time.Time` behind a value, if it is one.
pub fn as_time(v: &Value) -> Option<GoTime> {
    match v {
        Value::Object(o) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<TimeObj>())
            .map(|t| t.0.clone()),
        _ => None,
    }
}

impl Object for TimeObj {
    fn type_name(&self) -> String {
        "time.Time".into()
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn method(&self, name: &str) -> Option<Sig> {
        match name {
            "Format" => Some(Sig::fixed(&[Ty::String])),
            "Unix" | "UnixNano" | "UnixMilli" | "Year" | "Day" | "Hour" | "Minute" | "Second"
            | "Nanosecond" | "YearDay" | "UTC" | "Local" | "String" | "IsZero" => {
                Some(Sig::fixed(&[]))
            }
            "AddDate" => Some(Sig::fixed(&[Ty::Int, Ty::Int, Ty::Int])),
            _ => None,
        }
    }

    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, GoError> {
        let t = &self.0;
        let c = t.civil();
        let int = |i: i64| Value::int(i);
        let arg_i = |i: usize| match args.get(i) {
            Some(Value::Int(n, _)) => *n,
            _ => 0,
        };
        Ok(match name {
            "Format" => Value::from(t.format(args.first().and_then(Value::as_str).unwrap_or(""))),
            "Unix" => Value::int64(t.unix),
            "UnixMilli" => Value::int64(t.unix * 1000 + i64::from(t.nsec / 1_000_000)),
            "UnixNano" => Value::int64(
                t.unix
                    .wrapping_mul(NS_PER_SEC)
                    .wrapping_add(i64::from(t.nsec)),
            ),
            "Year" => int(c.year),
            "Day" => int(i64::from(c.day)),
            "Hour" => int(i64::from(c.hour)),
            "Minute" => int(i64::from(c.min)),
            "Second" => int(i64::from(c.sec)),
            "Nanosecond" => int(i64::from(t.nsec)),
            "YearDay" => int(i64::from(c.yday)),
            "UTC" | "Local" => TimeObj::value(t.utc()),
            "IsZero" => Value::Bool(t.is_zero()),
            "AddDate" => TimeObj::value(GoTime::date(
                c.year + arg_i(0),
                i64::from(c.month) + arg_i(1),
                i64::from(c.day) + arg_i(2),
                i64::from(c.hour),
                i64::from(c.min),
                i64::from(c.sec),
                i64::from(t.nsec),
                t.offset,
                &t.zone,
            )),
            _ => Value::from(t.string()),
        })
    }

    fn display(&self) -> Option<String> {
        Some(self.0.string())
    }

    fn to_data(&self) -> Value {
        Value::from(self.0.format("2006-01-02T15:04:05.999999999Z07:00"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_reference_time() {
        let t = GoTime::date(2006, 1, 2, 15, 4, 5, 123_456_789, -7 * 3600, "MST");
        assert_eq!(t.string(), "2006-01-02 15:04:05.123456789 -0700 MST");
        assert_eq!(
            t.format("Mon Jan _2 3:04PM .000 Z07:00 __2 002"),
            "Mon Jan  2 3:04PM .123 -07:00   2 002"
        );
        assert_eq!(GoTime::zero().string(), "0001-01-01 00:00:00 +0000 UTC");
    }
}
