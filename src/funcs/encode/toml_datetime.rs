//! TOML datetimes as BurntSushi's parser reads them: `time.ParseInLocation` with,
//! in order, RFC 3339 (local zone), `2006-01-02T15:04:05.999999999` (local
//! datetime), `2006-01-02` (local date), `15:04:05.999999999` (local time) and the
//! TOML 1.1 forms without seconds, plus its check that hours have two digits.
//!
//! The local forms carry BurntSushi's marker zones `datetime-local`, `date-local`
//! and `time-local` (offset 0: this analyzer assumes a UTC host, as Helm's date
//! functions here do); offsets become the local zone (`UTC`) when zero and an
//! unnamed fixed zone otherwise, as Go's parser does.

use crate::funcs::sprig2::gotime::{days_in, GoTime};

/// A cursor over the token.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            return true;
        }
        false
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let s = self.b.get(self.i..self.i + n)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(s.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
    }

    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// Hours, minutes, seconds and nanoseconds (seconds are optional in TOML 1.1).
struct Clock {
    h: i64,
    m: i64,
    s: i64,
    ns: i64,
}

fn clock(c: &mut Cur) -> Option<Clock> {
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let m = c.digits(2)?;
    let mut t = Clock { h, m, s: 0, ns: 0 };
    if c.eat(b':') {
        t.s = c.digits(2)?;
        if c.b.get(c.i) == Some(&b'.') && c.b.get(c.i + 1).is_some_and(u8::is_ascii_digit) {
            c.i += 1;
            let mut n = 0;
            while let Some(d) = c.b.get(c.i).filter(|d| d.is_ascii_digit()) {
                if n < 9 {
                    t.ns = t.ns * 10 + i64::from(d - b'0');
                }
                n += 1;
                c.i += 1;
            }
            for _ in n..9 {
                t.ns *= 10;
            }
        }
    }
    (h < 24 && m < 60 && t.s < 60).then_some(t)
}

/// The zone suffix: `Z` or `±HH:MM` (Go accepts hours up to 24 and minutes up to 60).
fn zone(c: &mut Cur) -> Option<i32> {
    if c.eat(b'Z') {
        return Some(0);
    }
    let neg = match c.b.get(c.i) {
        Some(b'+') => false,
        Some(b'-') => true,
        _ => return None,
    };
    c.i += 1;
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let m = c.digits(2)?;
    if h > 24 || m > 60 {
        return None;
    }
    let off = (h * 60 + m) * 60;
    i32::try_from(if neg { -off } else { off }).ok()
}

/// Parses a datetime token (already upper-cased, with the date/time separator
/// turned into `T`); `None` when BurntSushi reports `invalid datetime`.
pub(super) fn parse_datetime(v: &str) -> Option<GoTime> {
    let mut c = Cur {
        b: v.as_bytes(),
        i: 0,
    };
    let is_date = v.len() >= 5 && v.as_bytes().get(4) == Some(&b'-');
    if !is_date {
        let t = clock(&mut c)?;
        if !c.done() {
            return None;
        }
        return Some(GoTime::date(0, 1, 1, t.h, t.m, t.s, t.ns, 0, "time-local"));
    }
    let year = c.digits(4)?;
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return None;
    }
    if c.done() {
        return Some(GoTime::date(year, month, day, 0, 0, 0, 0, 0, "date-local"));
    }
    if !c.eat(b'T') {
        return None;
    }
    let t = clock(&mut c)?;
    if c.done() {
        return Some(GoTime::date(
            year,
            month,
            day,
            t.h,
            t.m,
            t.s,
            t.ns,
            0,
            "datetime-local",
        ));
    }
    let offset = zone(&mut c)?;
    if !c.done() {
        return None;
    }
    let name = if offset == 0 { "UTC" } else { "" };
    Some(GoTime::date(
        year, month, day, t.h, t.m, t.s, t.ns, offset, name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: &str) -> Option<String> {
        parse_datetime(v).map(|t| t.string())
    }

    #[test]
    fn forms() {
        assert_eq!(
            show("1979-05-27T07:32:00Z").as_deref(),
            Some("1979-05-27 07:32:00 +0000 UTC")
        );
        assert_eq!(
            show("1979-05-27T00:32:00.999999-07:00").as_deref(),
            Some("1979-05-27 00:32:00.999999 -0700 -0700")
        );
        assert_eq!(
            show("1979-05-27").as_deref(),
            Some("1979-05-27 00:00:00 +0000 date-local")
        );
        assert_eq!(
            show("07:32").as_deref(),
            Some("0000-01-01 07:32:00 +0000 time-local")
        );
        assert_eq!(show("1979-02-29"), None);
        assert_eq!(show("7:32:00"), None);
        assert_eq!(show("1979-05-27T07:32:00."), None);
    }
}
