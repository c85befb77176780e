//! Go-typed runtime values for the template engine.
//!
//! Go's `text/template` works on `reflect.Value`s, and Helm charts observe Go types
//! everywhere: YAML numbers are `float64`, `--set` integers are `int64`, literals are
//! `int`, `printf "%T"` and `typeOf` print Go type names, `eq` refuses to compare an
//! `int` with a `float64`. [`Value`] keeps exactly the type information that templates
//! can observe.
//!
//! Two "empty" states exist, as in Go:
//! * [`Value::Invalid`] is the zero `reflect.Value` (a missing value, prints `<no value>`);
//! * [`Value::Nil`] is a nil `interface{}` (a YAML `null`, or a missing key of a
//!   `map[string]interface{}` under `missingkey=zero`).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use super::trace::Trace;

/// Sized signed integer kinds of Go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `int` (64-bit on every platform Helm ships for).
    Int,
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32` (also `rune`).
    I32,
    /// `int64`.
    I64,
}

/// Sized unsigned integer kinds of Go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UintKind {
    /// `uint`.
    Uint,
    /// `uint8` (also `byte`).
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
    /// `uintptr`.
    Uintptr,
}

/// Floating point kinds of Go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatKind {
    /// `float32`.
    F32,
    /// `float64`.
    F64,
}

impl IntKind {
    /// Go type name.
    pub fn name(self) -> &'static str {
        match self {
            IntKind::Int => "int",
            IntKind::I8 => "int8",
            IntKind::I16 => "int16",
            IntKind::I32 => "int32",
            IntKind::I64 => "int64",
        }
    }
}

impl UintKind {
    /// Go type name.
    pub fn name(self) -> &'static str {
        match self {
            UintKind::Uint => "uint",
            UintKind::U8 => "uint8",
            UintKind::U16 => "uint16",
            UintKind::U32 => "uint32",
            UintKind::U64 => "uint64",
            UintKind::Uintptr => "uintptr",
        }
    }
}

impl FloatKind {
    /// Go type name.
    pub fn name(self) -> &'static str {
        match self {
            FloatKind::F32 => "float32",
            FloatKind::F64 => "float64",
        }
    }
}

/// A Go string value, optionally carrying the template provenance of its bytes
/// (a string produced by `include` knows which template span wrote each byte).
#[derive(Clone)]
pub struct Str {
    text: Rc<str>,
    trace: Option<Rc<Trace>>,
}

impl Str {
    /// A string without provenance.
    pub fn new(s: impl Into<Rc<str>>) -> Str {
        Str {
            text: s.into(),
            trace: None,
        }
    }

    /// A string whose bytes are attributed by `trace`.
    pub fn traced(s: impl Into<Rc<str>>, trace: Option<Rc<Trace>>) -> Str {
        Str {
            text: s.into(),
            trace,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The provenance of the bytes, when known.
    pub fn trace(&self) -> Option<&Rc<Trace>> {
        self.trace.as_ref()
    }

    /// The shared text buffer.
    pub fn rc(&self) -> &Rc<str> {
        &self.text
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.text == other.text
    }
}

/// Element type of a Go slice, as far as templates can observe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListType {
    /// `[]interface {}`.
    Any,
    /// `[]string`.
    String,
    /// `[]int`.
    Int,
    /// `[]int64`.
    Int64,
    /// `[]float64`.
    Float64,
    /// `[]map[string]interface {}` (arrays of tables from `fromToml`).
    MapAny,
}

impl ListType {
    /// Go type name of the slice.
    pub fn name(self) -> &'static str {
        match self {
            ListType::Any => "[]interface {}",
            ListType::String => "[]string",
            ListType::Int => "[]int",
            ListType::Int64 => "[]int64",
            ListType::Float64 => "[]float64",
            ListType::MapAny => "[]map[string]interface {}",
        }
    }
}

/// An immutable Go slice. Sprig's list functions always build new slices.
#[derive(Clone, Debug)]
pub struct List {
    /// The element type.
    pub ty: ListType,
    /// The elements.
    pub items: Rc<Vec<Value>>,
}

/// The Go type of a map, as far as templates can observe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapType {
    /// `map[string]interface {}`.
    Any,
    /// Helm's named values type (`common.Values`), which has methods
    /// `YAML`, `Table`, `AsMap`, `Encode`, `PathValue`.
    Values,
    /// `map[string]string` (e.g. `.Chart.Annotations`, the result of `split`).
    StrStr,
    /// Helm's `engine.files` (`map[string][]byte` with methods `Get`, `Glob`, ...).
    Files,
}

impl MapType {
    /// Go type name of the map.
    pub fn name(self) -> &'static str {
        match self {
            MapType::Any => "map[string]interface {}",
            MapType::Values => "common.Values",
            MapType::StrStr => "map[string]string",
            MapType::Files => "engine.files",
        }
    }
}

/// The entries of a Go map. Ordered by key bytes, which is the order in which
/// `range` and `fmt` visit string-keyed maps.
pub use super::entries::Entries;

/// A mutable, shared Go map (Go maps are references: Sprig's `set` and `merge`
/// mutate them in place and every holder sees the change).
#[derive(Clone)]
pub struct Map {
    /// The Go type of the map.
    pub ty: MapType,
    /// The shared entries.
    pub entries: Rc<RefCell<Entries>>,
}

impl Map {
    /// A new map of the given type.
    pub fn new(ty: MapType, entries: Entries) -> Map {
        Map {
            ty,
            entries: Rc::new(RefCell::new(entries)),
        }
    }

    /// Looks a key up.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.entries.borrow().get(key).cloned()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }

    /// Whether two handles share the same storage.
    pub fn ptr_eq(&self, other: &Map) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
    }

    /// The zero value of this map's element type (returned for missing keys
    /// under Helm's `missingkey=zero`).
    pub fn zero_elem(&self) -> Value {
        match self.ty {
            MapType::StrStr => Value::from(""),
            MapType::Files => Value::Bytes(Rc::from(&[][..])),
            MapType::Any | MapType::Values => Value::Nil,
        }
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Map")
            .field("ty", &self.ty)
            .field("entries", &*self.entries.borrow())
            .finish()
    }
}

/// The `reflect.Kind` of a value, as `kindOf` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// No value.
    Invalid,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `uint`.
    Uint,
    /// `uint8`.
    Uint8,
    /// `uint16`.
    Uint16,
    /// `uint32`.
    Uint32,
    /// `uint64`.
    Uint64,
    /// `uintptr`.
    Uintptr,
    /// `float32`.
    Float32,
    /// `float64`.
    Float64,
    /// `complex128`.
    Complex128,
    /// `func`.
    Func,
    /// `interface`.
    Interface,
    /// `map`.
    Map,
    /// `ptr`.
    Ptr,
    /// `slice`.
    Slice,
    /// `string`.
    String,
    /// `struct`.
    Struct,
}

impl Kind {
    /// The name `reflect.Kind.String()` prints.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Int8 => "int8",
            Kind::Int16 => "int16",
            Kind::Int32 => "int32",
            Kind::Int64 => "int64",
            Kind::Uint => "uint",
            Kind::Uint8 => "uint8",
            Kind::Uint16 => "uint16",
            Kind::Uint32 => "uint32",
            Kind::Uint64 => "uint64",
            Kind::Uintptr => "uintptr",
            Kind::Float32 => "float32",
            Kind::Float64 => "float64",
            Kind::Complex128 => "complex128",
            Kind::Func => "func",
            Kind::Interface => "interface",
            Kind::Map => "map",
            Kind::Ptr => "ptr",
            Kind::Slice => "slice",
            Kind::String => "string",
            Kind::Struct => "struct",
        }
    }
}

/// A Go object with fields and methods that templates can reach (`.Capabilities`,
/// `.Files`, a `*semver.Version`, a `time.Time`, ...).
pub trait Object: fmt::Debug {
    /// The Go type name, as `%T` prints it (e.g. `*semver.Version`).
    fn type_name(&self) -> String;

    /// The reflect kind (`ptr` for pointers to structs, `struct`, `map`, ...).
    fn kind(&self) -> Kind;

    /// An exported field or map key, when the object has one with that name.
    fn field(&self, name: &str) -> Option<Value> {
        let _ = name;
        None
    }

    /// The signature of a method, when the object has one with that name.
    /// Methods win over fields, as in Go.
    fn method(&self, name: &str) -> Option<crate::template::func::Sig> {
        let _ = name;
        None
    }

    /// Calls a method that [`Object::method`] reported, with converted arguments.
    fn call_method(
        &self,
        name: &str,
        args: Vec<Value>,
    ) -> Result<Value, crate::template::error::GoError> {
        let _ = args;
        Err(crate::template::error::GoError::new(format!(
            "can't call method {name} on {}",
            self.type_name()
        )))
    }

    /// The text of its `String()` (or `Error()`) method, which `fmt` prefers.
    fn display(&self) -> Option<String> {
        None
    }

    /// What `{{ . }}` prints: Go's `printValue` also finds a `String()` method with a
    /// pointer receiver when the value is addressable (a struct field), which `fmt`
    /// alone does not.
    fn template_display(&self) -> Option<String> {
        self.display()
    }

    /// The exported and unexported field values of a struct, in declaration order, so
    /// that `fmt` can print it field by field under any verb (`{a b}`).
    fn struct_fields(&self) -> Option<Vec<Value>> {
        None
    }

    /// `fmt`'s `%v` rendering when there is no `String()` method.
    fn format_v(&self) -> String {
        self.display()
            .unwrap_or_else(|| format!("{{{}}}", self.type_name()))
    }

    /// Truth for `if`/`with`/`and`/`or`: structs are always true.
    fn truthy(&self) -> bool {
        true
    }

    /// The object as plain data, for JSON/YAML encoders (`toJson`, `toYaml`).
    fn to_data(&self) -> Value {
        Value::Nil
    }

    /// The concrete object, for functions that take their own object types back
    /// (e.g. `dateModify` receiving a `time.Time`).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }

    /// Identity used by `eq` and `deepEqual` (`==` on Go pointers).
    fn addr(&self) -> usize {
        self as *const Self as *const () as usize
    }
}

/// A Go value as templates observe it.
#[derive(Clone, Debug)]
pub enum Value {
    /// The zero `reflect.Value`: no value at all. Prints `<no value>`.
    Invalid,
    /// A nil `interface{}` (YAML `null`).
    Nil,
    /// `bool`.
    Bool(bool),
    /// Signed integers.
    Int(i64, IntKind),
    /// Unsigned integers.
    Uint(u64, UintKind),
    /// Floating point numbers.
    Float(f64, FloatKind),
    /// `complex128` (real, imaginary).
    Complex(f64, f64),
    /// `string`.
    String(Str),
    /// `[]byte`.
    Bytes(Rc<[u8]>),
    /// A slice.
    List(List),
    /// A map with string keys.
    Map(Map),
    /// Any other Go object.
    Object(Rc<dyn Object>),
}

impl Value {
    /// A Go `int`.
    pub fn int(i: i64) -> Value {
        Value::Int(i, IntKind::Int)
    }

    /// A Go `int64`.
    pub fn int64(i: i64) -> Value {
        Value::Int(i, IntKind::I64)
    }

    /// A Go `float64`.
    pub fn float(f: f64) -> Value {
        Value::Float(f, FloatKind::F64)
    }

    /// A Go `string`.
    pub fn str(s: impl Into<Rc<str>>) -> Value {
        Value::String(Str::new(s))
    }

    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List {
            ty: ListType::Any,
            items: Rc::new(items),
        })
    }

    /// A slice of the given element type.
    pub fn typed_list(ty: ListType, items: Vec<Value>) -> Value {
        Value::List(List {
            ty,
            items: Rc::new(items),
        })
    }

    /// A `map[string]interface {}`.
    pub fn map(entries: Entries) -> Value {
        Value::Map(Map::new(MapType::Any, entries))
    }

    /// Whether this is the zero `reflect.Value`.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Value::Invalid)
    }

    /// Whether this is invalid or a nil interface.
    pub fn is_nil_or_invalid(&self) -> bool {
        matches!(self, Value::Invalid | Value::Nil)
    }

    /// The string, if this is a Go string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The reflect kind.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Invalid => Kind::Invalid,
            Value::Nil => Kind::Interface,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_, k) => match k {
                IntKind::Int => Kind::Int,
                IntKind::I8 => Kind::Int8,
                IntKind::I16 => Kind::Int16,
                IntKind::I32 => Kind::Int32,
                IntKind::I64 => Kind::Int64,
            },
            Value::Uint(_, k) => match k {
                UintKind::Uint => Kind::Uint,
                UintKind::U8 => Kind::Uint8,
                UintKind::U16 => Kind::Uint16,
                UintKind::U32 => Kind::Uint32,
                UintKind::U64 => Kind::Uint64,
                UintKind::Uintptr => Kind::Uintptr,
            },
            Value::Float(_, FloatKind::F32) => Kind::Float32,
            Value::Float(_, FloatKind::F64) => Kind::Float64,
            Value::Complex(..) => Kind::Complex128,
            Value::String(_) => Kind::String,
            Value::Bytes(_) | Value::List(_) => Kind::Slice,
            Value::Map(_) => Kind::Map,
            Value::Object(o) => o.kind(),
        }
    }

    /// The Go type name as `%T` prints it; `<nil>` for nil and invalid values.
    pub fn type_name(&self) -> String {
        match self {
            Value::Invalid | Value::Nil => "<nil>".to_string(),
            Value::Bool(_) => "bool".to_string(),
            Value::Int(_, k) => k.name().to_string(),
            Value::Uint(_, k) => k.name().to_string(),
            Value::Float(_, k) => k.name().to_string(),
            Value::Complex(..) => "complex128".to_string(),
            Value::String(_) => "string".to_string(),
            Value::Bytes(_) => "[]uint8".to_string(),
            Value::List(l) => l.ty.name().to_string(),
            Value::Map(m) => m.ty.name().to_string(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// Go template truth (`if`, `with`, `and`, `or`, `not`).
    pub fn truthy(&self) -> bool {
        match self {
            Value::Invalid | Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i, _) => *i != 0,
            Value::Uint(u, _) => *u != 0,
            Value::Float(f, _) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.truthy(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
