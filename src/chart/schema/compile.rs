//! Compiling a schema document into a graph of [`Schema`] nodes, as
//! santhosh-tekuri/jsonschema's compiler reads keywords for each draft.
//!
//! Helm adds the chart's schema as `file:///values.schema.json`. `$ref`s resolve
//! against the enclosing `$id`; `file:` documents are read from disk, `urn:`
//! documents are the permissive `true` schema (Helm's unresolved-URN fallback), and
//! `http(s):` documents are never fetched: they fail with a clear message where Helm
//! would download them.

use std::collections::{BTreeMap, HashMap};

use super::format::{self, FormatFn};
use super::json::{self, Json};
use super::number::Decimal;
use super::regex::GoRegex;
use super::url::{encode, escape, path_unescape, resolve, scheme, split, unescape};

/// Index of a node in [`Compiled::nodes`].
pub type SchemaId = usize;

/// `additionalProperties` / `additionalItems`.
#[derive(Clone, Debug, Default)]
pub enum Additional {
    /// Absent.
    #[default]
    None,
    /// A boolean.
    Bool(bool),
    /// A schema.
    Schema(SchemaId),
}

/// Draft < 2020 `items`.
#[derive(Clone, Debug, Default)]
pub enum Items {
    /// Absent.
    #[default]
    None,
    /// One schema for every item.
    One(SchemaId),
    /// Positional schemas (tuple form).
    Many(Vec<SchemaId>),
}

/// A draft-4 `dependencies` entry.
#[derive(Clone, Debug)]
pub enum Dependency {
    /// Required property names.
    Props(Vec<String>),
    /// A schema the whole object must satisfy.
    Schema(SchemaId),
}

/// One compiled schema (santhosh-tekuri's `Schema`).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Absolute location, `url#pointer`.
    pub location: String,
    /// 4, 6, 7, 2019 or 2020.
    pub draft: u32,
    /// Set for `true`/`false` (and `{}`, which compiles to `true`).
    pub boolean: Option<bool>,
    /// `type`, in santhosh-tekuri's canonical order.
    pub types: Vec<&'static str>,
    /// `const`.
    pub const_: Option<Json>,
    /// `enum`.
    pub enum_: Option<Vec<Json>>,
    /// Asserted `format` (drafts before 2019-09 only).
    pub format: Option<(String, FormatFn)>,
    /// `$ref`.
    pub ref_: Option<SchemaId>,
    /// `$recursiveRef` (resolved statically).
    pub recursive_ref: Option<SchemaId>,
    /// `$dynamicRef` (resolved statically).
    pub dynamic_ref: Option<SchemaId>,
    /// `allOf`.
    pub all_of: Vec<SchemaId>,
    /// `anyOf`.
    pub any_of: Vec<SchemaId>,
    /// `oneOf`.
    pub one_of: Vec<SchemaId>,
    /// `not`.
    pub not: Option<SchemaId>,
    /// `items` before 2020-12.
    pub items: Items,
    /// `additionalItems`.
    pub additional_items: Additional,
    /// `prefixItems`.
    pub prefix_items: Vec<SchemaId>,
    /// 2020-12 `items`.
    pub items2020: Option<SchemaId>,
    /// `properties`.
    pub properties: BTreeMap<String, SchemaId>,
    /// `patternProperties`, ordered by pattern text.
    pub pattern_properties: Vec<(GoRegex, SchemaId)>,
    /// `additionalProperties`.
    pub additional_properties: Additional,
    /// `dependencies`.
    pub dependencies: BTreeMap<String, Dependency>,
    /// `multipleOf`.
    pub multiple_of: Option<Decimal>,
    /// `maximum`.
    pub maximum: Option<Decimal>,
    /// `exclusiveMaximum` (draft-4 boolean form folded in).
    pub exclusive_maximum: Option<Decimal>,
    /// `minimum`.
    pub minimum: Option<Decimal>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<Decimal>,
    /// `minLength`.
    pub min_length: Option<i64>,
    /// `maxLength`.
    pub max_length: Option<i64>,
    /// `pattern`.
    pub pattern: Option<GoRegex>,
    /// `minItems`.
    pub min_items: Option<i64>,
    /// `maxItems`.
    pub max_items: Option<i64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<i64>,
    /// `maxProperties`.
    pub max_properties: Option<i64>,
    /// `required`.
    pub required: Vec<String>,
    /// `contains`.
    pub contains: Option<SchemaId>,
    /// `minContains`.
    pub min_contains: Option<i64>,
    /// `maxContains`.
    pub max_contains: Option<i64>,
    /// `propertyNames`.
    pub property_names: Option<SchemaId>,
    /// `if`.
    pub if_: Option<SchemaId>,
    /// `then`.
    pub then: Option<SchemaId>,
    /// `else`.
    pub else_: Option<SchemaId>,
    /// `dependentRequired`.
    pub dependent_required: BTreeMap<String, Vec<String>>,
    /// `dependentSchemas`.
    pub dependent_schemas: BTreeMap<String, SchemaId>,
    /// `unevaluatedProperties`.
    pub unevaluated_properties: Option<SchemaId>,
    /// `unevaluatedItems`.
    pub unevaluated_items: Option<SchemaId>,
    /// Whether `additionalProperties` evaluates every property.
    pub all_props_evaluated: bool,
    /// Whether `items`/`additionalItems` evaluate every item.
    pub all_items_evaluated: bool,
    /// How many leading items positional keywords evaluate.
    pub num_items_evaluated: usize,
}

