//! Adapter over the YAML event parser.
//!
//! This is the only file that names the parser crate (`granit-parser`). It turns the
//! crate's events into our own [`Event`]s with byte offsets, 1-based lines and 0-based
//! character columns, attaches anchor names to the nodes that define them, and
//! turns parser errors into [`ParseError`]s with a libyaml-like problem text.
//! Swapping the parser (for `saphyr-parser`, say) only means rewriting this file.

use rustc_hash::FxHashMap as HashMap;

use granit_parser as gp;

use super::node::Style;

/// What the parser should report besides the data events.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ReadOptions {
    /// Emit comment events.
    pub comments: bool,
}

/// One parser event.
#[derive(Debug)]
pub(crate) enum EventKind {
    /// Start of a document; `explicit` when it opened with `---`.
    DocStart { explicit: bool },
    /// End of a document.
    DocEnd,
    /// A scalar node.
    Scalar {
        value: String,
        style: Style,
        tag: Option<String>,
        anchor: Option<(String, usize)>,
    },
    /// Start of a sequence node.
    SeqStart {
        flow: bool,
        tag: Option<String>,
        anchor: Option<(String, usize)>,
    },
    /// End of a sequence node.
    SeqEnd,
    /// Start of a mapping node.
    MapStart {
        flow: bool,
        tag: Option<String>,
        anchor: Option<(String, usize)>,
    },
    /// End of a mapping node.
    MapEnd,
    /// An alias; `id` is the anchor it refers to (`None` when no anchor of that name
    /// precedes it in the document).
    Alias { name: String, id: Option<usize> },
    /// A comment (text after `#`).
    Comment(String),
    /// End of the stream.
    StreamEnd,
}

/// A source position: byte offset, 1-based line, 0-based column in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub offset: usize,
    pub line: u32,
    pub col: u32,
}

/// An event with its source range.
#[derive(Debug)]
pub(crate) struct Event {
    pub kind: EventKind,
    pub start: Mark,
    pub end: Mark,
}

/// Which libyaml stage reports a problem (go-yaml prints their lines differently).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// A scanner (tokenizer) error.
    Scanner,
    /// A parser (grammar) error.
    Parser,
}

/// Problems whose libyaml report depends on what follows them in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unclosed {
    /// Not one of those.
    No,
    /// A flow collection opened with this bracket was not closed.
    Flow(char),
    /// A quoted scalar was not closed.
    Quote,
    /// A simple key had no `:` (libyaml notices at the next token).
    StaleKey,
}

/// A syntax error reported by the parser.
#[derive(Clone, Debug)]
pub(crate) struct ParseError {
    /// The libyaml-like problem text (without `yaml: line N: `).
    pub problem: String,
    /// Where the problem was detected (for an unclosed construct: where it opened).
    pub at: Mark,
    /// The libyaml stage that reports this problem.
    pub stage: Stage,
    /// Whether this is an unclosed construct.
    pub unclosed: Unclosed,
}

/// Reads events from a string.
pub(crate) struct EventReader<'a> {
    parser: gp::Parser<'a, gp::StrInput<'a>>,
    /// Anchor id to anchor name, for aliases.
    anchor_names: HashMap<usize, String>,
    /// Offset of the last position seen, used for errors without a byte offset.
    last: Mark,
}

fn mark(m: &gp::Marker, fallback: usize) -> Mark {
    Mark {
        offset: m.byte_offset().unwrap_or(fallback),
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col()).unwrap_or(u32::MAX),
    }
}

fn tag_string(tag: Option<std::borrow::Cow<'_, gp::Tag>>) -> Option<String> {
    tag.map(|t| {
        let (handle, suffix) = t.parts();
        format!("{handle}{suffix}")
    })
}

fn style(s: gp::ScalarStyle) -> Style {
    match s {
        gp::ScalarStyle::Plain => Style::Plain,
        gp::ScalarStyle::SingleQuoted => Style::SingleQuoted,
        gp::ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        gp::ScalarStyle::Literal => Style::Literal,
        gp::ScalarStyle::Folded => Style::Folded,
    }
}

