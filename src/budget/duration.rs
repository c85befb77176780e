//! `--timeout` values: Go's `time.Duration` text to and from whole seconds.

use crate::funcs::sprig2::goduration::{duration_string, parse_duration};

const NANOS: i64 = 1_000_000_000;

/// Seconds as Go's `time.Duration.String()` prints them (`270` is `4m30s`, `60` is `1m0s`).
pub fn go_duration(seconds: u64) -> String {
    let secs = i64::try_from(seconds)
        .unwrap_or(i64::MAX)
        .min(i64::MAX / NANOS);
    duration_string(secs * NANOS)
}

/// Parses a `--timeout` value as Helm does (`time.ParseDuration`: `5m`, `300s`, `1h30m`;
/// a bare number other than `0` is an error) into whole seconds, rounded down, so that a
/// fraction short of a needed second still counts as short. Negative durations are an
/// error here: they mean "no limit" to Helm's hooks and an immediate failure to its wait.
pub fn parse_timeout(text: &str) -> Result<u64, String> {
    let nanos = parse_duration(text.trim()).map_err(|e| e.msg)?;
    u64::try_from(nanos / NANOS)
        .map_err(|_| format!("timeout {text:?} is negative: give a duration such as 5m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_print_like_go_durations() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(59), "59s");
        assert_eq!(go_duration(60), "1m0s");
        assert_eq!(go_duration(270), "4m30s");
        assert_eq!(go_duration(3600), "1h0m0s");
        assert_eq!(go_duration(3725), "1h2m5s");
    }

    #[test]
    fn timeouts_parse_like_helm() {
        assert_eq!(parse_timeout("5m"), Ok(300));
        assert_eq!(parse_timeout("300s"), Ok(300));
        assert_eq!(parse_timeout("1h30m"), Ok(5400));
        assert_eq!(parse_timeout("269.9s"), Ok(269));
        assert_eq!(parse_timeout("0"), Ok(0));
        assert_eq!(
            parse_timeout("300"),
            Err("time: missing unit in duration \"300\"".to_string())
        );
        assert_eq!(
            parse_timeout("-5m"),
            Err("timeout \"-5m\" is negative: give a duration such as 5m".to_string())
        );
    }
}
