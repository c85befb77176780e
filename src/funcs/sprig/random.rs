//! Sprig's random functions: `randAlphaNum`, `randAlpha`, `randAscii`,
//! `randNumeric`, `randInt`, `shuffle`, `uuidv4`. Values come from a xorshift
//! generator on the engine's random state ([`Host::rng`]), seeded from the clock
//! when the state is zero.

use super::cast::{arg_int, arg_str};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::Value;

/// Registers the random functions.
pub fn register(m: &mut FuncMap) {
    let n = Sig::fixed(&[Ty::Int]);
    m.insert("randAlphaNum", n, |h, a| {
        Ok(rand_from(h, arg_int(&a, 0), ALNUM).into())
    });
    m.insert("randAlpha", n, |h, a| {
        Ok(rand_from(h, arg_int(&a, 0), &ALNUM[10..]).into())
    });
    m.insert("randNumeric", n, |h, a| {
        Ok(rand_from(h, arg_int(&a, 0), &ALNUM[..10]).into())
    });
    m.insert("randAscii", n, |h, a| {
        Ok(rand_from(h, arg_int(&a, 0), ASCII).into())
    });
    m.insert("randInt", Sig::fixed(&[Ty::Int, Ty::Int]), rand_int);
    m.insert("shuffle", Sig::fixed(&[Ty::String]), shuffle);
    m.insert("uuidv4", Sig::fixed(&[]), |h, _| Ok(uuidv4(h).into()));
}

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ASCII: &[u8] = b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The next 64 random bits (xorshift64*).
pub fn next_u64(h: &mut dyn Host) -> u64 {
    let state = h.rng();
    if *state == 0 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64);
        *state = nanos | 1;
    }
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// A random number in `0..n` (`n > 0`).
fn below(h: &mut dyn Host, n: u64) -> u64 {
    next_u64(h) % n
}

fn rand_from(h: &mut dyn Host, count: i64, set: &[u8]) -> String {
    (0..count.clamp(0, 1 << 20))
        .map(|_| char::from(set[below(h, set.len() as u64) as usize]))
        .collect()
}

fn rand_int(h: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (min, max) = (arg_int(&a, 0), arg_int(&a, 1));
    let n = max.wrapping_sub(min);
    if n <= 0 {
        return Err(GoError::new("invalid argument to Intn"));
    }
    Ok(Value::int(below(h, n as u64) as i64 + min))
}

fn shuffle(h: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut runes: Vec<char> = arg_str(&a, 0).chars().collect();
    for i in (1..runes.len()).rev() {
        let j = below(h, i as u64 + 1) as usize;
        runes.swap(i, j);
    }
    Ok(runes.into_iter().collect::<String>().into())
}

/// A random version-4 UUID in canonical form.
pub fn uuidv4(h: &mut dyn Host) -> String {
    let hi = next_u64(h);
    let lo = next_u64(h);
    let hi = (hi & !0xF000) | 0x4000;
    let lo = (lo & !(0xC000u64 << 48)) | (0x8000u64 << 48);
    let hex = format!("{hi:016x}{lo:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
