//! The host page: a loopback page that frames a widget as Ledger Live does, and the bridge
//! script injected into the widget before any of its own scripts run.
//!
//! Both contracts are offered at once, and every message reaches the harness through one
//! DevTools binding (`BINDING`), tagged with the contract it used:
//! - Ledger Live's code: `window.ledger = { setToken(token), closeWidget() }`, each sending a
//!   JSON string `{"type":"setToken","token":…}` or `{"type":"closeWidget"}` (desktop
//!   `src/swapConnectWebviewPreloader/index.js:7-20`, mobile
//!   `apps/ledger-live-mobile/src/screens/Swap/SubScreens/Widgets/Widget.tsx:40-70`);
//! - the seed documents: a `postMessage` to the host (`window.parent.postMessage(…)`), or to
//!   the widget's own window as a React Native WebView page would.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use std::net::SocketAddr;
use tokio::sync::oneshot;

/// The name of the DevTools binding every message goes through.
pub(crate) const BINDING: &str = "__providerConformanceWidget";

/// The host page. It reads the widget's URL from its own `?src=` parameter, so that no URL
/// is ever written into its HTML.
const HOST_HTML: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Ledger Live widget host (provider-conformance)</title>
<style>html,body{margin:0;height:100%;background:#131214}iframe{border:0;width:100%;height:100%;display:block}</style>
</head><body><iframe id="widget" title="provider widget"></iframe>
<script>
const frame = document.getElementById("widget");
window.addEventListener("message", (e) => {
  if (e.source !== frame.contentWindow) return;
  let data;
  try { data = typeof e.data === "string" ? e.data : JSON.stringify(e.data); } catch (_) { data = String(e.data); }
  window.__providerConformanceWidget(JSON.stringify({ via: "postMessage", data: String(data) }));
});
frame.src = new URLSearchParams(location.search).get("src");
</script></body></html>
"#;

/// The bridge, for a framed widget (it does nothing in the host page itself). `storage` is
/// run after it: the `localStorage` keys Ledger Live sets for this widget.
pub(crate) fn bridge_script(storage: &str) -> String {
    format!(
        r#"(() => {{
  if (window === window.top) return;
  const send = (via, data) => {{ try {{ window.{BINDING}(JSON.stringify({{ via, data }})); }} catch (_) {{}} }};
  window.ledger = {{
    setToken: (token) => send("bridge", JSON.stringify({{ type: "setToken", token }})),
    closeWidget: () => send("bridge", JSON.stringify({{ type: "closeWidget" }})),
  }};
  window.addEventListener("message", (e) => {{
    if (e.source !== window) return;
    let data;
    try {{ data = typeof e.data === "string" ? e.data : JSON.stringify(e.data); }} catch (_) {{ data = String(e.data); }}
    send("postMessage", String(data));
  }});
  try {{ {storage} }} catch (_) {{}}
}})();"#
    )
}

/// The host page, served on 127.0.0.1 until dropped.
pub(crate) struct Host {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl Host {
    /// Serves the host page on a free loopback port, in the current tokio runtime.
    pub(crate) async fn start() -> std::io::Result<Host> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = Router::new().route("/host", get(|| async { Html(HOST_HTML) }));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Host { addr, _stop: stop })
    }

    /// The host page framing `widget_url`.
    pub(crate) fn page_for(&self, widget_url: &str) -> String {
        format!(
            "http://{}/host?src={}",
            self.addr,
            crate::percent::encode(widget_url)
        )
    }

    /// The host page's origin, as a widget's `frame-ancestors` sees it.
    pub(crate) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_for_a_query_parameter() {
        assert_eq!(
            crate::percent::encode("https://a.example/kyc?x=1&y=é"),
            "https%3A%2F%2Fa.example%2Fkyc%3Fx%3D1%26y%3D%C3%A9"
        );
    }

    #[test]
    fn the_bridge_sends_ledger_lives_json_strings_through_the_binding() {
        let js = bridge_script("localStorage.setItem(\"theme\", \"dark\");");
        assert!(js.contains(r#"JSON.stringify({ type: "setToken", token })"#));
        assert!(js.contains(r#"JSON.stringify({ type: "closeWidget" })"#));
        assert!(js.contains(&format!("window.{BINDING}(")));
        assert!(js.contains("localStorage.setItem(\"theme\", \"dark\");"));
        assert!(HOST_HTML.contains(BINDING));
    }
}
