//! The fast parser's scanner: the tokens of an action, read from the source bytes.

use super::{Bail, Fast, Tok, K, R};
use crate::template::lex::is_ascii_word as is_word;

pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl Fast<'_> {
    /// The lexer's `atTerminator` at `p`.
    #[inline]
    pub(super) fn at_terminator(&self, p: usize) -> bool {
        match self.b.get(p) {
            None => true,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            _ => self.b[p..].starts_with(b"}}"),
        }
    }

    /// The end of an ASCII word starting at `p` (gives up at a non-ASCII byte,
    /// which may continue a Unicode name).
    #[inline]
    pub(super) fn word_end(&self, p: usize) -> R<usize> {
        let b = self.b;
        let mut q = p;
        while q < b.len() && is_word(b[q]) {
            q += 1;
        }
        if q < b.len() && b[q] >= 0x80 {
            return Err(Bail);
        }
        Ok(q)
    }

    /// Scans the next token of an action.
    #[inline]
    pub(super) fn scan(&mut self) -> R<Tok> {
        let b = self.b;
        let from = self.pos;
        let mut p = from;
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        let space = p > from;
        let start = p;
        let Some(&c) = b.get(p) else {
            return Err(Bail);
        };
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let k = match c {
            b'}' => return self.right_delim(p, space),
            b'-' | b'+' if !at(p + 1).is_ascii_digit() => return self.right_delim(p, space),
            b'0'..=b'9' | b'-' | b'+' => {
                p = self.number_end(p)?;
                K::Number
            }
            b'.' => {
                let q = p + 1;
                if q >= b.len() || b[q].is_ascii_digit() {
                    return Err(Bail);
                }
                if self.at_terminator(q) {
                    p = q;
                    K::Dot
                } else {
                    p = self.word_end(q)?;
                    if !self.at_terminator(p) {
                        return Err(Bail);
                    }
                    K::Field
                }
            }
            b'$' => {
                p += 1;
                if !self.at_terminator(p) {
                    p = self.word_end(p)?;
                    if !self.at_terminator(p) {
                        return Err(Bail);
                    }
                }
                K::Variable
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                p = self.word_end(p)?;
                if !self.at_terminator(p) {
                    return Err(Bail);
                }
                keyword(&b[start..p])
            }
            b'"' => {
                p += 1;
                let mut esc = false;
                loop {
                    let Some(i) = memchr::memchr3(b'"', b'\\', b'\n', &b[p..]) else {
                        return Err(Bail);
                    };
                    p += i;
                    match b[p] {
                        b'"' => break,
                        b'\\' => match b.get(p + 1) {
                            None | Some(b'\n') => return Err(Bail),
                            Some(_) => {
                                esc = true;
                                p += 2
                            }
                        },
                        _ => return Err(Bail),
                    }
                }
                p += 1;
                if esc {
                    K::StrEsc
                } else {
                    K::Str
                }
            }
            b'`' => match memchr::memchr(b'`', &b[p + 1..]) {
                Some(i) => {
                    let cr = memchr::memchr(b'\r', &b[p + 1..p + 1 + i]).is_some();
                    p += i + 2;
                    if cr {
                        K::StrEsc
                    } else {
                        K::Str
                    }
                }
                None => return Err(Bail),
            },
            b'(' => {
                self.paren_depth += 1;
                p += 1;
                K::LParen
            }
            b')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return Err(Bail);
                }
                p += 1;
                K::RParen
            }
            b'|' => {
                p += 1;
                K::Pipe
            }
            b',' => {
                p += 1;
                K::Comma
            }
            b'=' => {
                p += 1;
                K::Assign
            }
            b':' if at(p + 1) == b'=' => {
                p += 2;
                K::Declare
            }
            _ => return Err(Bail),
        };
        self.pos = p;
        Tok::new(k, start, p, space)
    }

    /// The end of a number with optional sign and decimal fraction (`12`, `-1`,
    /// `0.85`); other forms (`0x1F`, `1e3`, `1_000`, `.5`, `1+2i`) are left to the
    /// reference parser.
    pub(super) fn number_end(&self, mut p: usize) -> R<usize> {
        let b = self.b;
        let digits = |mut q: usize| {
            while q < b.len() && b[q].is_ascii_digit() {
                q += 1;
            }
            q
        };
        if matches!(b[p], b'+' | b'-') {
            p += 1;
        }
        let mut q = digits(p);
        if q == p {
            return Err(Bail);
        }
        if b.get(q) == Some(&b'.') {
            let f = digits(q + 1);
            if f == q + 1 {
                return Err(Bail);
            }
            q = f;
        }
        if b.get(q)
            .is_some_and(|&c| is_word(c) || c >= 0x80 || matches!(c, b'.' | b'+' | b'-'))
        {
            return Err(Bail);
        }
        Ok(q)
    }

    /// `}}`, or `-}}` after a space (which also eats the spaces after the action).
    pub(super) fn right_delim(&mut self, p: usize, space: bool) -> R<Tok> {
        let b = self.b;
        let trim = b[p] == b'-';
        let start = if trim { p + 1 } else { p };
        if (trim && !space) || !b[start..].starts_with(b"}}") || self.paren_depth != 0 {
            return Err(Bail);
        }
        let mut end = start + 2;
        if trim {
            while end < b.len() && is_space(b[end]) {
                end += 1;
            }
        }
        self.pos = end;
        Tok::new(K::RDelim, start, start + 2, space)
    }
}

/// The kind of a word in an action.
pub(super) fn keyword(w: &[u8]) -> K {
    match w {
        b"if" => K::If,
        b"end" => K::End,
        b"nil" => K::Nil,
        b"else" => K::Else,
        b"with" => K::With,
        b"true" => K::True,
        b"block" => K::Block,
        b"break" => K::Break,
        b"range" => K::Range,
        b"false" => K::False,
        b"define" => K::Define,
        b"continue" => K::Continue,
        b"template" => K::Template,
        _ => K::Ident,
    }
}

/// Offset of the next `*/`.
pub(super) fn find_comment_end(b: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'*', b).find(|&i| b.get(i + 1) == Some(&b'/'))
}