/// The compiled graph; node 0 is the root schema.
#[derive(Debug, Default)]
pub struct Compiled {
    /// All nodes.
    pub nodes: Vec<Schema>,
    /// The remote (`http(s)`) documents `$ref`s named: never fetched, each compiled
    /// as the schema `true` (anything is valid there), so the rest still validates.
    pub remote: Vec<String>,
}

struct Doc {
    json: Json,
    draft: u32,
    /// (pointer, base URL) of each schema resource, the document root first.
    resources: Vec<(String, String)>,
    /// (resource base URL, anchor) → pointer.
    anchors: HashMap<(String, String), String>,
}

/// The URL Helm gives the chart's schema.
pub const ROOT_URL: &str = "file:///values.schema.json";

/// Compiles `doc` (the parsed `values.schema.json`); errors carry santhosh-tekuri's text.
pub fn compile(doc: Json) -> Result<Compiled, String> {
    let mut c = Compiler::default();
    c.add_doc(ROOT_URL, doc)?;
    c.enqueue(ROOT_URL, "");
    while let Some((id, url, ptr)) = c.queue.pop() {
        let node = c.build(&url, &ptr)?;
        if let Some(slot) = c.out.nodes.get_mut(id) {
            *slot = node;
        }
    }
    Ok(c.out)
}

#[derive(Default)]
struct Compiler {
    docs: HashMap<String, Doc>,
    ids: HashMap<String, SchemaId>,
    queue: Vec<(SchemaId, String, String)>,
    out: Compiled,
}

fn draft_from_url(u: &str) -> Option<u32> {
    let (u, frag) = split(u);
    if !frag.is_empty() {
        return None;
    }
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    match u {
        "json-schema.org/schema" | "json-schema.org/draft/2020-12/schema" => Some(2020),
        "json-schema.org/draft/2019-09/schema" => Some(2019),
        "json-schema.org/draft-07/schema" => Some(7),
        "json-schema.org/draft-06/schema" => Some(6),
        "json-schema.org/draft-04/schema" => Some(4),
        _ => None,
    }
}

/// Subschema keywords of a draft: (keyword, shape) with shape `'s'` schema,
/// `'m'` map of schemas, `'a'` array of schemas, `'i'` schema or array.
fn subschema_keywords(draft: u32) -> Vec<(&'static str, char)> {
    let mut kws = vec![
        ("definitions", 'm'),
        ("not", 's'),
        ("allOf", 'a'),
        ("anyOf", 'a'),
        ("oneOf", 'a'),
        ("properties", 'm'),
        ("additionalProperties", 's'),
        ("patternProperties", 'm'),
        ("items", 'i'),
        ("additionalItems", 's'),
        ("dependencies", 'm'),
    ];
    if draft >= 6 {
        kws.extend([("propertyNames", 's'), ("contains", 's')]);
    }
    if draft >= 7 {
        kws.extend([("if", 's'), ("then", 's'), ("else", 's')]);
    }
    if draft >= 2019 {
        kws.extend([
            ("$defs", 'm'),
            ("dependentSchemas", 'm'),
            ("unevaluatedProperties", 's'),
            ("unevaluatedItems", 's'),
            ("contentSchema", 's'),
        ]);
    }
    if draft >= 2020 {
        kws.push(("prefixItems", 'a'));
    }
    kws
}

