//! Go's `time.ParseInLocation` with the local zone (UTC) as location: a port of the
//! `parse` loop of Go's `time/format.go`, with its error texts.

use super::gotime::{
    days_in, is_leap, next_std_chunk, time_quote, GoTime, Std, LONG_DAYS, LONG_MONTHS,
};
use crate::template::error::GoError;

/// Go's `*time.ParseError`.
fn parse_error(layout: &str, value: &str, lelem: &str, velem: &str, msg: &str) -> GoError {
    if msg.is_empty() {
        GoError::new(format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(layout),
            time_quote(velem),
            time_quote(lelem)
        ))
    } else {
        GoError::new(format!("parsing time {}{msg}", time_quote(value)))
    }
}

struct Bad;

fn digit(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Result<(i64, &str), Bad> {
    if !digit(s, 0) {
        return Err(Bad);
    }
    let b = s.as_bytes();
    if !digit(s, 1) {
        if fixed {
            return Err(Bad);
        }
        return Ok((i64::from(b[0] - b'0'), &s[1..]));
    }
    Ok((
        i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'),
        &s[2..],
    ))
}

/// `getnum3`: one to three digits (exactly three when `fixed`).
fn getnum3(s: &str, fixed: bool) -> Result<(i64, &str), Bad> {
    let n = s.bytes().take(3).take_while(u8::is_ascii_digit).count();
    if n == 0 || (fixed && n != 3) {
        return Err(Bad);
    }
    let v = s[..n].parse::<i64>().map_err(|_| Bad)?;
    Ok((v, &s[n..]))
}

/// `lookup`: a case-insensitive prefix match against a name table.
fn lookup<'a>(tab: &[&str], val: &'a str) -> Result<(i64, &'a str), Bad> {
    for (i, v) in tab.iter().enumerate() {
        if val.len() >= v.len() && val.as_bytes()[..v.len()].eq_ignore_ascii_case(v.as_bytes()) {
            return Ok((i as i64, &val[v.len()..]));
        }
    }
    Err(Bad)
}

