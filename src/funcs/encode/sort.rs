//! go-yaml's mapping key order (`keyList.Less` in `sorter.go`) for string keys: a
//! "natural" order in which digit runs compare as numbers.
//!
//! v3 changed one rule: after equal digits, a letter sorts before a digit
//! (`a1b < a10`), where v2 puts the non-letter first (`a10 < a1b`).

use super::emitter::Dialect;

/// Go's `unicode.IsLetter`, exact for ASCII (approximated by Rust's alphabetic
/// property beyond it).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit`, limited to ASCII digits.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn digit_value(c: char) -> i64 {
    i64::from(c as u32) - i64::from(b'0')
}

/// `keyList.Less` for two string keys.
pub(crate) fn key_less(a: &str, b: &str, dialect: Dialect) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // One byte per character: no decoding needed.
        return less_by(a.as_bytes(), b.as_bytes(), |&c| char::from(c), dialect);
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    less_by(&ar, &br, |&c| c, dialect)
}

/// `keyList.Less` over the characters of two keys (`ch` reads one).
fn less_by<T>(ar: &[T], br: &[T], ch: impl Fn(&T) -> char, dialect: Dialect) -> bool {
    let mut digits = false;
    for i in 0..ar.len().min(br.len()) {
        let (ac, bc) = (ch(&ar[i]), ch(&br[i]));
        if ac == bc {
            digits = is_digit(ac);
            continue;
        }
        let al = is_letter(ac);
        let bl = is_letter(bc);
        if al && bl {
            return ac < bc;
        }
        if al || bl {
            return if dialect == Dialect::V3 && digits {
                al
            } else {
                bl
            };
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ac == '0' || bc == '0' {
            for p in ar[..i].iter().rev().map(&ch) {
                if !is_digit(p) {
                    break;
                }
                if p != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ch(&ar[ai])) {
            an = an.wrapping_mul(10).wrapping_add(digit_value(ch(&ar[ai])));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(ch(&br[bi])) {
            bn = bn.wrapping_mul(10).wrapping_add(digit_value(ch(&br[bi])));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ac < bc;
    }
    ar.len() < br.len()
}

/// Sorts keys with [`key_less`], with a merge sort that asks nothing more of the
/// comparison (so it cannot panic).
///
/// `keyList.Less` is not transitive for some key sets (`v1beta1 < v2 < v10 <
/// v1beta1`); Go sorts the keys in map iteration order, which is random, so Helm
/// itself prints such sets in varying orders. For those we give one stable answer.
pub(crate) fn sort_keys<T>(items: Vec<(String, T)>, dialect: Dialect) -> Vec<(String, T)> {
    if items.len() <= 1 {
        return items;
    }
    // Without digits the order is total (non-letters before letters, then by code
    // point), so keys already in order (as a map yields them, usually) stay as they are.
    let digit_free = items
        .iter()
        .all(|(k, _)| !k.bytes().any(|b| b.is_ascii_digit()));
    if digit_free
        && items
            .windows(2)
            .all(|w| !key_less(&w[1].0, &w[0].0, dialect))
    {
        return items;
    }
    merge_sort(items, dialect)
}

/// The merge sort behind [`sort_keys`].
fn merge_sort<T>(items: Vec<(String, T)>, dialect: Dialect) -> Vec<(String, T)> {
    if items.len() <= 1 {
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort(left, dialect);
    let right = merge_sort(right, dialect);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => key_less(&b.0, &a.0, dialect),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        if let Some(item) = next {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str], d: Dialect) -> Vec<String> {
        let items = keys.iter().map(|k| (k.to_string(), ())).collect();
        sort_keys(items, d).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn natural_order() {
        let keys = [
            "b", "a10", "a2", "a.b", "a-b", "a", "B", "A_b", "A", "10", "2", "1",
        ];
        assert_eq!(
            sorted(&keys, Dialect::V2),
            ["1", "2", "10", "A", "A_b", "B", "a", "a-b", "a.b", "a2", "a10", "b"]
        );
        assert_eq!(sorted(&["a1b", "a10"], Dialect::V2), ["a10", "a1b"]);
        assert_eq!(sorted(&["a10", "a1b"], Dialect::V3), ["a1b", "a10"]);
    }

    #[test]
    fn keys_in_byte_order_without_digits_are_kept_as_merge_sort_would() {
        let mut keys = vec![
            "", "-", ".x", "A", "A_b", "Ab", "B", "_", "a", "a-b", "a.b", "ab", "b", "é", "z.é",
        ];
        keys.sort();
        for d in [Dialect::V2, Dialect::V3] {
            let items: Vec<(String, ())> = keys.iter().map(|k| (k.to_string(), ())).collect();
            let merged: Vec<String> = merge_sort(items, d).into_iter().map(|(k, _)| k).collect();
            assert_eq!(sorted(&keys, d), merged);
        }
    }
}
