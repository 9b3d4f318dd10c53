//! The JUnit XML writer: the few elements the report uses, written with quick-xml's writer in
//! the layout quick-junit 0.8 writes (the same events, four-space indent, attributes in its
//! order, its counts), so that every reader of the earlier reports reads these the same.
//!
//! Every string is cleaned once, here ([`clean`]): no escape sequence and no control
//! character but line feed, as quick-junit left them. quick-junit did that by running every
//! string through a terminal-escape parser one character at a time, which cost about a fifth
//! of a fixed-rate flow's instructions (callgrind); the text is nearly always clean already,
//! and a byte scan says so.

use super::super::plain;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::rc::Rc;
use std::time::Duration;

/// `<testsuites>`.
pub(super) struct Report<'a> {
    pub name: String,
    pub timestamp: Option<Rc<str>>,
    pub time: Duration,
    pub suites: Vec<Suite<'a>>,
}

/// `<testsuite>`.
pub(super) struct Suite<'a> {
    pub name: Cow<'a, str>,
    pub timestamp: Option<Rc<str>>,
    pub time: Duration,
    pub properties: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub cases: Vec<Case<'a>>,
}

/// `<testcase>`.
pub(super) struct Case<'a> {
    pub name: Cow<'a, str>,
    pub classname: Rc<str>,
    pub timestamp: Option<Rc<str>>,
    pub time: Duration,
    pub properties: Vec<(&'static str, Cow<'a, str>)>,
    pub status: Status<'a>,
    /// Made by [`text`] once and shared by the testcases of a step.
    pub system_out: Option<Text>,
}

/// Element text, cleaned and escaped once.
#[derive(Clone)]
pub(super) struct Text(Rc<str>);

/// `s` as element text.
pub(super) fn text(s: &str) -> Text {
    Text(quick_xml::escape::escape(clean(s).as_ref()).into())
}

/// A testcase's result.
pub(super) enum Status<'a> {
    Success,
    /// `<failure>` or `<error>`: a message, a type, and a text.
    NonSuccess {
        kind: Kind,
        message: Cow<'a, str>,
        ty: Cow<'a, str>,
        description: Option<Cow<'a, str>>,
    },
    /// `<skipped>` with a message.
    Skipped {
        message: Cow<'a, str>,
    },
}

/// What a non-success is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Failure,
    Error,
}

/// Tests, skipped, failures and errors.
#[derive(Default, Clone, Copy)]
struct Counts {
    tests: usize,
    skipped: usize,
    failures: usize,
    errors: usize,
}

impl Counts {
    fn of(cases: &[Case<'_>]) -> Counts {
        let mut c = Counts::default();
        for case in cases {
            c.tests += 1;
            match &case.status {
                Status::Success => {}
                Status::Skipped { .. } => c.skipped += 1,
                Status::NonSuccess {
                    kind: Kind::Failure,
                    ..
                } => c.failures += 1,
                Status::NonSuccess {
                    kind: Kind::Error, ..
                } => c.errors += 1,
            }
        }
        c
    }

    fn add(self, o: Counts) -> Counts {
        Counts {
            tests: self.tests + o.tests,
            skipped: self.skipped + o.skipped,
            failures: self.failures + o.failures,
            errors: self.errors + o.errors,
        }
    }
}

/// `s` as the XML holds it: without escape sequences and without control characters but line
/// feed (a tab too is dropped, as quick-junit dropped it). Borrowed when it is clean already.
pub(super) fn clean(s: &str) -> Cow<'_, str> {
    // C0 controls, DEL, and 0xC2: the lead byte of C1 controls (and of U+00A0..U+00BF, which
    // only take the slower, equally right way).
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n') || *b == 0x7f || *b == 0xc2;
    if !s.as_bytes().iter().any(suspect) {
        return Cow::Borrowed(s);
    }
    let mut text = plain(s);
    text.retain(|c| c != '\t');
    Cow::Owned(text)
}

/// A timestamp as quick-junit writes it: milliseconds and a `+hh:mm` offset.
pub(super) fn timestamp(t: &chrono::DateTime<chrono::FixedOffset>) -> Rc<str> {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
        .into()
}