/// `skip`: matches literal layout text, treating spaces loosely as Go does.
fn skip<'a>(value: &'a str, prefix: &str) -> Result<&'a str, Bad> {
    let mut value = value;
    let mut prefix = prefix;
    while !prefix.is_empty() {
        if prefix.starts_with(' ') {
            if !value.is_empty() && !value.starts_with(' ') {
                return Err(Bad);
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        let c = prefix.chars().next().unwrap_or(' ');
        if !value.starts_with(c) {
            return Err(Bad);
        }
        prefix = &prefix[c.len_utf8()..];
        value = &value[c.len_utf8()..];
    }
    Ok(value)
}

/// `parseNanoseconds`.
fn parse_nanos(value: &str, nbytes: usize) -> Result<(i64, bool), Bad> {
    if !value.starts_with(['.', ',']) {
        return Err(Bad);
    }
    let nbytes = nbytes.min(10);
    let digits = value.get(1..nbytes).ok_or(Bad)?;
    let ns: i64 = digits.parse().map_err(|_| Bad)?;
    Ok((ns * 10i64.pow((10 - nbytes) as u32), false))
}

/// `parseTimeZone`: the length of a zone abbreviation at the start of `value`.
fn parse_time_zone(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if value.starts_with("GMT") {
        return Some(3);
    }
    let n = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match n {
        5 if b[4] == b'T' => Some(5),
        4 if b[3] == b'T' || value.starts_with("WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// `time.ParseInLocation(layout, value, time.Local)` with Local = UTC.
pub fn parse_in_local(layout: &str, value: &str) -> Result<GoTime, GoError> {
    let (alayout, avalue) = (layout, value);
    let mut layout = layout;
    let mut value = value;
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let (mut pm_set, mut am_set, mut utc) = (false, false, false);
    let mut zone_offset: Option<i32> = None;
    let mut zone_name = String::new();
    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = skip(value, prefix).map_err(|_| parse_error(alayout, avalue, prefix, value, ""))?;
        let Some(std) = std else {
            if !value.is_empty() {
                let msg = format!(": extra text: {}", time_quote(value));
                return Err(parse_error(alayout, avalue, "", value, &msg));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut range_err = "";
        let res: Result<(), Bad> = (|| {
            match std {
                Std::Year => {
                    let p = value.get(..2).ok_or(Bad)?;
                    year = p.parse().map_err(|_| Bad)?;
                    if !p.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(Bad);
                    }
                    value = &value[2..];
                    year += if year >= 69 { 1900 } else { 2000 };
                }
                Std::LongYear => {
                    if value.len() < 4 || !digit(value, 0) {
                        return Err(Bad);
                    }
                    let p = value.get(..4).ok_or(Bad)?;
                    if !p.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(Bad);
                    }
                    year = p.parse().map_err(|_| Bad)?;
                    value = &value[4..];
                }
                Std::Month | Std::LongMonth => {
                    let tab: &[&str] = if std == Std::Month {
                        &SHORT_MONTHS
                    } else {
                        &LONG_MONTHS
                    };
                    let (m, rest) = lookup(tab, value)?;
                    month = m + 1;
                    value = rest;
                }
                Std::NumMonth | Std::ZeroMonth => {
                    let (m, rest) = getnum(value, std == Std::ZeroMonth)?;
                    month = m;
                    value = rest;
                    if !(1..=12).contains(&month) {
                        range_err = "month";
                    }
                }
                Std::WeekDay | Std::LongWeekDay => {
                    let tab: &[&str] = if std == Std::WeekDay {
                        &SHORT_DAYS
                    } else {
                        &LONG_DAYS
                    };
                    value = lookup(tab, value)?.1;
                }
                Std::Day | Std::UnderDay | Std::ZeroDay => {
                    if std == Std::UnderDay && value.starts_with(' ') {
                        value = &value[1..];
                    }
                    let (d, rest) = getnum(value, std == Std::ZeroDay)?;
                    day = d;
                    value = rest;
                }
                Std::UnderYearDay | Std::ZeroYearDay => {
                    for _ in 0..2 {
                        if std == Std::UnderYearDay && value.starts_with(' ') {
                            value = &value[1..];
                        }
                    }
                    let (d, rest) = getnum3(value, std == Std::ZeroYearDay)?;
                    yday = d;
                    value = rest;
                }
                Std::Hour => {
                    let (h, rest) = getnum(value, false)?;
                    hour = h;
                    value = rest;
                    if !(0..24).contains(&hour) {
                        range_err = "hour";
                    }
                }
                Std::Hour12 | Std::ZeroHour12 => {
                    let (h, rest) = getnum(value, std == Std::ZeroHour12)?;
                    hour = h;
                    value = rest;
                    if !(0..=12).contains(&hour) {
                        range_err = "hour";
                    }
                }
                Std::Minute | Std::ZeroMinute => {
                    let (m, rest) = getnum(value, std == Std::ZeroMinute)?;
                    min = m;
                    value = rest;
                    if !(0..60).contains(&min) {
                        range_err = "minute";
                    }
                }
                Std::Second | Std::ZeroSecond => {
                    let (s, rest) = getnum(value, std == Std::ZeroSecond)?;
                    sec = s;
                    value = rest;
                    if !(0..60).contains(&sec) {
                        range_err = "second";
                        return Ok(());
                    }
                    if value.len() >= 2 && value.starts_with(['.', ',']) && digit(value, 1) {
                        if let (_, Some(Std::Frac { .. }), _) = next_std_chunk(layout) {
                            return Ok(());
                        }
                        let mut n = 2;
                        while digit(value, n) {
                            n += 1;
                        }
                        nsec = parse_nanos(value, n)?.0;
                        value = &value[n..];
                    }
                }
                Std::PM | Std::Pm => {
                    let p = value.get(..2).ok_or(Bad)?;
                    let (pm, am) = if std == Std::PM {
                        ("PM", "AM")
                    } else {
                        ("pm", "am")
                    };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        return Err(Bad);
                    }
                    value = &value[2..];
                }
                Std::Tz(tz) => {
                    if tz.iso && value.starts_with('Z') {
                        value = &value[1..];
                        utc = true;
                        return Ok(());
                    }
                    let b = value.as_bytes();
                    let (sign, h, m, s, rest) = if tz.colon && !tz.seconds {
                        if b.len() < 6 || b[3] != b':' {
                            return Err(Bad);
                        }
                        (&value[..1], &value[1..3], &value[4..6], "00", &value[6..])
                    } else if tz.short {
                        if b.len() < 3 {
                            return Err(Bad);
                        }
                        (&value[..1], &value[1..3], "00", "00", &value[3..])
                    } else if tz.colon {
                        if b.len() < 9 || b[3] != b':' || b[6] != b':' {
                            return Err(Bad);
                        }
                        (
                            &value[..1],
                            &value[1..3],
                            &value[4..6],
                            &value[7..9],
                            &value[9..],
                        )
                    } else if tz.seconds {
                        if b.len() < 7 {
                            return Err(Bad);
                        }
                        (
                            &value[..1],
                            &value[1..3],
                            &value[3..5],
                            &value[5..7],
                            &value[7..],
                        )
                    } else {
                        if b.len() < 5 {
                            return Err(Bad);
                        }
                        (&value[..1], &value[1..3], &value[3..5], "00", &value[5..])
                    };
                    value = rest;
                    let hr = getnum(h, true)?.0;
                    let mm = getnum(m, true)?.0;
                    let ss = getnum(s, true)?.0;
                    if hr > 24 {
                        range_err = "time zone offset hour";
                    }
                    if mm > 60 {
                        range_err = "time zone offset minute";
                    }
                    if ss > 60 {
                        range_err = "time zone offset second";
                    }
                    let off = ((hr * 60 + mm) * 60 + ss) as i32;
                    zone_offset = Some(match sign {
                        "+" => off,
                        "-" => -off,
                        _ => return Err(Bad),
                    });
                }
                Std::Name => {
                    if value.starts_with("UTC") {
                        utc = true;
                        value = &value[3..];
                        return Ok(());
                    }
                    let n = parse_time_zone(value).ok_or(Bad)?;
                    zone_name = value[..n].to_string();
                    value = &value[n..];
                }
                Std::Frac { digits, trim, .. } => {
                    if !trim {
                        let nd = 1 + digits;
                        if value.len() < nd {
                            return Err(Bad);
                        }
                        nsec = parse_nanos(value, nd)?.0;
                        value = &value[nd..];
                    } else {
                        if value.len() < 2 || !value.starts_with(['.', ',']) || !digit(value, 1) {
                            return Ok(());
                        }
                        let mut i = 0;
                        while digit(value, i + 1) {
                            i += 1;
                        }
                        nsec = parse_nanos(value, 1 + i)?.0;
                        value = &value[1 + i..];
                    }
                }
            }
            Ok(())
        })();
        if !range_err.is_empty() {
            let msg = format!(": {range_err} out of range");
            return Err(parse_error(alayout, avalue, stdstr, value, &msg));
        }
        if res.is_err() {
            return Err(parse_error(alayout, avalue, stdstr, hold, ""));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    let out_of_range = |msg: &str| parse_error(alayout, avalue, "", value, msg);
    if yday >= 0 {
        let (mut d, mut m) = (0, 0);
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(out_of_range(": day-of-year out of range"));
        }
        if m == 0 {
            const BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
            m = (yday - 1) / 31 + 1;
            if BEFORE[m as usize] < yday {
                m += 1;
            }
            d = yday - BEFORE[m as usize - 1];
        }
        if month >= 0 && month != m {
            return Err(out_of_range(": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(out_of_range(": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(out_of_range(": day out of range"));
    }
    let mk = |off: i32, name: &str| GoTime::date(year, month, day, hour, min, sec, nsec, off, name);
    if utc {
        return Ok(mk(0, "UTC"));
    }
    if let Some(off) = zone_offset {
        if off == 0 && (zone_name.is_empty() || zone_name == "UTC") {
            return Ok(mk(0, "UTC"));
        }
        return Ok(mk(off, &zone_name));
    }
    if !zone_name.is_empty() {
        let mut off = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            off = zone_name[3..].parse::<i32>().unwrap_or(0) * 3600;
        }
        let t = mk(0, "UTC");
        if zone_name == "UTC" {
            return Ok(t);
        }
        return Ok(GoTime {
            unix: t.unix - i64::from(off),
            offset: off,
            zone: zone_name.as_str().into(),
            ..t
        });
    }
    Ok(mk(0, "UTC"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let t = parse_in_local("2006-01-02", "2020-03-04").unwrap();
        assert_eq!(t.string(), "2020-03-04 00:00:00 +0000 UTC");
        let t = parse_in_local("2006-01-02T15:04:05Z07:00", "2021-12-31T23:59:58.5+02:00").unwrap();
        assert_eq!(t.string(), "2021-12-31 23:59:58.5 +0200 +0200");
        assert_eq!(
            parse_in_local("2006-01-02", "2020-3-04").unwrap_err().msg,
            "parsing time \"2020-3-04\" as \"2006-01-02\": cannot parse \"3-04\" as \"01\""
        );
        assert_eq!(
            parse_in_local("2006-01-02", "2020-02-30").unwrap_err().msg,
            "parsing time \"2020-02-30\": day out of range"
        );
    }
}