/// The problem text and stage libyaml (and so go-yaml) uses for the same situation,
/// where one clearly corresponds; the parser's own text otherwise.
fn problem_text(kind: &gp::ErrorKind) -> (String, Stage, Unclosed) {
    use gp::ErrorKind as K;
    use Stage::{Parser, Scanner};
    let (text, stage, unclosed) = match kind {
        K::UnclosedFlowCollection { open } => ("", Parser, Unclosed::Flow(*open)),
        K::UnclosedQuotedScalar => ("found unexpected end of stream", Scanner, Unclosed::Quote),
        K::ExpectedFlowSequenceSeparator | K::UnexpectedEofFlowSequence => {
            ("did not find expected ',' or ']'", Parser, Unclosed::No)
        }
        K::ExpectedFlowMappingSeparator | K::UnexpectedEofFlowMapping => {
            ("did not find expected ',' or '}'", Parser, Unclosed::No)
        }
        K::ExpectedBlockMappingKey | K::UnexpectedEofBlockMapping => {
            ("did not find expected key", Parser, Unclosed::No)
        }
        K::ExpectedBlockSequenceEntry | K::UnexpectedEofBlockSequence => {
            ("did not find expected '-' indicator", Parser, Unclosed::No)
        }
        K::ExpectedNodeContent | K::UnexpectedEofImplicitFlowMapping => {
            ("did not find expected node content", Parser, Unclosed::No)
        }
        K::ExpectedDocumentStart => (
            "did not find expected <document start>",
            Parser,
            Unclosed::No,
        ),
        K::MappingValueNotAllowed => (
            "mapping values are not allowed in this context",
            Scanner,
            Unclosed::No,
        ),
        K::SimpleKeyExpected | K::InvalidSimpleKey => {
            ("could not find expected ':'", Scanner, Unclosed::StaleKey)
        }
        K::UnknownQuotedScalarEscape => ("found unknown escape character", Scanner, Unclosed::No),
        K::MissingAnchorOrAliasName => (
            "did not find expected alphabetic or numeric character",
            Scanner,
            Unclosed::No,
        ),
        K::TabInIndentation | K::TabInBlockIndentation | K::TabNotAllowed => (
            "found character that cannot start any token",
            Scanner,
            Unclosed::No,
        ),
        K::UnexpectedCharacter { .. } => (
            "found character that cannot start any token",
            Scanner,
            Unclosed::No,
        ),
        other => return (other.to_string(), Scanner, Unclosed::No),
    };
    (text.to_string(), stage, unclosed)
}

impl<'a> EventReader<'a> {
    /// A reader over `src`.
    pub fn new(src: &'a str, opts: ReadOptions) -> EventReader<'a> {
        let options = gp::options! {
            emit_anchor_events: true,
            emit_unresolved_aliases: true,
            emit_comments: opts.comments,
            max_buffered_comment_events: usize::MAX,
            // libyaml keeps a BOM inside a document as content and adds no line
            // feed to a block scalar whose last line ends the input.
            bom_inside_document_as_content: true,
            block_scalar_eof_without_line_feed: true,
        };
        EventReader {
            parser: gp::Parser::new_from_str_with_options(src, options),
            anchor_names: HashMap::default(),
            last: Mark::default(),
        }
    }

    /// The next event; `None` after the stream end or after an error.
    pub fn next_event(&mut self) -> Option<Result<Event, ParseError>> {
        loop {
            let (ev, span) = match self.parser.next_event()? {
                Ok(pair) => pair,
                Err(e) => return Some(Err(self.error(&e))),
            };
            let start = mark(&span.start, self.last.offset);
            let end = mark(&span.end, start.offset);
            self.last = end;
            let kind = match ev {
                gp::Event::StreamStart | gp::Event::Anchor(..) => continue,
                gp::Event::StreamEnd => EventKind::StreamEnd,
                gp::Event::DocumentStart(explicit, _) => EventKind::DocStart { explicit },
                gp::Event::DocumentEnd => EventKind::DocEnd,
                gp::Event::Comment(text, _) => EventKind::Comment(text.into_owned()),
                gp::Event::Alias(id) => EventKind::Alias {
                    name: self.anchor_names.get(&id).cloned().unwrap_or_default(),
                    id: Some(id),
                },
                gp::Event::UnresolvedAlias(name) => EventKind::Alias {
                    name: name.into_owned(),
                    id: None,
                },
                gp::Event::Scalar(value, s, id, tag) => EventKind::Scalar {
                    value: value.into_owned(),
                    style: style(s),
                    tag: tag_string(tag),
                    anchor: self.anchor(id),
                },
                gp::Event::SequenceStart(s, id, tag) => EventKind::SeqStart {
                    flow: s == gp::StructureStyle::Flow,
                    tag: tag_string(tag),
                    anchor: self.anchor(id),
                },
                gp::Event::SequenceEnd => EventKind::SeqEnd,
                gp::Event::MappingStart(s, id, tag) => EventKind::MapStart {
                    flow: s == gp::StructureStyle::Flow,
                    tag: tag_string(tag),
                    anchor: self.anchor(id),
                },
                gp::Event::MappingEnd => EventKind::MapEnd,
                // Presentation events added by later parser versions.
                _ => continue,
            };
            return Some(Ok(Event { kind, start, end }));
        }
    }

    /// The name of anchor `id`, read from the anchor event that follows its node.
    fn anchor(&mut self, id: usize) -> Option<(String, usize)> {
        if id == 0 {
            return None;
        }
        let name = match self.parser.peek() {
            Some(Ok((gp::Event::Anchor(aid, name), _))) if *aid == id => name.to_string(),
            _ => String::new(),
        };
        self.anchor_names.insert(id, name.clone());
        Some((name, id))
    }

    fn error(&mut self, e: &gp::ScanError) -> ParseError {
        let at = mark(e.marker(), self.last.offset);
        let (problem, stage, unclosed) = problem_text(e.kind());
        ParseError {
            problem,
            at,
            stage,
            unclosed,
        }
    }

    /// Skips to the next document after an error. Returns whether one remains.
    pub fn recover(&mut self) -> bool {
        matches!(self.parser.proceed_next_document(), Ok(true))
    }
}
