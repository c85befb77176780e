//! Provenance of output bytes: which template span wrote them, through which
//! chain of `template`/`include` calls.

/// A span of template source: file index in the template set plus byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Index of the source file in the template set.
    pub file: u32,
    /// Start byte offset in that file.
    pub start: u32,
    /// End byte offset in that file.
    pub end: u32,
    /// The call frame (index into [`Frames`]); `0` is the top level.
    pub frame: u32,
    /// Whether the bytes are a verbatim copy of `start..end` (template text), so that
    /// a byte at offset `k` of the segment came from `start + k`. Otherwise the bytes
    /// were computed by the action at `start..end`.
    pub literal: bool,
}

/// One piece of attributed text: bytes `start..end` of a string came from `origin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    /// Start byte offset in the attributed string.
    pub start: u32,
    /// End byte offset in the attributed string.
    pub end: u32,
    /// Where the bytes came from.
    pub origin: Origin,
}

/// The provenance of a whole string: sorted, non-overlapping segments.
/// Bytes not covered by a segment have no known origin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The segments, sorted by `start`.
    pub segs: Vec<Seg>,
}

impl Trace {
    /// Appends a segment, merging it with the previous one when contiguous and equal
    /// (or, for literal text, contiguous in the source too).
    pub fn push(&mut self, start: u32, end: u32, origin: Origin) {
        if start >= end {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if last.end == start && last.origin == origin && !origin.literal {
                last.end = end;
                return;
            }
            let o = last.origin;
            if last.end == start
                && origin.literal
                && o.literal
                && (o.file, o.frame) == (origin.file, origin.frame)
                && o.end == origin.start
            {
                last.end = end;
                last.origin.end = origin.end;
                return;
            }
        }
        self.segs.push(Seg { start, end, origin });
    }

    /// Appends all segments of `other`, shifted by `offset`.
    pub fn extend_shifted(&mut self, other: &Trace, offset: u32) {
        for s in &other.segs {
            self.push(s.start + offset, s.end + offset, s.origin);
        }
    }

    /// The segments restricted to `start..end` of the string, re-based at 0.
    /// Literal origins are narrowed to the bytes that remain.
    pub fn slice(&self, start: u32, end: u32) -> Trace {
        let mut out = Trace::default();
        out.extend_range(self, start, end, 0);
        out
    }

    /// Appends the segments of `other` restricted to `start..end`, moved so that
    /// `start` lands at `offset` (literal origins narrowed to the bytes that remain).
    pub fn extend_range(&mut self, other: &Trace, start: u32, end: u32, offset: u32) {
        let first = other.segs.partition_point(|s| s.end <= start);
        for s in &other.segs[first..] {
            if s.start >= end {
                break;
            }
            let a = s.start.max(start);
            let b = s.end.min(end);
            if a < b {
                let mut origin = s.origin;
                if origin.literal {
                    origin.start += a - s.start;
                    origin.end = origin.start + (b - a);
                }
                self.push(a - start + offset, b - start + offset, origin);
            }
        }
    }

    /// The segment covering byte `pos`, when known.
    pub fn seg_at(&self, pos: u32) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.end <= pos);
        self.segs.get(i).filter(|s| s.start <= pos && pos < s.end)
    }

    /// The origin of byte `pos`: for literal text the exact source byte, for computed
    /// output the whole action that printed it.
    pub fn origin_at(&self, pos: u32) -> Option<Origin> {
        let seg = self.seg_at(pos)?;
        let mut o = seg.origin;
        if o.literal {
            o.start += pos - seg.start;
            o.end = o.start + 1;
        }
        Some(o)
    }
}

/// A `template`/`include` call: where it was called from, and the caller's frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The call site (its own `frame` is the caller's frame).
    pub call_site: Origin,
    /// Name of the template that was called (index into the set's names).
    pub callee: u32,
}

/// The table of call frames of one render. Frame `0` is the top level.
#[derive(Clone, Debug, Default)]
pub struct Frames {
    /// Frames by index; index 0 is a placeholder for the top level.
    pub frames: Vec<Frame>,
}

impl Frames {
    /// The chain of call sites that leads to `origin`, innermost first.
    pub fn chain(&self, origin: Origin) -> Vec<Origin> {
        let mut out = Vec::new();
        let mut f = origin.frame;
        while f != 0 {
            let Some(frame) = self.frames.get(f as usize) else {
                break;
            };
            out.push(frame.call_site);
            f = frame.call_site.frame;
        }
        out
    }
}
