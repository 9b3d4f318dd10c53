//! The validated suite types the runner consumes.

use crate::profile::Api;
use crate::source::{FileId, Span};
use crate::template::{Lookup, Reference, Template};
use serde_json::Value;
use std::sync::Arc;

/// One suite file.
#[derive(Debug, Clone)]
pub struct Suite {
    pub name: String,
    pub description: String,
    pub file: FileId,
    /// The profile section it needs; the suite runs only when that section is present.
    pub api: Api,
    pub flows: Vec<Flow>,
}

/// A scenario: steps run in order, sharing captures.
#[derive(Debug, Clone)]
pub struct Flow {
    pub name: String,
    pub tags: Vec<String>,
    /// Run once per pair of the profile section, with `${pair.*}` bound.
    pub for_each_pair: bool,
    /// Run once per KYC test user of the profile section (`for_each: kyc_user`), with
    /// [`KYC_USER_NAMES`] bound.
    pub for_each_kyc_user: bool,
    /// Plan the flow (or the pair's instance) only when this `profile.*` or `pair.*` value
    /// exists (or equals a word): for optional parts of an API, such as the seed documents'
    /// IP check, or what the profile declares (`profile.swap_v1.login == required`).
    pub only_if: Option<OnlyIf>,
    pub steps: Vec<Step>,
    pub span: Span,
}

/// The names a `for_each: kyc_user` flow sees: the user's state (`pending`), the code
/// `/check_quote` documents for it (`KYC_PENDING`), every spelling of that code (a list, for
/// `in:`), and the user's bearer token (a secret).
pub const KYC_USER_NAMES: [&str; 4] = [
    "kyc_user.state",
    "kyc_user.code",
    "kyc_user.codes",
    "kyc_user.bearer_token",
];

/// `only_if: NAME` (the value exists and is not null) or `only_if: NAME == WORD` (the value is
/// that string).
#[derive(Debug, Clone, PartialEq)]
pub struct OnlyIf {
    pub reference: Reference,
    pub equals: Option<String>,
}

/// One request and the checks on its response.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub span: Span,
    /// Values computed before the request, in order (`vars: { nonce: "${gen.nonce}" }`).
    pub vars: Vec<(String, Template)>,
    pub request: Request,
    pub capture: Vec<Capture>,
    pub checks: Vec<Check>,
    pub poll: Option<Poll>,
    pub paginate: Option<Paginate>,
    /// When it does not hold, this step and every later step of the flow do not apply.
    pub applies_if: Option<AppliesIf>,
}

/// `applies_if: { value: "${trade_methods}", contains: fixed, reason: "..." }`: the step (and
/// the rest of its flow) applies only when the value, captured by an earlier step, holds the
/// word. A value that says nothing (null, or never captured) does not rule the step out: only
/// what the provider advertises can make a step not applicable, never its silence.
#[derive(Debug, Clone)]
pub struct AppliesIf {
    /// Exactly one `${name}`.
    pub value: Template,
    /// The word the value must be, or hold as a list item.
    pub contains: String,
    /// Why the step does not apply, shown on every check it leaves out (lists of words are
    /// written `a, b`).
    pub reason: Template,
    pub span: Span,
}

impl AppliesIf {
    /// Whether a step guarded by this applies, given the value's rendering (`None` when it
    /// has none).
    pub fn holds(&self, value: Option<&Value>) -> bool {
        match value {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => *s == self.contains,
            Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(&self.contains)),
            Some(_) => false,
        }
    }
}

/// Which credentials a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The profile section's headers (and bearer token where the suite uses it).
    Profile,
    /// No profile headers at all.
    None,
    /// The profile's header names with wrong values.
    Wrong,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: reqwest::Method,
    /// Appended to the section's `base_url`.
    pub path: Template,
    pub query: Vec<(String, Template)>,
    pub headers: Vec<(String, Template)>,
    pub json: Option<JsonTemplate>,
    pub auth: Auth,
    /// Build the request from the profile section's `ip_check` description instead.
    pub ip_check: Option<IpSent>,
    pub span: Span,
}

/// Which IP of the profile's `ip_check` to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpSent {
    Accepted,
    Rejected,
}

/// A JSON value whose strings may hold templates.
#[derive(Debug, Clone)]
pub enum JsonTemplate {
    Value(Value),
    Str(Template),
    Array(Vec<JsonTemplate>),
    Object(Vec<(String, JsonTemplate)>),
}

