//! Tencent CCC extension numbers and call forwarding: the rules an `ExtensionNumber` and a
//! `ForwardingConfig` must meet within an app, shared by `ModifyStaff` and the seed checks, and
//! the request type of `ForwardingConfig`. Pure; never changes the state.
//!
//! The SDK documents the shapes only (`ForwardingConfig`, `ForwardingTarget` in
//! `tencentcloud-sdk-go` `ccc/v20200210/models.go`) and names no error code for either; the
//! choices made here are listed in `docs/EMULATOR.md`.

use serde::Deserialize;

use crate::reply::ApiError;
use crate::seed::{Forwarding, ForwardingTarget, TencentCccApp};

/// `ExtensionNumber`: 4 to 6 ASCII digits, the first 1 to 8 (the SDK: "1 到 8 打头，4 - 6 位").
pub fn extension_format_ok(extension: &str) -> bool {
    (4..=6).contains(&extension.len())
        && extension.bytes().all(|b| b.is_ascii_digit())
        && !extension.starts_with(['0', '9'])
}

/// Whether an agent of `app` other than `mail` holds `extension` (compared exactly).
pub fn extension_taken(app: &TencentCccApp, mail: &str, extension: &str) -> bool {
    app.staff
        .iter()
        .any(|s| !s.mail.eq_ignore_ascii_case(mail) && s.extension_number == extension)
}

/// `ForwardingConfig` as `ModifyStaff` receives it; the parameter table has already checked
/// its names and JSON types, and the API description marks every field optional.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ForwardingConfigRequest {
    enabled: Option<bool>,
    condition: Option<i64>,
    target: Option<ForwardingTargetRequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ForwardingTargetRequest {
    r#type: Option<i64>,
    staff_user_id: Option<String>,
    skill_group_id: Option<i64>,
    extension: Option<String>,
}

impl ForwardingConfigRequest {
    /// The config to store, as sent; a config without `Enabled` says nothing and is refused.
    pub(super) fn into_stored(self) -> Result<Forwarding, ApiError> {
        let enabled = self.enabled.ok_or_else(|| {
            ApiError::tencent("InvalidParameter", "ForwardingConfig.Enabled is required.")
        })?;
        Ok(Forwarding {
            enabled,
            condition: self.condition,
            target: self.target.map(|target| ForwardingTarget {
                r#type: target.r#type,
                staff_user_id: target.staff_user_id,
                skill_group_id: target.skill_group_id,
                extension: target.extension,
            }),
        })
    }
}

/// Why a forwarding cannot be set on an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardingProblem {
    ConditionOutOfRange(i64),
    ConditionMissing,
    TypeMissing,
    TypeOutOfRange(i64),
    /// The field the target's type needs (`StaffUserId` for 1, ...) is missing or empty.
    TargetFieldMissing(i64),
    ToItself,
    NoAgent(String),
    NoSkillGroup(i64),
    NoExtension(String),
}

/// Check `forwarding` for the agent `mail` of `app`, whose extension number is `own_extension`
/// once the change is made. `Condition`, when sent, is 1 or 2. A disabled forwarding may carry
/// any target (it is kept, not used); an enabled one needs a condition and a target of type 1
/// (an agent's account, its mail), 2 (a skill group) or 3 (an agent's extension number or one
/// of the app's extensions) that exists and is not the agent itself.
pub fn check_forwarding(
    app: &TencentCccApp,
    mail: &str,
    own_extension: &str,
    forwarding: &Forwarding,
) -> Result<(), ForwardingProblem> {
    if let Some(condition) = forwarding.condition
        && !(1..=2).contains(&condition)
    {
        return Err(ForwardingProblem::ConditionOutOfRange(condition));
    }
    if !forwarding.enabled {
        return Ok(());
    }
    if forwarding.condition.is_none() {
        return Err(ForwardingProblem::ConditionMissing);
    }
    let target = forwarding.target.clone().unwrap_or_default();
    let kind = target.r#type.ok_or(ForwardingProblem::TypeMissing)?;
    let missing = ForwardingProblem::TargetFieldMissing(kind);
    let text = |field: Option<String>| field.filter(|value| !value.is_empty());
    match kind {
        1 => {
            let account = text(target.staff_user_id).ok_or(missing)?;
            if account.eq_ignore_ascii_case(mail) {
                Err(ForwardingProblem::ToItself)
            } else if app
                .staff
                .iter()
                .any(|s| s.mail.eq_ignore_ascii_case(&account))
            {
                Ok(())
            } else {
                Err(ForwardingProblem::NoAgent(account))
            }
        }
        2 => {
            let id = target.skill_group_id.ok_or(missing)?;
            if app.skill_groups.iter().any(|g| g.id == id) {
                Ok(())
            } else {
                Err(ForwardingProblem::NoSkillGroup(id))
            }
        }
        3 => {
            let extension = text(target.extension).ok_or(missing)?;
            if extension == own_extension {
                Err(ForwardingProblem::ToItself)
            } else if app.extensions.contains(&extension) || extension_taken(app, mail, &extension)
            {
                Ok(())
            } else {
                Err(ForwardingProblem::NoExtension(extension))
            }
        }
        other => Err(ForwardingProblem::TypeOutOfRange(other)),
    }
}

