//! Evaluation of pipelines, commands, field chains, function calls and arguments,
//! with Go's type checks, conversions and error texts.

use std::rc::Rc;

use super::ast::{Arg, ArgId, CmdId, Node, NodeId, PipeId, Range, Span, Tree, VariableNode};
use super::error::GoError;
use super::exec::{Dot, Exec};
use super::func::{Func, Host, Sig, Special, Ty};
use super::lex::go_quote;
use super::set::MissingKey;
use super::value::{Entries, FloatKind, IntKind, Map, MapType, Object, UintKind, Value};

/// The node Go's executor is "at", for error locations and contexts: an index in
/// the current template's [`Tree`].
#[derive(Clone, Copy, Debug, Default)]
pub enum At {
    /// No node yet.
    #[default]
    None,
    /// A statement node.
    Node(NodeId),
    /// A pipeline.
    Pipe(PipeId),
    /// A command.
    Cmd(CmdId),
    /// An operand.
    Arg(ArgId),
}

impl At {
    /// Go's position of the node.
    pub fn pos(self, t: &Tree) -> u32 {
        match self {
            At::None => 0,
            At::Node(n) => t.node_pos(n),
            At::Pipe(p) => t.pipe(p).pos,
            At::Cmd(c) => t.cmd(c).pos,
            At::Arg(a) => t.arg_pos(a),
        }
    }

    /// End of the node's span, for diagnostics.
    pub fn end(self, t: &Tree) -> u32 {
        let span: Span = match self {
            At::None => return 0,
            At::Node(n) => match &t.nodes[n as usize] {
                Node::Text(s) | Node::Comment(s) | Node::Break(s) | Node::Continue(s) => *s,
                Node::Action(a) => a.span,
                Node::If(b) | Node::Range(b) | Node::With(b) => t.pipe(t.branch(*b).pipe).span,
                Node::Template(tn) => t.templates[*tn as usize].span,
            },
            At::Pipe(p) => t.pipe(p).span,
            At::Cmd(c) => t.cmd(c).span,
            At::Arg(a) => return t.arg_pos(a) + t.arg_string(a).len() as u32,
        };
        span.end.max(self.pos(t))
    }

    /// Go's `String()` of the node.
    pub fn context(self, t: &Tree) -> String {
        match self {
            At::None => String::new(),
            At::Node(n) => t.node_string(n),
            At::Pipe(p) => t.pipe_string(p),
            At::Cmd(c) => t.cmd_string(c),
            At::Arg(a) => t.arg_string(a),
        }
    }
}