impl JsonTemplate {
    /// Every template inside, for validation.
    pub fn templates(&self) -> Vec<&Template> {
        match self {
            JsonTemplate::Value(_) => Vec::new(),
            JsonTemplate::Str(t) => vec![t],
            JsonTemplate::Array(items) => items.iter().flat_map(JsonTemplate::templates).collect(),
            JsonTemplate::Object(items) => items.iter().flat_map(|(_, v)| v.templates()).collect(),
        }
    }

    /// Renders every template inside; the error names a variable without a value.
    pub fn render(&self, lookup: &Lookup<'_>) -> Result<Value, String> {
        Ok(match self {
            JsonTemplate::Value(v) => v.clone(),
            JsonTemplate::Str(s) => s.render(lookup)?,
            JsonTemplate::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| i.render(lookup))
                    .collect::<Result<_, _>>()?,
            ),
            JsonTemplate::Object(entries) => {
                let mut m = serde_json::Map::new();
                for (k, v) in entries {
                    let value = v.render(lookup)?;
                    // An optional pair value that is absent (an extra id) leaves its key out.
                    if !value.is_null() {
                        m.insert(k.clone(), value);
                    }
                }
                Value::Object(m)
            }
        })
    }
}

/// A compiled JSONPath with its text. A path holding `${...}` is compiled again at run time
/// with the values rendered in (its load-time compilation only checks the syntax).
#[derive(Debug, Clone)]
pub struct Path {
    pub text: String,
    pub compiled: Arc<super::Query>,
    pub template: Option<Template>,
    /// `@`-relative paths are run as `$` on each subject.
    pub relative: bool,
}

impl Path {
    /// The nodes selected in `doc`, in document order.
    pub fn select<'v>(
        &self,
        doc: &'v Value,
        lookup: &Lookup<'_>,
    ) -> Result<Vec<&'v Value>, String> {
        let Some(t) = &self.template else {
            return Ok(self.compiled.all(doc));
        };
        let text = t
            .render_string(lookup)
            .map_err(|v| format!("`{v}` has no value for the path `{}`", self.text))?;
        let query = match (self.relative, text.strip_prefix('@')) {
            (true, Some(rest)) => format!("${rest}"),
            _ => text.clone(),
        };
        let compiled = super::Query::parse(&query)
            .map_err(|e| format!("the path `{text}` is not valid JSONPath once rendered: {e}"))?;
        Ok(compiled.all(doc))
    }
}

/// `capture: { name: $.path }` or `{ name: { path: $.path, secret: true, optional: true } }`.
#[derive(Debug, Clone)]
pub struct Capture {
    pub name: String,
    pub path: Path,
    pub secret: bool,
    /// A value the API may leave out (the seed's /swap `swapId`): when nothing matches, the
    /// name is null (a JSON key or header that names it is left out) and nothing fails.
    pub optional: bool,
    pub span: Span,
}

/// One assertion, with its requirement id.
#[derive(Debug, Clone)]
pub struct Check {
    /// Requirement id from the checks catalogue, e.g. `SWAP-QUOTE-004`.
    pub id: std::sync::Arc<str>,
    pub kind: CheckKind,
    pub span: Span,
}

impl Check {
    /// The check's one-word name, as in the YAML key.
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }
}

#[derive(Debug, Clone)]
pub enum CheckKind {
    /// Status codes or classes (`200`, `4xx`).
    Status(Vec<StatusPattern>),
    Schema {
        name: String,
        validator: Arc<jsonschema::Validator>,
    },
    ErrorConvention {
        convention: Convention,
        key: Option<Template>,
        additional_fields: Vec<String>,
    },
    /// The media type, compared without parameters.
    ContentType(String),
    /// The response arrived within this many milliseconds.
    Latency(u64),
    Assert(Box<Assertion>),
    /// The body is empty (the seed API's check_quote success).
    EmptyBody,
    /// The device-exact /swap payload and signature verification.
    SwapPayload,
    /// The IP check's answer, read as the profile's `ip_check.answer` declares.
    IpAnswer(IpSent),
    /// Ledger's embedded coin list against the collected `/currencies` entries.
    LedgerList(ListCheck),
}

/// What `ledger_list:` compares with Ledger's coin list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListCheck {
    /// Every entry maps to a coin of the list (or a token on one).
    Currencies,
    /// The pair's `payload_currency_*` are Ledger's tickers for what its entries map to.
    Tickers,
    /// The pair's `decimals_*` are Ledger's decimals for what its entries map to.
    Decimals,
}

