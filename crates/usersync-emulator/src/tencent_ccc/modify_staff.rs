//! Tencent CCC `ModifyStaff`: the checks the real service makes on an agent update (phone form
//! and uniqueness, skill groups, mobile settings, extension number and call forwarding), then
//! the change, made only when every check passed. Never sees signatures or rate limits.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::forwarding::{
    ForwardingConfigRequest, check_forwarding, extension_format_ok, extension_taken,
};
use super::{app_mut, invalid_value};
use crate::reply::ApiError;
use crate::store::Store;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ModifyStaffRequest {
    sdk_app_id: u64,
    email: String,
    name: Option<String>,
    phone: Option<String>,
    nick: Option<String>,
    staff_no: Option<String>,
    skill_group_ids: Option<Vec<i64>>,
    use_mobile_call_out: Option<bool>,
    use_mobile_accept: Option<i64>,
    extension_number: Option<String>,
    forwarding_config: Option<ForwardingConfigRequest>,
}

pub(super) fn modify_staff(
    store: &mut Store,
    req: ModifyStaffRequest,
    now: i64,
) -> Result<Value, ApiError> {
    let app = app_mut(store, req.sdk_app_id)?;
    let index = app
        .staff
        .iter()
        .position(|s| s.mail.eq_ignore_ascii_case(&req.email))
        .ok_or_else(|| {
            ApiError::tencent(
                "InvalidParameterValue.AccountNotExist",
                "Account does not exist.",
            )
        })?;
    if let Some(phone) = &req.phone {
        let digits = phone.len() > 4 && phone.bytes().all(|b| b.is_ascii_digit());
        if !phone.starts_with("00") || !digits {
            return Err(ApiError::tencent(
                "InvalidParameter.InvalidPhoneNumber",
                format!(
                    "The phone number `{phone}` is invalid; expected 00, the country code and the number."
                ),
            ));
        }
        let bound = app
            .staff
            .iter()
            .enumerate()
            .any(|(i, s)| i != index && &s.phone == phone);
        if bound {
            return Err(ApiError::tencent(
                "InvalidParameterValue.PhoneNumIsBoundOtherAccount",
                "The number has been bound to another account.",
            ));
        }
    }
    if let Some(ids) = &req.skill_group_ids
        && let Some(id) = ids
            .iter()
            .find(|id| !app.skill_groups.iter().any(|g| g.id == **id))
    {
        return Err(ApiError::tencent(
            "InvalidParameterValue.SkillGroupError",
            format!("The skill group `{id}` does not exist."),
        ));
    }
    if let Some(accept) = req.use_mobile_accept
        && !(0..=2).contains(&accept)
    {
        return Err(invalid_value("UseMobileAccept must be 0, 1 or 2."));
    }
    let mail = app.staff[index].mail.clone();
    if let Some(extension) = &req.extension_number {
        if !extension_format_ok(extension) {
            return Err(invalid_value(
                "ExtensionNumber must be 4 to 6 digits starting with 1 to 8.",
            ));
        }
        if extension_taken(app, &mail, extension) {
            return Err(invalid_value(format!(
                "The extension number `{extension}` is already used by another agent."
            )));
        }
    }
    let forwarding = match req.forwarding_config {
        Some(config) => {
            let forwarding = config.into_stored()?;
            let own_extension = req
                .extension_number
                .as_deref()
                .unwrap_or(&app.staff[index].extension_number);
            check_forwarding(app, &mail, own_extension, &forwarding)
                .map_err(|problem| problem.api_error())?;
            Some(Some(forwarding))
        }
        None => None,
    };
    let staff = &mut app.staff[index];
    set(&mut staff.name, req.name);
    set(&mut staff.phone, req.phone);
    set(&mut staff.nick, req.nick);
    set(&mut staff.staff_number, req.staff_no);
    set(&mut staff.extension_number, req.extension_number);
    set(&mut staff.skill_groups, req.skill_group_ids);
    set(&mut staff.use_mobile_call_out, req.use_mobile_call_out);
    set(&mut staff.use_mobile_accept, req.use_mobile_accept);
    set(&mut staff.forwarding, forwarding);
    staff.last_modify_timestamp = now;
    Ok(Value::Object(Map::new()))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}
