//! Validation errors as santhosh-tekuri/jsonschema v6.0.2 builds and prints them:
//! a tree of causes, each line `- at '/ptr': message`, nested by two spaces.

use super::json::Json;
use super::number::{localized_float, localized_int, Decimal};
use super::url::json_ptr;
use crate::template::gofmt::sprintf;
use crate::template::value::Value;

/// What went wrong at one place.
#[derive(Clone, Debug)]
pub enum Kind {
    /// Several errors of one schema.
    Group,
    /// `not`.
    Not,
    /// `allOf`.
    AllOf,
    /// `anyOf`.
    AnyOf,
    /// `oneOf`: none matched (`None`) or two matched.
    OneOf(Option<(usize, usize)>),
    /// The `false` schema.
    FalseSchema,
    /// A `$ref` loop on the same instance.
    RefCycle(String, String, String),
    /// `type`.
    Type(&'static str, Vec<&'static str>),
    /// `enum` (the allowed values).
    Enum(Vec<Json>),
    /// `const` (the wanted value).
    Const(Json),
    /// `format`: the value, the format name, the checker's reason.
    Format(Json, String, String),
    /// A `$ref`-like keyword whose target failed.
    Reference,
    /// `minProperties`.
    MinProperties(usize, i64),
    /// `maxProperties`.
    MaxProperties(usize, i64),
    /// `minItems`.
    MinItems(usize, i64),
    /// `maxItems`.
    MaxItems(usize, i64),
    /// `additionalItems: false`.
    AdditionalItems(usize),
    /// `required`.
    Required(Vec<String>),
    /// `dependencies` / `dependentRequired`.
    DependentRequired(String, Vec<String>),
    /// `additionalProperties: false`.
    AdditionalProperties(Vec<String>),
    /// `propertyNames`.
    PropertyNames(String),
    /// `uniqueItems`.
    UniqueItems(usize, usize),
    /// `contains`.
    Contains,
    /// `minContains` (matched indexes, wanted count).
    MinContains(Vec<usize>, i64),
    /// `maxContains`.
    MaxContains(Vec<usize>, i64),
    /// `minLength`.
    MinLength(usize, i64),
    /// `maxLength`.
    MaxLength(usize, i64),
    /// `pattern` (the string, the pattern).
    Pattern(String, String),
    /// `minimum`.
    Minimum(Decimal, Decimal),
    /// `maximum`.
    Maximum(Decimal, Decimal),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(Decimal, Decimal),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(Decimal, Decimal),
    /// `multipleOf`.
    MultipleOf(Decimal, Decimal),
    /// A value with no JSON type (its Go type name).
    InvalidJsonValue(String),
}

/// One node of the error tree.
#[derive(Clone, Debug)]
pub struct VError {
    /// Instance location tokens.
    pub instance: Vec<String>,
    /// The error.
    pub kind: Box<Kind>,
    /// Nested errors.
    pub causes: Vec<VError>,
}

