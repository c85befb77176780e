//! The values keys that `--set`-style flags set, so that a value they override is not
//! attributed to a values file.

/// The values keys that `--set`-style flags set, as key paths up to the first index
/// (`--set a.b[0].c=1` sets below `a.b`): each comma-separated `key=value` of `--set`,
/// `--set-string` and `--set-file`, the key of `--set-literal` and `--set-json key=json`,
/// and the top-level keys of `--set-json '{...}'`. Escaped dots and commas (`a\.b`)
/// are kept in their key.
pub fn set_flag_keys(set: &[String], literal: &[String], json: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for flag in set {
        for pair in split_unescaped(flag, ',') {
            out.push(key_path(
                pair.split_once('=').map_or(pair.as_str(), |(k, _)| k),
            ));
        }
    }
    for flag in literal {
        out.push(key_path(
            flag.split_once('=').map_or(flag.as_str(), |(k, _)| k),
        ));
    }
    for flag in json {
        let t = flag.trim();
        if t.starts_with('{') {
            if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(t) {
                out.extend(m.keys().map(|k| vec![k.clone()]));
            }
        } else {
            out.push(key_path(t.split_once('=').map_or(t, |(k, _)| k)));
        }
    }
    out.retain(|k| !k.is_empty());
    out
}

/// `a.b\.c[0].d` as `["a", "b.c"]`.
fn key_path(key: &str) -> Vec<String> {
    let until_index = key.split('[').next().unwrap_or(key);
    split_unescaped(until_index, '.')
        .into_iter()
        .map(|k| k.replace("\\.", ".").replace("\\,", ","))
        .filter(|k| !k.is_empty())
        .collect()
}

/// `s` split at each `sep` not preceded by a backslash.
fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in s.chars() {
        if c == sep && !escaped {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_flag_keys_follow_helms_set_syntax() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            set_flag_keys(
                &s(&["a.b=1,c[2].d=x", "e\\.f=1\\,2", "g"]),
                &s(&["h.i=a,b=c"]),
                &s(&["j={\"k\":1}", "{\"l\": 1, \"m\": {}}"])
            ),
            vec![
                vec!["a".to_string(), "b".to_string()],
                vec!["c".to_string()],
                vec!["e.f".to_string()],
                vec!["g".to_string()],
                vec!["h".to_string(), "i".to_string()],
                vec!["j".to_string()],
                vec!["l".to_string()],
                vec!["m".to_string()],
            ]
        );
    }
}
