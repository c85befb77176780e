//! Template execution (`text/template/exec.go` semantics): walking the tree,
//! scopes and variables, `range`/`if`/`with`, `template` calls, and Helm's
//! `include`/`tpl` through the [`Host`] interface.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use super::ast::{BranchNode, Node, NodeId, Range, Span, Tree};
use super::error::{ErrorSpan, GoError};
use super::eval::At;
use super::func::Host;
use super::gofmt;
use super::lex::go_quote;
use super::output::OutBuf;
use super::set::{associate, parse_file, SourceFile, TemplateSet, Tmpl};
use super::trace::{Frame, Frames, Origin};
use super::value::{IntKind, ListType, MapType, Str, Value};

/// Resource limits that turn runaway templates into clear errors.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum nesting of `template` calls (Go: 100000).
    pub max_template_depth: usize,
    /// Maximum nesting of `include` calls per name (Helm: 1000).
    pub max_include_depth: u32,
    /// Maximum number of `range` iterations in one execution.
    pub max_iterations: u64,
    /// Maximum size of the output of one execution, in bytes.
    pub max_output: usize,
    /// Maximum total size of the strings that function calls produce in one
    /// execution (bounds templates that grow strings exponentially in a loop).
    pub max_work: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_template_depth: 100_000,
            max_include_depth: 1000,
            max_iterations: 50_000_000,
            max_output: 256 << 20,
            max_work: 4 << 30,
        }
    }
}

/// Control flow out of a list of nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Normal,
    Break,
    Continue,
}

/// A variable on the stack: name (its span in the current template's source, or
/// [`DOLLAR`]), value, and whether its static type is `interface{}`.
#[derive(Clone, Debug)]
pub(crate) struct Var {
    pub name: Span,
    pub value: Value,
    pub iface: bool,
}

/// The name of the `$` variable every template execution starts with.
pub(crate) const DOLLAR: Span = Span {
    start: u32::MAX,
    end: u32::MAX,
};

/// The length of a variable's name.
fn var_len(name: Span) -> usize {
    if name == DOLLAR {
        1
    } else {
        (name.end - name.start) as usize
    }
}

/// The text of a variable's name.
fn var_name(tree: &Tree, name: Span) -> &str {
    if name == DOLLAR {
        "$"
    } else {
        tree.text(name)
    }
}

/// The value of dot, with whether its static type is `interface{}` (that changes
/// Go's error texts for field access on it).
#[derive(Clone, Debug)]
pub(crate) struct Dot {
    pub value: Value,
    pub iface: bool,
}

/// Executes templates of one [`TemplateSet`]; one `Exec` serves one render.
pub struct Exec<'s> {
    pub(crate) set: &'s TemplateSet,
    pub(crate) files: Vec<Rc<SourceFile>>,
    overlays: Vec<HashMap<Rc<str>, Rc<Tmpl>>>,
    frames: Frames,
    frame_ids: HashMap<(Origin, u32), u32>,
    callee_names: Vec<Rc<str>>,
    callee_ids: HashMap<Rc<str>, u32>,
    /// Nesting of `include` calls per callee id (Helm counts by name).
    include_counts: Vec<u32>,
    pub(crate) limits: Limits,
    iterations: u64,
    pub(crate) work: u64,
    depth: usize,
    rng: u64,
    pub(crate) tmpl: Rc<Tmpl>,
    pub(crate) vars: Vec<Var>,
    /// Where the current template's variables start in `vars`.
    var_base: usize,
    frame: u32,
    site: Origin,
    pub(crate) at: At,
    out: OutBuf,
}

impl<'s> Exec<'s> {
    /// A new executor over `set`.
    pub fn new(set: &'s TemplateSet) -> Exec<'s> {
        let placeholder = Rc::new(Tmpl {
            name: set.root_name.clone(),
            file: 0,
            tree: Rc::default(),
            root: Range::default(),
            span: Default::default(),
        });
        Exec {
            set,
            files: set.files.clone(),
            overlays: Vec::new(),
            frames: Frames {
                frames: vec![Frame {
                    call_site: Origin {
                        file: 0,
                        start: 0,
                        end: 0,
                        frame: 0,
                        literal: false,
                    },
                    callee: 0,
                }],
            },
            // Room for the call sites and callees of a large chart, so that the maps
            // seldom grow.
            frame_ids: HashMap::with_capacity_and_hasher(512, Default::default()),
            callee_names: Vec::with_capacity(64),
            callee_ids: HashMap::with_capacity_and_hasher(64, Default::default()),
            include_counts: Vec::new(),
            limits: Limits::default(),
            iterations: 0,
            work: 0,
            depth: 0,
            rng: 0x2545_F491_4F6C_DD1D,
            tmpl: placeholder,
            vars: Vec::new(),
            var_base: 0,
            frame: 0,
            site: Origin {
                file: 0,
                start: 0,
                end: 0,
                frame: 0,
                literal: false,
            },
            at: At::None,
            out: OutBuf::default(),
        }
    }

    /// Sets the resource limits.
    pub fn with_limits(mut self, limits: Limits) -> Exec<'s> {
        self.limits = limits;
        self
    }

