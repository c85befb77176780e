//! Go strings are byte strings; ours are UTF-8. A Go string made from bytes that are
//! not valid UTF-8 (`.Files.Get` of a binary file) keeps its bytes here: each byte of
//! an invalid sequence becomes one character in a plane-16 private-use block
//! (`U+10FE80` + byte - 0x80), and [`go_bytes`] turns the string back into the exact
//! bytes Go would hold. Functions that work on a string's bytes (`b64enc`,
//! `sha256sum`, `len`, ...) read it through [`go_bytes`], so
//! `.Files.Get "x.bz2" | b64enc` encodes the file as Helm does.

use std::borrow::Cow;

/// The first character used for an escaped byte (byte 0x80).
const BASE: u32 = 0x10FE00;

/// A Go string holding `bytes`: the text itself when it is UTF-8, else with every
/// byte of an invalid sequence escaped.
pub fn from_go_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push(char::from_u32(BASE + u32::from(b)).unwrap_or('\u{FFFD}'));
        }
    }
    Cow::Owned(out)
}

/// The bytes of a Go string built by [`from_go_bytes`] (the UTF-8 bytes of any other
/// string).
pub fn go_bytes(s: &str) -> Cow<'_, [u8]> {
    // Escapes are 4-byte characters starting with 0xF4; most strings have none.
    if !s.as_bytes().contains(&0xF4) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match u32::from(c).checked_sub(BASE) {
            Some(b @ 0x80..=0xFF) => out.push(b as u8),
            _ => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_round_trip() {
        let data = b"BZh91AY&SY!1\x9a\xef\x01\xbfL\x7f\x80uUU\xd5\xd5\xff\xff\xe2\x82";
        let s = from_go_bytes(data);
        assert_eq!(&*go_bytes(&s), &data[..]);
        assert!(s.starts_with("BZh91AY&SY!1"));
    }

    #[test]
    fn utf8_is_untouched() {
        assert!(matches!(
            from_go_bytes("é€ok".as_bytes()),
            Cow::Borrowed("é€ok")
        ));
        assert!(matches!(go_bytes("plain"), Cow::Borrowed(b"plain")));
        // A real plane-16 character outside the escape block stays itself.
        assert_eq!(&*go_bytes("\u{10FFFD}"), "\u{10FFFD}".as_bytes());
    }
}
