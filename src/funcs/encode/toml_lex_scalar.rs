//! The string, number and boolean states of the TOML lexer (a continuation of
//! [`super`], split off to keep files small).

use super::{
    is_binary, is_digit, is_hex, is_letter, is_nl, is_octal, q_rune, q_str, ItemType, Lexer, St,
    EOF,
};

impl Lexer<'_> {
    /// After an opening `"` or `'`: a basic/literal string or its multi-line form.
    pub(super) fn lex_quote_open(&mut self, q: char) -> St {
        let (single, multi) = if q == '"' {
            (St::Str, St::MultilineString)
        } else {
            (St::RawString, St::MultilineRawString)
        };
        if self.accept(q) {
            if self.accept(q) {
                self.ignore();
                return multi;
            }
            self.backup();
        }
        self.ignore();
        single
    }

    pub(super) fn lex_string(&mut self) -> Option<St> {
        let r = self.next();
        if r == EOF {
            return self.errorf("unexpected EOF; expected '\"'".into());
        }
        if is_nl(r) {
            return self.error_prev_line("strings cannot contain newlines".into());
        }
        match r {
            '\\' => {
                self.push(St::Str);
                Some(St::StringEscape)
            }
            '"' => {
                self.backup();
                if self.esc {
                    self.esc = false;
                    self.emit(ItemType::StringEsc);
                } else {
                    self.emit(ItemType::String);
                }
                self.next();
                self.ignore();
                self.pop()
            }
            _ => Some(St::Str),
        }
    }

    pub(super) fn lex_multiline_string(&mut self) -> Option<St> {
        match self.next() {
            EOF => self.errorf("unexpected EOF; expected '\"\"\"'".into()),
            '\\' => Some(St::MultilineStringEscape),
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        if self.peek() == '"' {
                            let cur = self.current();
                            if cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"") {
                                return self.errorf("unexpected '\"\"\"\"\"\"'".into());
                            }
                            self.backup();
                            self.backup();
                            return Some(St::MultilineString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.esc = false;
                        self.emit(ItemType::MultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(St::MultilineString)
            }
            _ => Some(St::MultilineString),
        }
    }

    pub(super) fn lex_raw_string(&mut self) -> Option<St> {
        let r = self.next();
        if r == EOF {
            return self.errorf("unexpected EOF; expected \"'\"".into());
        }
        if is_nl(r) {
            return self.error_prev_line("strings cannot contain newlines".into());
        }
        if r == '\'' {
            self.backup();
            self.emit(ItemType::RawString);
            self.next();
            self.ignore();
            return self.pop();
        }
        Some(St::RawString)
    }

    pub(super) fn lex_multiline_raw_string(&mut self) -> Option<St> {
        match self.next() {
            EOF => self.errorf("unexpected EOF; expected \"'''\"".into()),
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        if self.peek() == '\'' {
                            if self.current().ends_with("'''''") {
                                return self.errorf("unexpected \"''''''\"".into());
                            }
                            self.backup();
                            self.backup();
                            return Some(St::MultilineRawString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.emit(ItemType::RawMultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(St::MultilineRawString)
            }
            _ => Some(St::MultilineRawString),
        }
    }

    pub(super) fn lex_string_escape(&mut self) -> Option<St> {
        self.esc = true;
        match self.next() {
            'e' | 'b' | 't' | 'n' | 'f' | 'r' | '"' | ' ' | '\t' | '\\' => self.pop(),
            'x' => Some(St::HexEscape),
            'u' => Some(St::ShortUnicodeEscape),
            'U' => Some(St::LongUnicodeEscape),
            r => self.error(format!("invalid escape in string '\\{r}'")),
        }
    }

    pub(super) fn lex_hex_digits(&mut self, n: usize, word: &str, letter: char) -> Option<St> {
        for _ in 0..n {
            let r = self.next();
            if !is_hex(r) {
                let msg = format!(
                    "expected {word} hexadecimal digits after '\\{letter}', but got {} instead",
                    q_str(self.current())
                );
                return self.errorf(msg);
            }
        }
        self.pop()
    }

    pub(super) fn lex_number_or_date(&mut self) -> Option<St> {
        let r = self.next();
        if is_digit(r) {
            return Some(St::NumberOrDate);
        }
        match r {
            '-' | ':' => Some(St::Datetime),
            '_' => Some(St::DecimalNumber),
            '.' | 'e' | 'E' => Some(St::Float),
            _ => {
                self.backup();
                self.emit(ItemType::Integer);
                self.pop()
            }
        }
    }

    pub(super) fn lex_based_integer(&mut self, digit: fn(char) -> bool, again: St) -> Option<St> {
        let r = self.next();
        if digit(r) || r == '_' {
            return Some(again);
        }
        self.backup();
        self.emit(ItemType::Integer);
        self.pop()
    }

    pub(super) fn lex_decimal_number(&mut self) -> Option<St> {
        let r = self.next();
        if is_digit(r) || r == '_' {
            return Some(St::DecimalNumber);
        }
        if matches!(r, '.' | 'e' | 'E') {
            return Some(St::Float);
        }
        self.backup();
        self.emit(ItemType::Integer);
        self.pop()
    }

    pub(super) fn lex_decimal_number_start(&mut self) -> Option<St> {
        let r = self.next();
        match r {
            'i' | 'n' => {
                let rest = if r == 'i' { ['n', 'f'] } else { ['a', 'n'] };
                if !self.accept(rest[0]) || !self.accept(rest[1]) {
                    let msg = format!("invalid float: '{}'", self.current());
                    return self.errorf(msg);
                }
                self.emit(ItemType::Float);
                return self.pop();
            }
            '0' => {
                let p = self.peek();
                if matches!(p, 'b' | 'o' | 'x') {
                    let msg = format!(
                        "cannot use sign with non-decimal numbers: '{}{p}'",
                        self.current()
                    );
                    return self.errorf(msg);
                }
            }
            '.' => return self.errorf("floats must start with a digit, not '.'".into()),
            _ => {}
        }
        if is_digit(r) {
            return Some(St::DecimalNumber);
        }
        self.errorf(format!("expected a digit but got {}", q_rune(r)))
    }

    pub(super) fn lex_base_number_or_date(&mut self) -> Option<St> {
        let r = self.next();
        if is_digit(r) {
            return Some(St::NumberOrDate);
        }
        let (digit, name, next): (fn(char) -> bool, &str, St) = match r {
            '_' => return Some(St::DecimalNumber),
            '.' | 'e' | 'E' => return Some(St::Float),
            'b' => (is_binary, "a binary", St::BinaryInteger),
            'o' => (is_octal, "an octal", St::OctalInteger),
            'x' => (is_hex, "a hexadecimal", St::HexInteger),
            _ => {
                self.backup();
                self.emit(ItemType::Integer);
                return self.pop();
            }
        };
        let p = self.peek();
        if !digit(p) {
            let msg = format!("not {name} number: '{}{p}'", self.current());
            return self.errorf(msg);
        }
        Some(next)
    }

    pub(super) fn lex_bool(&mut self) -> Option<St> {
        let mut s = String::new();
        loop {
            let r = self.next();
            if !is_letter(r) {
                self.backup();
                break;
            }
            s.push(r);
        }
        if s == "true" || s == "false" {
            self.emit(ItemType::Bool);
            return self.pop();
        }
        self.errorf(format!("expected value but found {} instead", q_str(&s)))
    }
}
