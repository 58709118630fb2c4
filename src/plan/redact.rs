//! Pure. `--redact`: masks email addresses and phone numbers everywhere in a plan (values,
//! account names, request parameters, messages) so that it can be shown in public.

use serde_json::Value as Json;

use super::Plan;
use crate::phone::Phone;

/// The plan with every personal value masked; the fingerprint stays that of the real plan.
pub fn redact(plan: &Plan) -> Plan {
    let mut tokens: Vec<(String, String)> = Vec::new();
    let mut note = |text: &str| {
        if let Some(mask) = mask_email(text) {
            tokens.push((text.to_string(), mask));
        } else if let Ok(phone) = Phone::parse_e164(text) {
            for form in [
                phone.e164(),
                phone.tencent_ccc_wire(),
                phone.national.clone(),
            ] {
                let mask = mask_digits(&form);
                tokens.push((form, mask));
            }
        }
    };
    for change in &plan.changes {
        note(&change.account);
        note(&change.remote_id);
        for field in &change.fields {
            if field.field.kind.is_personal() {
                field
                    .before
                    .iter()
                    .chain([&field.after])
                    .for_each(|v| note(&v.to_string()));
            }
        }
        for value in change.observed.values().flatten() {
            note(&value.to_string());
        }
    }
    for problem in &plan.problems {
        note(&problem.account);
    }
    tokens.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    tokens.dedup();
    let mut json = serde_json::to_value(plan).expect("plans always serialise");
    replace_strings(&mut json, &tokens);
    serde_json::from_value(json).expect("masking keeps the plan's shape")
}

fn replace_strings(json: &mut Json, tokens: &[(String, String)]) {
    match json {
        Json::String(text) => {
            for (token, mask) in tokens {
                if text.contains(token.as_str()) {
                    *text = text.replace(token.as_str(), mask);
                }
            }
        }
        Json::Array(items) => items
            .iter_mut()
            .for_each(|item| replace_strings(item, tokens)),
        Json::Object(map) => map
            .values_mut()
            .for_each(|item| replace_strings(item, tokens)),
        _ => {}
    }
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