    /// The call frames recorded so far (to resolve [`Origin::frame`] chains).
    pub fn frames(&self) -> &Frames {
        &self.frames
    }

    /// The source files known to this execution (the set's plus `tpl` texts).
    pub fn files(&self) -> &[Rc<SourceFile>] {
        &self.files
    }

    /// Name of the template called by frame `f` (the top level has none).
    pub fn frame_callee(&self, f: u32) -> Option<&str> {
        let frame = self.frames.frames.get(f as usize)?;
        if f == 0 {
            return None;
        }
        self.callee_names.get(frame.callee as usize).map(|s| &**s)
    }

    /// Executes the named template with `data` (Go's `ExecuteTemplate`).
    pub fn execute(&mut self, name: &str, data: Value) -> Result<OutBuf, GoError> {
        let Some(t) = self.lookup(name) else {
            return Err(GoError::new(format!(
                "template: no template {} associated with template {}",
                go_quote(name),
                go_quote(&self.set.root_name)
            )));
        };
        self.run(t, data, 0)
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<Rc<Tmpl>> {
        for layer in self.overlays.iter().rev() {
            if let Some(t) = layer.get(name) {
                return Some(t.clone());
            }
        }
        self.set.lookup(name).cloned()
    }

    /// Runs `t` with fresh scope and output, as Go's `Execute` (depth reset).
    fn run(&mut self, t: Rc<Tmpl>, data: Value, frame: u32) -> Result<OutBuf, GoError> {
        // The output is usually about as long as the template's text: room for it
        // up front saves growing the buffer step by step.
        let size = (t.span.end - t.span.start) as usize;
        let fresh = OutBuf::with_capacity(size, t.root.len as usize + 1);
        let saved_out = std::mem::replace(&mut self.out, fresh);
        let saved_depth = std::mem::replace(&mut self.depth, 0);
        let r = self.in_scope(t, data, frame, |ex, dot| ex.walk_root(dot));
        self.depth = saved_depth;
        let out = std::mem::replace(&mut self.out, saved_out);
        r.map(|_| out)
    }

    /// The id of a called template's name.
    fn callee_id(&mut self, callee: &Rc<str>) -> u32 {
        match self.callee_ids.get(callee) {
            Some(&i) => i,
            None => {
                self.callee_names.push(callee.clone());
                let id = (self.callee_names.len() - 1) as u32;
                self.callee_ids.insert(callee.clone(), id);
                id
            }
        }
    }

    fn frame_for(&mut self, call_site: Origin, callee: &Rc<str>) -> u32 {
        let callee_id = self.callee_id(callee);
        self.frame_of(call_site, callee_id)
    }

    /// The frame of a call of callee `callee_id` from `call_site`.
    fn frame_of(&mut self, call_site: Origin, callee_id: u32) -> u32 {
        let key = (call_site, callee_id);
        if let Some(&id) = self.frame_ids.get(&key) {
            return id;
        }
        let id = self.frames.frames.len() as u32;
        self.frames.frames.push(Frame {
            call_site,
            callee: callee_id,
        });
        self.frame_ids.insert(key, id);
        id
    }

    /// Walks the body of the current template.
    fn walk_root(&mut self, dot: &Dot) -> Result<(), GoError> {
        let tree = self.tmpl.tree.clone();
        let root = self.tmpl.root;
        self.walk_list(&tree, dot, root).map(|_| ())
    }

    /// Runs `f` with `t` as the current template, `$` = `data`, in frame `frame`.
    fn in_scope<R>(
        &mut self,
        t: Rc<Tmpl>,
        data: Value,
        frame: u32,
        f: impl FnOnce(&mut Self, &Dot) -> Result<R, GoError>,
    ) -> Result<R, GoError> {
        let saved_tmpl = std::mem::replace(&mut self.tmpl, t);
        let saved_len = self.vars.len();
        let saved_base = std::mem::replace(&mut self.var_base, saved_len);
        self.vars.push(Var {
            name: DOLLAR,
            value: data.clone(),
            iface: false,
        });
        let saved_frame = std::mem::replace(&mut self.frame, frame);
        let saved_at = std::mem::replace(&mut self.at, At::None);
        let saved_site = self.site;
        let dot = Dot {
            value: data,
            iface: false,
        };
        let r = stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || f(self, &dot));
        self.tmpl = saved_tmpl;
        self.vars.truncate(saved_len);
        self.var_base = saved_base;
        self.frame = saved_frame;
        self.at = saved_at;
        self.site = saved_site;
        r
    }

