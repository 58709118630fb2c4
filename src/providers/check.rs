//! Pure. What a field's checks (`Check`, in its provider's table) say of a value: nothing when
//! it can be held, else why not, in the manifest's terms with the limit named. Validation and
//! export both ask here, so a value export writes is one validation accepts.

use super::table::Check;
use crate::model::ProviderType;

/// Why `text` fails `check` on `provider_type`, if it does.
pub fn violation(check: Check, provider_type: ProviderType, text: &str) -> Option<String> {
    match check {
        Check::Charset {
            extra,
            before_at,
            rule,
        } => {
            let part = if before_at {
                text.split('@').next().unwrap_or_default()
            } else {
                text
            };
            let allowed = part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c));
            (!allowed).then(|| format!("found `{text}`: {provider_type} {rule}"))
        }
        Check::MaxBytes(limit) => (text.len() > limit).then(|| {
            format!(
                "{} bytes long, {provider_type} allows at most {limit}",
                text.len()
            )
        }),
        Check::MaxChars(limit) => {
            let chars = text.chars().count();
            (chars > limit)
                .then(|| format!("{chars} characters long, {provider_type} allows at most {limit}"))
        }
        Check::UsersyncMaxChars(limit) => {
            let chars = text.chars().count();
            (chars > limit).then(|| {
                format!(
                    "{chars} characters long, usersync allows at most {limit} here (its own limit: the provider documents none)"
                )
            })
        }
        Check::SingleLine => text
            .chars()
            .find(|c| c.is_control())
            .map(|c| control_message(text, c, "one line of text")),
        Check::Lines => text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .map(|c| control_message(text, c, "text (line breaks and tabs are fine)")),
        Check::Digits {
            min,
            max,
            first,
            rule,
        } => (!Check::digits_fit(text, min, max, first))
            .then(|| format!("found `{text}`: {provider_type} {rule}")),
    }
}

/// The first of `checks` that `text` fails, and why.
pub fn first_violation(
    checks: &[Check],
    provider_type: ProviderType,
    text: &str,
) -> Option<String> {
    checks
        .iter()
        .find_map(|check| violation(*check, provider_type, text))
}

fn control_message(text: &str, found: char, expected: &str) -> String {
    let name = match found {
        '\n' | '\r' => "a line break",
        '\t' => "a tab",
        _ => "a control character",
    };
    format!(
        "found {name} (U+{:04X}) in `{}`, expected {expected}",
        u32::from(found),
        text.escape_debug()
    )
}
