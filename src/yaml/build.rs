//! Builds the node tree ([`Document`]s of [`Node`]s) from parser events.

use std::mem;

use super::compat::{check_block_tab, check_double_quoted, go_message};
use super::error::YamlError;
use super::events::{Event, EventKind, EventReader, Mark, ParseError, ReadOptions};
use super::node::{AliasRef, Anchor, Comment, Document, Node, NodeKind, Span, Style};

/// Where a parsed slice sits in the whole file, so that locations are file-relative.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Base {
    /// Byte offset of the slice in the file.
    pub offset: usize,
    /// Number of lines before the slice.
    pub lines: u32,
}

/// What to build.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BuildOptions {
    /// Collect comments.
    pub comments: bool,
    /// Recover from syntax errors at the next document instead of stopping.
    pub lossy: bool,
    /// Stop after the first document (go-yaml's `Unmarshal` reads only that one).
    pub first_only: bool,
}

/// The documents and the errors met.
pub(crate) struct Built {
    pub docs: Vec<Document>,
    pub errors: Vec<YamlError>,
}

/// The properties of a collection whose entries are still being read.
struct Head {
    start: Mark,
    tag: Option<String>,
    anchor: Option<Anchor>,
    flow: bool,
    /// End offset of the last entry read so far.
    last_end: usize,
}

enum Frame {
    Seq(Head, Vec<Node>),
    Map(Head, Vec<(Node, Node)>, Option<Node>),
}

struct OpenDoc {
    start: Mark,
    explicit: bool,
    comments: Vec<Comment>,
    root: Option<Node>,
    frames: Vec<Frame>,
}

struct Builder<'a> {
    src: &'a str,
    base: Base,
    doc: Option<OpenDoc>,
    pending_comments: Vec<Comment>,
    /// End of the previous event (slice-relative), to find block scalar indicators.
    prev_end: Mark,
    out: Built,
}

/// Parses `src` (a slice of a file placed at `base`) into documents.
pub(crate) fn build(src: &str, base: Base, opts: BuildOptions) -> Built {
    let mut reader = EventReader::new(
        src,
        ReadOptions {
            comments: opts.comments,
        },
    );
    let mut b = Builder {
        src,
        base,
        doc: None,
        pending_comments: Vec::new(),
        prev_end: Mark::default(),
        out: Built {
            docs: Vec::new(),
            errors: Vec::new(),
        },
    };
    loop {
        let err = match reader.next_event() {
            None => break,
            Some(Ok(ev)) => {
                let is_end = matches!(ev.kind, EventKind::StreamEnd);
                let doc_end = matches!(ev.kind, EventKind::DocEnd);
                match b.event(ev) {
                    Ok(()) if is_end || (doc_end && opts.first_only) => break,
                    Ok(()) => continue,
                    Err(e) => e,
                }
            }
            Some(Err(e)) => e,
        };
        let at = b.abs(err.at);
        let message = go_message(src, &err);
        b.out
            .errors
            .push(YamlError::new(message, at.line, at.col + 1, at.offset));
        b.abandon_doc(at.offset);
        if !opts.lossy || !reader.recover() {
            break;
        }
    }
    if let Some(last) = b.out.docs.last_mut() {
        last.comments.append(&mut b.pending_comments);
    }
    b.out
}

