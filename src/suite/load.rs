//! Reads a suite file into [`Suite`], collecting every problem with its position.
//!
//! This file reads the suite, its flows, steps and requests; `checks` reads the checks, polls
//! and paginations; `applies_if` reads a step's guard; `templates` reads paths and templates and checks every variable they name
//! against what the flow, the generators and the typed profile define.

mod applies_if;
mod checks;
mod templates;

use super::model::*;
use super::schemas::SchemaStore;
use crate::diagnostic::Diagnostic;
use crate::profile::{Api, Profile};
use crate::source::{FileId, Sources, Span};
use crate::suggest::did_you_mean;
use crate::template::{Reference, Template};
use crate::yaml::{self, MapReader, Node, NodeKind};
use std::collections::BTreeSet;
use std::path::Path as FsPath;

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
    "name",
    "vars",
    "applies_if",
    "request",
    "capture",
    "checks",
    "poll",
    "paginate",
];
const REQUEST_KEYS: &[&str] = &[
    "method", "path", "query", "headers", "json", "auth", "ip_check",
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
struct Visible {
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
        let (for_each_pair, for_each_kyc_user) = match r.opt_str("for_each", self.diags).as_deref()
        {
            None => (false, false),
            Some("pair") => (true, false),
            Some("kyc_user") => (false, true),
            Some(other) => {
                let span = r.get("for_each").map_or(r.span(), |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown `for_each` value `{other}`"))
                        .with_label("expected `pair` or `kyc_user`")
                        .with_suggestion(did_you_mean(other, ["pair", "kyc_user"])),
                );
                (false, false)
            }
        };
        let mut scope = Visible {
            api,
            pair: for_each_pair,
            names: Vec::new(),
        };
        if for_each_kyc_user {
            scope.names.extend(KYC_USER_NAMES.map(String::from));
        }
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
            for_each_kyc_user,
            only_if,
            steps,
            span: node.span,
        })
    }

    /// `only_if: profile.<path>` or `pair.<key>` (the latter in `for_each: pair` flows),
    /// optionally `== word`.
    fn only_if(&mut self, text: &str, span: Span, for_each_pair: bool) -> Option<OnlyIf> {
        let (var, equals) = match text.split_once("==") {
            Some((var, word)) => (var.trim(), Some(word.trim().to_string())),
            None => (text.trim(), None),
        };
        let reference = Reference::parse(var);
        let condition = OnlyIf {
            reference: reference.clone(),
            equals,
        };
        match &reference {
            Reference::Profile(_) => Some(condition),
            Reference::Pair(_) if for_each_pair => Some(condition),
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

    fn step(&mut self, node: &Node, scope: &mut Visible) -> Option<Step> {
        let r = MapReader::new(node, "step", STEP_KEYS, self.diags)?;
        let name = r.req_str("name", self.diags).unwrap_or_default();
        // Judged before the step's vars are computed: it sees earlier steps only.
        let applies_if = r.get("applies_if").and_then(|n| self.applies_if(n, scope));
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
                    let (path_node, secret, optional) = match &v.kind {
                        NodeKind::Map(_) => {
                            let keys = &["path", "secret", "optional"];
                            let Some(cr) = MapReader::new(v, "capture", keys, self.diags) else {
                                continue;
                            };
                            let flag =
                                |k: &str| cr.get(k).and_then(Node::as_scalar) == Some("true");
                            let (secret, optional) = (flag("secret"), flag("optional"));
                            match cr.required("path", self.diags) {
                                Some(p) => (p, secret, optional),
                                None => continue,
                            }
                        }
                        _ => (v, false, false),
                    };
                    if let Some(path) = self.path_in(path_node, false, Some(&*scope)) {
                        capture.push(Capture {
                            name: cname.clone(),
                            path,
                            secret,
                            optional,
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
            applies_if,
        })
    }

    fn request(&mut self, node: &Node, scope: &Visible) -> Option<Request> {
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
}
