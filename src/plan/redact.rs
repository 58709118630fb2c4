//! Pure. `--redact`: masks email addresses and phone numbers everywhere in what usersync
//! shows (a plan, an apply report, a message): every string is scanned, so a value in a
//! problem's message (`held by \`admin@example.com\``) is masked like one in a field. Masks
//! keep values distinguishable (`a***@example.com`, `+86*******0001`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::Plan;

/// The plan with every personal value masked; the fingerprint stays that of the real plan.
pub fn redact(plan: &Plan) -> Plan {
    let mut redacted = redact_value(plan);
    redacted.fingerprint = plan.fingerprint.clone();
    redacted
}

/// Any serialisable value (a plan, a report) with every string masked by [`mask_text`].
pub fn redact_value<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let mut json = serde_json::to_value(value).expect("shown values serialise");
    mask_strings(&mut json);
    serde_json::from_value(json).expect("masking keeps the value's shape")
}

fn mask_strings(json: &mut Json) {
    match json {
        Json::String(text) => *text = mask_text(text),
        Json::Array(items) => items.iter_mut().for_each(mask_strings),
        Json::Object(map) => map.values_mut().for_each(mask_strings),
        _ => {}
    }
}

/// `text` with every email address and phone number in it masked. A candidate is a run of
/// the characters addresses and numbers are made of; it is masked when it is an address
/// (`local@domain.tld`) or a number of 7 to 15 digits, optionally after a `+`.
pub fn mask_text(text: &str) -> String {
    let is_part = |c: char| c.is_ascii_alphanumeric() || "._%+@-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_part) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !is_part(c)).unwrap_or(run.len());
        let candidate = &run[..end];
        match mask_email(candidate) {
            Some(masked) => out.push_str(&masked),
            None if is_phone(candidate) => out.push_str(&mask_digits(candidate)),
            None => out.push_str(candidate),
        }
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

fn is_phone(candidate: &str) -> bool {
    let digits = candidate.strip_prefix('+').unwrap_or(candidate);
    (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `alice@example.com` → `a***@example.com`; `None` when the text is not an email address.
fn mask_email(text: &str) -> Option<String> {
    let (local, domain) = text.split_once('@')?;
    if local.is_empty() || !domain.contains('.') || text.contains(char::is_whitespace) {
        return None;
    }
    let first: String = local.chars().take(1).collect();
    Some(format!("{first}***@{domain}"))
}

/// Every digit but the last four masked: `+8613800000001` → `+86*******0001`… keeping a
/// leading `+` and the country code's first two digits so numbers stay distinguishable.
fn mask_digits(text: &str) -> String {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= 2 && text.starts_with('+') || seen > digits.saturating_sub(4) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_address_and_number_inside_any_text() {
        assert_eq!(
            mask_text(
                "`Alice Liu` is held by `admin@example.com` (+8613800000001, 008613800000002), id 101, request 6bb56a09-2787"
            ),
            "`Alice Liu` is held by `a***@example.com` (+86*******0001, ***********0002), id 101, request 6bb56a09-2787"
        );
    }

    #[test]
    fn masks_emails_and_phone_forms() {
        assert_eq!(
            mask_email("alice@example.com").as_deref(),
            Some("a***@example.com")
        );
        assert_eq!(mask_email("alice@ccc-test"), None);
        assert_eq!(mask_digits("+8613800000001"), "+86*******0001");
        assert_eq!(mask_digits("008613800000001"), "***********0001");
        assert_eq!(mask_digits("13800000001"), "*******0001");
    }
}
