//! Reads a suite file into [`Suite`], collecting every problem with its position.

use super::model::*;
use super::schemas::SchemaStore;
use crate::diagnostic::Diagnostic;
use crate::profile::{Api, Profile};
use crate::source::{FileId, Sources, Span};
use crate::suggest::did_you_mean;
use crate::template::{Generator, PairKey, Reference, Template, lookup_path};
use crate::yaml::{self, MapReader, Node, NodeKind};
use std::collections::BTreeSet;
use std::path::Path as FsPath;
use std::sync::Arc;

/// What the loader needs besides the text.
pub struct LoadContext<'a> {
    /// The profile, to validate `${profile.*}` and `${pair.*}` references.
    pub profile: Option<&'a Profile>,
    pub schemas: &'a mut SchemaStore,
    /// Directory of the suite file, for schema files beside it.
    pub dir: Option<&'a FsPath>,
    /// Requirement ids of the checks catalogue.
    pub known_ids: &'a BTreeSet<String>,
}

const SUITE_KEYS: &[&str] = &["suite", "description", "api", "flows"];
const FLOW_KEYS: &[&str] = &["name", "tags", "for_each", "only_if", "steps"];
const STEP_KEYS: &[&str] = &[
    "name", "vars", "request", "capture", "checks", "poll", "paginate",
];
const REQUEST_KEYS: &[&str] = &[
    "method", "path", "query", "headers", "json", "auth", "ip_check",
];
const CHECK_KINDS: &[&str] = &[
    "status",
    "schema",
    "error_convention",
    "content_type",
    "latency_ms",
    "assert",
    "empty_body",
    "swap_payload",
];
const ASSERT_OPS: &[&str] = &[
    "equals",
    "not_equals",
    "matches",
    "exists",
    "in",
    "lt",
    "le",
    "gt",
    "ge",
    "after_now_secs",
    "decimal_string",
    "contains",
];
/// Loads one suite. `name` is how the file is shown in messages.
pub fn load_suite(
    sources: &mut Sources,
    name: &str,
    text: String,
    ctx: &mut LoadContext<'_>,
) -> Result<Suite, Vec<Diagnostic>> {
    let file = sources.add(name, text);
    let root = yaml::parse(file, &sources.get(file).text)?;
    let mut diags = Vec::new();
    let suite = Loader {
        ctx,
        diags: &mut diags,
        file,
    }
    .suite(&root);
    match suite {
        Some(s) if diags.is_empty() => Ok(s),
        _ => Err(diags),
    }
}

struct Loader<'a, 'b> {
    ctx: &'a mut LoadContext<'b>,
    diags: &'a mut Vec<Diagnostic>,
    file: FileId,
}

/// Names visible to templates at one point of a flow.
struct Scope {
    api: Api,
    pair: bool,
    names: Vec<String>,
}

