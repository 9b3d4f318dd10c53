//! The checks of a step, its poll and its pagination.

use super::{Loader, Visible};
use crate::diagnostic::Diagnostic;
use crate::profile::Api;
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::suite::model::*;
use crate::suite::schemas::SchemaStore;
use crate::yaml::{self, MapReader, Node, NodeKind};

const CHECK_KINDS: &[&str] = &[
    "status",
    "schema",
    "error_convention",
    "content_type",
    "latency_ms",
    "assert",
    "empty_body",
    "swap_payload",
    "ip_answer",
    "ledger_list",
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
    "eq",
    "after_now_secs",
    "decimal_string",
    "contains",
];

impl Loader<'_, '_> {
    pub(super) fn check(&mut self, node: &Node, scope: &Visible) -> Option<Check> {
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
            "ip_answer" => match self.scalar(value, "ip_answer")?.as_str() {
                "accepted" => CheckKind::IpAnswer(IpSent::Accepted),
                "rejected" => CheckKind::IpAnswer(IpSent::Rejected),
                other => {
                    self.diags.push(
                        Diagnostic::error(value.span, format!("unknown `ip_answer` `{other}`"))
                            .with_label("expected `accepted` or `rejected`"),
                    );
                    return None;
                }
            },
            "ledger_list" => {
                let name = self.scalar(value, "ledger_list")?;
                let Some(which) = ListCheck::from_name(&name) else {
                    self.diags.push(
                        Diagnostic::error(value.span, format!("unknown `ledger_list` `{name}`"))
                            .with_label("expected `currencies`, `tickers` or `decimals`"),
                    );
                    return None;
                };
                if scope.api != Api::Swap {
                    self.diags.push(
                        Diagnostic::error(key.span, "`ledger_list` needs the swap suite")
                            .with_label("only the current swap API has /currencies"),
                    );
                }
                CheckKind::LedgerList(which)
            }
            _ => return None,
        };
        Some(Check {
            id: id.into(),
            kind,
            span: key.span,
        })
    }

    pub(super) fn requirement_id(&mut self, id: &str, span: Span) {
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

    pub(super) fn status_patterns(&mut self, node: &Node) -> Option<Vec<StatusPattern>> {
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

    pub(super) fn error_convention(&mut self, node: &Node, scope: &Visible) -> Option<CheckKind> {
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

    pub(super) fn assertion(&mut self, node: &Node, scope: &Visible) -> Option<Assertion> {
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
                AssertOp::Matches(self.regex(v)?)
            }
            "exists" => AssertOp::Exists(value.and_then(Node::as_scalar) != Some("false")),
            "decimal_string" => AssertOp::DecimalString,
            "contains" => {
                let v = need(self)?;
                AssertOp::Contains(self.contains(v, scope)?)
            }
            "in" => {
                let v = need(self)?;
                self.in_op(v, scope)?
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
                    "eq" => CompareOp::Eq,
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

    /// `in: [a, b]`, `in: "${list}"` (a list an earlier step captured) or
    /// `in: { list: "${list}", field: id }` (the `id` of each of its objects).
    fn in_op(&mut self, v: &Node, scope: &Visible) -> Option<AssertOp> {
        let (list_node, field) = match &v.kind {
            NodeKind::Seq(items) => {
                return Some(AssertOp::In(
                    items.iter().map(|i| self.json_template(i, scope)).collect(),
                ));
            }
            NodeKind::Map(_) => {
                let r = MapReader::new(v, "the `in` list", &["list", "field"], self.diags)?;
                let field = r.opt_str("field", self.diags);
                (r.required("list", self.diags)?, field)
            }
            _ => (v, None),
        };
        let list = self.template(list_node, scope)?;
        if !list.is_single_var() {
            self.diags.push(
                Diagnostic::error(list_node.span, "`in` needs a list or one captured value")
                    .with_label("not a list")
                    .with_help(
                        "write `in: [a, b]`, `in: \"${name}\"` or `in: { list: \"${name}\", field: id }`",
                    ),
            );
            return None;
        }
        Some(AssertOp::InList { list, field })
    }

    /// `matches:` a regular expression.
    pub(super) fn regex(&mut self, v: &Node) -> Option<regex::Regex> {
        let text = self.scalar(v, "matches")?;
        match regex::Regex::new(&text) {
            Ok(re) => Some(re),
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
                None
            }
        }
    }

    /// `contains:` field names and the values an item must have.
    pub(super) fn contains(
        &mut self,
        v: &Node,
        scope: &Visible,
    ) -> Option<Vec<(String, JsonTemplate)>> {
        let NodeKind::Map(entries) = &v.kind else {
            self.type_error(v, "`contains` must be a mapping of field names to values");
            return None;
        };
        Some(
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

    pub(super) fn operand(&mut self, node: &Node, scope: &Visible) -> Option<Operand> {
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

    pub(super) fn poll(&mut self, node: &Node, scope: &Visible) -> Option<Poll> {
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
            id: id.into(),
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

    pub(super) fn paginate(&mut self, node: &Node) -> Option<Paginate> {
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
            id: id.into(),
            items,
            next,
            cursor_param: r
                .opt_str("cursor_param", self.diags)
                .unwrap_or_else(|| "cursor".into()),
            max_pages: r
                .opt_u64("max_pages", self.diags)
                .unwrap_or(MAX_PAGES)
                .clamp(1, MAX_PAGES) as u32,
            unique_by: r.opt_str_list("unique_by", self.diags),
            span: node.span,
        })
    }
}
