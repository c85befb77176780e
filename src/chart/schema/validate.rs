//! The validator: a port of santhosh-tekuri/jsonschema v6.0.2's `validator.go`
//! semantics (keyword order, short circuits, error grouping, `unevaluated*`).
//!
//! The one deliberate difference: Go iterates maps (object members, dependency
//! tables, pattern properties) in random order, so Helm prints sibling errors in a
//! different order from run to run; here every such iteration is in key order.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::LazyLock;

use super::compile::{Additional, Dependency, Items, Schema, SchemaId};
use super::json::Json;
use super::kind::{Kind, VError};
use super::url::escape;

/// Validates `v` against node `root` of `nodes`; the top-level causes on failure.
pub fn validate(nodes: &[Schema], root: SchemaId, v: &Json) -> Result<(), Vec<VError>> {
    let scope = Rc::new(Scope {
        sch: root,
        ref_kw: None,
        vid: 0,
        parent: None,
    });
    let uneval = Uneval::from(v, node(nodes, root), false);
    let vd = Vd {
        nodes,
        v,
        vloc: Vec::new(),
        sch: root,
        scope,
        uneval,
        errors: Vec::new(),
        bool_result: false,
    };
    match vd.run() {
        Ok(_) => Ok(()),
        Err(e) if matches!(*e.kind, Kind::Group) => Err(e.causes),
        Err(e) => Err(vec![e]),
    }
}

/// Stands in for a node id that is out of range (never produced by the compiler).
static EMPTY: LazyLock<Schema> = LazyLock::new(|| Schema {
    boolean: Some(true),
    ..Schema::default()
});

fn node(nodes: &[Schema], id: SchemaId) -> &Schema {
    nodes.get(id).unwrap_or(&EMPTY)
}

struct Scope {
    sch: SchemaId,
    ref_kw: Option<&'static str>,
    vid: usize,
    parent: Option<Rc<Scope>>,
}

impl Scope {
    fn check_cycle(self: &Rc<Scope>) -> Option<Rc<Scope>> {
        let mut scp = self.parent.clone();
        while let Some(s) = scp {
            if s.vid != self.vid {
                break;
            }
            if s.sch == self.sch {
                return Some(s);
            }
            scp = s.parent.clone();
        }
        None
    }

    fn kw_loc(self: &Rc<Scope>, nodes: &[Schema]) -> String {
        let mut loc = String::new();
        let mut sc = self.clone();
        while let Some(parent) = sc.parent.clone() {
            let part = match sc.ref_kw {
                Some(kw) => format!("/{}", escape(kw)),
                None => {
                    let cur = &node(nodes, sc.sch).location;
                    let par = &node(nodes, parent.sch).location;
                    cur.get(par.len()..).unwrap_or("").to_string()
                }
            };
            loc = part + &loc;
            sc = parent;
        }
        loc
    }
}

#[derive(Default, Clone)]
struct Uneval {
    props: BTreeSet<String>,
    items: BTreeSet<usize>,
}

impl Uneval {
    fn from(v: &Json, s: &Schema, caller_needs: bool) -> Uneval {
        let mut u = Uneval::default();
        match v {
            Json::Obj(m)
                if !s.all_props_evaluated
                    && (caller_needs || s.unevaluated_properties.is_some()) =>
            {
                u.props = m.keys().cloned().collect();
            }
            Json::Arr(a)
                if !s.all_items_evaluated
                    && (caller_needs || s.unevaluated_items.is_some())
                    && s.num_items_evaluated < a.len() =>
            {
                u.items = (s.num_items_evaluated..a.len()).collect();
            }
            _ => {}
        }
        u
    }

    fn merge(&mut self, other: &Uneval) {
        self.props.retain(|k| other.props.contains(k));
        self.items.retain(|i| other.items.contains(i));
    }

    fn is_empty(&self) -> bool {
        self.props.is_empty() && self.items.is_empty()
    }
}

fn type_of(v: &Json) -> Option<&'static str> {
    Some(match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Num(_) => "number",
        Json::Str(_) => "string",
        Json::Arr(_) => "array",
        Json::Obj(_) => "object",
        Json::Invalid(_) => return None,
    })
}

