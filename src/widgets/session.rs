//! Drives one widget in its own browser tab: opens the host page (or, for the buy widget,
//! the page itself), waits for it to load, carries out the test user's steps, waits for the
//! widget's messages until it exits or its time is up (and a grace period after, so that a
//! late message is seen as late rather than missing), then masks secrets and takes a
//! screenshot. Everything seen goes into an [`Observation`]; nothing here judges.

use super::cdp::{Cdp, CdpError, Event};
use super::host::BINDING;
use super::observe::{Contract, Document, Message, Observation};
use super::steps;
use crate::profile::{Action, Step};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// How long one DevTools call may take.
const CALL: Duration = Duration::from_secs(10);
/// How long opening a blank tab may take: the browser's own work, no provider's. On a loaded
/// two-core machine (the integration tests' browser trials side by side, or a benchmark) it
/// took more than [`CALL`] now and then, and the widget's checks could not run.
const OPEN: Duration = Duration::from_secs(30);
/// How often a step that is not done yet is tried again.
const RETRY: Duration = Duration::from_millis(150);
/// How long to keep listening after the widget exits (a script error right after its last
/// message belongs to it).
const SETTLE: Duration = Duration::from_millis(600);

/// What to do with one widget.
pub(crate) struct Plan {
    /// The page the tab opens: the host page framing the widget, or the widget itself.
    pub page: String,
    /// Whether the widget is framed by the host page (login, KYC) or is the page (buy).
    pub framed: bool,
    /// Run before the page's scripts: the bridge and Ledger Live's `localStorage` keys.
    pub preload: Option<String>,
    pub steps: Vec<Step>,
    /// Requests to URLs starting with the first are sent to the second (see the profile's
    /// `widgets.buy.map_from`).
    pub map: Option<(String, String)>,
    /// Fields filled with a secret, masked before the screenshot.
    pub masked: Vec<String>,
    pub timeout: Duration,
    /// Listening time after the timeout, to tell a late message from a missing one.
    pub grace: Duration,
    /// Whether the widget is expected to exit by a message (login, KYC) or is done once
    /// loaded (buy).
    pub exits_by_message: bool,
    /// Whether to read the page's text at the end.
    pub read_text: bool,
}

/// Runs one widget; never fails: what went wrong is in the observation.
pub(crate) fn run(cdp: &mut Cdp, plan: &Plan) -> Observation {
    let mut tab = match Tab::open(cdp, plan) {
        Ok(t) => t,
        Err(e) => {
            return Observation {
                browser_error: Some(e.to_string()),
                ..Observation::default()
            };
        }
    };
    if let Err(e) = tab.drive(plan) {
        tab.obs.browser_error = Some(e.to_string());
    }
    tab.finish(plan);
    tab.obs
}

/// One tab and what it saw.
struct Tab<'c> {
    cdp: &'c mut Cdp,
    target: String,
    session: String,
    main_frame: String,
    widget_frame: Option<String>,
    documents: HashSet<String>,
    start: Instant,
    framed: bool,
    map: Option<(String, String)>,
    obs: Observation,
}