impl Loader<'_, '_> {
    fn suite(&mut self, root: &Node) -> Option<Suite> {
        if root.kind == NodeKind::Null {
            self.diags.push(
                Diagnostic::error(root.span, "the suite is empty").with_help(
                    "a suite needs `suite`, `api` and `flows`; see README.md, Suite format",
                ),
            );
            return None;
        }
        let r = MapReader::new(root, "the suite", SUITE_KEYS, self.diags)?;
        let name = r.req_str("suite", self.diags).unwrap_or_default();
        let description = r.opt_str("description", self.diags).unwrap_or_default();
        let api_text = r.req_str("api", self.diags);
        let api = match api_text.as_deref().map(|a| (a, Api::from_key(a))) {
            Some((_, Some(api))) => api,
            Some((a, None)) => {
                let span = r.get("api").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown api `{a}`"))
                        .with_label("expected `swap`, `swap_v1` or `buy`")
                        .with_suggestion(did_you_mean(a, ["swap", "swap_v1", "buy"])),
                );
                Api::Swap
            }
            None => Api::Swap,
        };
        let mut flows = Vec::new();
        let mut flow_names = BTreeSet::new();
        if let Some(list) = r.required("flows", self.diags) {
            for node in yaml::reader_expect_seq(list, "flows", self.diags) {
                if let Some(flow) = self.flow(node, api) {
                    if !flow_names.insert(flow.name.clone()) {
                        self.diags.push(
                            Diagnostic::error(
                                flow.span,
                                format!("duplicate flow name `{}`", flow.name),
                            )
                            .with_label("flow names must be unique in a suite"),
                        );
                    }
                    flows.push(flow);
                }
            }
        }
        Some(Suite {
            name,
            description,
            file: self.file,
            api,
            flows,
        })
    }

    fn flow(&mut self, node: &Node, api: Api) -> Option<Flow> {
        let r = MapReader::new(node, "flow", FLOW_KEYS, self.diags)?;
        let name = r.req_str("name", self.diags).unwrap_or_default();
        let tags = r.opt_str_list("tags", self.diags);
        let for_each_pair = match r.opt_str("for_each", self.diags).as_deref() {
            None => false,
            Some("pair") => true,
            Some(other) => {
                let span = r.get("for_each").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown `for_each` value `{other}`"))
                        .with_label("only `pair` is supported"),
                );
                false
            }
        };
        let mut scope = Scope {
            api,
            pair: for_each_pair,
            names: Vec::new(),
        };
        let only_if = r.opt_str("only_if", self.diags).and_then(|var| {
            let span = r.get("only_if").map_or(r.span(), |n| n.span);
            self.only_if(&var, span, for_each_pair)
        });
        let mut steps = Vec::new();
        if let Some(list) = r.required("steps", self.diags) {
            for s in yaml::reader_expect_seq(list, "steps", self.diags) {
                if let Some(step) = self.step(s, &mut scope) {
                    steps.push(step);
                }
            }
        }
        Some(Flow {
            name,
            tags,
            for_each_pair,
            only_if,
            steps,
            span: node.span,
        })
    }

    /// `only_if: profile.<path>` or `pair.<key>` (the latter in `for_each: pair` flows).
    fn only_if(&mut self, var: &str, span: Span, for_each_pair: bool) -> Option<Reference> {
        let reference = Reference::parse(var);
        match &reference {
            Reference::Profile(_) => Some(reference),
            Reference::Pair(_) if for_each_pair => Some(reference),
            Reference::Pair(_) => {
                self.diags.push(
                    Diagnostic::error(
                        span,
                        format!("`only_if` names `{var}` in a flow without `for_each: pair`"),
                    )
                    .with_label("no pair here"),
                );
                None
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(span, format!("`only_if` names `{var}`"))
                        .with_label("expected a `profile.*` or `pair.*` name, without `${}`"),
                );
                None
            }
        }
    }

    fn step(&mut self, node: &Node, scope: &mut Scope) -> Option<Step> {
        let r = MapReader::new(node, "step", STEP_KEYS, self.diags)?;
        let name = r.req_str("name", self.diags).unwrap_or_default();
        let mut vars = Vec::new();
        if let Some(v) = r.get("vars") {
            if let NodeKind::Map(entries) = &v.kind {
                for (k, val) in entries {
                    let var = k.as_scalar().unwrap_or_default().to_string();
                    if let Some(t) = self.template(val, scope) {
                        vars.push((var.clone(), t));
                    }
                    scope.names.push(var);
                }
            } else {
                self.type_error(v, "`vars` must be a mapping");
            }
        }
        let request = r
            .required("request", self.diags)
            .and_then(|n| self.request(n, scope));
        let checks = match r.get("checks") {
            Some(list) => yaml::reader_expect_seq(list, "checks", self.diags)
                .iter()
                .filter_map(|c| self.check(c, scope))
                .collect(),
            None => Vec::new(),
        };
        let poll = r.get("poll").and_then(|n| self.poll(n, scope));
        let paginate = r.get("paginate").and_then(|n| self.paginate(n));
        let mut capture = Vec::new();
        if let Some(c) = r.get("capture") {
            if let NodeKind::Map(entries) = &c.kind {
                for (k, v) in entries {
                    let cname = k.as_scalar().unwrap_or_default().to_string();
                    let (path_node, secret) = match &v.kind {
                        NodeKind::Map(_) => {
                            let Some(cr) =
                                MapReader::new(v, "capture", &["path", "secret"], self.diags)
                            else {
                                continue;
                            };
                            let secret = cr.get("secret").and_then(Node::as_scalar) == Some("true");
                            match cr.required("path", self.diags) {
                                Some(p) => (p, secret),
                                None => continue,
                            }
                        }
                        _ => (v, false),
                    };
                    if let Some(path) = self.path_in(path_node, false, Some(&*scope)) {
                        capture.push(Capture {
                            name: cname.clone(),
                            path,
                            secret,
                            span: k.span,
                        });
                    }
                    scope.names.push(cname);
                }
            } else {
                self.type_error(c, "`capture` must be a mapping of names to JSONPaths");
            }
        }
        if r.get("checks").is_none() && r.get("poll").is_none() && r.get("paginate").is_none() {
            self.diags.push(
                Diagnostic::error(r.span(), format!("step `{name}` has no checks"))
                    .with_label("a step must check something")
                    .with_help("add `checks:` with at least one check"),
            );
        }
        Some(Step {
            name,
            span: node.span,
            vars,
            request: request?,
            capture,
            checks,
            poll,
            paginate,
        })
    }

    fn request(&mut self, node: &Node, scope: &Scope) -> Option<Request> {
        let r = MapReader::new(node, "request", REQUEST_KEYS, self.diags)?;
        let ip_check = match r.opt_str("ip_check", self.diags).as_deref() {
            None => None,
            Some("accepted") => Some(IpSent::Accepted),
            Some("rejected") => Some(IpSent::Rejected),
            Some(other) => {
                let span = r.get("ip_check").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown `ip_check` value `{other}`"))
                        .with_label("expected `accepted` or `rejected`"),
                );
                return None;
            }
        };
        if ip_check.is_some() {
            // Method, path and the IP's place come from the profile's `ip_check`.
            return Some(Request {
                method: reqwest::Method::POST,
                path: Template::parse("", node.span).ok()?,
                query: Vec::new(),
                headers: self.template_map(r.get("headers"), "headers", scope),
                json: None,
                auth: Auth::Profile,
                ip_check,
                span: node.span,
            });
        }
        let method_text = r.req_str("method", self.diags)?;
        let method = match method_text.to_ascii_uppercase().as_str() {
            m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS") => {
                reqwest::Method::from_bytes(m.as_bytes()).ok()?
            }
            _ => {
                let span = r.get("method").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown HTTP method `{method_text}`"))
                        .with_label("expected GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"),
                );
                return None;
            }
        };
        let path_node = r.required("path", self.diags)?;
        let path = self.template(path_node, scope)?;
        let query = self.template_map(r.get("query"), "query", scope);
        let headers = self.template_map(r.get("headers"), "headers", scope);
        let json = r.get("json").map(|n| self.json_template(n, scope));
        let auth = match r.opt_str("auth", self.diags).as_deref() {
            None | Some("profile") => Auth::Profile,
            Some("none") => Auth::None,
            Some("wrong") => Auth::Wrong,
            Some(other) => {
                let span = r.get("auth").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown `auth` value `{other}`"))
                        .with_label("expected `profile`, `none` or `wrong`"),
                );
                Auth::Profile
            }
        };
        Some(Request {
            method,
            path,
            query,
            headers,
            json,
            auth,
            ip_check: None,
            span: node.span,
        })
    }

    fn check(&mut self, node: &Node, scope: &Scope) -> Option<Check> {
        let NodeKind::Map(entries) = &node.kind else {
            self.type_error(node, "a check must be a mapping with `id` and one check");
            return None;
        };
        let mut allowed: Vec<&str> = CHECK_KINDS.to_vec();
        allowed.push("id");
        let r = MapReader::new(node, "check", &allowed, self.diags)?;
        let kinds: Vec<&(Node, Node)> = entries
            .iter()
            .filter(|(k, _)| k.as_scalar().is_some_and(|k| CHECK_KINDS.contains(&k)))
            .collect();
        let [(key, value)] = kinds.as_slice() else {
            if kinds.is_empty() {
                if entries.iter().all(|(k, _)| {
                    k.as_scalar() == Some("id")
                        || !CHECK_KINDS.contains(&k.as_scalar().unwrap_or(""))
                }) && entries.len() > 1
                {
                    // Unknown keys were already reported with a suggestion.
                    return None;
                }
                self.diags.push(
                    Diagnostic::error(node.span, "a check needs one check kind")
                        .with_label("no check here")
                        .with_help(format!("use one of: {}", CHECK_KINDS.join(", "))),
                );
            } else {
                self.diags.push(
                    Diagnostic::error(kinds[1].0.span, "a check has exactly one check kind")
                        .with_label("second check kind")
                        .with_help("split it into two checks"),
                );
            }
            return None;
        };
        let kind_name = key.as_scalar().unwrap_or_default();
        let id = if kind_name == "swap_payload" {
            r.opt_str("id", self.diags)
                .unwrap_or_else(|| "SWAP-PAYLOAD".to_string())
        } else {
            let id = r.req_str("id", self.diags)?;
            self.requirement_id(&id, r.get("id").map_or(node.span, |n| n.span));
            id
        };
        let kind = match kind_name {
            "status" => CheckKind::Status(self.status_patterns(value)?),
            "schema" => {
                let name = self.scalar(value, "schema")?;
                match self.ctx.schemas.get(&name, self.ctx.dir) {
                    Ok(validator) => CheckKind::Schema { name, validator },
                    Err(e) => {
                        let unknown = e.starts_with("no schema");
                        let d = Diagnostic::error(value.span, e);
                        self.diags.push(if unknown {
                            d.with_label("unknown schema")
                                .with_suggestion(did_you_mean(&name, SchemaStore::names()))
                        } else {
                            d.with_label("this schema cannot be used")
                        });
                        return None;
                    }
                }
            }
            "error_convention" => self.error_convention(value, scope)?,
            "content_type" => {
                CheckKind::ContentType(self.scalar(value, "content_type")?.to_ascii_lowercase())
            }
            "latency_ms" => {
                CheckKind::Latency(yaml::MapReaderU64::u64(value, "latency_ms", self.diags)?)
            }
            "assert" => CheckKind::Assert(Box::new(self.assertion(value, scope)?)),
            "empty_body" => CheckKind::EmptyBody,
            "swap_payload" => {
                if !matches!(scope.api, Api::Swap | Api::SwapV1) {
                    self.diags.push(
                        Diagnostic::error(key.span, "`swap_payload` needs a swap suite")
                            .with_label("this suite's api has no /swap payload"),
                    );
                }
                CheckKind::SwapPayload
            }
            _ => return None,
        };
        Some(Check {
            id,
            kind,
            span: key.span,
        })
    }

    fn requirement_id(&mut self, id: &str, span: Span) {
        if !self.ctx.known_ids.is_empty() && !self.ctx.known_ids.contains(id) {
            self.diags.push(
                Diagnostic::error(span, format!("unknown requirement id `{id}`"))
                    .with_label("not in the checks catalogue (docs/checks.md)")
                    .with_suggestion(did_you_mean(
                        id,
                        self.ctx.known_ids.iter().map(String::as_str),
                    )),
            );
        }
    }

    fn status_patterns(&mut self, node: &Node) -> Option<Vec<StatusPattern>> {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            let text = item.as_scalar().unwrap_or_default();
            let pattern = if let Ok(code) = text.parse::<u16>() {
                (100..=599)
                    .contains(&code)
                    .then_some(StatusPattern::Exact(code))
            } else if text.len() == 3 && text.ends_with("xx") {
                text[..1]
                    .parse::<u16>()
                    .ok()
                    .filter(|c| (1..=5).contains(c))
                    .map(StatusPattern::Class)
            } else {
                None
            };
            match pattern {
                Some(p) => out.push(p),
                None => self.diags.push(
                    Diagnostic::error(item.span, format!("`{text}` is not an HTTP status"))
                        .with_label("expected a code like 200 or a class like 4xx"),
                ),
            }
        }
        (!out.is_empty()).then_some(out)
    }

    fn error_convention(&mut self, node: &Node, scope: &Scope) -> Option<CheckKind> {
        let (name_node, key, additional_fields) = match &node.kind {
            NodeKind::Map(_) => {
                let r = MapReader::new(
                    node,
                    "error_convention",
                    &["convention", "key", "additional_fields"],
                    self.diags,
                )?;
                let key = r.get("key").and_then(|k| self.template(k, scope));
                let fields = r.opt_str_list("additional_fields", self.diags);
                (r.required("convention", self.diags)?, key, fields)
            }
            _ => (node, None, Vec::new()),
        };
        let name = self.scalar(name_node, "convention")?;
        let Some(convention) = Convention::from_name(&name) else {
            self.diags.push(
                Diagnostic::error(name_node.span, format!("unknown error convention `{name}`"))
                    .with_label("expected `swap`, `swap_v1` or `buy`")
                    .with_suggestion(did_you_mean(&name, Convention::NAMES)),
            );
            return None;
        };
        Some(CheckKind::ErrorConvention {
            convention,
            key,
            additional_fields,
        })
    }

    fn assertion(&mut self, node: &Node, scope: &Scope) -> Option<Assertion> {
        let mut allowed = ASSERT_OPS.to_vec();
        allowed.extend(["path", "left", "optional"]);
        let r = MapReader::new(node, "assert", &allowed, self.diags)?;
        let path_node = r.required("path", self.diags)?;
        let path = self.path_in(path_node, false, Some(scope))?;
        let left = match r.get("left") {
            Some(l) => Some(self.path_in(l, true, Some(scope))?),
            None => None,
        };
        let ops: Vec<&str> = ASSERT_OPS
            .iter()
            .copied()
            .filter(|op| r.key_span(op).is_some())
            .collect();
        let [op_name] = ops.as_slice() else {
            self.diags.push(
                Diagnostic::error(
                    r.span(),
                    if ops.is_empty() {
                        "an assertion needs one operation"
                    } else {
                        "an assertion has exactly one operation"
                    },
                )
                .with_label("here")
                .with_help(format!("use one of: {}", ASSERT_OPS.join(", "))),
            );
            return None;
        };
        let value = r.get(op_name);
        let need = |s: &mut Self| -> Option<&Node> {
            if value.is_none() {
                s.diags.push(Diagnostic::error(
                    r.key_span(op_name).unwrap_or(r.span()),
                    format!("`{op_name}` needs a value"),
                ));
            }
            value
        };
        let op = match *op_name {
            "equals" => {
                let v = need(self)?;
                AssertOp::Equals(self.operand(v, scope)?)
            }
            "not_equals" => {
                let v = need(self)?;
                AssertOp::NotEquals(self.operand(v, scope)?)
            }
            "matches" => {
                let v = need(self)?;
                let text = self.scalar(v, "matches")?;
                match regex::Regex::new(&text) {
                    Ok(re) => AssertOp::Matches(re),
                    Err(e) => {
                        // regex errors span several lines; the last one says why.
                        let text = e.to_string();
                        let why = text
                            .lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or_default();
                        self.diags.push(
                            Diagnostic::error(
                                v.span,
                                format!(
                                    "invalid regular expression: {}",
                                    why.trim_start_matches("error: ")
                                ),
                            )
                            .with_label("here"),
                        );
                        return None;
                    }
                }
            }
            "exists" => AssertOp::Exists(value.and_then(Node::as_scalar) != Some("false")),
            "decimal_string" => AssertOp::DecimalString,
            "contains" => {
                let v = need(self)?;
                let NodeKind::Map(entries) = &v.kind else {
                    self.type_error(v, "`contains` must be a mapping of field names to values");
                    return None;
                };
                AssertOp::Contains(
                    entries
                        .iter()
                        .map(|(k, val)| {
                            (
                                k.as_scalar().unwrap_or_default().to_string(),
                                self.json_template(val, scope),
                            )
                        })
                        .collect(),
                )
            }
            "in" => {
                let v = need(self)?;
                let items = yaml::reader_expect_seq(v, "in", self.diags);
                AssertOp::In(items.iter().map(|i| self.json_template(i, scope)).collect())
            }
            "after_now_secs" => {
                let v = need(self)?;
                let text = self.scalar(v, "after_now_secs")?;
                match text.parse::<i64>() {
                    Ok(n) => AssertOp::AfterNowSecs(n),
                    Err(_) => {
                        self.type_error(v, "`after_now_secs` must be a whole number of seconds");
                        return None;
                    }
                }
            }
            cmp => {
                let op = match cmp {
                    "lt" => CompareOp::Lt,
                    "le" => CompareOp::Le,
                    "gt" => CompareOp::Gt,
                    _ => CompareOp::Ge,
                };
                let v = need(self)?;
                AssertOp::Compare(op, self.operand(v, scope)?)
            }
        };
        let optional = r.get("optional").and_then(Node::as_scalar) == Some("true");
        Some(Assertion {
            path,
            left,
            op,
            optional,
        })
    }

    fn operand(&mut self, node: &Node, scope: &Scope) -> Option<Operand> {
        if let Some(text) = node.as_scalar()
            && (text.starts_with("@.") || text.starts_with("$.") || text == "$")
        {
            let relative = text.starts_with('@');
            return Some(Operand::Path {
                relative,
                path: self.path_in(node, relative, Some(scope))?,
            });
        }
        Some(Operand::Value(self.json_template(node, scope)))
    }

    fn poll(&mut self, node: &Node, scope: &Scope) -> Option<Poll> {
        let r = MapReader::new(
            node,
            "poll",
            &[
                "id",
                "until",
                "interval_ms",
                "max_attempts",
                "deadline_secs",
            ],
            self.diags,
        )?;
        let id = r.req_str("id", self.diags)?;
        self.requirement_id(&id, r.get("id").map_or(node.span, |n| n.span));
        let until_node = r.required("until", self.diags)?;
        let until = self.assertion(until_node, scope)?;
        Some(Poll {
            id,
            until,
            interval_ms: r.opt_u64("interval_ms", self.diags).unwrap_or(1000),
            max_attempts: r
                .opt_u64("max_attempts", self.diags)
                .unwrap_or(30)
                .clamp(1, 10_000) as u32,
            deadline_secs: r.opt_u64("deadline_secs", self.diags).unwrap_or(60),
            span: node.span,
        })
    }

    fn paginate(&mut self, node: &Node) -> Option<Paginate> {
        let r = MapReader::new(
            node,
            "paginate",
            &[
                "id",
                "items",
                "next",
                "cursor_param",
                "max_pages",
                "unique_by",
            ],
            self.diags,
        )?;
        let id = r.req_str("id", self.diags)?;
        self.requirement_id(&id, r.get("id").map_or(node.span, |n| n.span));
        let items_node = r.required("items", self.diags)?;
        let items = self.path(items_node, false)?;
        let next_node = r.required("next", self.diags)?;
        let next = self.path(next_node, false)?;
        Some(Paginate {
            id,
            items,
            next,
            cursor_param: r
                .opt_str("cursor_param", self.diags)
                .unwrap_or_else(|| "cursor".into()),
            max_pages: r
                .opt_u64("max_pages", self.diags)
                .unwrap_or(100)
                .clamp(1, 10_000) as u32,
            unique_by: r.opt_str_list("unique_by", self.diags),
            span: node.span,
        })
    }

    fn path(&mut self, node: &Node, relative: bool) -> Option<Path> {
        self.path_in(node, relative, None)
    }

    /// A JSONPath; with a scope it may hold `${...}` (checked like any template).
    fn path_in(&mut self, node: &Node, relative: bool, scope: Option<&Scope>) -> Option<Path> {
        let text = self.scalar(node, "path")?;
        let template = if text.contains("${") {
            let Some(scope) = scope else {
                self.diags.push(
                    Diagnostic::error(node.span, "`${...}` is not allowed in this path")
                        .with_label("templates work in assertion and capture paths"),
                );
                return None;
            };
            Some(self.template(node, scope)?)
        } else {
            None
        };
        // Syntax check: variables stand in as a plain word.
        let checked = match &template {
            Some(t) => t
                .render_string(&|_| Some(serde_json::Value::String("x".into())))
                .unwrap_or_default(),
            None => text.clone(),
        };
        let query = if relative {
            match checked.strip_prefix('@') {
                Some(rest) => format!("${rest}"),
                None => {
                    self.diags.push(
                        Diagnostic::error(node.span, format!("`{text}` must start with `@`"))
                            .with_label("a path relative to each subject"),
                    );
                    return None;
                }
            }
        } else {
            checked
        };
        match serde_json_path::JsonPath::parse(&query) {
            Ok(p) => Some(Path {
                text,
                compiled: Arc::new(p),
                template,
                relative,
            }),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(node.span, format!("invalid JSONPath `{text}`: {e}"))
                        .with_label("RFC 9535 JSONPath expected, e.g. `$.quoteId`"),
                );
                None
            }
        }
    }

    fn template(&mut self, node: &Node, scope: &Scope) -> Option<Template> {
        let text = match &node.kind {
            NodeKind::Scalar { text, .. } => text.clone(),
            NodeKind::Null => String::new(),
            _ => {
                self.type_error(node, "expected a string");
                return None;
            }
        };
        match Template::parse(&text, node.span) {
            Ok(t) => {
                self.check_vars(&t, scope);
                Some(t)
            }
            Err(d) => {
                self.diags.push(*d);
                None
            }
        }
    }

    fn template_map(
        &mut self,
        node: Option<&Node>,
        what: &str,
        scope: &Scope,
    ) -> Vec<(String, Template)> {
        let Some(node) = node else { return Vec::new() };
        let NodeKind::Map(entries) = &node.kind else {
            self.type_error(node, &format!("`{what}` must be a mapping"));
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_scalar()?.to_string(), self.template(v, scope)?)))
            .collect()
    }

    fn json_template(&mut self, node: &Node, scope: &Scope) -> JsonTemplate {
        match &node.kind {
            NodeKind::Scalar { text, .. } if text.contains('$') => match self.template(node, scope)
            {
                Some(t) if t.is_literal() => JsonTemplate::Value(node.to_json()),
                Some(t) => JsonTemplate::Str(t),
                None => JsonTemplate::Value(serde_json::Value::Null),
            },
            NodeKind::Seq(items) => {
                JsonTemplate::Array(items.iter().map(|i| self.json_template(i, scope)).collect())
            }
            NodeKind::Map(entries) => JsonTemplate::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_scalar().unwrap_or_default().to_string(),
                            self.json_template(v, scope),
                        )
                    })
                    .collect(),
            ),
            _ => JsonTemplate::Value(node.to_json()),
        }
    }

    /// Reports variables that no earlier step, generator, pair or profile defines.
    fn check_vars(&mut self, t: &Template, scope: &Scope) {
        for var in t.vars() {
            if self.var_known(var, scope) {
                continue;
            }
            let mut candidates: Vec<String> = scope.names.clone();
            candidates.extend(Generator::ALL.iter().map(|g| g.name().to_string()));
            if scope.pair
                && let Some(profile) = self.ctx.profile
                && profile
                    .sections
                    .get(&scope.api)
                    .is_some_and(|s| !s.pairs.is_empty())
            {
                candidates.extend(PairKey::ALL.iter().map(|k| format!("pair.{}", k.name())));
            }
            let name = var.to_string();
            let label = if name.starts_with("pair.") && !scope.pair {
                "`pair` is only defined in flows with `for_each: pair`".to_string()
            } else {
                "not defined at this point".to_string()
            };
            self.diags.push(
                Diagnostic::error(t.span, format!("unknown variable `{name}`"))
                    .with_label(label)
                    .with_suggestion(did_you_mean(&name, candidates.iter().map(String::as_str))),
            );
        }
    }

    /// Whether a reference has a value at this point of the flow, against the typed profile.
    fn var_known(&self, var: &Reference, scope: &Scope) -> bool {
        match var {
            Reference::Name(name) => scope.names.iter().any(|n| n == name),
            Reference::Gen(_) => true,
            // Every pair has every key: optional ones are null, defaulted ones filled in.
            Reference::Pair(_) => scope.pair,
            Reference::Profile(path) => match self.ctx.profile {
                // A suite whose section the profile lacks never runs: nothing to check against.
                Some(p) if p.sections.contains_key(&scope.api) => {
                    lookup_path(p.view(), &path.join(".")).is_some()
                }
                _ => true,
            },
            Reference::Env(_) => false,
        }
    }

    fn scalar(&mut self, node: &Node, what: &str) -> Option<String> {
        crate::yaml::reader_expect_str(node, what, self.diags)
    }

    fn type_error(&mut self, node: &Node, message: &str) {
        self.diags.push(
            Diagnostic::error(node.span, message).with_label(format!("found {}", node.type_name())),
        );
    }
}
