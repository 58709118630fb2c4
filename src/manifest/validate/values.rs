//! Pure. One field's value: converted to its canonical form (E.164 phones, sets of skill
//! groups) and checked against what its provider holds, as its table's [`Check`]s say.

use super::{Checker, FieldPath, FieldValue};
use crate::config::ProviderConfig;
use crate::manifest::yaml::{Position, Tree, TreeValue};
use crate::model::{FieldKind, Value};
use crate::phone::Phone;
use crate::providers::table::{Check, FieldSpec, Form};
use crate::providers::{check, codec};

impl Checker<'_> {
    pub(super) fn email(&mut self, file: &str, path: FieldPath, node: &Tree) -> bool {
        let email = node.text().unwrap_or_default();
        match email_problem(email) {
            None => true,
            Some(problem) => {
                self.error(
                    file,
                    node.at,
                    path,
                    format!("found `{email}`, {problem}"),
                    Some("an address such as `alice@example.com`".into()),
                );
                false
            }
        }
    }

    pub(super) fn phone(&mut self, file: &str, path: FieldPath, node: &Tree) -> Option<Phone> {
        let phone = node.text().unwrap_or_default();
        match Phone::parse_e164(phone).and_then(|parsed| parsed.check_possible().map(|()| parsed)) {
            Ok(parsed) => Some(parsed),
            Err(problem) => {
                self.error(
                    file,
                    node.at,
                    path,
                    format!("found `{phone}`: {problem}"),
                    Some("an E.164 number such as `+8613800000001`".into()),
                );
                None
            }
        }
    }

    /// Converts one field to its canonical value, checking what the provider can hold.
    pub(super) fn field_value<'t>(
        &mut self,
        file: &str,
        path: FieldPath,
        spec: &FieldSpec,
        node: &'t Tree,
        config: &ProviderConfig,
    ) -> Option<FieldValue<'t>> {
        let at = node.at;
        match (spec.kind, &node.value) {
            (_, TreeValue::Str(text)) if text.trim().is_empty() => {
                self.error(
                    file,
                    at,
                    path,
                    "an empty value would clear the field, and the providers do not document clearing".into(),
                    Some("remove the key to leave the field unmanaged".into()),
                );
                None
            }
            (FieldKind::Email, TreeValue::Str(email)) => {
                if !self.email(file, path, node) {
                    return None;
                }
                self.checks(file, at, path, spec.checks, email, config)?;
                Some(FieldValue::Text(email))
            }
            (FieldKind::Phone, TreeValue::Str(text)) => {
                let phone = self.phone(file, path, node)?;
                let fits = match spec.form {
                    Form::Phone(form) => codec::phone_fits(form, &phone),
                    _ => Ok(()),
                };
                if let Err(problem) = fits {
                    self.error(
                        file,
                        at,
                        path,
                        format!("`{text}` cannot be held: {problem}"),
                        Some("set a `phone` on this account that the provider can hold, or leave the account's phone unmanaged with a different number".into()),
                    );
                    return None;
                }
                Some(FieldValue::Value(Value::text(phone.e164())))
            }
            // Skill groups: names or numeric ids.
            (_, TreeValue::Seq(items)) => {
                let mut refs = Vec::with_capacity(items.len());
                for item in items {
                    match &item.value {
                        TreeValue::Int(id) => refs.push(id.to_string()),
                        TreeValue::Str(name) => {
                            self.checks(file, at, path, spec.checks, name, config)?;
                            refs.push(name.to_string());
                        }
                        _ => return None,
                    }
                }
                Some(FieldValue::Value(Value::list(refs)))
            }
            (_, TreeValue::Bool(flag)) => Some(FieldValue::Value(Value::Bool(*flag))),
            (_, TreeValue::Str(text)) => {
                self.checks(file, at, path, spec.checks, text, config)?;
                Some(FieldValue::Text(text))
            }
            (_, _) => Some(FieldValue::Value(Value::text(node.to_json().to_string()))),
        }
    }

    /// One EIAM custom field: text (checked), or `null` to remove the value.
    pub(super) fn custom_value<'t>(
        &mut self,
        file: &str,
        path: FieldPath,
        spec: &FieldSpec,
        node: &'t Tree,
        config: &ProviderConfig,
    ) -> Option<FieldValue<'t>> {
        match node.text() {
            None => Some(FieldValue::Value(Value::Unset)),
            Some(text) if text.trim().is_empty() => {
                self.error(
                    file,
                    node.at,
                    path,
                    "an empty value would clear the field, and the providers do not document clearing".into(),
                    Some("write `null` to remove the value, or remove the key to leave it unmanaged".into()),
                );
                None
            }
            Some(text) => {
                self.checks(file, node.at, path, spec.checks, text, config)?;
                Some(FieldValue::Text(text))
            }
        }
    }

    /// Applies a field's checks from its provider's table; `None` when one fails.
    pub(super) fn checks(
        &mut self,
        file: &str,
        at: Position,
        path: FieldPath,
        checks: &[Check],
        text: &str,
        config: &ProviderConfig,
    ) -> Option<()> {
        match check::first_violation(checks, config.provider_type, text) {
            None => Some(()),
            Some(message) => {
                self.error(file, at, path, message, None);
                None
            }
        }
    }
}

/// Why an email is malformed, if it is (export asks too, to leave out what would not validate).
pub fn email_problem(email: &str) -> Option<&'static str> {
    let Some((local, domain)) = email.split_once('@') else {
        return Some("expected one `@`");
    };
    if local.is_empty() || domain.contains('@') {
        return Some("expected text before a single `@`");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("expected no spaces");
    }
    if !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Some("expected a domain such as `example.com` after the `@`");
    }
    None
}