/// The report as XML.
pub(super) fn write(report: &Report<'_>) -> std::io::Result<String> {
    let size: usize = report
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .map(|c| 400 + c.system_out.as_ref().map_or(0, |o| o.0.len()))
        .sum();
    let mut w = Writer::new_with_indent(Vec::with_capacity(size), b' ', 4);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let counts: Vec<Counts> = report.suites.iter().map(|s| Counts::of(&s.cases)).collect();
    let total = counts.iter().fold(Counts::default(), |sum, c| sum.add(*c));
    let tag = group_tag(
        "testsuites",
        &report.name,
        total,
        &report.timestamp,
        report.time,
    );
    w.write_event(Event::Start(tag))?;
    for (suite, counts) in report.suites.iter().zip(counts) {
        write_suite(&mut w, suite, counts)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    w.write_indent()?;
    Ok(String::from_utf8(w.into_inner())
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The start tag of `testsuites` or of a `testsuite`: its name, its counts in quick-junit's
/// order (`tests skipped failures errors` on `testsuites`, `tests skipped errors failures` on
/// `testsuite`), its timestamp and its time.
fn group_tag(
    element: &'static str,
    name: &str,
    c: Counts,
    timestamp: &Option<Rc<str>>,
    time: Duration,
) -> BytesStart<'static> {
    let mut tag = BytesStart::new(element);
    tag.push_attribute(("name", clean(name).as_ref()));
    tag.push_attribute(("tests", c.tests.to_string().as_str()));
    tag.push_attribute(("skipped", c.skipped.to_string().as_str()));
    let (failures, errors) = (c.failures.to_string(), c.errors.to_string());
    if element == "testsuites" {
        tag.push_attribute(("failures", failures.as_str()));
        tag.push_attribute(("errors", errors.as_str()));
    } else {
        tag.push_attribute(("errors", errors.as_str()));
        tag.push_attribute(("failures", failures.as_str()));
    }
    if let Some(t) = timestamp {
        tag.push_attribute(("timestamp", t.as_ref()));
    }
    push_time(&mut tag, time);
    tag
}

/// Seconds with three decimals.
fn push_time(tag: &mut BytesStart<'_>, time: Duration) {
    tag.push_attribute(("time", format!("{:.3}", time.as_secs_f64()).as_str()));
}

type W = Writer<Vec<u8>>;

fn write_suite(w: &mut W, s: &Suite<'_>, counts: Counts) -> std::io::Result<()> {
    let tag = group_tag("testsuite", &s.name, counts, &s.timestamp, s.time);
    if s.properties.is_empty() && s.cases.is_empty() {
        return w.write_event(Event::Empty(tag));
    }
    w.write_event(Event::Start(tag))?;
    write_properties(
        w,
        s.properties.iter().map(|(k, v)| (k.as_ref(), v.as_ref())),
    )?;
    for case in &s.cases {
        write_case(w, case)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuite")))
}

fn write_properties<'p>(
    w: &mut W,
    properties: impl ExactSizeIterator<Item = (&'p str, &'p str)>,
) -> std::io::Result<()> {
    if properties.len() == 0 {
        return Ok(());
    }
    w.write_event(Event::Start(BytesStart::new("properties")))?;
    for (name, value) in properties {
        let mut tag = BytesStart::new("property");
        tag.push_attribute(("name", clean(name).as_ref()));
        tag.push_attribute(("value", clean(value).as_ref()));
        w.write_event(Event::Empty(tag))?;
    }
    w.write_event(Event::End(BytesEnd::new("properties")))
}

fn write_case(w: &mut W, c: &Case<'_>) -> std::io::Result<()> {
    let mut tag = BytesStart::new("testcase");
    tag.push_attribute(("name", clean(&c.name).as_ref()));
    tag.push_attribute(("classname", clean(&c.classname).as_ref()));
    if let Some(t) = &c.timestamp {
        tag.push_attribute(("timestamp", t.as_ref()));
    }
    push_time(&mut tag, c.time);
    if c.properties.is_empty() && c.system_out.is_none() && matches!(c.status, Status::Success) {
        return w.write_event(Event::Empty(tag));
    }
    w.write_event(Event::Start(tag))?;
    write_properties(w, c.properties.iter().map(|(k, v)| (*k, v.as_ref())))?;
    match &c.status {
        Status::Success => {}
        Status::NonSuccess {
            kind,
            message,
            ty,
            description,
        } => {
            let name = match kind {
                Kind::Failure => "failure",
                Kind::Error => "error",
            };
            let mut tag = BytesStart::new(name);
            tag.push_attribute(("message", clean(message).as_ref()));
            tag.push_attribute(("type", clean(ty).as_ref()));
            match description {
                Some(text) => {
                    w.write_event(Event::Start(tag))?;
                    w.write_event(Event::Text(BytesText::new(&clean(text))))?;
                    w.write_event(Event::End(BytesEnd::new(name)))?;
                }
                None => w.write_event(Event::Empty(tag))?,
            }
        }
        Status::Skipped { message } => {
            let mut tag = BytesStart::new("skipped");
            tag.push_attribute(("message", clean(message).as_ref()));
            w.write_event(Event::Empty(tag))?;
        }
    }
    if let Some(out) = &c.system_out {
        w.write_event(Event::Start(BytesStart::new("system-out")))?;
        w.write_event(Event::Text(BytesText::from_escaped(out.0.as_ref())))?;
        w.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testcase")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same report, written by quick-junit itself.
    fn by_quick_junit(r: &Report<'_>) -> String {
        use quick_junit as q;
        let ts = |t: &Option<Rc<str>>| {
            t.as_deref()
                .map(|t| chrono::DateTime::parse_from_rfc3339(t).expect("a timestamp"))
        };
        let mut report = q::Report::new(r.name.as_str());
        if let Some(t) = ts(&r.timestamp) {
            report.set_timestamp(t);
        }
        report.set_time(r.time);
        for s in &r.suites {
            let mut suite = q::TestSuite::new(s.name.as_ref());
            if let Some(t) = ts(&s.timestamp) {
                suite.set_timestamp(t);
            }
            suite.set_time(s.time);
            for (k, v) in &s.properties {
                suite.add_property((k.as_ref(), v.as_ref()));
            }
            for c in &s.cases {
                let status = match &c.status {
                    Status::Success => q::TestCaseStatus::success(),
                    Status::Skipped { message } => {
                        let mut st = q::TestCaseStatus::skipped();
                        st.set_message(message.as_ref());
                        st
                    }
                    Status::NonSuccess {
                        kind,
                        message,
                        ty,
                        description,
                    } => {
                        let mut st = q::TestCaseStatus::non_success(match kind {
                            Kind::Failure => q::NonSuccessKind::Failure,
                            Kind::Error => q::NonSuccessKind::Error,
                        });
                        st.set_message(message.as_ref());
                        st.set_type(ty.as_ref());
                        if let Some(d) = description {
                            st.set_description(d.as_ref());
                        }
                        st
                    }
                };
                let mut tc = q::TestCase::new(c.name.as_ref(), status);
                tc.set_classname(c.classname.as_ref());
                if let Some(t) = ts(&c.timestamp) {
                    tc.set_timestamp(t);
                }
                tc.set_time(c.time);
                for (k, v) in &c.properties {
                    tc.add_property((*k, v.as_ref()));
                }
                if let Some(o) = &c.system_out {
                    let raw = quick_xml::escape::unescape(&o.0).expect("escaped");
                    tc.set_system_out(raw.as_ref());
                }
                suite.add_test_case(tc);
            }
            report.add_test_suite(suite);
        }
        report.to_string().expect("quick-junit writes it")
    }

    fn case<'a>(name: &'a str, status: Status<'a>, out: Option<&str>) -> Case<'a> {
        Case {
            name: name.into(),
            classname: "swap.fixed rate [btc→eth]".into(),
            timestamp: Some("2026-11-23T10:00:00.120+00:00".into()),
            time: Duration::from_millis(4),
            properties: vec![("requirement", "SWAP-SIG-002".into())],
            status,
            system_out: out.map(text),
        }
    }

    fn report(text: &str) -> Report<'_> {
        let non = |kind, d: Option<&'static str>| Status::NonSuccess {
            kind,
            message: text.into(),
            ty: "swap_payload".into(),
            description: d.map(Into::into),
        };
        Report {
            name: format!("provider-conformance: {text}"),
            timestamp: Some("2026-11-23T10:00:00.000+01:00".into()),
            time: Duration::from_millis(1234),
            suites: vec![
                Suite {
                    name: text.into(),
                    timestamp: None,
                    time: Duration::from_millis(7),
                    properties: vec![("suite_file".into(), text.into())],
                    cases: vec![
                        case("a", Status::Success, None),
                        case("b", Status::Success, Some(text)),
                        case("c", non(Kind::Failure, Some("x < y & \"z\"")), Some(text)),
                        case("d", non(Kind::Error, None), None),
                        case(
                            "e",
                            Status::Skipped {
                                message: text.into(),
                            },
                            Some(""),
                        ),
                        Case {
                            properties: Vec::new(),
                            ..case("f", Status::Success, None)
                        },
                    ],
                },
                Suite {
                    name: "empty".into(),
                    timestamp: Some("2026-11-23T10:00:00.000+00:00".into()),
                    time: Duration::ZERO,
                    properties: Vec::new(),
                    cases: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn the_report_is_what_quick_junit_writes() {
        for text in [
            "plain",
            "> GET http://h/x?a=1&b=2\n{\"k\": 'v'}\n",
            "",
            "é€😀 ]]>",
        ] {
            let r = report(text);
            assert_eq!(write(&r).unwrap(), by_quick_junit(&r), "{text:?}");
        }
    }

    #[test]
    fn a_clean_string_is_borrowed() {
        assert!(matches!(clean("a\nb é"), Cow::Borrowed(_)));
        assert_eq!(clean("a\tb\u{1b}[31mc\u{85}\r"), "abc");
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_quick_junit_writes_plain_text(s in any::<String>()) {
            let text = plain(&s);
            let r = report(&text);
            prop_assert_eq!(write(&r).unwrap(), by_quick_junit(&r));
        }

        #[test]
        fn exchanges_like_text_is_written_as_quick_junit_writes_it(
            s in "[ -~\t\n\r\u{1b}\u{7}\u{0}-\u{1f}\u{80}-\u{a0}é€😀]{0,200}"
        ) {
            let text = plain(&s);
            let r = report(&text);
            prop_assert_eq!(write(&r).unwrap(), by_quick_junit(&r));
        }

        #[test]
        fn nothing_but_line_feeds_is_left_of_the_controls(s in any::<String>()) {
            let c = clean(&s);
            prop_assert!(!c.chars().any(|c| c.is_control() && c != '\n'), "{:?}", c);
        }
    }
}
