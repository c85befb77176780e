//! Lexed items: their kinds and positions.

use super::go_quote;

/// The kind of a lexed item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemType {
    /// A lexing error; the value is the message.
    Error,
    /// `true` / `false`.
    Bool,
    /// Printable ASCII character (comma and friends).
    Char,
    /// Character constant `'a'`.
    CharConstant,
    /// Comment text.
    Comment,
    /// Complex constant `1+2i`.
    Complex,
    /// `=`.
    Assign,
    /// `:=`.
    Declare,
    /// End of input.
    Eof,
    /// `.Field`.
    Field,
    /// Identifier (function name).
    Identifier,
    /// `{{`.
    LeftDelim,
    /// `(`.
    LeftParen,
    /// Number.
    Number,
    /// `|`.
    Pipe,
    /// Raw string with backquotes.
    RawString,
    /// `}}`.
    RightDelim,
    /// `)`.
    RightParen,
    /// Run of spaces.
    Space,
    /// Quoted string.
    String,
    /// Plain text.
    Text,
    /// `$x`.
    Variable,
    /// `block` keyword.
    Block,
    /// `break` keyword.
    Break,
    /// `continue` keyword.
    Continue,
    /// `.`.
    Dot,
    /// `define` keyword.
    Define,
    /// `else` keyword.
    Else,
    /// `end` keyword.
    End,
    /// `if` keyword.
    If,
    /// `nil` keyword.
    Nil,
    /// `range` keyword.
    Range,
    /// `template` keyword.
    Template,
    /// `with` keyword.
    With,
}

impl ItemType {
    /// Whether this is a keyword item (Go prints those as `<word>`).
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemType::Block
                | ItemType::Break
                | ItemType::Continue
                | ItemType::Dot
                | ItemType::Define
                | ItemType::Else
                | ItemType::End
                | ItemType::If
                | ItemType::Nil
                | ItemType::Range
                | ItemType::Template
                | ItemType::With
        )
    }
}

/// A lexed item: its kind and where it is. Its text is `source[pos..end]` (empty for
/// `Error` and `Eof`: the error message is [`Lexer::error`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Kind.
    pub typ: ItemType,
    /// Start byte offset.
    pub pos: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// 1-based line at the start of the item, recorded for `Error` and `Eof` items
    /// only (0 otherwise: the line of any item is [`super::line_at`] its position).
    pub line: u32,
}

impl Item {
    /// The item's text in `source`.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source
            .get(self.pos as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// Go's `item.String()`, used in "unexpected ..." parse errors (an error item is
    /// described by the lexer's message). `text` is the item's text.
    pub fn describe(&self, text: &str, lex_error: Option<&str>) -> String {
        match self.typ {
            ItemType::Eof => "EOF".to_string(),
            ItemType::Error => lex_error.unwrap_or_default().to_string(),
            t if t.is_keyword() => format!("<{text}>"),
            _ => {
                if text.chars().count() > 10 {
                    let short: String = text.chars().take(10).collect();
                    format!("{}...", go_quote(&short))
                } else {
                    go_quote(text)
                }
            }
        }
    }
}
