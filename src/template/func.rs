//! Function signatures and the function registry.
//!
//! Go's `text/template` checks and converts every argument against the Go parameter
//! type of the called function (`wrong type for value; expected int; got float64`),
//! converts untyped literals to the parameter type, and turns a nil into the zero value
//! of nillable types. [`Ty`] describes the parameter types that Helm's functions use,
//! and [`Sig`] a whole parameter list.

use rustc_hash::FxHashMap as HashMap;

use super::error::GoError;
use super::value::{Str, Value};

/// A Go parameter type, as far as argument checking is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `interface {}`: accepts anything (an invalid value becomes nil).
    Any,
    /// `reflect.Value`: receives the value untouched (even invalid), as Go builtins do.
    Reflect,
    /// `string`.
    String,
    /// `int`.
    Int,
    /// `int64`.
    Int64,
    /// `uint32`.
    Uint32,
    /// `float64`.
    Float64,
    /// `bool`.
    Bool,
    /// `map[string]interface {}` (also accepts Helm's named `Values` map).
    MapAny,
    /// `[]interface {}`.
    SliceAny,
    /// A named Go object type (e.g. `time.Time`, `*semver.Version`), by `%T` name.
    Named(&'static str),
}

impl Ty {
    /// The Go spelling of the type, as error messages print it.
    pub fn go_name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::Reflect => "reflect.Value",
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Uint32 => "uint32",
            Ty::Float64 => "float64",
            Ty::Bool => "bool",
            Ty::MapAny => "map[string]interface {}",
            Ty::SliceAny => "[]interface {}",
            Ty::Named(n) => n,
        }
    }

    /// Whether the Go type can be nil (interface, map, slice, pointer, ...).
    pub fn can_be_nil(self) -> bool {
        match self {
            Ty::Any | Ty::MapAny | Ty::SliceAny => true,
            Ty::Named(n) => n.starts_with('*'),
            _ => false,
        }
    }
}

/// A Go function signature: fixed parameters, then an optional variadic element type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sig {
    /// Fixed parameters.
    pub params: &'static [Ty],
    /// Element type of the trailing `...T` parameter, if any.
    pub variadic: Option<Ty>,
}

impl Sig {
    /// A signature with fixed parameters only.
    pub const fn fixed(params: &'static [Ty]) -> Sig {
        Sig {
            params,
            variadic: None,
        }
    }

    /// A signature with fixed parameters and a variadic tail.
    pub const fn variadic(params: &'static [Ty], tail: Ty) -> Sig {
        Sig {
            params,
            variadic: Some(tail),
        }
    }
}

/// What a running function can ask of the engine that called it
/// (Helm's `include`, `tpl` and friends need the executing template set).
pub trait Host {
    /// Executes the named template with `data` and returns its output (Helm `include`).
    fn include(&mut self, name: &str, data: Value) -> Result<Str, GoError>;

    /// Parses `text` as a template in a clone of the current set and executes it (Helm `tpl`).
    fn tpl(&mut self, text: &str, data: Value) -> Result<Str, GoError>;

    /// A mutable random-number state, so that random functions can be seeded.
    fn rng(&mut self) -> &mut u64;
}

/// The implementation of a template function.
pub type NativeFn = fn(&mut dyn Host, Vec<Value>) -> Result<Value, GoError>;

/// Builtins that the executor implements itself, as Go's `evalCall` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    /// An ordinary function.
    None,
    /// Go's short-circuit `and`.
    And,
    /// Go's short-circuit `or`.
    Or,
    /// Go's `call`.
    Call,
}

/// A registered template function.
#[derive(Clone, Copy)]
pub struct Func {
    /// Parameter types.
    pub sig: Sig,
    /// The implementation; receives arguments converted to the parameter types.
    pub imp: NativeFn,
    /// Whether the executor handles the call itself.
    pub special: Special,
}

impl std::fmt::Debug for Func {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Func").field("sig", &self.sig).finish()
    }
}

/// The functions a template set can call, by name. Each name keeps a stable id
/// (its index), which parsed templates record so that a call needs no lookup.
#[derive(Debug)]
pub struct FuncMap {
    /// Identifies this map's contents for parsed trees: new for every map and clone.
    serial: u64,
    ids: HashMap<&'static str, u32>,
    funcs: Vec<Option<Func>>,
}

/// The source of [`FuncMap`] serial numbers.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Default for FuncMap {
    fn default() -> FuncMap {
        FuncMap {
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ids: HashMap::default(),
            funcs: Vec::new(),
        }
    }
}

impl Clone for FuncMap {
    fn clone(&self) -> FuncMap {
        FuncMap {
            ids: self.ids.clone(),
            funcs: self.funcs.clone(),
            ..FuncMap::default()
        }
    }
}

impl FuncMap {
    /// An empty map.
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    /// A number that identifies this map (a clone gets its own).
    pub fn serial(&self) -> u64 {
        self.serial
    }

    fn put(&mut self, name: &'static str, f: Func) {
        match self.ids.get(name) {
            Some(&id) => self.funcs[id as usize] = Some(f),
            None => {
                self.ids.insert(name, self.funcs.len() as u32);
                self.funcs.push(Some(f));
            }
        }
    }

    /// Adds or replaces a function.
    pub fn insert(&mut self, name: &'static str, sig: Sig, imp: NativeFn) {
        self.put(
            name,
            Func {
                sig,
                imp,
                special: Special::None,
            },
        );
    }

    /// Adds a builtin that the executor evaluates itself (`and`, `or`, `call`).
    pub fn insert_special(
        &mut self,
        name: &'static str,
        sig: Sig,
        imp: NativeFn,
        special: Special,
    ) {
        self.put(name, Func { sig, imp, special });
    }

    /// Removes a function.
    pub fn remove(&mut self, name: &str) {
        if let Some(id) = self.ids.remove(name) {
            self.funcs[id as usize] = None;
        }
    }

    /// Looks a function up.
    pub fn get(&self, name: &str) -> Option<&Func> {
        self.by_id(self.id(name)?)
    }

    /// The id of a function name.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// The function with id `id`, unless it was removed.
    pub fn by_id(&self, id: u32) -> Option<&Func> {
        self.funcs.get(id as usize)?.as_ref()
    }

    /// Whether a function of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.ids.contains_key(name)
    }

    /// Number of functions.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no functions.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The names, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v: Vec<_> = self.ids.keys().copied().collect();
        v.sort_unstable();
        v
    }
}
