//! The scripts that carry out a test user's steps in the widget's frame. Each returns `"ok"`
//! once done, or why not yet (`"missing"`: no element matches the selector yet); the session
//! repeats a step until it is done or the widget's time is up. Selectors and values are
//! passed as JSON string literals, never spliced as code.

use crate::profile::Action;

/// The script of one step, and for `press`, the key to send with real key events after it.
pub(crate) fn script(action: &Action) -> (String, Option<&str>) {
    let lit = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    match action {
        Action::Fill { selector, value } => (
            format!(
                "(() => {{ const el = document.querySelector({}); if (!el) return 'missing';\n\
                 el.focus();\n\
                 const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;\n\
                 const set = Object.getOwnPropertyDescriptor(proto, 'value');\n\
                 if (set && set.set && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) set.set.call(el, {}); else return 'not a text field';\n\
                 el.dispatchEvent(new Event('input', {{ bubbles: true }}));\n\
                 el.dispatchEvent(new Event('change', {{ bubbles: true }}));\n\
                 return 'ok'; }})()",
                lit(selector),
                lit(value)
            ),
            None,
        ),
        Action::Click { selector } => (
            format!(
                "(() => {{ const el = document.querySelector({}); if (!el) return 'missing'; el.click(); return 'ok'; }})()",
                lit(selector)
            ),
            None,
        ),
        Action::WaitFor { selector } => (
            format!(
                "document.querySelector({}) ? 'ok' : 'missing'",
                lit(selector)
            ),
            None,
        ),
        Action::Select { selector, value } => (
            format!(
                "(() => {{ const el = document.querySelector({}); if (!el) return 'missing';\n\
                 if (!(el instanceof HTMLSelectElement)) return 'not a select element';\n\
                 if (![...el.options].some(o => o.value === {v})) return 'no option with this value';\n\
                 el.value = {v};\n\
                 el.dispatchEvent(new Event('input', {{ bubbles: true }}));\n\
                 el.dispatchEvent(new Event('change', {{ bubbles: true }}));\n\
                 return 'ok'; }})()",
                lit(selector),
                v = lit(value)
            ),
            None,
        ),
        Action::Press { key, selector } => {
            let focus = match selector {
                Some(s) => format!(
                    "(() => {{ const el = document.querySelector({}); if (!el) return 'missing'; el.focus(); return 'ok'; }})()",
                    lit(s)
                ),
                None => "'ok'".to_string(),
            };
            (focus, Some(key.as_str()))
        }
    }
}

/// The `Input.dispatchKeyEvent` fields of a key: `key`, `code`, the Windows key code, and the
/// text it types.
pub(crate) fn key_event(key: &str) -> (String, String, u32, String) {
    match key {
        "Enter" => ("Enter".into(), "Enter".into(), 13, "\r".into()),
        "Tab" => ("Tab".into(), "Tab".into(), 9, String::new()),
        "Escape" => ("Escape".into(), "Escape".into(), 27, String::new()),
        "Backspace" => ("Backspace".into(), "Backspace".into(), 8, String::new()),
        " " | "Space" => (" ".into(), "Space".into(), 32, " ".into()),
        other => {
            let c = other.chars().next().unwrap_or(' ');
            let upper = c.to_ascii_uppercase();
            let code = if c.is_ascii_digit() {
                format!("Digit{c}")
            } else {
                format!("Key{upper}")
            };
            (other.to_string(), code, u32::from(upper), other.to_string())
        }
    }
}

/// Masks password fields and the fields given (those filled with a secret) before the
/// screenshot: their value is emptied and their box blacked out.
pub(crate) fn mask_script(selectors: &[String]) -> String {
    let list = serde_json::to_string(selectors).unwrap_or_else(|_| "[]".into());
    format!(
        "(() => {{ const els = new Set(document.querySelectorAll('input[type=password]'));\n\
         for (const s of {list}) {{ try {{ document.querySelectorAll(s).forEach(e => els.add(e)); }} catch (_) {{}} }}\n\
         for (const el of els) {{ el.value = ''; el.placeholder = 'masked'; el.style.background = '#000'; el.style.color = '#000'; }}\n\
         return els.size; }})()"
    )
}

/// The page's visible text and every field's value, cut to 200 000 characters.
pub(crate) const TEXT_SCRIPT: &str = "(() => { const t = document.body ? document.body.innerText : '';\n\
     const v = [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n');\n\
     return (t + '\\n' + v).slice(0, 200000); })()";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_and_values_are_json_literals() {
        let fill = Action::Fill {
            selector: "input[name=\"a\"]".into(),
            value: "x'); alert(1); ('".into(),
        };
        let (js, key) = script(&fill);
        assert!(
            js.contains(r#"document.querySelector("input[name=\"a\"]")"#),
            "{js}"
        );
        assert!(js.contains(r#""x'); alert(1); ('""#), "{js}");
        assert!(key.is_none());
    }

    #[test]
    fn press_focuses_then_sends_a_real_key() {
        let press = Action::Press {
            key: "Enter".into(),
            selector: Some("#pw".into()),
        };
        let (js, key) = script(&press);
        assert!(js.contains("focus()"));
        assert_eq!(key, Some("Enter"));
        assert_eq!(key_event("Enter").2, 13);
        assert_eq!(key_event("a"), ("a".into(), "KeyA".into(), 65, "a".into()));
    }
}
