//! The part of libyaml's emitter (as ported by go-yaml) that Helm's encoders use:
//! block mappings and sequences, `{}`/`[]` for empty collections, and the four
//! scalar styles with their exact quoting, escaping, indentation and line folding.
//!
//! go-yaml v2 (`toYaml`) and v3 (`toYamlPretty`) share this code; they differ in
//! three switches collected in [`Dialect`]: v2 folds long lines at 80 columns,
//! writes sequences under a mapping key without indentation, and treats a tab as
//! a non-printable character; v3 does neither of those.

use super::resolve::needs_quotes;

/// Which go-yaml major version to imitate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `gopkg.in/yaml.v2` as used by `sigs.k8s.io/yaml` (Helm's `toYaml`).
    V2,
    /// `gopkg.in/yaml.v3` with `SetIndent(2)` (Helm's `toYamlPretty`).
    V3,
}

/// The scalar style an encoder asks for; the emitter may still pick another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// A scalar to emit.
#[derive(Clone, Debug)]
pub(crate) struct Scalar {
    pub text: String,
    pub style: Style,
}

impl Scalar {
    /// A scalar printed as is (null, bools, numbers).
    pub fn plain(text: impl Into<String>) -> Scalar {
        Scalar {
            text: text.into(),
            style: Style::Plain,
        }
    }

    /// A Go string, styled as go-yaml's `stringv` does: literal when it has a
    /// newline, double-quoted when its plain form would not read back as a
    /// string, plain otherwise.
    pub fn string(s: &str, dialect: Dialect) -> Scalar {
        let style = if s.contains('\n') {
            Style::Literal
        } else if needs_quotes(s, dialect == Dialect::V3) {
            Style::DoubleQuoted
        } else {
            Style::Plain
        };
        Scalar {
            text: s.to_string(),
            style,
        }
    }
}

/// A document node.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in emission order (already sorted).
    Map(Vec<(Scalar, Node)>),
}

/// Emits one document holding `root`, as go-yaml's `Marshal`/`Encode` do.
pub(crate) fn emit_document(root: &Node, dialect: Dialect) -> String {
    let mut e = Emitter {
        out: String::new(),
        dialect,
        best_indent: 2,
        best_width: match dialect {
            Dialect::V2 => 80,
            Dialect::V3 => i64::from(i32::MAX),
        },
        indent: -1,
        indents: Vec::new(),
        column: 0,
        whitespace: true,
        indention: true,
        flow_level: 0,
        ctx: Context::default(),
        chars: Vec::new(),
    };
    e.node(root, Context::default());
    // DOCUMENT-END (implicit): just finish the line.
    e.write_indent();
    e.out
}

/// Where a node sits (libyaml's `*_context` flags).
#[derive(Clone, Copy, Default)]
struct Context {
    mapping: bool,
    simple_key: bool,
}

/// What `yaml_emitter_analyze_scalar` finds out about a scalar.
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's `is_printable` (which also rejects every character above U+FFFF).
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

/// The analysis of every [`plain_ascii`] text: nothing forbids any style.
const PLAIN_ASCII: Analysis = Analysis {
    multiline: false,
    flow_plain_allowed: true,
    block_plain_allowed: true,
    single_quoted_allowed: true,
    block_allowed: true,
};

/// Whether `analyze` would allow every style for `text` because it is made of
/// letters, digits, `_`, `.`, `/`, and `-` or spaces inside: no indicator, break,
/// tab or special character, no leading or trailing space, not empty.
fn plain_ascii(text: &str) -> bool {
    /// Bytes allowed anywhere in a plain-ASCII text.
    static PLAIN: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-' | b' ');
            b += 1;
        }
        t
    };
    let b = text.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l))
            if (f.is_ascii_alphanumeric() || f == b'_' || f == b'/') && l != b' ' =>
        {
            b.iter().all(|&c| PLAIN[c as usize])
        }
        _ => false,
    }
}

