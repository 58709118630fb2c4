//! Pure. Escaping for GitHub-flavoured Markdown: values and messages shown in pull-request
//! comments and job summaries stay inert (no formatting, no HTML, no broken table rows) and
//! read as they are; plus the number and duration formats the Markdown renderings share.

/// Prose safe anywhere, table cells included: Markdown punctuation is backslash-escaped, HTML
/// becomes entities (a value such as `<details>` or `<!--` must not swallow the rest of the
/// comment), newlines become `<br>`. A word joiner (U+2060) after `#` before a digit and after
/// a leading `@` keeps GitHub from linking `#12` to an issue or notifying `@someone`.
pub(crate) fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut previous = ' ';
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' => {
                out.push_str("\\#");
                if next.is_ascii_digit() {
                    out.push('\u{2060}');
                }
            }
            '@' if !previous.is_alphanumeric() && next.is_alphanumeric() => {
                out.push_str("@\u{2060}")
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
        previous = c;
    }
    out
}

/// A code span holding `raw` literally, outside a table. Backticks in the value are kept: the
/// fence is one backtick longer than the longest run inside (CommonMark). Newlines show as `↵`.
pub(crate) fn code(raw: &str) -> String {
    let flat = raw.replace("\r\n", "\n").replace(['\n', '\r'], "↵");
    if flat.is_empty() {
        return "*(empty)*".into();
    }
    let longest = flat
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`')
        || flat.ends_with('`')
        || (flat.starts_with(' ') && flat.ends_with(' ') && flat.trim() != "")
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// A code span inside a table cell: as [`code`], with `|` escaped (GitHub splits rows on
/// pipes before it reads code spans, and unescapes `\|` inside them).
pub(crate) fn code_cell(raw: &str) -> String {
    code(raw).replace('|', "\\|")
}

/// A message usersync wrote, with values in backticks (`` no account `carol` on `cic` ``):
/// the quoted parts become code spans, the rest escaped prose. An unpaired backtick stays a
/// literal backtick.
pub(crate) fn message(raw: &str) -> String {
    let parts: Vec<&str> = raw.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let mut out = String::with_capacity(raw.len() + 8);
    for (index, part) in parts.iter().enumerate() {
        let last = index == parts.len() - 1;
        if index % 2 == 1 && (paired || !last) {
            out.push_str(&code_cell(part));
        } else {
            if index % 2 == 1 {
                out.push_str("\\`");
            }
            out.push_str(&text(part));
        }
    }
    out
}

/// Text inside HTML (`<summary>`), where Markdown is not read.
pub(crate) fn html(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A URL safe inside `[text](url)`: spaces, parentheses and angle brackets percent-encoded.
pub(crate) fn url(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push('/'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `10,000`: thousands separated for reading.
pub(crate) fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `0.2 s`, `8 min 20 s`, `2 h 47 min`.
pub(crate) fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.1} s");
    }
    let whole = seconds.ceil() as u64;
    if whole < 3600 {
        format!("{} min {} s", whole / 60, whole % 60)
    } else {
        format!("{} h {} min", whole / 3600, whole % 3600 / 60)
    }
}

/// At most `max` characters of `raw`, ending in `…` when shortened.
pub(crate) fn shorten(raw: &str, max: usize) -> String {
    if raw.chars().count() <= max {
        return raw.to_string();
    }
    let mut out: String = raw.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_inert() {
        assert_eq!(
            text("a|b `c` *d* <details> & [x](y)\nnext"),
            "a\\|b \\`c\\` \\*d\\* &lt;details&gt; &amp; \\[x\\](y)<br>next"
        );
    }

    #[test]
    fn prose_neither_links_issues_nor_mentions_people() {
        assert_eq!(
            text("waits for #2 (@ops, ops@example.com)"),
            "waits for \\#\u{2060}2 (@\u{2060}ops, ops@example.com)"
        );
    }

    #[test]
    fn code_spans_keep_backticks_and_pipes() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("two\nlines"), "`two↵lines`");
        assert_eq!(code(""), "*(empty)*");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
    }

    #[test]
    fn messages_keep_their_quoted_values_as_code() {
        assert_eq!(
            message("no account `carol|x` on `cic` *now*"),
            "no account `carol\\|x` on `cic` \\*now\\*"
        );
        assert_eq!(message("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert_eq!(duration(0.24), "0.2 s");
        assert_eq!(duration(500.0), "8 min 20 s");
        assert_eq!(duration(10_000.0), "2 h 46 min");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