fn get_id(obj: &BTreeMap<String, Json>, draft: u32) -> Option<&str> {
    if draft < 2019 && obj.contains_key("$ref") {
        return None;
    }
    let key = if draft == 4 { "id" } else { "$id" };
    obj.get(key).and_then(Json::as_str)
}

fn collect(doc: &mut Doc, v: &Json, ptr: &str, base: &str, depth: usize) {
    let Json::Obj(obj) = v else { return };
    if depth > 512 {
        return;
    }
    let mut base = base.to_string();
    if let Some(id) = get_id(obj, doc.draft) {
        let (u, frag) = split(id);
        if !u.is_empty() {
            base = resolve(&base, u);
            doc.resources.push((ptr.to_string(), base.clone()));
        }
        if doc.draft < 2019 && !frag.is_empty() {
            if let Some(a) = path_unescape(frag) {
                doc.anchors.insert((base.clone(), a), ptr.to_string());
            }
        }
    }
    if doc.draft >= 2019 {
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(a) = obj.get(key).and_then(Json::as_str) {
                doc.anchors
                    .insert((base.clone(), a.to_string()), ptr.to_string());
            }
        }
    }
    for (kw, shape) in subschema_keywords(doc.draft) {
        let Some(child) = obj.get(kw) else { continue };
        let kp = format!("{ptr}/{}", escape(kw));
        match (shape, child) {
            ('m', Json::Obj(m)) => {
                for (k, s) in m {
                    collect(doc, s, &format!("{kp}/{}", escape(k)), &base, depth + 1);
                }
            }
            ('a' | 'i', Json::Arr(items)) => {
                for (i, s) in items.iter().enumerate() {
                    collect(doc, s, &format!("{kp}/{i}"), &base, depth + 1);
                }
            }
            ('s' | 'i', s) => collect(doc, s, &kp, &base, depth + 1),
            _ => {}
        }
    }
}

fn lookup<'a>(v: &'a Json, ptr: &str) -> Option<&'a Json> {
    let mut cur = v;
    for tok in ptr.split('/').skip(1) {
        let tok = unescape(tok)?;
        cur = match cur {
            Json::Obj(m) => m.get(&tok)?,
            Json::Arr(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn load(url: &str) -> Result<Json, String> {
    match scheme(url) {
        Some("file") => {
            // Go's url.Parse: `file://host/path` opens `/path` (`file://../s.json` has
            // the host `..` and opens `/s.json`).
            let rest = url.strip_prefix("file://").unwrap_or(url);
            let path = match rest.find('/') {
                Some(i) => &rest[i..],
                None if url.starts_with("file://") => "",
                None => rest,
            };
            let path = path_unescape(path).unwrap_or_else(|| path.to_string());
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => e.to_string(),
                };
                format!("failing loading {url:?}: open {path}: {why}")
            })?;
            json::parse(&text).map_err(|e| format!("failing loading {url:?}: {e}"))
        }
        Some("urn") => Ok(Json::Bool(true)),
        Some("http" | "https") => Err(format!(
            "failing loading {url:?}: remote schema not fetched (helm-preflight does not use the network; Helm would download it)"
        )),
        _ => Err(format!(
            "failing loading {url:?}: no URLLoader registered for {url:?}"
        )),
    }
}

impl Compiler {
    fn add_doc(&mut self, url: &str, json: Json) -> Result<(), String> {
        let draft = match json.get("$schema").and_then(Json::as_str) {
            None => 2020,
            Some(s) => match draft_from_url(s) {
                Some(d) => d,
                None => {
                    load(split(s).0)?;
                    return Err(format!("draft {s:?} is not supported"));
                }
            },
        };
        let mut doc = Doc {
            json: Json::Null,
            draft,
            resources: vec![(String::new(), url.to_string())],
            anchors: HashMap::new(),
        };
        collect(&mut doc, &json, "", url, 0);
        doc.json = json;
        self.docs.insert(url.to_string(), doc);
        Ok(())
    }