fn analyze(chars: &[char], dialect: Dialect) -> Analysis {
    if chars.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut tab_characters = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);

    if chars.starts_with(&['-', '-', '-']) || chars.starts_with(&['.', '.', '.']) {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| is_blank(n));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if dialect == Dialect::V3 && c == '\t' {
            tab_characters = true;
        } else if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }

    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || tab_characters || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

struct Emitter {
    out: String,
    dialect: Dialect,
    best_indent: i64,
    best_width: i64,
    indent: i64,
    indents: Vec<i64>,
    column: i64,
    whitespace: bool,
    indention: bool,
    flow_level: i64,
    ctx: Context,
    /// Scratch space for the characters of the scalar being written.
    chars: Vec<char>,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    /// Copies a character (`write`): one column per character.
    fn write(&mut self, c: char) {
        self.put(c);
    }

    /// Copies a line-break character (`write_break`).
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
            self.indention = true;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.write(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            self.indent += self.best_indent;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn node(&mut self, node: &Node, ctx: Context) {
        self.ctx = ctx;
        match node {
            Node::Scalar(s) => self.scalar(s),
            Node::Seq(items) if items.is_empty() || self.flow_level > 0 => {
                self.empty_flow("[", "]")
            }
            Node::Map(entries) if entries.is_empty() || self.flow_level > 0 => {
                self.empty_flow("{", "}")
            }
            Node::Seq(items) => self.block_sequence(items),
            Node::Map(entries) => self.block_mapping(entries),
        }
    }

    /// An empty collection in flow style (`[]` or `{}`).
    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.flow_level += 1;
        self.flow_level -= 1;
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Node]) {
        let indentless = self.dialect == Dialect::V2 && self.ctx.mapping && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, entries: &[(Scalar, Node)]) {
        self.increase_indent(false, false);
        for (key, value) in entries {
            self.write_indent();
            let key_ctx = Context {
                mapping: true,
                ..Context::default()
            };
            if key.text.len() <= 128 && plain_ascii(&key.text) {
                // A simple key (no line breaks) whose plain form is its text.
                self.ctx = Context {
                    simple_key: true,
                    ..key_ctx
                };
                if self.fast_plain(key.style, &key.text) {
                    self.write_indicator(":", false, false, false);
                    self.node(value, key_ctx);
                    continue;
                }
            }
            let mut chars = std::mem::take(&mut self.chars);
            chars.clear();
            chars.extend(key.text.chars());
            let a = analyze(&chars, self.dialect);
            let key_ctx = Context {
                mapping: true,
                ..Context::default()
            };
            if !a.multiline && key.text.len() <= 128 {
                self.ctx = Context {
                    simple_key: true,
                    ..key_ctx
                };
                self.analyzed_scalar(key.style, &chars, &a);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.ctx = key_ctx;
                self.analyzed_scalar(key.style, &chars, &a);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.chars = chars;
            self.node(value, key_ctx);
        }
        self.pop_indent();
    }

    /// Writes a scalar of [`plain_ascii`] text when it comes out plain and on one
    /// line (as [`Emitter::analyzed_scalar`] would); false (nothing written) otherwise.
    fn fast_plain(&mut self, requested: Style, text: &str) -> bool {
        if self.select_style(requested, false, &PLAIN_ASCII) != Style::Plain {
            return false;
        }
        let allow_breaks = !self.ctx.simple_key;
        let space = !self.whitespace;
        let fits = self.column + i64::from(space) + text.len() as i64 <= self.best_width;
        if allow_breaks && !fits && text.contains(' ') {
            return false;
        }
        self.increase_indent(true, false);
        if space {
            self.put(' ');
        }
        self.out.push_str(text);
        self.column += text.len() as i64;
        self.whitespace = false;
        self.indention = false;
        self.pop_indent();
        true
    }

    fn select_style(&self, requested: Style, empty: bool, a: &Analysis) -> Style {
        let mut style = requested;
        if self.ctx.simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed)
                || (self.flow_level == 0 && !a.block_plain_allowed)
            {
                style = Style::SingleQuoted;
            }
            if empty && (self.flow_level > 0 || self.ctx.simple_key) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal
            && (!a.block_allowed || self.flow_level > 0 || self.ctx.simple_key)
        {
            style = Style::DoubleQuoted;
        }
        style
    }

    fn scalar(&mut self, s: &Scalar) {
        if plain_ascii(&s.text) && self.fast_plain(s.style, &s.text) {
            return;
        }
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(s.text.chars());
        let a = analyze(&chars, self.dialect);
        self.analyzed_scalar(s.style, &chars, &a);
        self.chars = chars;
    }

    /// Writes a scalar of the requested style whose characters are analyzed.
    fn analyzed_scalar(&mut self, requested: Style, chars: &[char], a: &Analysis) {
        let style = self.select_style(requested, chars.is_empty(), a);
        self.increase_indent(true, false);
        let allow_breaks = !self.ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(chars, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(chars, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(chars, allow_breaks),
            Style::Literal => self.write_literal(chars),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, chars: &[char], allow_breaks: bool) {
        // v3 writes nothing at all for an empty plain scalar.
        let silent = self.dialect == Dialect::V3 && chars.is_empty();
        if !self.whitespace && !silent {
            self.put(' ');
        }
        self.write_folded(chars, allow_breaks, false);
        if !silent {
            self.whitespace = false;
        }
        self.indention = false;
    }

    /// The text of a plain (or, with `quoted`, single-quoted) scalar, as libyaml's
    /// `write_plain_scalar`/`write_single_quoted` share it: a space past the best width
    /// folds the line (never the first or last character of a quoted scalar, never
    /// before another space), line breaks are written doubled, and `quoted` doubles `'`.
    fn write_folded(&mut self, chars: &[char], allow_breaks: bool, quoted: bool) {
        let (mut spaces, mut breaks) = (false, false);
        let n = chars.len();
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                let edge = quoted && (i == 0 || i + 1 >= n);
                if allow_breaks && !spaces && self.column > self.best_width && !edge && !next_space
                {
                    self.write_indent();
                } else {
                    self.write(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if quoted && c == '\'' {
                    self.put('\'');
                }
                self.write(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
    }

    fn write_single_quoted(&mut self, chars: &[char], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        self.write_folded(chars, allow_breaks, true);
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, chars: &[char], allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // libyaml's `is_bom` looks at the start of the value, not at the current
        // character: a value starting with U+FEFF has every character escaped.
        let bom = chars.first() == Some(&'\u{FEFF}');
        let mut spaces = false;
        let n = chars.len();
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                self.write_escape(c);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > self.best_width && i > 0 && i + 1 < n {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.write(c);
                }
                spaces = true;
            } else {
                self.write(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// The part of a double-quoted escape after the backslash.
    fn write_escape(&mut self, c: char) {
        let short = match c {
            '\0' => Some('0'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{b}' => Some('v'),
            '\u{c}' => Some('f'),
            '\r' => Some('r'),
            '\u{1b}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{a0}' => Some('_'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        if let Some(s) = short {
            self.put(s);
            return;
        }
        let v = c as u32;
        let (letter, width) = if v <= 0xFF {
            ('x', 2)
        } else if v <= 0xFFFF {
            ('u', 4)
        } else {
            ('U', 8)
        };
        self.put(letter);
        for k in (0..width).rev() {
            let digit = (v >> (4 * k)) & 0xF;
            self.put(
                char::from_digit(digit, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
        }
    }

    fn write_block_scalar_hints(&mut self, chars: &[char]) {
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            let hint = self.best_indent.to_string();
            self.write_indicator(&hint, false, false, false);
        }
        let chomp = match chars {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => Some("+"),
            [.., prev, _] if is_break(*prev) => Some("+"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
    }

    fn write_literal(&mut self, chars: &[char]) {
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(chars);
        self.put_break();
        self.whitespace = true;
        let mut breaks = true;
        for &c in chars {
            if is_break(c) {
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