    pub(crate) fn origin(&self, start: u32, end: u32) -> Origin {
        Origin {
            file: self.tmpl.file,
            start,
            end,
            frame: self.frame,
            literal: false,
        }
    }

    pub(crate) fn walk_list(&mut self, t: &Tree, dot: &Dot, list: Range) -> Result<Flow, GoError> {
        for &n in t.list(list) {
            let flow = self.walk(t, dot, n)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, t: &Tree, dot: &Dot, id: NodeId) -> Result<Flow, GoError> {
        match t.nodes[id as usize] {
            Node::Text(span) => {
                let origin = Origin {
                    literal: true,
                    ..self.origin(span.start, span.end)
                };
                self.out.write(t.text(span), origin);
                self.check_output()?;
            }
            Node::Action(a) => {
                self.at = At::Node(id);
                self.site = self.origin(a.span.start, a.span.end);
                let val = self.eval_pipeline(t, dot, a.pipe)?;
                if t.pipe(a.pipe).decl.is_empty() {
                    self.at = At::Node(id);
                    self.print_value(t, id, &val)?;
                }
            }
            Node::Comment(_) => {}
            Node::If(b) => return self.walk_if_or_with(t, dot, id, t.branch(b), false),
            Node::With(b) => return self.walk_if_or_with(t, dot, id, t.branch(b), true),
            Node::Range(b) => return self.walk_range(t, dot, id, t.branch(b)),
            Node::Template(tn) => self.walk_template(t, dot, id, tn)?,
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn check_output(&self) -> Result<(), GoError> {
        if self.out.text.len() > self.limits.max_output {
            return Err(self.errorf(format!(
                "output exceeds the limit of {} bytes",
                self.limits.max_output
            )));
        }
        Ok(())
    }

    fn print_value(&mut self, t: &Tree, node: NodeId, v: &Value) -> Result<(), GoError> {
        let origin = self.site;
        match v {
            Value::String(s) => {
                self.out.write_traced(s, s.trace().map(|t| &**t), origin);
            }
            Value::Object(o) if o.template_display().is_some() => {
                let text = o.template_display().unwrap_or_default();
                self.out.write(&text, origin);
            }
            Value::Object(o) if o.kind() == super::value::Kind::Func => {
                return Err(self.errorf(format!(
                    "can't print {} of type {}",
                    t.node_string(node),
                    v.type_name()
                )));
            }
            _ => {
                let text = gofmt::print_value(v);
                self.out.write(&text, origin);
            }
        }
        self.check_output()
    }

    fn walk_if_or_with(
        &mut self,
        t: &Tree,
        dot: &Dot,
        node: NodeId,
        b: &BranchNode,
        with: bool,
    ) -> Result<Flow, GoError> {
        self.at = At::Node(node);
        self.site = self.origin(b.span.start, t.pipe(b.pipe).span.end + 2);
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(t, dot, b.pipe)?;
            if val.truthy() {
                if with {
                    let d = Dot {
                        value: val,
                        iface: false,
                    };
                    self.walk_list(t, &d, b.list)
                } else {
                    self.walk_list(t, dot, b.list)
                }
            } else if let Some(e) = b.else_list {
                self.walk_list(t, dot, e)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(
        &mut self,
        t: &Tree,
        dot: &Dot,
        node: NodeId,
        r: &BranchNode,
    ) -> Result<Flow, GoError> {
        self.at = At::Node(node);
        self.site = self.origin(r.span.start, t.pipe(r.pipe).span.end + 2);
        let mark = self.vars.len();
        let res = self.range_body(t, dot, r);
        self.vars.truncate(mark);
        res
    }

    fn range_body(&mut self, t: &Tree, dot: &Dot, r: &BranchNode) -> Result<Flow, GoError> {
        let val = self.eval_pipeline(t, dot, r.pipe)?;
        let mark = self.vars.len();
        let mut ran = false;
        match &val {
            Value::Int(..) | Value::Uint(..) => {
                if t.pipe(r.pipe).decl.len > 1 {
                    return Err(self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        gofmt::print_value(&val)
                    )));
                }
                let n = match val {
                    Value::Int(i, _) => i.max(0) as u64,
                    Value::Uint(u, _) => u,
                    _ => 0,
                };
                for i in 0..n {
                    ran = true;
                    let elem = match val {
                        Value::Int(_, k) => Value::Int(i as i64, k),
                        Value::Uint(_, k) => Value::Uint(i, k),
                        _ => Value::Invalid,
                    };
                    if self.iteration(t, r, mark, Value::Invalid, elem, false)? {
                        break;
                    }
                }
            }
            Value::List(l) => {
                let iface = l.ty == ListType::Any;
                for (i, e) in l.items.iter().enumerate() {
                    ran = true;
                    let idx = Value::Int(i as i64, IntKind::Int);
                    if self.iteration(t, r, mark, idx, e.clone(), iface)? {
                        break;
                    }
                }
            }
            Value::Bytes(b) => {
                for (i, e) in b.iter().enumerate() {
                    ran = true;
                    let idx = Value::Int(i as i64, IntKind::Int);
                    let elem = Value::Uint(*e as u64, super::value::UintKind::U8);
                    if self.iteration(t, r, mark, idx, elem, false)? {
                        break;
                    }
                }
            }
            Value::Map(m) => {
                let iface = matches!(m.ty, MapType::Any | MapType::Values);
                let entries: Vec<(String, Value)> = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in entries {
                    ran = true;
                    if self.iteration(t, r, mark, Value::from(k), v, iface)? {
                        break;
                    }
                }
            }
            Value::Invalid => {}
            _ => {
                return Err(self.errorf(format!(
                    "range can't iterate over {}",
                    gofmt::print_value(&val)
                )))
            }
        }
        if !ran {
            if let Some(e) = r.else_list {
                return self.walk_list(t, dot, e);
            }
        }
        Ok(Flow::Normal)
    }

    /// One iteration of a range body; returns true on `break`.
    #[allow(clippy::too_many_arguments)]
    fn iteration(
        &mut self,
        t: &Tree,
        r: &BranchNode,
        mark: usize,
        index: Value,
        elem: Value,
        iface: bool,
    ) -> Result<bool, GoError> {
        self.iterations += 1;
        if self.iterations > self.limits.max_iterations {
            return Err(self.errorf(format!(
                "range iterations exceed the limit of {}",
                self.limits.max_iterations
            )));
        }
        let pipe = t.pipe(r.pipe);
        let decl = &t.vars[pipe.decl.indices()];
        if !decl.is_empty() {
            if pipe.is_assign {
                let name = t.name(decl[0].ident, 0);
                let v = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(t, name, v, decl.len() == 1 && iface)?;
            } else {
                self.set_top_var(1, elem.clone(), iface);
            }
        }
        if decl.len() > 1 {
            if pipe.is_assign {
                self.set_var(t, t.name(decl[1].ident, 0), elem.clone(), iface)?;
            } else {
                self.set_top_var(2, index, false);
            }
        }
        let dot = Dot { value: elem, iface };
        let res = self.walk_list(t, &dot, r.list);
        self.vars.truncate(mark);
        Ok(res? == Flow::Break)
    }

    fn walk_template(
        &mut self,
        tree: &Tree,
        dot: &Dot,
        node: NodeId,
        tn: u32,
    ) -> Result<(), GoError> {
        let t = &tree.templates[tn as usize];
        self.at = At::Node(node);
        let call_site = self.origin(t.span.start, t.span.end);
        self.site = call_site;
        let Some(tmpl) = self.lookup(&t.name) else {
            return Err(self.errorf(format!("template {} not defined", go_quote(&t.name))));
        };
        if self.depth >= self.limits.max_template_depth {
            return Err(self.errorf(format!(
                "exceeded maximum template depth ({})",
                self.limits.max_template_depth
            )));
        }
        let data = match t.pipe {
            Some(p) => self.eval_pipeline(tree, dot, p)?,
            None => Value::Invalid,
        };
        let frame = self.frame_for(call_site, &tmpl.name);
        self.depth += 1;
        let r = self.in_scope(tmpl, data, frame, |ex, d| ex.walk_root(d));
        self.depth -= 1;
        r
    }

    pub(crate) fn push_var(&mut self, name: Span, value: Value) {
        self.vars.push(Var {
            name,
            value,
            iface: false,
        });
    }

    pub(crate) fn set_var(
        &mut self,
        t: &Tree,
        name: &str,
        value: Value,
        iface: bool,
    ) -> Result<(), GoError> {
        for v in self.vars[self.var_base..].iter_mut().rev() {
            if var_len(v.name) == name.len() && var_name(t, v.name) == name {
                v.value = value;
                v.iface = iface;
                return Ok(());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    fn set_top_var(&mut self, n: usize, value: Value, iface: bool) {
        let len = self.vars.len();
        if let Some(v) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
            v.value = value;
            v.iface = iface;
        }
    }

    pub(crate) fn var_value(&self, t: &Tree, name: &str) -> Result<(Value, bool), GoError> {
        for v in self.vars[self.var_base..].iter().rev() {
            if var_len(v.name) == name.len() && var_name(t, v.name) == name {
                return Ok((v.value.clone(), v.iface));
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    /// Go's `state.errorf`: `template: FILE:LINE:COL: executing "NAME" at <NODE>: msg`.
    pub(crate) fn errorf(&self, msg: String) -> GoError {
        self.error_with(msg, None)
    }

    /// Go's `state.errorf` with a `%w`-wrapped cause.
    pub(crate) fn error_with(&self, msg: String, cause: Option<GoError>) -> GoError {
        let name = &self.tmpl.name;
        let file = self.files.get(self.tmpl.file as usize);
        let full_msg = match cause.as_ref() {
            Some(c) => format!("{msg}{}", c.msg),
            None => msg,
        };
        let tree = &self.tmpl.tree;
        let (text, span) = match (self.at, file) {
            (At::None, _) | (_, None) => (format!("template: {name}: {full_msg}"), None),
            (at, Some(file)) => {
                let pos = at.pos(tree);
                let (line, col) = file.line_col(pos);
                (
                    format!(
                        "template: {}:{}:{}: executing {} at <{}>: {}",
                        file.name,
                        line,
                        col,
                        go_quote(name),
                        at.context(tree),
                        full_msg
                    ),
                    Some(ErrorSpan {
                        file: self.tmpl.file,
                        start: pos,
                        end: at.end(tree),
                    }),
                )
            }
        };
        GoError {
            msg: text,
            cause: cause.map(Box::new),
            exec: true,
            span,
        }
    }
}

impl Host for Exec<'_> {
    fn include(&mut self, name: &str, data: Value) -> Result<Str, GoError> {
        // Helm counts nested includes by name; a name without a template never
        // nests (its count is back to zero when the error returns).
        let Some(t) = self.lookup(name) else {
            return Err(GoError::new(format!(
                "template: no template {} associated with template {}",
                go_quote(name),
                go_quote(&self.set.root_name)
            )));
        };
        let id = self.callee_id(&t.name);
        if self.include_counts.len() <= id as usize {
            self.include_counts.resize(id as usize + 1, 0);
        }
        let count = self.include_counts[id as usize];
        if count > self.limits.max_include_depth {
            return Err(GoError::wrap(
                &format!("rendering template has a nested reference name: {name}: "),
                GoError::new("unable to execute template"),
            ));
        }
        self.include_counts[id as usize] = count + 1;
        let frame = self.frame_of(self.site, id);
        let r = self.run(t, data, frame);
        self.include_counts[id as usize] = count;
        let out = r?;
        Ok(Str::traced(out.text, Some(Rc::new(out.trace))))
    }

    fn tpl(&mut self, text: &str, data: Value) -> Result<Str, GoError> {
        let file = self.files.len() as u32;
        let name = self.set.root_name.clone();
        let source: Rc<str> = Rc::from(text);
        self.files.push(Rc::new(SourceFile {
            name: name.clone(),
            text: source.clone(),
        }));
        let trees = match parse_file(&name, &source, file, &self.set.funcs) {
            Ok(t) => t,
            Err(e) => {
                let prefix = format!("cannot parse template {}: ", go_quote(text));
                return Err(GoError::wrap(&prefix, e));
            }
        };
        let mut layer = HashMap::default();
        for t in trees {
            associate(&mut layer, t);
        }
        let main = layer.get(&name).cloned();
        self.overlays.push(layer);
        let r = match main {
            Some(t) => {
                let frame = self.frame_for(self.site, &t.name);
                self.run(t, data, frame)
            }
            None => Ok(OutBuf::default()),
        };
        self.overlays.pop();
        match r {
            Ok(mut out) => {
                out.remove_all("<no value>");
                Ok(Str::traced(out.text, Some(Rc::new(out.trace))))
            }
            Err(e) => {
                let prefix = format!(
                    "error during tpl function execution for {}: ",
                    go_quote(text)
                );
                Err(GoError::wrap(&prefix, e))
            }
        }
    }

    fn rng(&mut self) -> &mut u64 {
        &mut self.rng
    }
}