    fn enqueue(&mut self, url: &str, ptr: &str) -> SchemaId {
        let loc = format!("{url}#{}", encode(ptr));
        if let Some(&id) = self.ids.get(&loc) {
            return id;
        }
        let id = self.out.nodes.len();
        self.out.nodes.push(Schema {
            location: loc.clone(),
            ..Schema::default()
        });
        self.ids.insert(loc, id);
        self.queue.push((id, url.to_string(), ptr.to_string()));
        id
    }

    /// The base URL of the resource enclosing `ptr` in document `url`.
    fn base_of(&self, url: &str, ptr: &str) -> String {
        let Some(doc) = self.docs.get(url) else {
            return url.to_string();
        };
        let mut best = (0usize, url.to_string());
        for (rp, base) in &doc.resources {
            let inside = ptr == rp || ptr.starts_with(&format!("{rp}/")) || rp.is_empty();
            if inside && (rp.len() >= best.0) {
                best = (rp.len(), base.clone());
            }
        }
        best.1
    }

    /// Finds (document URL, resource pointer) for an absolute URL without fragment.
    fn find_resource(&mut self, target: &str) -> Result<(String, String), String> {
        for (durl, doc) in &self.docs {
            if let Some((rp, _)) = doc.resources.iter().find(|(_, b)| b == target) {
                return Ok((durl.clone(), rp.clone()));
            }
        }
        let json = match load(target) {
            Ok(json) => json,
            Err(_) if matches!(scheme(target), Some("http" | "https")) => {
                self.out.remote.push(target.to_string());
                Json::Bool(true)
            }
            Err(e) => return Err(e),
        };
        self.add_doc(target, json)?;
        Ok((target.to_string(), String::new()))
    }

    fn resolve_ref(&mut self, url: &str, ptr: &str, reference: &str) -> Result<SchemaId, String> {
        let base = self.base_of(url, ptr);
        let (r, frag) = split(reference);
        let frag = path_unescape(frag)
            .ok_or_else(|| format!("error in parsing {reference:?}: invalid URL escape"))?;
        let target = resolve(&base, r);
        let (durl, rptr) = self.find_resource(&target)?;
        if self.out.remote.contains(&durl) {
            return Ok(self.enqueue(&durl, ""));
        }
        let full = if frag.is_empty() || frag.starts_with('/') {
            format!("{rptr}{frag}")
        } else {
            let doc = self.docs.get(&durl);
            let found = doc.and_then(|d| d.anchors.get(&(target.clone(), frag.clone())));
            match found {
                Some(p) => p.clone(),
                None => {
                    return Err(format!(
                        "anchor in {:?} not found in schema {:?}",
                        format!("{target}#{frag}"),
                        target
                    ))
                }
            }
        };
        let doc = self.docs.get(&durl).map(|d| &d.json);
        if doc.and_then(|j| lookup(j, &full)).is_none() {
            return Err(format!(
                "json-pointer in {:?} not found",
                format!("{durl}#{}", encode(&full))
            ));
        }
        Ok(self.enqueue(&durl, &full))
    }

    fn build(&mut self, url: &str, ptr: &str) -> Result<Schema, String> {
        let (json, draft) = {
            let doc = self
                .docs
                .get(url)
                .ok_or_else(|| format!("failing loading {url:?}"))?;
            let j = lookup(&doc.json, ptr).ok_or_else(|| {
                format!(
                    "json-pointer in {:?} not found",
                    format!("{url}#{}", encode(ptr))
                )
            })?;
            (j.clone(), doc.draft)
        };
        let mut s = Schema {
            location: format!("{url}#{}", encode(ptr)),
            draft,
            ..Schema::default()
        };
        let obj = match json {
            Json::Bool(b) => {
                s.boolean = Some(b);
                return Ok(s);
            }
            Json::Obj(o) if o.is_empty() => {
                s.boolean = Some(true);
                return Ok(s);
            }
            Json::Obj(o) => o,
            _ => {
                s.boolean = Some(true);
                return Ok(s);
            }
        };
        ObjCompiler {
            c: self,
            obj: &obj,
            url,
            ptr,
        }
        .compile(&mut s)?;
        s.all_props_evaluated = !matches!(s.additional_properties, Additional::None);
        if draft < 2020 {
            s.all_items_evaluated = !matches!(s.additional_items, Additional::None);
            match &s.items {
                Items::One(_) => s.all_items_evaluated = true,
                Items::Many(v) => s.num_items_evaluated = v.len(),
                Items::None => {}
            }
        } else {
            s.all_items_evaluated = s.items2020.is_some();
            s.num_items_evaluated = s.prefix_items.len();
        }
        Ok(s)
    }
}