/// santhosh-tekuri's `equals`; `Err` carries the Go type of a non-JSON value.
fn equals(a: &Json, b: &Json) -> Result<bool, String> {
    Ok(match (a, b) {
        (Json::Obj(x), Json::Obj(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => {
                        if !equals(va, vb)? {
                            return Ok(false);
                        }
                    }
                    None => return Ok(false),
                }
            }
            true
        }
        (Json::Arr(x), Json::Arr(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (va, vb) in x.iter().zip(y) {
                if !equals(va, vb)? {
                    return Ok(false);
                }
            }
            true
        }
        (Json::Invalid(t), _) => return Err(t.clone()),
        (Json::Null, Json::Null) => true,
        (Json::Bool(x), Json::Bool(y)) => x == y,
        (Json::Str(x), Json::Str(y)) => x == y,
        (Json::Num(x), Json::Num(y)) => x.dec == y.dec,
        _ => false,
    })
}

struct Vd<'a> {
    nodes: &'a [Schema],
    v: &'a Json,
    vloc: Vec<String>,
    sch: SchemaId,
    scope: Rc<Scope>,
    uneval: Uneval,
    errors: Vec<VError>,
    bool_result: bool,
}

type Outcome = Result<Uneval, VError>;

impl<'a> Vd<'a> {
    fn s(&self) -> &'a Schema {
        node(self.nodes, self.sch)
    }

    fn error(&self, kind: Kind) -> VError {
        if self.bool_result {
            return VError {
                instance: Vec::new(),
                kind: Box::new(Kind::Group),
                causes: Vec::new(),
            };
        }
        VError {
            instance: self.vloc.clone(),
            kind: Box::new(kind),
            causes: Vec::new(),
        }
    }

    fn add_error(&mut self, kind: Kind) {
        let e = self.error(kind);
        self.errors.push(e);
    }

    fn add_err(&mut self, r: Result<(), VError>) {
        if let Err(e) = r {
            self.errors.push(e);
        }
    }

    fn add_errors(&mut self, causes: Vec<VError>, kind: Kind) {
        let mut e = self.error(kind);
        e.causes = causes;
        self.errors.push(e);
    }

    fn run(self) -> Outcome {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.run_inner())
    }

    fn run_inner(mut self) -> Outcome {
        let s = self.s();
        if let Some(b) = s.boolean {
            return if b {
                Ok(self.uneval)
            } else {
                Err(self.error(Kind::FalseSchema))
            };
        }
        if let Some(other) = self.scope.check_cycle() {
            let k1 = self.scope.kw_loc(self.nodes);
            let k2 = other.kw_loc(self.nodes);
            return Err(self.error(Kind::RefCycle(s.location.clone(), k1, k2)));
        }
        let v = self.v;
        let Some(t) = type_of(v) else {
            let name = match v {
                Json::Invalid(n) => n.clone(),
                _ => String::new(),
            };
            return Err(self.error(Kind::InvalidJsonValue(name)));
        };
        if !s.types.is_empty() {
            let is_int = matches!(v, Json::Num(n) if n.dec.is_int());
            let matched = s.types.contains(&t) || (s.types.contains(&"integer") && is_int);
            if !matched {
                return Err(self.error(Kind::Type(t, s.types.clone())));
            }
        }
        if let Some(c) = &s.const_ {
            match equals(v, c) {
                Err(tn) => return Err(self.error(Kind::InvalidJsonValue(tn))),
                Ok(false) => return Err(self.error(Kind::Const(c.clone()))),
                Ok(true) => {}
            }
        }
        if let Some(list) = &s.enum_ {
            let mut matched = false;
            for item in list {
                match equals(v, item) {
                    Err(tn) => return Err(self.error(Kind::InvalidJsonValue(tn))),
                    Ok(true) => {
                        matched = true;
                        break;
                    }
                    Ok(false) => {}
                }
            }
            if !matched {
                return Err(self.error(Kind::Enum(list.clone())));
            }
        }
        if let (Some((name, check)), Json::Str(text)) = (&s.format, v) {
            if let Err(reason) = check(text) {
                return Err(self.error(Kind::Format(v.clone(), name.clone(), reason)));
            }
        }
        if let Some(r) = s.ref_ {
            let res = self.validate_ref(r, "$ref");
            if s.draft < 2019 {
                return res.map(|_| self.uneval);
            }
            self.add_err(res);
        }
        match v {
            Json::Obj(m) => self.obj_validate(m),
            Json::Arr(a) => self.arr_validate(a),
            Json::Str(st) => self.str_validate(st),
            Json::Num(n) => self.num_validate(&n.dec),
            _ => {}
        }
        if self.errors.is_empty() || !self.bool_result {
            if s.draft >= 2019 {
                if let Some(r) = s.recursive_ref {
                    let res = self.validate_ref(r, "$recursiveRef");
                    self.add_err(res);
                }
                if let Some(r) = s.dynamic_ref {
                    let res = self.validate_ref(r, "$dynamicRef");
                    self.add_err(res);
                }
            }
            self.cond_validate();
            if s.draft >= 2019 {
                self.uneval_validate();
            }
        }
        match self.errors.len() {
            0 => Ok(self.uneval),
            1 => Err(self.errors.remove(0)),
            _ => {
                let mut e = self.error(Kind::Group);
                e.causes = std::mem::take(&mut self.errors);
                Err(e)
            }
        }
    }

    fn find_missing(&self, obj: &BTreeMap<String, Json>, reqd: &[String]) -> Option<Vec<String>> {
        let missing: Vec<String> = reqd
            .iter()
            .filter(|p| !obj.contains_key(*p))
            .cloned()
            .collect();
        (!missing.is_empty()).then_some(missing)
    }

    fn obj_validate(&mut self, obj: &'a BTreeMap<String, Json>) {
        let s = self.s();
        let len = obj.len();
        if let Some(min) = s.min_properties {
            if (len as i64) < min {
                self.add_error(Kind::MinProperties(len, min));
            }
        }
        if let Some(max) = s.max_properties {
            if len as i64 > max {
                self.add_error(Kind::MaxProperties(len, max));
            }
        }
        if let Some(missing) = self.find_missing(obj, &s.required) {
            self.add_error(Kind::Required(missing));
        }
        if self.bool_result && !self.errors.is_empty() {
            return;
        }
        for (pname, dep) in &s.dependencies {
            if !obj.contains_key(pname) {
                continue;
            }
            match dep {
                Dependency::Props(reqd) => {
                    if let Some(missing) = self.find_missing(obj, reqd) {
                        self.add_error(Kind::DependentRequired(pname.clone(), missing));
                    }
                }
                Dependency::Schema(d) => {
                    let r = self.validate_self(*d, None, false);
                    self.add_err(r);
                }
            }
        }
        let mut additional = Vec::new();
        for (pname, pvalue) in obj {
            if self.bool_result && !self.errors.is_empty() {
                return;
            }
            let mut evaluated = false;
            if let Some(&p) = s.properties.get(pname) {
                evaluated = true;
                let r = self.validate_val(p, pvalue, pname);
                self.add_err(r);
            }
            for (re, p) in &s.pattern_properties {
                if re.is_match(pname) {
                    evaluated = true;
                    let r = self.validate_val(*p, pvalue, pname);
                    self.add_err(r);
                }
            }
            if !evaluated {
                match s.additional_properties {
                    Additional::None => {}
                    Additional::Bool(b) => {
                        evaluated = true;
                        if !b {
                            additional.push(pname.clone());
                        }
                    }
                    Additional::Schema(a) => {
                        evaluated = true;
                        let r = self.validate_val(a, pvalue, pname);
                        self.add_err(r);
                    }
                }
            }
            if evaluated {
                self.uneval.props.remove(pname);
            }
        }
        if !additional.is_empty() {
            self.add_error(Kind::AdditionalProperties(additional));
        }
        if s.draft == 4 {
            return;
        }
        if let Some(pn) = s.property_names {
            for pname in obj.keys() {
                let key = Json::Str(pname.clone());
                if let Err(mut e) = validate_fresh(self.nodes, pn, &key) {
                    // v6.0.2 leaves the instance location of the nested run empty.
                    e.instance = Vec::new();
                    e.kind = Box::new(Kind::PropertyNames(pname.clone()));
                    self.errors.push(e);
                }
            }
        }
        if s.draft == 6 {
            return;
        }
        for (pname, d) in &s.dependent_schemas {
            if obj.contains_key(pname) {
                let r = self.validate_self(*d, None, false);
                self.add_err(r);
            }
        }
        for (pname, reqd) in &s.dependent_required {
            if obj.contains_key(pname) {
                if let Some(missing) = self.find_missing(obj, reqd) {
                    self.add_error(Kind::DependentRequired(pname.clone(), missing));
                }
            }
        }
    }

    fn arr_validate(&mut self, arr: &'a [Json]) {
        let s = self.s();
        let len = arr.len();
        if let Some(min) = s.min_items {
            if (len as i64) < min {
                self.add_error(Kind::MinItems(len, min));
            }
        }
        if let Some(max) = s.max_items {
            if len as i64 > max {
                self.add_error(Kind::MaxItems(len, max));
            }
        }
        if s.unique_items && len > 1 {
            match duplicates(arr) {
                Err(tn) => self.add_error(Kind::InvalidJsonValue(tn)),
                Ok(Some((i, j))) => self.add_error(Kind::UniqueItems(i, j)),
                Ok(None) => {}
            }
        }
        if s.draft < 2020 {
            let mut evaluated = 0;
            match &s.items {
                Items::One(it) => {
                    for (i, item) in arr.iter().enumerate() {
                        let r = self.validate_val(*it, item, &i.to_string());
                        self.add_err(r);
                    }
                    evaluated = len;
                }
                Items::Many(list) => {
                    for (i, (item, it)) in arr.iter().zip(list).enumerate() {
                        let r = self.validate_val(*it, item, &i.to_string());
                        self.add_err(r);
                    }
                    evaluated = len.min(list.len());
                }
                Items::None => {}
            }
            match s.additional_items {
                Additional::Bool(false) if evaluated != len => {
                    self.add_error(Kind::AdditionalItems(len - evaluated));
                }
                Additional::Schema(a) => {
                    // v6.0.2 labels these items by their index after the tuple part.
                    for (i, item) in arr.iter().skip(evaluated).enumerate() {
                        let r = self.validate_val(a, item, &i.to_string());
                        self.add_err(r);
                    }
                }
                _ => {}
            }
        } else {
            let evaluated = s.prefix_items.len().min(len);
            for (i, (item, p)) in arr.iter().zip(&s.prefix_items).enumerate() {
                let r = self.validate_val(*p, item, &i.to_string());
                self.add_err(r);
            }
            if let Some(it) = s.items2020 {
                // v6.0.2 labels these items by their index after `prefixItems`.
                for (i, item) in arr.iter().skip(evaluated).enumerate() {
                    let r = self.validate_val(it, item, &i.to_string());
                    self.add_err(r);
                }
            }
        }
        if let Some(c) = s.contains {
            let mut errors = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in arr.iter().enumerate() {
                match self.validate_val(c, item, &i.to_string()) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched.push(i);
                        if s.draft >= 2020 {
                            self.uneval.items.remove(&i);
                        }
                    }
                }
            }
            if let Some(min) = s.min_contains {
                if (matched.len() as i64) < min {
                    self.add_errors(errors, Kind::MinContains(matched.clone(), min));
                }
            } else if matched.is_empty() {
                self.add_errors(errors, Kind::Contains);
            }
            if let Some(max) = s.max_contains {
                if matched.len() as i64 > max {
                    self.add_error(Kind::MaxContains(matched, max));
                }
            }
        }
    }

    fn str_validate(&mut self, st: &str) {
        let s = self.s();
        let n = st.chars().count();
        if let Some(min) = s.min_length {
            if (n as i64) < min {
                self.add_error(Kind::MinLength(n, min));
            }
        }
        if let Some(max) = s.max_length {
            if n as i64 > max {
                self.add_error(Kind::MaxLength(n, max));
            }
        }
        if let Some(re) = &s.pattern {
            if !re.is_match(st) {
                self.add_error(Kind::Pattern(st.to_string(), re.source.clone()));
            }
        }
    }

    fn num_validate(&mut self, n: &super::number::Decimal) {
        let s = self.s();
        let got = || n.clone();
        if let Some(m) = &s.minimum {
            if n < m {
                self.add_error(Kind::Minimum(got(), m.clone()));
            }
        }
        if let Some(m) = &s.maximum {
            if n > m {
                self.add_error(Kind::Maximum(got(), m.clone()));
            }
        }
        if let Some(m) = &s.exclusive_minimum {
            if n <= m {
                self.add_error(Kind::ExclusiveMinimum(got(), m.clone()));
            }
        }
        if let Some(m) = &s.exclusive_maximum {
            if n >= m {
                self.add_error(Kind::ExclusiveMaximum(got(), m.clone()));
            }
        }
        if let Some(m) = &s.multiple_of {
            if n.is_multiple_of(m) != Some(true) {
                self.add_error(Kind::MultipleOf(got(), m.clone()));
            }
        }
    }

    fn cond_validate(&mut self) {
        let s = self.s();
        if let Some(not) = s.not {
            if self.validate_self(not, None, true).is_ok() {
                self.add_error(Kind::Not);
            }
        }
        if !s.all_of.is_empty() {
            let mut errors = Vec::new();
            for &sub in &s.all_of {
                if let Err(e) = self.validate_self(sub, None, false) {
                    errors.push(e);
                    if self.bool_result {
                        break;
                    }
                }
            }
            if !errors.is_empty() {
                self.add_errors(errors, Kind::AllOf);
            }
        }
        if !s.any_of.is_empty() {
            let mut matched = false;
            let mut errors = Vec::new();
            for &sub in &s.any_of {
                match self.validate_self(sub, None, false) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched = true;
                        if self.uneval.is_empty() {
                            break;
                        }
                    }
                }
            }
            if !matched {
                self.add_errors(errors, Kind::AnyOf);
            }
        }
        if !s.one_of.is_empty() {
            let mut matched: Option<usize> = None;
            let mut errors = Vec::new();
            for (i, &sub) in s.one_of.iter().enumerate() {
                match self.validate_self(sub, None, matched.is_some()) {
                    Err(e) => {
                        if matched.is_none() {
                            errors.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            self.add_error(Kind::OneOf(Some((first, i))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                self.add_errors(errors, Kind::OneOf(None));
            }
        }
        if let Some(cond) = s.if_ {
            if self.validate_self(cond, None, true).is_ok() {
                if let Some(t) = s.then {
                    let r = self.validate_self(t, None, false);
                    self.add_err(r);
                }
            } else if let Some(e) = s.else_ {
                let r = self.validate_self(e, None, false);
                self.add_err(r);
            }
        }
    }

    fn uneval_validate(&mut self) {
        let s = self.s();
        if let (Json::Obj(obj), Some(up)) = (self.v, s.unevaluated_properties) {
            let props = std::mem::take(&mut self.uneval.props);
            for pname in props {
                if let Some(pv) = obj.get(&pname) {
                    let r = self.validate_val(up, pv, &pname);
                    self.add_err(r);
                }
            }
        }
        if let (Json::Arr(arr), Some(ui)) = (self.v, s.unevaluated_items) {
            let items = std::mem::take(&mut self.uneval.items);
            for i in items {
                if let Some(item) = arr.get(i) {
                    let r = self.validate_val(ui, item, &i.to_string());
                    self.add_err(r);
                }
            }
        }
    }

    fn validate_self(
        &mut self,
        sch: SchemaId,
        ref_kw: Option<&'static str>,
        bool_result: bool,
    ) -> Result<(), VError> {
        let scope = Rc::new(Scope {
            sch,
            ref_kw,
            vid: self.scope.vid,
            parent: Some(self.scope.clone()),
        });
        let uneval = Uneval::from(self.v, node(self.nodes, sch), !self.uneval.is_empty());
        let sub = Vd {
            nodes: self.nodes,
            v: self.v,
            vloc: self.vloc.clone(),
            sch,
            scope,
            uneval,
            errors: Vec::new(),
            bool_result: self.bool_result || bool_result,
        };
        let u = sub.run()?;
        self.uneval.merge(&u);
        Ok(())
    }

    fn validate_val(&self, sch: SchemaId, v: &'a Json, tok: &str) -> Result<(), VError> {
        let mut vloc = self.vloc.clone();
        vloc.push(tok.to_string());
        let scope = Rc::new(Scope {
            sch,
            ref_kw: None,
            vid: self.scope.vid + 1,
            parent: Some(self.scope.clone()),
        });
        let sub = Vd {
            nodes: self.nodes,
            v,
            vloc,
            sch,
            scope,
            uneval: Uneval::from(v, node(self.nodes, sch), false),
            errors: Vec::new(),
            bool_result: self.bool_result,
        };
        sub.run().map(|_| ())
    }

    fn validate_ref(&mut self, sch: SchemaId, kw: &'static str) -> Result<(), VError> {
        match self.validate_self(sch, Some(kw), false) {
            Ok(()) => Ok(()),
            Err(e) => {
                let mut r = self.error(Kind::Reference);
                if matches!(*e.kind, Kind::Group) {
                    r.causes = e.causes;
                } else {
                    r.causes.push(e);
                }
                Err(r)
            }
        }
    }
}

/// A fresh top-level run (what `propertyNames` does in santhosh-tekuri).
fn validate_fresh(nodes: &[Schema], sch: SchemaId, v: &Json) -> Result<(), VError> {
    validate(nodes, sch, v).map_err(|causes| VError {
        instance: Vec::new(),
        kind: Box::new(Kind::Group),
        causes,
    })
}

fn duplicates(arr: &[Json]) -> Result<Option<(usize, usize)>, String> {
    for i in 1..arr.len() {
        for j in 0..i {
            if equals(&arr[i], &arr[j])? {
                return Ok(Some((j, i)));
            }
        }
    }
    Ok(None)
}