impl<'c> Tab<'c> {
    fn open(cdp: &'c mut Cdp, plan: &Plan) -> Result<Tab<'c>, CdpError> {
        let created = cdp.call(
            "Target.createTarget",
            json!({ "url": "about:blank" }),
            None,
            OPEN,
        )?;
        let target = str_of(&created, "targetId");
        let attached = cdp.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
            None,
            OPEN,
        )?;
        let session = str_of(&attached, "sessionId");
        let mut tab = Tab {
            cdp,
            target,
            session,
            main_frame: String::new(),
            widget_frame: None,
            documents: HashSet::new(),
            start: Instant::now(),
            framed: plan.framed,
            map: None,
            obs: Observation::default(),
        };
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Network.enable",
            "Log.enable",
        ] {
            tab.call(domain, json!({}))?;
        }
        tab.call("Runtime.addBinding", json!({ "name": BINDING }))?;
        if let Some((from, _)) = &plan.map {
            tab.call(
                "Fetch.enable",
                json!({ "patterns": [{ "urlPattern": format!("{from}*") }] }),
            )?;
            tab.map = plan.map.clone();
        }
        if let Some(source) = &plan.preload {
            tab.call(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )?;
        }
        Ok(tab)
    }

    fn call(&mut self, method: &str, params: Value) -> Result<Value, CdpError> {
        self.cdp.call(method, params, Some(&self.session), CALL)
    }

    fn drive(&mut self, plan: &Plan) -> Result<(), CdpError> {
        self.start = Instant::now();
        let deadline = self.start + plan.timeout;
        if plan.map.is_some() {
            // `Page.navigate` answers only once the document's response is in, and that
            // response waits for our `Fetch.continueRequest`: start the navigation from the
            // page instead, and handle the paused request as an event.
            let tree = self.call("Page.getFrameTree", json!({}))?;
            self.main_frame = tree
                .pointer("/frameTree/frame/id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let go = format!("location.href = {}", json!(plan.page));
            self.call("Runtime.evaluate", json!({ "expression": go }))?;
        } else {
            let nav = self.call("Page.navigate", json!({ "url": plan.page }))?;
            self.main_frame = str_of(&nav, "frameId");
            if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
                self.obs.navigation_error = Some(e.to_string());
                return Ok(());
            }
        }
        self.pump_until(deadline, |o| o.loaded_after.is_some())?;
        if self.obs.document.is_none() || self.obs.navigation_error.is_some() {
            return Ok(());
        }
        for (i, step) in plan.steps.iter().enumerate() {
            if let Err(why) = self.step(&step.action, deadline)? {
                self.obs.step_error = Some(format!(
                    "step {} ({}): {why}",
                    i + 1,
                    step.action.describe()
                ));
                break;
            }
        }
        if !plan.exits_by_message {
            return Ok(());
        }
        if !self.pump_until(deadline, exited)? {
            self.pump_until(deadline + plan.grace, exited)?;
        }
        let settle = Instant::now() + SETTLE;
        self.pump_until(settle, |_| false)?;
        Ok(())
    }

    /// One step, tried until done or the deadline: `Ok(Err(why))` when it could not be done.
    fn step(&mut self, action: &Action, deadline: Instant) -> Result<Result<(), String>, CdpError> {
        let (script, key) = steps::script(action);
        loop {
            let answer = self.evaluate(&script)?;
            if answer.as_deref() == Some("ok") {
                break;
            }
            let why = match answer.as_deref() {
                Some("missing") | None => "no element matches the selector".to_string(),
                Some(other) => other.to_string(),
            };
            if Instant::now() + RETRY > deadline {
                return Ok(Err(format!("{why} within the widget's timeout")));
            }
            let next = Instant::now() + RETRY;
            self.pump_until(next, |_| false)?;
        }
        if let Some(key) = key {
            let (key, code, vk, text) = steps::key_event(key);
            for kind in ["keyDown", "keyUp"] {
                let mut e =
                    json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
                if kind == "keyDown" && !text.is_empty() {
                    e["text"] = json!(text);
                }
                self.call("Input.dispatchKeyEvent", e)?;
            }
        }
        Ok(Ok(()))
    }

    /// Evaluates `script` in a private world of the widget's frame; `None` when the frame or
    /// its document is not there (yet, or any more).
    fn evaluate(&mut self, script: &str) -> Result<Option<String>, CdpError> {
        let frame = if self.framed {
            self.widget_frame.clone()
        } else {
            Some(self.main_frame.clone())
        };
        let Some(frame) = frame else { return Ok(None) };
        let world = match self.call(
            "Page.createIsolatedWorld",
            json!({ "frameId": frame, "worldName": "provider-conformance" }),
        ) {
            Ok(w) => w,
            Err(CdpError::Refused { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let context = world
            .get("executionContextId")
            .cloned()
            .unwrap_or(Value::Null);
        match self.call(
            "Runtime.evaluate",
            json!({ "expression": script, "contextId": context, "returnByValue": true }),
        ) {
            Ok(r) => Ok(r
                .pointer("/result/value")
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))),
            Err(CdpError::Refused { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Handles events until `done` holds (true) or `until` passes (false).
    fn pump_until(
        &mut self,
        until: Instant,
        done: impl Fn(&Observation) -> bool,
    ) -> Result<bool, CdpError> {
        loop {
            if done(&self.obs) {
                return Ok(true);
            }
            match self.cdp.next_event(until)? {
                Some(e) => self.handle(e),
                None => return Ok(done(&self.obs)),
            }
        }
    }

    fn handle(&mut self, e: Event) {
        if e.session.as_deref() != Some(self.session.as_str()) {
            return;
        }
        let at = self.start.elapsed();
        match e.method.as_str() {
            "Network.requestWillBeSent" => {
                let Ok(r) = serde_json::from_value::<Request>(e.params) else {
                    return;
                };
                let widget = if self.framed {
                    r.frame_id != self.main_frame
                } else {
                    r.frame_id == self.main_frame
                };
                if r.kind.as_deref() == Some("Document") && widget && self.obs.document.is_none() {
                    self.documents.insert(r.request_id);
                    self.widget_frame.get_or_insert(r.frame_id);
                }
            }
            "Network.responseReceived" => {
                let Ok(r) = serde_json::from_value::<Response>(e.params) else {
                    return;
                };
                if self.documents.contains(&r.request_id) && self.obs.document.is_none() {
                    self.obs.document = Some(r.response.into_document());
                }
            }
            "Network.loadingFailed" => {
                let Ok(f) = serde_json::from_value::<Failed>(e.params) else {
                    return;
                };
                if self.documents.contains(&f.request_id) && self.obs.navigation_error.is_none() {
                    let blocked = f
                        .blocked_reason
                        .map(|b| format!(" (blocked: {b})"))
                        .unwrap_or_default();
                    self.obs.navigation_error = Some(format!("{}{blocked}", f.error_text));
                }
            }
            "Runtime.exceptionThrown" => {
                let Ok(t) = serde_json::from_value::<Thrown>(e.params) else {
                    return;
                };
                let d = t.exception_details;
                let text = d.exception.and_then(|x| x.description).unwrap_or(d.text);
                self.obs.exceptions.push(first_lines(&text, 3));
            }
            "Log.entryAdded" => {
                let Ok(l) = serde_json::from_value::<LogEntry>(e.params) else {
                    return;
                };
                if l.entry.text.contains("Mixed Content") {
                    self.obs.mixed_content.push(first_lines(&l.entry.text, 2));
                }
            }
            "Runtime.bindingCalled" => {
                let Ok(b) = serde_json::from_value::<Binding>(e.params) else {
                    return;
                };
                if b.name != BINDING {
                    return;
                }
                if let Ok(p) = serde_json::from_str::<BindingPayload>(&b.payload) {
                    let via = if p.via == "bridge" {
                        Contract::Bridge
                    } else {
                        Contract::PostMessage
                    };
                    self.obs.messages.push(Message {
                        via,
                        data: p.data,
                        at_ms: at.as_millis() as u64,
                    });
                }
            }
            "Fetch.requestPaused" => {
                let Ok(p) = serde_json::from_value::<Paused>(e.params) else {
                    return;
                };
                let mut params = json!({ "requestId": p.request_id });
                if let Some((from, to)) = &self.map
                    && let Some(rest) = p.request.url.strip_prefix(from.as_str())
                {
                    params["url"] = json!(format!("{to}{rest}"));
                }
                let _ = self.call("Fetch.continueRequest", params);
            }
            "Page.loadEventFired" => {
                self.obs.loaded_after.get_or_insert(at);
            }
            _ => {}
        }
    }

    /// Masks, reads the text, takes the screenshot and closes the tab.
    fn finish(&mut self, plan: &Plan) {
        if self.obs.document.is_some() {
            let _ = self.evaluate(&steps::mask_script(&plan.masked));
            if plan.read_text {
                self.obs.text = self.evaluate(steps::TEXT_SCRIPT).ok().flatten();
            }
        }
        if let Ok(shot) = self.call("Page.captureScreenshot", json!({ "format": "png" })) {
            self.obs.screenshot = shot.get("data").and_then(Value::as_str).map(str::to_string);
        }
        let target = self.target.clone();
        let _ = self.cdp.call(
            "Target.closeTarget",
            json!({ "targetId": target }),
            None,
            CALL,
        );
    }
}

/// Whether the widget has exited: `closeWidget` through the bridge, or a posted message
/// (the seed's final message).
fn exited(o: &Observation) -> bool {
    o.messages.iter().any(|m| match m.via {
        Contract::PostMessage => true,
        Contract::Bridge => {
            serde_json::from_str::<BridgeCall>(&m.data).is_ok_and(|c| c.kind == "closeWidget")
        }
    })
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join(" ")
}

/// A bridge message, as Ledger Live's preload writes it.
#[derive(Deserialize)]
pub(crate) struct BridgeCall {
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paused {
    request_id: String,
    request: PausedRequest,
}

#[derive(Deserialize)]
struct PausedRequest {
    url: String,
}

#[derive(Deserialize)]
struct BindingPayload {
    via: String,
    data: String,
}

#[derive(Deserialize)]
struct Binding {
    name: String,
    payload: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    request_id: String,
    #[serde(default)]
    frame_id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    request_id: String,
    response: ResponseBody,
}

#[derive(Deserialize)]
struct ResponseBody {
    url: String,
    status: f64,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
}

impl ResponseBody {
    fn into_document(self) -> Document {
        // DevTools joins repeated headers with a newline.
        let headers = self
            .headers
            .into_iter()
            .flat_map(|(k, v)| {
                let name = k.to_ascii_lowercase();
                let text = v.as_str().unwrap_or_default().to_string();
                text.split('\n')
                    .map(|p| (name.clone(), p.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        Document {
            url: self.url,
            status: self.status as u16,
            headers,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Failed {
    request_id: String,
    error_text: String,
    blocked_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Thrown {
    exception_details: ExceptionDetails,
}

#[derive(Deserialize)]
struct ExceptionDetails {
    text: String,
    exception: Option<RemoteObject>,
}

#[derive(Deserialize)]
struct RemoteObject {
    description: Option<String>,
}

#[derive(Deserialize)]
struct LogEntry {
    entry: LogText,
}

#[derive(Deserialize)]
struct LogText {
    text: String,
}