impl Builder<'_> {
    /// A slice-relative mark made file-relative.
    fn abs(&self, m: Mark) -> Mark {
        Mark {
            offset: m.offset + self.base.offset,
            line: m.line.saturating_add(self.base.lines),
            col: m.col,
        }
    }

    fn event(&mut self, ev: Event) -> Result<(), ParseError> {
        let prev_end = self.prev_end;
        if !matches!(ev.kind, EventKind::Comment(_)) {
            self.prev_end = ev.end;
        }
        let start = self.abs(ev.start);
        let end = self.abs(ev.end);
        match ev.kind {
            EventKind::StreamEnd => {}
            EventKind::DocStart { explicit } => {
                self.doc = Some(OpenDoc {
                    start,
                    explicit,
                    comments: mem::take(&mut self.pending_comments),
                    root: None,
                    frames: Vec::new(),
                });
            }
            EventKind::DocEnd => self.close_doc(end.offset, false),
            EventKind::Comment(text) => {
                let c = Comment {
                    text,
                    span: Span {
                        start: start.offset,
                        end: end.offset,
                    },
                    line: start.line,
                    col: start.col + 1,
                };
                match &mut self.doc {
                    Some(d) => d.comments.push(c),
                    None => self.pending_comments.push(c),
                }
            }
            EventKind::Scalar {
                value,
                style,
                tag,
                anchor,
            } => {
                let node = self.scalar(value, style, tag, anchor, prev_end, ev.start, ev.end)?;
                self.add(node);
            }
            EventKind::Alias { name, id } => {
                let node = Node {
                    kind: NodeKind::Alias(AliasRef { name, target: id }),
                    span: Span {
                        start: start.offset,
                        end: end.offset,
                    },
                    line: start.line,
                    col: start.col + 1,
                    tag: None,
                    style: Style::Plain,
                    anchor: None,
                };
                self.add(node);
            }
            EventKind::SeqStart { flow, tag, anchor } => {
                let mut start = start;
                if !flow && self.src.as_bytes().get(ev.start.offset) != Some(&b'-') {
                    // The parser may place an indentless sequence at its first item.
                    if let Some(dash) = find_indicator(self.src, prev_end, ev.start.offset, b"-") {
                        start = self.abs(dash);
                    }
                }
                let head = head(start, tag, anchor, flow);
                self.push(Frame::Seq(head, Vec::new()));
            }
            EventKind::MapStart { flow, tag, anchor } => {
                let head = head(start, tag, anchor, flow);
                self.push(Frame::Map(head, Vec::new(), None));
            }
            EventKind::SeqEnd | EventKind::MapEnd => {
                let Some(frame) = self.doc.as_mut().and_then(|d| d.frames.pop()) else {
                    return Ok(());
                };
                let (h, kind) = match frame {
                    Frame::Seq(h, items) => (h, NodeKind::Sequence(items)),
                    Frame::Map(h, entries, _) => (h, NodeKind::Mapping(entries)),
                };
                let end = if h.flow { end.offset } else { h.last_end };
                let node = Node {
                    kind,
                    span: Span {
                        start: h.start.offset,
                        end: end.max(h.start.offset),
                    },
                    line: h.start.line,
                    col: h.start.col + 1,
                    tag: h.tag,
                    style: if h.flow { Style::Flow } else { Style::Block },
                    anchor: h.anchor,
                };
                self.add(node);
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn scalar(
        &self,
        value: String,
        style: Style,
        tag: Option<String>,
        anchor: Option<(String, usize)>,
        prev_end: Mark,
        start: Mark,
        end: Mark,
    ) -> Result<Node, ParseError> {
        let (mut start_m, mut end_off) = (start, end.offset);
        let mut text = value;
        match style {
            Style::Literal | Style::Folded => {
                if let Some(ind) = find_indicator(self.src, prev_end, start.offset, b"|>") {
                    check_block_tab(self.src, ind)?;
                    start_m = ind;
                }
                let bytes = self.src.as_bytes();
                while end_off > start_m.offset
                    && matches!(bytes.get(end_off - 1), Some(b' ' | b'\t' | b'\n' | b'\r'))
                {
                    end_off -= 1;
                }
            }
            Style::Plain if start.offset == end.offset => text.clear(),
            Style::DoubleQuoted => check_double_quoted(self.src, start, end.offset)?,
            _ => {}
        }
        let s = self.abs(start_m);
        Ok(Node {
            kind: NodeKind::Scalar(text),
            span: Span {
                start: s.offset,
                end: end_off.max(start_m.offset) + self.base.offset,
            },
            line: s.line,
            col: s.col + 1,
            tag,
            style,
            anchor: anchor.map(|(name, id)| Anchor { name, id }),
        })
    }

    fn push(&mut self, frame: Frame) {
        if let Some(d) = &mut self.doc {
            d.frames.push(frame);
        }
    }

    /// Adds a finished node to the open collection (or makes it the root).
    fn add(&mut self, node: Node) {
        let Some(d) = &mut self.doc else { return };
        match d.frames.last_mut() {
            None => d.root = Some(node),
            Some(Frame::Seq(h, items)) => {
                h.last_end = h.last_end.max(node.span.end);
                items.push(node);
            }
            Some(Frame::Map(h, entries, key)) => {
                h.last_end = h.last_end.max(node.span.end);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }

    fn close_doc(&mut self, end: usize, broken: bool) {
        let Some(d) = self.doc.take() else { return };
        let root = if broken {
            None
        } else {
            d.root.filter(|n| !is_empty_node(n))
        };
        self.out.docs.push(Document {
            root,
            span: Span {
                start: d.start.offset,
                end: end.max(d.start.offset),
            },
            line: d.start.line,
            explicit_start: d.explicit,
            comments: d.comments,
            broken,
        });
    }

    fn abandon_doc(&mut self, at: usize) {
        self.close_doc(at, true);
    }
}

fn head(start: Mark, tag: Option<String>, anchor: Option<(String, usize)>, flow: bool) -> Head {
    Head {
        start,
        tag,
        anchor: anchor.map(|(name, id)| Anchor { name, id }),
        flow,
        last_end: start.offset,
    }
}

/// Whether a document root is the empty plain scalar of a document with no content.
fn is_empty_node(n: &Node) -> bool {
    n.style == Style::Plain
        && n.tag.is_none()
        && n.anchor.is_none()
        && n.span.start == n.span.end
        && matches!(&n.kind, NodeKind::Scalar(s) if s.is_empty())
}

/// Finds the first of the indicator bytes `set` (the `|`/`>` of a block scalar, the
/// `-` of a block sequence entry) between the end of the previous event and the
/// start of a node, skipping comments, tags and anchors.
fn find_indicator(src: &str, from: Mark, to: usize, set: &[u8]) -> Option<Mark> {
    let bytes = src.as_bytes();
    let mut m = from;
    let mut i = from.offset;
    let mut prev_space = true;
    while i < to {
        let b = *bytes.get(i)?;
        match b {
            _ if set.contains(&b) => {
                m.offset = i;
                return Some(m);
            }
            b'#' | b'!' | b'&' if prev_space => {
                // Skip a comment to the end of the line, or a tag/anchor token.
                while i < to {
                    match bytes.get(i) {
                        Some(b'\n') => break,
                        Some(b' ' | b'\t') if b != b'#' => break,
                        Some(c) => {
                            if c & 0xC0 != 0x80 {
                                m.col += 1;
                            }
                            i += 1;
                        }
                        None => return None,
                    }
                }
                prev_space = false;
                continue;
            }
            b'\n' => {
                m.line += 1;
                m.col = 0;
            }
            _ if b & 0xC0 != 0x80 => m.col += 1,
            _ => {}
        }
        prev_space = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        i += 1;
    }
    None
}
