//! The emulator's live state: the seeded instances and accounts, changed only by the write calls,
//! plus the seed checks that refuse a state the real services could never be in. Pure data; no
//! I/O, no clock.

use std::collections::HashSet;

use serde::Serialize;

use super::seed::{AlibabaCccInstance, AlibabaEiamInstance, Seed, TencentCccApp, TencentCicZone};

/// Everything the write calls can change; `GET /_emulator/state` serialises it.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub tencent_ccc: Vec<TencentCccApp>,
    pub tencent_cic: Vec<TencentCicZone>,
    pub alibaba_ccc: Vec<AlibabaCccInstance>,
    pub alibaba_eiam: Vec<AlibabaEiamInstance>,
    /// Counter behind the `NextToken` values the emulator issues.
    #[serde(skip)]
    pub tokens_issued: u64,
}

impl State {
    /// The state a seed describes, or every reason the seed is impossible.
    pub fn from_seed(seed: &Seed) -> Result<State, Vec<String>> {
        let mut problems = Vec::new();
        check_tencent_ccc(&seed.tencent_ccc, &mut problems);
        check_tencent_cic(&seed.tencent_cic, &mut problems);
        check_alibaba_ccc(&seed.alibaba_ccc, &mut problems);
        check_alibaba_eiam(&seed.alibaba_eiam, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(State {
            tencent_ccc: seed.tencent_ccc.clone(),
            tencent_cic: seed.tencent_cic.clone(),
            alibaba_ccc: seed.alibaba_ccc.clone(),
            alibaba_eiam: seed.alibaba_eiam.clone(),
            tokens_issued: 0,
        })
    }
}

/// Records `key` in `seen`; a second time is a problem.
fn unique(seen: &mut HashSet<String>, key: String, what: &str, problems: &mut Vec<String>) {
    if !key.is_empty() && !seen.insert(key.clone()) {
        problems.push(format!("{what} `{key}` appears twice"));
    }
}

fn check_tencent_ccc(apps: &[TencentCccApp], problems: &mut Vec<String>) {
    let mut ids = HashSet::new();
    for app in apps {
        let at = format!("tencent_ccc {}", app.sdk_app_id);
        unique(
            &mut ids,
            app.sdk_app_id.to_string(),
            "tencent_ccc sdk_app_id",
            problems,
        );
        let (mut mails, mut phones, mut groups) = (HashSet::new(), HashSet::new(), HashSet::new());
        for group in &app.skill_groups {
            unique(
                &mut groups,
                group.id.to_string(),
                &format!("{at}: skill group"),
                problems,
            );
        }
        for staff in &app.staff {
            unique(
                &mut mails,
                staff.mail.to_lowercase(),
                &format!("{at}: mail"),
                problems,
            );
            unique(
                &mut phones,
                staff.phone.clone(),
                &format!("{at}: phone"),
                problems,
            );
            if !staff.phone.is_empty() && !staff.phone.starts_with("00") {
                problems.push(format!(
                    "{at}: {}: phone `{}` must start with 00 and the country code",
                    staff.mail, staff.phone
                ));
            }
            for id in &staff.skill_groups {
                if !groups.contains(&id.to_string()) {
                    problems.push(format!("{at}: {}: no skill group {id}", staff.mail));
                }
            }
        }
    }
}

fn check_tencent_cic(zones: &[TencentCicZone], problems: &mut Vec<String>) {
    let mut ids = HashSet::new();
    for zone in zones {
        let at = format!("tencent_cic {}", zone.zone_id);
        unique(
            &mut ids,
            zone.zone_id.clone(),
            "tencent_cic zone_id",
            problems,
        );
        let (mut users, mut names, mut emails) = (HashSet::new(), HashSet::new(), HashSet::new());
        for user in &zone.users {
            unique(
                &mut users,
                user.user_id.clone(),
                &format!("{at}: user_id"),
                problems,
            );
            unique(
                &mut names,
                user.user_name.clone(),
                &format!("{at}: user_name"),
                problems,
            );
            unique(
                &mut emails,
                user.email.to_lowercase(),
                &format!("{at}: email"),
                problems,
            );
            if !["Manual", "Synchronized"].contains(&user.user_type.as_str()) {
                problems.push(format!(
                    "{at}: {}: user_type must be Manual or Synchronized",
                    user.user_id
                ));
            }
            if !["Enabled", "Disabled"].contains(&user.user_status.as_str()) {
                problems.push(format!(
                    "{at}: {}: user_status must be Enabled or Disabled",
                    user.user_id
                ));
            }
        }
    }
}

fn check_alibaba_ccc(instances: &[AlibabaCccInstance], problems: &mut Vec<String>) {
    let mut ids = HashSet::new();
    for instance in instances {
        let at = format!("alibaba_ccc {}", instance.instance_id);
        unique(
            &mut ids,
            instance.instance_id.clone(),
            "alibaba_ccc instance_id",
            problems,
        );
        let mut logins = HashSet::new();
        for user in &instance.users {
            unique(
                &mut logins,
                user.login_name.clone(),
                &format!("{at}: login_name"),
                problems,
            );
            if !user.role.is_empty() && !instance.roles.contains(&user.role) {
                problems.push(format!(
                    "{at}: {}: no role `{}`",
                    user.login_name, user.role
                ));
            }
            if !["ON_SITE", "OFF_SITE", "OFFICE_PHONE"].contains(&user.work_mode.as_str()) {
                problems.push(format!(
                    "{at}: {}: work_mode must be ON_SITE, OFF_SITE or OFFICE_PHONE",
                    user.login_name
                ));
            }
        }
    }
}

fn check_alibaba_eiam(instances: &[AlibabaEiamInstance], problems: &mut Vec<String>) {
    let mut ids = HashSet::new();
    for instance in instances {
        let at = format!("alibaba_eiam {}", instance.instance_id);
        unique(
            &mut ids,
            instance.instance_id.clone(),
            "alibaba_eiam instance_id",
            problems,
        );
        let (mut users, mut names) = (HashSet::new(), HashSet::new());
        for user in &instance.users {
            unique(
                &mut users,
                user.user_id.clone(),
                &format!("{at}: user_id"),
                problems,
            );
            unique(
                &mut names,
                user.username.to_lowercase(),
                &format!("{at}: username"),
                problems,
            );
            for field in user.custom_fields.keys() {
                if !instance.custom_fields.contains(field) {
                    problems.push(format!(
                        "{at}: {}: custom field `{field}` is not declared",
                        user.user_id
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_seeds_are_refused_with_every_reason() {
        let seed = Seed::from_yaml(
            r#"
tencent_ccc:
  - sdk_app_id: 1
    skill_groups: [{id: 101, name: Sales}]
    staff:
      - {mail: a@x, name: A, phone: "008613800000001", skill_groups: [102]}
      - {mail: b@x, name: B, phone: "008613800000001"}
alibaba_eiam:
  - instance_id: i
    users: [{user_id: u, username: a, custom_fields: {nick: x}}]
"#,
        )
        .unwrap();
        let problems = State::from_seed(&seed).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
