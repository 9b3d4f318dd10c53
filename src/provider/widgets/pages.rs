//! The HTML of the reference widgets. Each page is plain HTML with one inline script; the
//! values the server decides (the token, the KYC answer) are written in as JSON literals.

/// The reference user's e-mail, typed by the reference profile's login steps.
pub(crate) const USER_EMAIL: &str = "user@reference-provider.example";

fn page(title: &str, body: &str, script: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\n\
         <style>body{{font:15px sans-serif;margin:24px;background:#fff;color:#111}}\
         input,select,button{{display:block;margin:8px 0;padding:6px;font:inherit}}</style>\n\
         </head><body>\n<h1>{title}</h1>\n{body}\n<script>\n{script}\n</script>\n</body></html>\n"
    )
}

/// The login form; `on_submit` runs when `#submit` is clicked (it sends the token).
pub(crate) fn login(on_submit: &str) -> String {
    page(
        "Reference provider: log in",
        "<form id=\"login\" onsubmit=\"return false\">\n\
         <label>E-mail <input id=\"email\" type=\"email\" autocomplete=\"username\"></label>\n\
         <label>Password <input id=\"password\" type=\"password\" autocomplete=\"current-password\"></label>\n\
         <button id=\"submit\" type=\"button\">Log in</button>\n</form>\n<p id=\"status\"></p>",
        &format!(
            "document.getElementById('submit').addEventListener('click', () => {{\n\
             if (!document.getElementById('email').value || !document.getElementById('password').value) {{\n\
             document.getElementById('status').textContent = 'fill both fields'; return; }}\n\
             document.getElementById('status').textContent = 'logged in';\n{on_submit}\n}});"
        ),
    )
}

/// The KYC page: shows the state of the quote's KYC, sends `code` when `#continue` is clicked.
pub(crate) fn kyc(quote_id: &str, code: &str, send: &str) -> String {
    let shown = serde_json::to_string(quote_id).unwrap_or_default();
    page(
        "Reference provider: identity check",
        "<p>Quote <code id=\"quote\"></code>: <strong id=\"state\"></strong></p>\n\
         <button id=\"continue\" type=\"button\">Continue</button>",
        &format!(
            "document.getElementById('quote').textContent = {shown};\n\
             document.getElementById('state').textContent = {c};\n\
             document.getElementById('continue').addEventListener('click', () => {{ const code = {c};\n{send}\n}});",
            c = serde_json::to_string(code).unwrap_or_default()
        ),
    )
}

/// The buy widget: the order it was sent, the destination address shown read-only.
pub(crate) fn buy(dest: &str, fiat: &str, amount: &str, crypto: &str) -> String {
    let lit = |s: &str| serde_json::to_string(s).unwrap_or_default();
    page(
        "Reference provider: buy",
        "<p>Buy <span id=\"crypto\"></span> for <span id=\"amount\"></span> <span id=\"fiat\"></span></p>\n\
         <label>Destination <input id=\"dest\" readonly></label>\n<button id=\"pay\" type=\"button\">Pay</button>",
        &format!(
            "document.getElementById('crypto').textContent = {};\n\
             document.getElementById('amount').textContent = {};\n\
             document.getElementById('fiat').textContent = {};\n\
             document.getElementById('dest').value = {};",
            lit(crypto),
            lit(amount),
            lit(fiat),
            lit(dest)
        ),
    )
}