/// The wire name and the seed name of the field a target of type `kind` needs.
fn target_field(kind: i64) -> (&'static str, &'static str) {
    match kind {
        1 => ("StaffUserId", "staff_user_id"),
        2 => ("SkillGroupId", "skill_group_id"),
        _ => ("Extension", "extension"),
    }
}

impl ForwardingProblem {
    /// The answer `ModifyStaff` gives. Only the unknown account and skill group have codes of
    /// their own in the SDK; the rest are the generic `InvalidParameter` (a part missing) and
    /// `InvalidParameterValue` (a value refused).
    pub fn api_error(&self) -> ApiError {
        let (code, message) = match self {
            ForwardingProblem::ConditionOutOfRange(_) => (
                "InvalidParameterValue",
                "ForwardingConfig.Condition must be 1 (unconditional) or 2 (conditional).".into(),
            ),
            ForwardingProblem::ConditionMissing => (
                "InvalidParameter",
                "ForwardingConfig.Condition is required when forwarding is enabled.".into(),
            ),
            ForwardingProblem::TypeMissing => (
                "InvalidParameter",
                "ForwardingConfig.Target.Type is required when forwarding is enabled.".into(),
            ),
            ForwardingProblem::TypeOutOfRange(_) => (
                "InvalidParameterValue",
                "ForwardingConfig.Target.Type must be 1 (agent), 2 (skill group) or 3 (extension)."
                    .into(),
            ),
            ForwardingProblem::TargetFieldMissing(kind) => (
                "InvalidParameter",
                format!(
                    "ForwardingConfig.Target.{} is required when Target.Type is {kind}.",
                    target_field(*kind).0
                ),
            ),
            ForwardingProblem::ToItself => (
                "InvalidParameterValue",
                "An agent cannot forward its calls to itself.".into(),
            ),
            ForwardingProblem::NoAgent(account) => (
                "InvalidParameterValue.AccountNotExist",
                format!("The forwarding target account `{account}` does not exist."),
            ),
            ForwardingProblem::NoSkillGroup(id) => (
                "InvalidParameterValue.SkillGroupError",
                format!("The forwarding target skill group `{id}` does not exist."),
            ),
            ForwardingProblem::NoExtension(extension) => (
                "InvalidParameterValue",
                format!("The forwarding target extension `{extension}` does not exist."),
            ),
        };
        ApiError::tencent(code, message)
    }

    /// The same problem in the seed's terms.
    pub fn seed_message(&self) -> String {
        match self {
            ForwardingProblem::ConditionOutOfRange(condition) => {
                format!("forwarding condition must be 1 or 2, not {condition}")
            }
            ForwardingProblem::ConditionMissing => {
                "forwarding is enabled without a condition".into()
            }
            ForwardingProblem::TypeMissing => "forwarding is enabled without a target type".into(),
            ForwardingProblem::TypeOutOfRange(kind) => {
                format!("forwarding target type must be 1, 2 or 3, not {kind}")
            }
            ForwardingProblem::TargetFieldMissing(kind) => format!(
                "forwarding target of type {kind} needs `{}`",
                target_field(*kind).1
            ),
            ForwardingProblem::ToItself => "forwards its calls to itself".into(),
            ForwardingProblem::NoAgent(account) => {
                format!("forwarding target: no agent `{account}`")
            }
            ForwardingProblem::NoSkillGroup(id) => {
                format!("forwarding target: no skill group {id}")
            }
            ForwardingProblem::NoExtension(extension) => {
                format!("forwarding target: no extension `{extension}`")
            }
        }
    }
}
