//! The output buffer of an execution: text plus the provenance of every byte.

use super::trace::{Origin, Trace};

/// Text written by templates, with a trace attributing its bytes.
#[derive(Clone, Debug, Default)]
pub struct OutBuf {
    /// The text.
    pub text: String,
    /// Provenance of the bytes of `text`.
    pub trace: Trace,
}

impl OutBuf {
    /// An empty buffer with room for `bytes` of text and `segs` trace segments.
    pub fn with_capacity(bytes: usize, segs: usize) -> OutBuf {
        OutBuf {
            text: String::with_capacity(bytes),
            trace: Trace {
                segs: Vec::with_capacity(segs),
            },
        }
    }

    /// Appends text produced by `origin`.
    pub fn write(&mut self, s: &str, origin: Origin) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.trace.push(start, self.text.len() as u32, origin);
    }

    /// Appends text that carries its own trace; bytes the trace does not cover are
    /// attributed to `fallback`.
    pub fn write_traced(&mut self, s: &str, trace: Option<&Trace>, fallback: Origin) {
        let Some(trace) = trace else {
            self.write(s, fallback);
            return;
        };
        let base = self.text.len() as u32;
        self.text.push_str(s);
        let mut at = 0u32;
        for seg in &trace.segs {
            if seg.start > at {
                self.trace.push(base + at, base + seg.start, fallback);
            }
            self.trace
                .push(base + seg.start, base + seg.end, seg.origin);
            at = seg.end;
        }
        if (at as usize) < s.len() {
            self.trace.push(base + at, base + s.len() as u32, fallback);
        }
    }

    /// Removes every occurrence of `needle` (Helm deletes `<no value>`), keeping the
    /// trace aligned with the remaining bytes.
    pub fn remove_all(&mut self, needle: &str) {
        if !self.text.contains(needle) {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut trace = Trace::default();
        let mut last = 0usize;
        for (i, _) in self.text.match_indices(needle) {
            copy_range(&self.text, &self.trace, last, i, &mut text, &mut trace);
            last = i + needle.len();
        }
        copy_range(
            &self.text,
            &self.trace,
            last,
            self.text.len(),
            &mut text,
            &mut trace,
        );
        self.text = text;
        self.trace = trace;
    }
}

fn copy_range(src: &str, tr: &Trace, a: usize, b: usize, text: &mut String, trace: &mut Trace) {
    if a >= b {
        return;
    }
    let base = text.len() as u32;
    text.push_str(&src[a..b]);
    trace.extend_range(tr, a as u32, b as u32, base);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(start: u32) -> Origin {
        Origin {
            file: 0,
            start,
            end: start + 1,
            frame: 0,
            literal: false,
        }
    }

    #[test]
    fn remove_keeps_trace() {
        let mut b = OutBuf::default();
        b.write("ab", o(1));
        b.write("<no value>", o(2));
        b.write("cd", o(3));
        b.remove_all("<no value>");
        assert_eq!(b.text, "abcd");
        assert_eq!(b.trace.origin_at(0), Some(o(1)));
        assert_eq!(b.trace.origin_at(2), Some(o(3)));
        assert_eq!(b.trace.segs.len(), 2);
    }
}
