//! Interim escapers (replaced by the full implementation on the fmt branch).

use super::value::Value;

/// Go's `evalArgs`.
pub fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    super::gofmt::sprint(args)
}

/// `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
}

/// `url.QueryEscape`.
pub fn url_query_escape(s: &str) -> String {
    s.to_string()
}