/// What a call resolves to.
enum Callee {
    Func(Func),
    Method(Rc<dyn Object>, Sig),
    ValuesMethod(Map, &'static str, Sig),
}

impl Callee {
    fn sig(&self) -> Sig {
        match self {
            Callee::Func(f) => f.sig,
            Callee::Method(_, s) | Callee::ValuesMethod(_, _, s) => *s,
        }
    }
}

/// The methods of Helm's `Values` type that shadow keys of the same name.
fn values_method(name: &str) -> Option<(&'static str, Sig)> {
    if !matches!(
        name.as_bytes().first(),
        Some(b'A' | b'Y' | b'T' | b'P' | b'E')
    ) {
        return None;
    }
    const NONE: Sig = Sig::fixed(&[]);
    const STR: Sig = Sig::fixed(&[Ty::String]);
    match name {
        "AsMap" => Some(("AsMap", NONE)),
        "YAML" => Some(("YAML", NONE)),
        "Table" => Some(("Table", STR)),
        "PathValue" => Some(("PathValue", STR)),
        "Encode" => Some(("Encode", Sig::fixed(&[Ty::Named("io.Writer")]))),
        _ => None,
    }
}

impl Exec<'_> {
    /// Evaluates a pipeline; a nil interface result becomes invalid, as in Go.
    pub(crate) fn eval_pipeline(
        &mut self,
        t: &Tree,
        dot: &Dot,
        pipe: PipeId,
    ) -> Result<Value, GoError> {
        self.at = At::Pipe(pipe);
        let p = *t.pipe(pipe);
        let mut value: Option<Value> = None;
        for &cmd in t.list(p.cmds) {
            let mut v = self.eval_command(t, dot, cmd, value.take())?;
            if matches!(v, Value::Nil) {
                v = Value::Invalid;
            }
            value = Some(v);
        }
        let value = value.unwrap_or(Value::Invalid);
        for var in &t.vars[p.decl.indices()] {
            if p.is_assign {
                self.set_var(t, t.name(var.ident, 0), value.clone(), false)?;
            } else {
                self.push_var(t.names[var.ident.start as usize], value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, t: &Tree, args: &[ArgId], fin: &Option<Value>) -> Result<(), GoError> {
        if args.len() > 1 || fin.is_some() {
            return Err(self.errorf(format!(
                "can't give argument to non-function {}",
                t.arg_string(args[0])
            )));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        t: &Tree,
        dot: &Dot,
        cmd: CmdId,
        fin: Option<Value>,
    ) -> Result<Value, GoError> {
        let args = t.list(t.cmd(cmd).args);
        let first = args[0];
        match *t.arg(first) {
            Arg::Field { ident, .. } => {
                self.at = At::Arg(first);
                let (recv, iface) = (dot.value.clone(), dot.iface);
                return self
                    .eval_field_chain(t, dot, recv, iface, first, ident, args, fin)
                    .map(|v| v.0);
            }
            Arg::Chain { node, fields, .. } => {
                return self
                    .eval_chain(t, dot, first, node, fields, args, fin)
                    .map(|v| v.0)
            }
            Arg::Identifier { span, func, .. } => {
                let name = t.text(span);
                return self.eval_function(t, dot, first, (name, func), At::Cmd(cmd), args, fin);
            }
            Arg::Pipe(p) => {
                self.not_a_function(t, args, &fin)?;
                return self.eval_pipeline(t, dot, p);
            }
            Arg::Variable(v) => {
                return self
                    .eval_variable(t, dot, first, &v, args, fin)
                    .map(|v| v.0)
            }
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(t, args, &fin)?;
        match *t.arg(first) {
            Arg::Bool { val, .. } => Ok(Value::Bool(val)),
            Arg::Dot { .. } => Ok(dot.value.clone()),
            Arg::Nil { .. } => Err(self.errorf("nil is not a command".into())),
            Arg::Number(n) => self.ideal_constant(t, first, n),
            Arg::String { text, .. } => Ok(Value::str(t.strings[text as usize].clone())),
            _ => Err(self.errorf(format!(
                "can't evaluate command {}",
                go_quote(&t.arg_string(first))
            ))),
        }
    }

    fn ideal_constant(&mut self, tree: &Tree, arg: ArgId, n: u32) -> Result<Value, GoError> {
        self.at = At::Arg(arg);
        let n = &tree.numbers[n as usize];
        let t = tree.text(n.span);
        let is_hex_int = t.len() > 2
            && t.starts_with('0')
            && matches!(t.as_bytes()[1], b'x' | b'X')
            && !t.contains(['p', 'P']);
        let is_rune = t.starts_with('\'');
        if n.is_complex {
            return Ok(Value::Complex(n.complex.0, n.complex.1));
        }
        if n.is_float && !is_hex_int && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Value::Float(n.float64, FloatKind::F64));
        }
        if n.is_int {
            return Ok(Value::Int(n.int64, IntKind::Int));
        }
        if n.is_uint {
            return Err(self.errorf(format!("{t} overflows int")));
        }
        Ok(Value::Invalid)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_variable(
        &mut self,
        t: &Tree,
        dot: &Dot,
        arg: ArgId,
        v: &VariableNode,
        args: &[ArgId],
        fin: Option<Value>,
    ) -> Result<(Value, bool), GoError> {
        self.at = At::Arg(arg);
        let (value, iface) = self.var_value(t, t.name(v.ident, 0))?;
        if v.ident.len == 1 {
            if !args.is_empty() {
                self.not_a_function(t, args, &fin)?;
            }
            return Ok((value, iface));
        }
        let fields = Range {
            start: v.ident.start + 1,
            len: v.ident.len - 1,
        };
        self.eval_field_chain(t, dot, value, iface, arg, fields, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_chain(
        &mut self,
        t: &Tree,
        dot: &Dot,
        arg: ArgId,
        base: ArgId,
        fields: Range,
        args: &[ArgId],
        fin: Option<Value>,
    ) -> Result<(Value, bool), GoError> {
        self.at = At::Arg(arg);
        if let Arg::Nil { .. } = t.arg(base) {
            return Err(self.errorf(format!(
                "indirection through explicit nil in {}",
                t.arg_string(arg)
            )));
        }
        let recv = self.eval_arg(t, dot, Ty::Reflect, base)?;
        self.eval_field_chain(t, dot, recv, false, arg, fields, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        t: &Tree,
        dot: &Dot,
        mut recv: Value,
        mut iface: bool,
        node: ArgId,
        ident: Range,
        args: &[ArgId],
        fin: Option<Value>,
    ) -> Result<(Value, bool), GoError> {
        let n = ident.len as usize;
        let plain_last = args.len() <= 1 && fin.is_none();
        // Keys of plain maps are followed by reference first (no copy of the maps
        // passed through); the loop takes over where that stops.
        let keys = if plain_last { n } else { n - 1 };
        let mut from = 0;
        if keys > 0 {
            if let Some((v, i, k)) = self.follow_keys(&recv, t, ident, 0, keys) {
                (recv, iface, from) = (v, i, k);
            }
        }
        for i in from..n {
            let name = t.name(ident, i);
            if i + 1 < n || plain_last {
                if let Some(next) = self.map_key(&recv, name) {
                    (recv, iface) = next;
                    continue;
                }
            }
            if i + 1 == n {
                return self.eval_field(t, dot, name, node, args, fin, recv, iface);
            }
            (recv, iface) = self.eval_field(t, dot, name, node, &[], None, recv, iface)?;
        }
        Ok((recv, iface))
    }

    /// [`Exec::map_key`] for names `i..keys` of `ident` in turn, from `recv`, as
    /// far as it goes, by reference: the value reached, whether it is an
    /// interface, and the number of names used; `None` when the first one fails.
    fn follow_keys(
        &self,
        recv: &Value,
        t: &Tree,
        ident: Range,
        i: usize,
        keys: usize,
    ) -> Option<(Value, bool, usize)> {
        let Value::Map(m) = recv else {
            return None;
        };
        let name = t.name(ident, i);
        match m.ty {
            MapType::Any => {}
            MapType::Values if values_method(name).is_none() => {}
            _ => return None,
        }
        let entries = m.entries.borrow();
        match entries.get(name) {
            Some(v) => {
                if i + 1 < keys {
                    if let Some(r) = self.follow_keys(v, t, ident, i + 1, keys) {
                        return Some(r);
                    }
                }
                Some((v.clone(), true, i + 1))
            }
            None => match self.set.missing_key {
                MissingKey::Zero => Some((Value::Nil, true, i + 1)),
                MissingKey::Invalid => Some((Value::Invalid, false, i + 1)),
                MissingKey::Error => None,
            },
        }
    }

    /// [`Exec::eval_field`] of a key of a `map[string]interface{}` (or Helm's
    /// `Values`) without arguments, the common case, when no method has the name
    /// and a missing key is not an error; `None` leaves the general path to it.
    #[inline]
    fn map_key(&self, recv: &Value, name: &str) -> Option<(Value, bool)> {
        let Value::Map(m) = recv else {
            return None;
        };
        match m.ty {
            MapType::Any => {}
            MapType::Values if values_method(name).is_none() => {}
            _ => return None,
        }
        match m.get(name) {
            Some(v) => Some((v, true)),
            None => match self.set.missing_key {
                MissingKey::Zero => Some((Value::Nil, true)),
                MissingKey::Invalid => Some((Value::Invalid, false)),
                MissingKey::Error => None,
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        t: &Tree,
        dot: &Dot,
        name: &str,
        node: ArgId,
        args: &[ArgId],
        fin: Option<Value>,
        recv: Value,
        iface: bool,
    ) -> Result<(Value, bool), GoError> {
        if recv.is_invalid() {
            if self.set.missing_key == MissingKey::Error {
                return Err(self.errorf(format!("nil data; no entry for key {}", go_quote(name))));
            }
            return Ok((Value::Invalid, false));
        }
        let typ = || {
            if iface {
                "interface {}".to_string()
            } else {
                recv.type_name()
            }
        };
        if let Value::Nil = recv {
            return Err(self.errorf(format!("nil pointer evaluating {}.{name}", typ())));
        }
        // Methods win over fields and keys.
        let callee = match &recv {
            Value::Object(o) => o.method(name).map(|sig| Callee::Method(o.clone(), sig)),
            Value::Map(m) if m.ty == MapType::Values => {
                values_method(name).map(|(n, sig)| Callee::ValuesMethod(m.clone(), n, sig))
            }
            Value::Map(m) if m.ty == MapType::Files => {
                super::files::method(name).map(|(n, sig)| Callee::ValuesMethod(m.clone(), n, sig))
            }
            _ => None,
        };
        if let Some(callee) = callee {
            let v = self.eval_call(t, dot, callee, At::Arg(node), name, args, fin)?;
            return Ok((v, false));
        }
        let has_args = args.len() > 1 || fin.is_some();
        match &recv {
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                let elem_iface = matches!(m.ty, MapType::Any | MapType::Values);
                match m.get(name) {
                    Some(v) => Ok((v, elem_iface)),
                    None => match self.set.missing_key {
                        MissingKey::Invalid => Ok((Value::Invalid, false)),
                        MissingKey::Zero => Ok((m.zero_elem(), elem_iface)),
                        MissingKey::Error => {
                            Err(self.errorf(format!("map has no entry for key {}", go_quote(name))))
                        }
                    },
                }
            }
            Value::Object(o) => match o.field(name) {
                Some(v) => {
                    if has_args {
                        return Err(self.errorf(format!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    Ok((v, false))
                }
                None => Err(self.errorf(format!("can't evaluate field {name} in type {}", typ()))),
            },
            _ => Err(self.errorf(format!("can't evaluate field {name} in type {}", typ()))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_function(
        &mut self,
        t: &Tree,
        dot: &Dot,
        ident: ArgId,
        (name, id): (&str, u32),
        node: At,
        args: &[ArgId],
        fin: Option<Value>,
    ) -> Result<Value, GoError> {
        self.at = At::Arg(ident);
        // The parser recorded the function's id; a tree parsed with another map
        // looks the name up.
        let funcs = &self.set.funcs;
        let f = if t.funcs == funcs.serial() {
            funcs.by_id(id)
        } else {
            funcs.get(name)
        };
        let Some(f) = f.copied() else {
            return Err(self.errorf(format!("{} is not a defined function", go_quote(name))));
        };
        self.eval_call(t, dot, Callee::Func(f), node, name, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        t: &Tree,
        dot: &Dot,
        callee: Callee,
        node: At,
        name: &str,
        args: &[ArgId],
        fin: Option<Value>,
    ) -> Result<Value, GoError> {
        let args = if args.is_empty() { args } else { &args[1..] };
        let sig = callee.sig();
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = sig.params.len();
        if sig.variadic.is_some() {
            if num_in < num_fixed {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                )));
            }
        } else if num_in != num_fixed {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want {num_fixed} got {num_in}"
            )));
        }
        if let Callee::Func(f) = &callee {
            if matches!(f.special, Special::And | Special::Or) {
                let is_or = f.special == Special::Or;
                let mut v = Value::Invalid;
                for &a in args {
                    v = self.eval_arg(t, dot, Ty::Reflect, a)?;
                    if v.truthy() == is_or {
                        return Ok(v);
                    }
                }
                if let Some(fv) = fin {
                    v = self.validate_type(fv, Ty::Reflect)?;
                }
                return Ok(v);
            }
        }
        let mut argv = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(t, dot, sig.params[i], args[i])?);
            i += 1;
        }
        if let Some(elem) = sig.variadic {
            while i < args.len() {
                argv.push(self.eval_arg(t, dot, elem, args[i])?);
                i += 1;
            }
        }
        if let Some(fv) = fin {
            let ty = match sig.variadic {
                Some(elem) => {
                    if num_in - 1 < num_fixed {
                        sig.params[num_in - 1]
                    } else {
                        elem
                    }
                }
                None => sig.params[num_fixed - 1],
            };
            argv.push(self.validate_type(fv, ty)?);
        }
        let result = match callee {
            Callee::Func(f) => {
                if f.special == Special::Call {
                    self.call_builtin(t, args, argv)
                } else {
                    (f.imp)(self as &mut dyn Host, argv)
                }
            }
            Callee::Method(o, _) => o.call_method(name, argv),
            Callee::ValuesMethod(m, method, _) => values_call(&m, method, argv),
        };
        let result = result.map_err(|e| {
            self.at = node;
            let prefix = format!("error calling {name}: ");
            self.error_with(prefix, Some(e))
        })?;
        if let Value::String(s) = &result {
            self.work += s.len() as u64;
            if self.work > self.limits.max_work {
                self.at = node;
                return Err(self.errorf(format!(
                    "template evaluation exceeds the work limit of {} bytes of computed strings",
                    self.limits.max_work
                )));
            }
        }
        Ok(result)
    }

    /// Go's `call`: templates here hold no function values, so every call reports
    /// Go's error for its argument.
    fn call_builtin(
        &mut self,
        t: &Tree,
        args: &[ArgId],
        argv: Vec<Value>,
    ) -> Result<Value, GoError> {
        let name = match (args.first(), argv.first()) {
            (Some(&a), _) => t.arg_string(a),
            (None, Some(Value::String(s))) => s.to_string(),
            (None, Some(v)) => format!("<{} Value>", v.type_name()),
            (None, None) => String::new(),
        };
        match argv.first() {
            None | Some(Value::Invalid) | Some(Value::Nil) => Err(GoError::new("call of nil")),
            Some(v) => Err(GoError::new(format!(
                "non-function {name} of type {}",
                v.type_name()
            ))),
        }
    }

    /// Go's `validateType`: checks that `value` can be passed as `ty`.
    pub(crate) fn validate_type(&self, value: Value, ty: Ty) -> Result<Value, GoError> {
        if value.is_invalid() {
            return match ty {
                Ty::Reflect => Ok(Value::Invalid),
                Ty::Any => Ok(Value::Nil),
                Ty::MapAny => Ok(Value::Map(Map::new(MapType::Any, Entries::new()))),
                Ty::SliceAny => Ok(Value::list(Vec::new())),
                t if t.can_be_nil() => Ok(Value::Nil),
                t => Err(self.errorf(format!("invalid value; expected {}", t.go_name()))),
            };
        }
        let ok = match (ty, &value) {
            (Ty::Reflect | Ty::Any, _) => true,
            (Ty::String, Value::String(_)) => true,
            (Ty::Int, Value::Int(_, IntKind::Int)) => true,
            (Ty::Int64, Value::Int(_, IntKind::I64)) => true,
            (Ty::Uint32, Value::Uint(_, UintKind::U32)) => true,
            (Ty::Float64, Value::Float(_, FloatKind::F64)) => true,
            (Ty::Bool, Value::Bool(_)) => true,
            (Ty::MapAny, Value::Map(m)) => matches!(m.ty, MapType::Any | MapType::Values),
            (Ty::SliceAny, Value::List(l)) => l.ty == super::value::ListType::Any,
            (Ty::Named(n), Value::Object(o)) => o.type_name() == n,
            _ => false,
        };
        if ok {
            return Ok(value);
        }
        let got = if matches!(value, Value::Nil) {
            "interface {}".to_string()
        } else {
            value.type_name()
        };
        Err(self.errorf(format!(
            "wrong type for value; expected {}; got {got}",
            ty.go_name()
        )))
    }

    /// Go's `evalArg`: evaluates an operand for a parameter of type `ty`.
    pub(crate) fn eval_arg(
        &mut self,
        t: &Tree,
        dot: &Dot,
        ty: Ty,
        arg: ArgId,
    ) -> Result<Value, GoError> {
        self.at = At::Arg(arg);
        let v = match *t.arg(arg) {
            Arg::Dot { .. } => dot.value.clone(),
            Arg::Nil { .. } => {
                if ty == Ty::Reflect || ty.can_be_nil() {
                    return self.validate_type(Value::Invalid, ty);
                }
                return Err(self.errorf(format!("cannot assign nil to {}", ty.go_name())));
            }
            Arg::Field { ident, .. } => {
                let one = std::slice::from_ref(&arg);
                let recv = dot.value.clone();
                self.eval_field_chain(t, dot, recv, dot.iface, arg, ident, one, None)?
                    .0
            }
            Arg::Variable(v) => self.eval_variable(t, dot, arg, &v, &[], None)?.0,
            Arg::Pipe(p) => self.eval_pipeline(t, dot, p)?,
            Arg::Identifier { span, func, .. } => {
                let name = t.text(span);
                self.eval_function(t, dot, arg, (name, func), At::Arg(arg), &[], None)?
            }
            Arg::Chain { node, fields, .. } => {
                self.eval_chain(t, dot, arg, node, fields, &[], None)?.0
            }
            _ => return self.eval_literal(t, dot, ty, arg),
        };
        self.validate_type(v, ty)
    }

    fn eval_literal(&mut self, t: &Tree, dot: &Dot, ty: Ty, arg: ArgId) -> Result<Value, GoError> {
        let found = || t.arg_string(arg);
        let a = *t.arg(arg);
        let number = |n: u32| &t.numbers[n as usize];
        match ty {
            Ty::Bool => match a {
                Arg::Bool { val, .. } => Ok(Value::Bool(val)),
                _ => Err(self.errorf(format!("expected bool; found {}", found()))),
            },
            Ty::Float64 => match a {
                Arg::Number(n) if number(n).is_float => {
                    Ok(Value::Float(number(n).float64, FloatKind::F64))
                }
                _ => Err(self.errorf(format!("expected float; found {}", found()))),
            },
            Ty::Int | Ty::Int64 => match a {
                Arg::Number(n) if number(n).is_int => Ok(Value::Int(
                    number(n).int64,
                    if ty == Ty::Int {
                        IntKind::Int
                    } else {
                        IntKind::I64
                    },
                )),
                _ => Err(self.errorf(format!("expected integer; found {}", found()))),
            },
            Ty::Uint32 => match a {
                Arg::Number(n) if number(n).is_uint => {
                    Ok(Value::Uint(number(n).uint64 as u32 as u64, UintKind::U32))
                }
                _ => Err(self.errorf(format!("expected unsigned integer; found {}", found()))),
            },
            Ty::String => match a {
                Arg::String { text, .. } => Ok(Value::str(t.strings[text as usize].clone())),
                _ => Err(self.errorf(format!("expected string; found {}", found()))),
            },
            Ty::Any | Ty::Reflect => self.eval_empty_interface(t, dot, arg),
            _ => Err(self.errorf(format!(
                "can't handle {} for arg of type {}",
                found(),
                ty.go_name()
            ))),
        }
    }

    fn eval_empty_interface(&mut self, t: &Tree, dot: &Dot, arg: ArgId) -> Result<Value, GoError> {
        match *t.arg(arg) {
            Arg::Bool { val, .. } => Ok(Value::Bool(val)),
            Arg::Number(n) => self.ideal_constant(t, arg, n),
            Arg::String { text, .. } => Ok(Value::str(t.strings[text as usize].clone())),
            Arg::Dot { .. } => Ok(dot.value.clone()),
            _ => Err(self.errorf(format!(
                "can't handle assignment of {} to empty interface argument",
                t.arg_string(arg)
            ))),
        }
    }
}

/// Calls a method of Helm's `Values` type.
fn values_call(m: &Map, method: &str, args: Vec<Value>) -> Result<Value, GoError> {
    if m.ty == MapType::Files {
        return super::files::call(m, method, args);
    }
    match method {
        "AsMap" => Ok(Value::Map(Map {
            ty: MapType::Any,
            entries: m.entries.clone(),
        })),
        "Table" | "PathValue" => {
            let path = args.first().and_then(|v| v.as_str()).unwrap_or_default();
            values_path(m, path, method == "Table")
        }
        "YAML" => crate::funcs::encode::to_yaml(&Value::Map(m.clone())).map(Value::from),
        _ => Err(GoError::new(format!(
            "method {method} cannot be called from a template"
        ))),
    }
}

/// Helm's `Values.Table`: the sub-table at a dotted path.
fn values_table(m: &Map, path: &str) -> Result<Map, GoError> {
    let mut table = m.clone();
    for key in path.split('.') {
        let next = match table.get(key) {
            Some(Value::Map(sub)) if sub.ty != MapType::StrStr => sub,
            _ => return Err(GoError::new(format!("{} is not a table", go_quote(key)))),
        };
        table = Map {
            ty: MapType::Values,
            entries: next.entries,
        };
    }
    Ok(table)
}

/// `Values.Table` / `Values.PathValue`.
fn values_path(m: &Map, path: &str, table: bool) -> Result<Value, GoError> {
    if table {
        return values_table(m, path).map(Value::Map);
    }
    if path.is_empty() {
        return Err(GoError::new("YAML path cannot be empty"));
    }
    let (prefix, key) = match path.rsplit_once('.') {
        Some((p, k)) => (Some(p), k),
        None => (None, path),
    };
    let no_value = || GoError::new(format!("{} is not a value", go_quote(key)));
    let t = match prefix {
        Some(p) => values_table(m, p).map_err(|_| no_value())?,
        None => m.clone(),
    };
    match t.get(key) {
        Some(Value::Map(_)) | None => Err(no_value()),
        Some(v) => Ok(v),
    }
}