struct ObjCompiler<'a> {
    c: &'a mut Compiler,
    obj: &'a BTreeMap<String, Json>,
    url: &'a str,
    ptr: &'a str,
}

fn to_strings(v: Option<&Json>) -> Option<Vec<String>> {
    match v {
        Some(Json::Arr(a)) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

impl ObjCompiler<'_> {
    fn child(&mut self, path: &[&str]) -> SchemaId {
        let mut p = self.ptr.to_string();
        for t in path {
            p.push('/');
            p.push_str(&escape(t));
        }
        self.c.enqueue(self.url, &p)
    }

    fn prop(&mut self, kw: &str) -> Option<SchemaId> {
        self.obj.contains_key(kw).then(|| self.child(&[kw]))
    }

    fn arr(&mut self, kw: &str) -> Vec<SchemaId> {
        let n = match self.obj.get(kw) {
            Some(Json::Arr(a)) => a.len(),
            _ => 0,
        };
        (0..n).map(|i| self.child(&[kw, &i.to_string()])).collect()
    }

    fn map(&mut self, kw: &str) -> BTreeMap<String, SchemaId> {
        let keys: Vec<String> = match self.obj.get(kw) {
            Some(Json::Obj(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        keys.into_iter()
            .map(|k| {
                let id = self.child(&[kw, &k]);
                (k, id)
            })
            .collect()
    }

    fn additional(&mut self, kw: &str) -> Additional {
        match self.obj.get(kw) {
            Some(Json::Bool(b)) => Additional::Bool(*b),
            Some(_) => Additional::Schema(self.child(&[kw])),
            None => Additional::None,
        }
    }

    fn num(&self, kw: &str) -> Option<Decimal> {
        match self.obj.get(kw) {
            Some(Json::Num(n)) => Some(n.dec.clone()),
            _ => None,
        }
    }

    fn int(&self, kw: &str) -> Option<i64> {
        let n = self.num(kw)?;
        n.is_int()
            .then(|| n.to_f64().clamp(i64::MIN as f64, i64::MAX as f64) as i64)
    }

    fn boolean(&self, kw: &str) -> bool {
        matches!(self.obj.get(kw), Some(Json::Bool(true)))
    }

    fn reference(&mut self, kw: &str) -> Result<Option<SchemaId>, String> {
        match self.obj.get(kw).and_then(Json::as_str) {
            Some(r) => {
                let r = r.to_string();
                self.c.resolve_ref(self.url, self.ptr, &r).map(Some)
            }
            None => Ok(None),
        }
    }

    fn regex(&self, pattern: &str, kw: &str) -> Result<GoRegex, String> {
        GoRegex::new(pattern).map_err(|e| {
            format!(
                "invalid regex {pattern:?} at {:?}: {e}",
                format!("{}#{}/{kw}", self.url, encode(self.ptr))
            )
        })
    }

    fn compile(&mut self, s: &mut Schema) -> Result<(), String> {
        let draft = s.draft;
        s.ref_ = self.reference("$ref")?;
        if draft < 2019 && s.ref_.is_some() {
            return Ok(());
        }
        s.all_of = self.arr("allOf");
        s.any_of = self.arr("anyOf");
        s.one_of = self.arr("oneOf");
        s.not = self.prop("not");
        if draft < 2020 {
            match self.obj.get("items") {
                Some(Json::Arr(_)) => {
                    s.items = Items::Many(self.arr("items"));
                    s.additional_items = self.additional("additionalItems");
                }
                Some(_) => s.items = Items::One(self.child(&["items"])),
                None => {}
            }
        }
        s.properties = self.map("properties");
        if let Some(Json::Obj(m)) = self.obj.get("patternProperties") {
            let pats: Vec<String> = m.keys().cloned().collect();
            for p in pats {
                let re = self.regex(&p, "patternProperties")?;
                let id = self.child(&["patternProperties", &p]);
                s.pattern_properties.push((re, id));
            }
        }
        s.additional_properties = self.additional("additionalProperties");
        if let Some(Json::Obj(m)) = self.obj.get("dependencies") {
            for (k, v) in m {
                let dep = match v {
                    Json::Arr(_) => Dependency::Props(to_strings(Some(v)).unwrap_or_default()),
                    _ => Dependency::Schema(self.child(&["dependencies", k])),
                };
                s.dependencies.insert(k.clone(), dep);
            }
        }
        self.validation_keywords(s)?;
        if draft < 2019 {
            if let Some(name) = self.obj.get("format").and_then(Json::as_str) {
                s.format = format::lookup(name).map(|f| (name.to_string(), f));
            }
        }
        if draft >= 6 {
            s.contains = self.prop("contains");
            s.property_names = self.prop("propertyNames");
            s.const_ = self.obj.get("const").cloned();
        }
        if draft >= 7 {
            s.if_ = self.prop("if");
            if s.if_.is_some() {
                let b = match self.obj.get("if") {
                    Some(Json::Bool(b)) => Some(*b),
                    _ => None,
                };
                if b != Some(false) {
                    s.then = self.prop("then");
                }
                if b != Some(true) {
                    s.else_ = self.prop("else");
                }
            }
        }
        if draft >= 2019 {
            self.draft2019(s)?;
        }
        Ok(())
    }

    fn validation_keywords(&mut self, s: &mut Schema) -> Result<(), String> {
        match self.obj.get("type") {
            Some(Json::Str(t)) => s.types = canonical_types(std::slice::from_ref(t)),
            Some(Json::Arr(a)) => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect();
                s.types = canonical_types(&names);
            }
            _ => {}
        }
        if let Some(Json::Arr(a)) = self.obj.get("enum") {
            s.enum_ = Some(a.clone());
        }
        s.multiple_of = self.num("multipleOf");
        s.maximum = self.num("maximum");
        if self.boolean("exclusiveMaximum") {
            s.exclusive_maximum = s.maximum.take();
        } else {
            s.exclusive_maximum = self.num("exclusiveMaximum");
        }
        s.minimum = self.num("minimum");
        if self.boolean("exclusiveMinimum") {
            s.exclusive_minimum = s.minimum.take();
        } else {
            s.exclusive_minimum = self.num("exclusiveMinimum");
        }
        s.min_length = self.int("minLength");
        s.max_length = self.int("maxLength");
        if let Some(p) = self.obj.get("pattern").and_then(Json::as_str) {
            s.pattern = Some(self.regex(p, "pattern")?);
        }
        s.min_items = self.int("minItems");
        s.max_items = self.int("maxItems");
        s.unique_items = self.boolean("uniqueItems");
        s.max_properties = self.int("maxProperties");
        s.min_properties = self.int("minProperties");
        s.required = to_strings(self.obj.get("required")).unwrap_or_default();
        Ok(())
    }

    fn draft2019(&mut self, s: &mut Schema) -> Result<(), String> {
        s.recursive_ref = self.reference("$recursiveRef")?;
        if s.contains.is_some() {
            s.min_contains = self.int("minContains");
            s.max_contains = self.int("maxContains");
        }
        if let Some(Json::Obj(m)) = self.obj.get("dependentRequired") {
            for (k, v) in m {
                if let Some(list) = to_strings(Some(v)) {
                    s.dependent_required.insert(k.clone(), list);
                }
            }
        }
        s.dependent_schemas = self.map("dependentSchemas");
        s.unevaluated_items = self.prop("unevaluatedItems");
        s.unevaluated_properties = self.prop("unevaluatedProperties");
        if s.draft >= 2020 {
            s.dynamic_ref = self.reference("$dynamicRef")?;
            s.prefix_items = self.arr("prefixItems");
            s.items2020 = self.prop("items");
        }
        Ok(())
    }
}

fn canonical_types(names: &[String]) -> Vec<&'static str> {
    const ORDER: [&str; 7] = [
        "null", "boolean", "number", "integer", "string", "array", "object",
    ];
    ORDER
        .iter()
        .copied()
        .filter(|t| names.iter().any(|n| n == t))
        .collect()
}