impl ListCheck {
    pub const NAMES: [&'static str; 3] = ["currencies", "tickers", "decimals"];

    pub fn from_name(name: &str) -> Option<ListCheck> {
        match name {
            "currencies" => Some(ListCheck::Currencies),
            "tickers" => Some(ListCheck::Tickers),
            "decimals" => Some(ListCheck::Decimals),
            _ => None,
        }
    }
}

impl CheckKind {
    pub fn name(&self) -> &'static str {
        match self {
            CheckKind::Status(_) => "status",
            CheckKind::Schema { .. } => "schema",
            CheckKind::ErrorConvention { .. } => "error_convention",
            CheckKind::ContentType(_) => "content_type",
            CheckKind::Latency(_) => "latency_ms",
            CheckKind::Assert(_) => "assert",
            CheckKind::EmptyBody => "empty_body",
            CheckKind::SwapPayload => "swap_payload",
            CheckKind::IpAnswer(_) => "ip_answer",
            CheckKind::LedgerList(_) => "ledger_list",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusPattern {
    Exact(u16),
    /// `4xx`: the hundreds digit.
    Class(u16),
}

impl StatusPattern {
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusPattern::Exact(s) => s == status,
            StatusPattern::Class(c) => status / 100 == c,
        }
    }
}

impl std::fmt::Display for StatusPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusPattern::Exact(s) => write!(f, "{s}"),
            StatusPattern::Class(c) => write!(f, "{c}xx"),
        }
    }
}

/// The error-body conventions of the three APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `{messageKey, message, additionalFields?}` (§4.1 ErrorPayload).
    Swap,
    /// `{code, error, description}` with a documented code (§4.2).
    SwapV1,
    /// `{code: integer, message}` JSON, or text/plain for a 400 (§5).
    Buy,
}

impl Convention {
    pub fn from_name(name: &str) -> Option<Convention> {
        match name {
            "swap" => Some(Convention::Swap),
            "swap_v1" => Some(Convention::SwapV1),
            "buy" => Some(Convention::Buy),
            _ => None,
        }
    }
    pub const NAMES: [&'static str; 3] = ["swap", "swap_v1", "buy"];
}

/// `assert: { path, left?, <op>: value }`.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// Selects the subjects; every subject must satisfy the operation.
    pub path: Path,
    /// Optional path relative to each subject (`@.minSwapAmount`).
    pub left: Option<Path>,
    pub op: AssertOp,
    /// When the values compared are absent, pass as "absent" instead of failing
    /// (for optional fields: check them only when they are given).
    pub optional: bool,
}

/// An operand: a literal or templated value, or a path into the subject (`@.x`) or document (`$.x`).
#[derive(Debug, Clone)]
pub enum Operand {
    Value(JsonTemplate),
    Path { relative: bool, path: Path },
}

#[derive(Debug, Clone)]
pub enum AssertOp {
    Equals(Operand),
    NotEquals(Operand),
    Matches(regex::Regex),
    /// `exists: true` needs at least one match; `exists: false` none.
    Exists(bool),
    In(Vec<JsonTemplate>),
    /// `in: "${list}"` or `in: { list: "${list}", field: id }`: the subject is among the
    /// values of a list an earlier step captured (or the `field` of each of its objects).
    InList {
        list: Template,
        field: Option<String>,
    },
    /// Exact decimal comparison of numbers or decimal strings.
    Compare(CompareOp, Operand),
    /// A timestamp (ISO-8601 or epoch milliseconds) at least this many seconds in the future.
    AfterNowSecs(i64),
    /// A string of digits with at most one point, e.g. `"0.0001"`.
    DecimalString,
    /// A list holding an object whose fields equal all of these (templated) values.
    Contains(Vec<(String, JsonTemplate)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    /// `eq`: the same decimal value (`"1.0"` equals `"1"` and `1`).
    Eq,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// Repeat the request until a condition holds or a deadline passes.
#[derive(Debug, Clone)]
pub struct Poll {
    pub id: std::sync::Arc<str>,
    pub until: Assertion,
    pub interval_ms: u64,
    pub max_attempts: u32,
    pub deadline_secs: u64,
    pub span: Span,
}

/// Follow a cursor across pages, checking for loops and duplicates.
/// The most pages a `paginate:` step reads, and its default: a list longer than this is a
/// cursor that never ends as far as the harness can tell. The sources set no bound; at 100
/// items a page it is a million items, and a provider that pages by 20 still gets 200,000.
pub const MAX_PAGES: u64 = 10_000;

#[derive(Debug, Clone)]
pub struct Paginate {
    pub id: std::sync::Arc<str>,
    /// Where the items of a page are (`$.pairs`).
    pub items: Path,
    /// Where the next cursor is (`$.next_cursor`).
    pub next: Path,
    pub cursor_param: String,
    /// At most [`MAX_PAGES`]; that is also the default.
    pub max_pages: u32,
    /// Item fields that together identify an item; empty for the whole item.
    pub unique_by: Vec<String>,
    pub span: Span,
}