/// santhosh-tekuri's `quote`: Go `%q`, then `"` unescaped and `'` escaped, in `'…'`.
pub fn quote(s: &str) -> String {
    let q = sprintf("%q", &[Value::str(s)]);
    let inner = q.get(1..q.len().saturating_sub(1)).unwrap_or("");
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// santhosh-tekuri's `display`: Go `%v` of a primitive, `value` for containers.
pub fn display(v: &Json) -> String {
    match v {
        Json::Str(s) => quote(s),
        Json::Arr(_) | Json::Obj(_) => "value".to_string(),
        Json::Null => "<nil>".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Num(n) => n.text.clone(),
        Json::Invalid(t) => t.clone(),
    }
}

fn is_container(v: &Json) -> bool {
    matches!(v, Json::Arr(_) | Json::Obj(_))
}

fn ints(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")
}

fn li(n: usize) -> String {
    localized_int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn got_want(kw: &str, got: &Decimal, want: &Decimal) -> String {
    format!(
        "{kw}: got {}, want {}",
        localized_float(got.to_f64()),
        localized_float(want.to_f64())
    )
}

impl Kind {
    /// The message (`LocalizedString` with the English printer).
    pub fn message(&self) -> String {
        match self {
            Kind::Group | Kind::Reference => "validation failed".into(),
            Kind::Not => "'not' failed".into(),
            Kind::AllOf => "'allOf' failed".into(),
            Kind::AnyOf => "'anyOf' failed".into(),
            Kind::OneOf(None) => "'oneOf' failed, none matched".into(),
            Kind::OneOf(Some((a, b))) => {
                format!("'oneOf' failed, subschemas {}, {} matched", li(*a), li(*b))
            }
            Kind::FalseSchema => "false schema".into(),
            Kind::RefCycle(url, k1, k2) => format!(
                "both {k1} and {k2} resolve to {} causing reference cycle",
                sprintf("%q", &[Value::str(url.as_str())])
            ),
            Kind::Type(got, want) => format!("got {got}, want {}", want.join(" or ")),
            Kind::Enum(want) => {
                if want.iter().any(is_container) {
                    "'enum' failed".into()
                } else if want.len() == 1 {
                    format!("value must be {}", display(&want[0]))
                } else {
                    let all: Vec<String> = want.iter().map(display).collect();
                    format!("value must be one of {}", all.join(", "))
                }
            }
            Kind::Const(want) if is_container(want) => "'const' failed".into(),
            Kind::Const(want) => format!("value must be {}", display(want)),
            Kind::Format(got, name, err) => format!("{} is not valid {name}: {err}", display(got)),
            Kind::MinProperties(g, w) => {
                format!("minProperties: got {}, want {}", li(*g), localized_int(*w))
            }
            Kind::MaxProperties(g, w) => {
                format!("maxProperties: got {}, want {}", li(*g), localized_int(*w))
            }
            Kind::MinItems(g, w) => format!("minItems: got {}, want {}", li(*g), localized_int(*w)),
            Kind::MaxItems(g, w) => format!("maxItems: got {}, want {}", li(*g), localized_int(*w)),
            Kind::AdditionalItems(n) => format!("last {} additionalItem(s) not allowed", li(*n)),
            Kind::Required(m) if m.len() == 1 => format!("missing property {}", quote(&m[0])),
            Kind::Required(m) => format!("missing properties {}", join_quoted(m)),
            Kind::DependentRequired(p, m) => {
                format!(
                    "properties {} required, if {} exists",
                    join_quoted(m),
                    quote(p)
                )
            }
            Kind::AdditionalProperties(p) => {
                format!("additional properties {} not allowed", join_quoted(p))
            }
            Kind::PropertyNames(p) => format!("invalid propertyName {}", quote(p)),
            Kind::UniqueItems(i, j) => format!("items at {} and {} are equal", li(*i), li(*j)),
            Kind::Contains => "no items match contains schema".into(),
            Kind::MinContains(got, want) if got.is_empty() => format!(
                "min {} items required to match contains schema, but none matched",
                localized_int(*want)
            ),
            Kind::MinContains(got, want) => format!(
                "min {} items required to match contains schema, but matched {} items at {}",
                localized_int(*want),
                li(got.len()),
                ints(got)
            ),
            Kind::MaxContains(got, want) => format!(
                "max {} items required to match contains schema, but matched {} items at {}",
                localized_int(*want),
                li(got.len()),
                ints(got)
            ),
            Kind::MinLength(g, w) => {
                format!("minLength: got {}, want {}", li(*g), localized_int(*w))
            }
            Kind::MaxLength(g, w) => {
                format!("maxLength: got {}, want {}", li(*g), localized_int(*w))
            }
            Kind::Pattern(got, want) => {
                format!("{} does not match pattern {}", quote(got), quote(want))
            }
            Kind::Minimum(g, w) => got_want("minimum", g, w),
            Kind::Maximum(g, w) => got_want("maximum", g, w),
            Kind::ExclusiveMinimum(g, w) => got_want("exclusiveMinimum", g, w),
            Kind::ExclusiveMaximum(g, w) => got_want("exclusiveMaximum", g, w),
            Kind::MultipleOf(g, w) => got_want("multipleOf", g, w),
            Kind::InvalidJsonValue(t) => format!("invalid jsonType {t}"),
        }
    }
}

/// One printed line of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Nesting depth (0 for top-level causes).
    pub depth: usize,
    /// JSON pointer of the instance.
    pub instance_path: String,
    /// The message.
    pub message: String,
}

impl VError {
    /// A `$ref` with a single cause prints only the cause.
    fn skip(&self) -> bool {
        self.causes.len() == 1 && matches!(*self.kind, Kind::Reference)
    }

    /// Flattens the tree into printed lines (`display` in output.go).
    pub fn lines(&self, depth: usize, out: &mut Vec<Line>) {
        let mut depth = depth;
        if !self.skip() {
            out.push(Line {
                depth,
                instance_path: json_ptr(&self.instance),
                message: self.kind.message(),
            });
            depth += 1;
        }
        for c in &self.causes {
            c.lines(depth, out);
        }
    }
}

/// Renders lines as output.go does below the (stripped) schema header.
pub fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for _ in 0..l.depth {
            out.push_str("  ");
        }
        out.push_str("- at ");
        out.push_str(&quote(&l.instance_path));
        out.push_str(": ");
        out.push_str(&l.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("a'b\"c\n"), "'a\\'b\"c\\n'");
        assert_eq!(quote("/a"), "'/a'");
    }
}
