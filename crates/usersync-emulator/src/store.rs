//! The emulator's store: the live instances and accounts, seeded and then changed only by the
//! write calls, plus the seed checks that refuse a state the real services could never be in.
//! Pure data; no I/O, no clock.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::seed::{
    AlibabaCccInstance, AlibabaEiamInstance, CCC_WORK_MODES, CIC_USER_STATUSES, CIC_USER_TYPES,
    Seed, TencentCccApp, TencentCicZone,
};
use super::tencent_ccc::forwarding::{check_forwarding, extension_format_ok};

/// Everything the write calls can change; `GET /_emulator/state` serialises it.
#[derive(Debug, Clone, Serialize)]
pub struct Store {
    pub tencent_ccc: Vec<TencentCccApp>,
    pub tencent_cic: Vec<TencentCicZone>,
    pub alibaba_ccc: Vec<AlibabaCccInstance>,
    pub alibaba_eiam: Vec<AlibabaEiamInstance>,
    /// Counter behind the `NextToken` values the emulator issues.
    #[serde(skip)]
    pub tokens_issued: u64,
}

impl Store {
    /// The state a seed describes, or every reason the seed is impossible.
    pub fn from_seed(seed: &Seed) -> Result<Store, Vec<String>> {
        let mut problems = Vec::new();
        check_tencent_ccc(&seed.tencent_ccc, &mut problems);
        check_tencent_cic(&seed.tencent_cic, &mut problems);
        check_alibaba_ccc(&seed.alibaba_ccc, &mut problems);
        check_alibaba_eiam(&seed.alibaba_eiam, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Store {
            tencent_ccc: seed.tencent_ccc.clone(),
            tencent_cic: seed.tencent_cic.clone(),
            alibaba_ccc: seed.alibaba_ccc.clone(),
            alibaba_eiam: seed.alibaba_eiam.clone(),
            tokens_issued: 0,
        })
    }
}

/// Values that may appear once within one scope (the seed, or one instance), by field.
struct Distinct {
    /// What a problem starts with: `tencent_ccc ` or `tencent_ccc 1400000001: `.
    prefix: String,
    seen: HashMap<&'static str, HashSet<String>>,
}

impl Distinct {
    fn new(prefix: String) -> Distinct {
        Distinct {
            prefix,
            seen: HashMap::new(),
        }
    }

    /// Records `value` of `field`; a second time is a problem. Empty values are not counted.
    fn check(&mut self, field: &'static str, value: String, problems: &mut Vec<String>) {
        if !value.is_empty() && !self.seen.entry(field).or_default().insert(value.clone()) {
            let prefix = &self.prefix;
            problems.push(format!("{prefix}{field} `{value}` appears twice"));
        }
    }
}

/// A problem unless `value` of `field` is one of `allowed`.
fn check_one_of(at: &str, field: &str, value: &str, allowed: &[&str], problems: &mut Vec<String>) {
    if !allowed.contains(&value) {
        let choices = match allowed {
            [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => allowed.join(""),
        };
        problems.push(format!("{at}: {field} must be {choices}"));
    }
}

fn check_tencent_ccc(apps: &[TencentCccApp], problems: &mut Vec<String>) {
    let mut app_ids = Distinct::new("tencent_ccc ".into());
    for app in apps {
        app_ids.check("sdk_app_id", app.sdk_app_id.to_string(), problems);
        let at = format!("tencent_ccc {}", app.sdk_app_id);
        let mut distinct = Distinct::new(format!("{at}: "));
        for group in &app.skill_groups {
            distinct.check("skill group", group.id.to_string(), problems);
        }
        for extension in &app.extensions {
            distinct.check("extension", extension.clone(), problems);
        }
        for staff in &app.staff {
            distinct.check("mail", staff.mail.to_lowercase(), problems);
            distinct.check("phone", staff.phone.clone(), problems);
            let extension = &staff.extension_number;
            distinct.check("extension_number", extension.clone(), problems);
            if !extension.is_empty() && !extension_format_ok(extension) {
                problems.push(format!(
                    "{at}: {}: extension_number `{extension}` must be 4 to 6 digits starting with 1 to 8",
                    staff.mail
                ));
            }
            if let Some(forwarding) = &staff.forwarding
                && let Err(problem) = check_forwarding(app, &staff.mail, extension, forwarding)
            {
                problems.push(format!("{at}: {}: {}", staff.mail, problem.seed_message()));
            }
            if !staff.phone.is_empty() && !staff.phone.starts_with("00") {
                problems.push(format!(
                    "{at}: {}: phone `{}` must start with 00 and the country code",
                    staff.mail, staff.phone
                ));
            }
            for id in &staff.skill_groups {
                if !app.skill_groups.iter().any(|group| group.id == *id) {
                    problems.push(format!("{at}: {}: no skill group {id}", staff.mail));
                }
            }
        }
    }
}

fn check_tencent_cic(zones: &[TencentCicZone], problems: &mut Vec<String>) {
    let mut zone_ids = Distinct::new("tencent_cic ".into());
    for zone in zones {
        zone_ids.check("zone_id", zone.zone_id.clone(), problems);
        let at = format!("tencent_cic {}", zone.zone_id);
        let mut distinct = Distinct::new(format!("{at}: "));
        for user in &zone.users {
            distinct.check("user_id", user.user_id.clone(), problems);
            distinct.check("user_name", user.user_name.clone(), problems);
            distinct.check("email", user.email.to_lowercase(), problems);
            let user_at = format!("{at}: {}", user.user_id);
            check_one_of(
                &user_at,
                "user_type",
                &user.user_type,
                CIC_USER_TYPES,
                problems,
            );
            let status = &user.user_status;
            check_one_of(&user_at, "user_status", status, CIC_USER_STATUSES, problems);
        }
    }
}

fn check_alibaba_ccc(instances: &[AlibabaCccInstance], problems: &mut Vec<String>) {
    let mut instance_ids = Distinct::new("alibaba_ccc ".into());
    for instance in instances {
        instance_ids.check("instance_id", instance.instance_id.clone(), problems);
        let at = format!("alibaba_ccc {}", instance.instance_id);
        let mut distinct = Distinct::new(format!("{at}: "));
        for user in &instance.users {
            distinct.check("login_name", user.login_name.clone(), problems);
            if !user.role.is_empty() && !instance.roles.contains(&user.role) {
                problems.push(format!(
                    "{at}: {}: no role `{}`",
                    user.login_name, user.role
                ));
            }
            let user_at = format!("{at}: {}", user.login_name);
            check_one_of(
                &user_at,
                "work_mode",
                &user.work_mode,
                CCC_WORK_MODES,
                problems,
            );
        }
    }
}

fn check_alibaba_eiam(instances: &[AlibabaEiamInstance], problems: &mut Vec<String>) {
    let mut instance_ids = Distinct::new("alibaba_eiam ".into());
    for instance in instances {
        instance_ids.check("instance_id", instance.instance_id.clone(), problems);
        let at = format!("alibaba_eiam {}", instance.instance_id);
        let mut distinct = Distinct::new(format!("{at}: "));
        for user in &instance.users {
            distinct.check("user_id", user.user_id.clone(), problems);
            distinct.check("username", user.username.to_lowercase(), problems);
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
        let problems = Store::from_seed(&seed).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn extensions_and_forwarding_in_the_seed_are_checked() {
        let seed = Seed::from_yaml(
            r#"
tencent_ccc:
  - sdk_app_id: 1
    skill_groups: [{id: 101, name: Sales}]
    extensions: ["8101", "8101"]
    staff:
      - mail: a@x
        name: A
        extension_number: "8001"
        forwarding: {enabled: true, condition: 1, target: {type: 1, staff_user_id: A@X}}
      - mail: b@x
        name: B
        extension_number: "8001"
        forwarding: {enabled: true, condition: 3, target: {type: 2, skill_group_id: 101}}
      - mail: c@x
        name: C
        extension_number: "9001"
        forwarding: {enabled: true, target: {type: 1, staff_user_id: a@x}}
      - mail: d@x
        name: D
        forwarding: {enabled: true, condition: 2, target: {staff_user_id: a@x}}
      - mail: e@x
        name: E
        forwarding: {enabled: true, condition: 2, target: {type: 3}}
      - mail: f@x
        name: F
        forwarding: {enabled: true, condition: 2, target: {type: 1, staff_user_id: nobody@x}}
      - mail: g@x
        name: G
        forwarding: {enabled: true, condition: 2, target: {type: 2, skill_group_id: 102}}
      - mail: h@x
        name: H
        forwarding: {enabled: true, condition: 2, target: {type: 3, extension: "8999"}}
      - mail: i@x
        name: I
        forwarding: {enabled: true, condition: 2, target: {type: 4}}
"#,
        )
        .unwrap();
        let problems = Store::from_seed(&seed).unwrap_err();
        insta::assert_snapshot!(problems.join("\n"), @r"
        tencent_ccc 1: extension `8101` appears twice
        tencent_ccc 1: a@x: forwards its calls to itself
        tencent_ccc 1: extension_number `8001` appears twice
        tencent_ccc 1: b@x: forwarding condition must be 1 or 2, not 3
        tencent_ccc 1: c@x: extension_number `9001` must be 4 to 6 digits starting with 1 to 8
        tencent_ccc 1: c@x: forwarding is enabled without a condition
        tencent_ccc 1: d@x: forwarding is enabled without a target type
        tencent_ccc 1: e@x: forwarding target of type 3 needs `extension`
        tencent_ccc 1: f@x: forwarding target: no agent `nobody@x`
        tencent_ccc 1: g@x: forwarding target: no skill group 102
        tencent_ccc 1: h@x: forwarding target: no extension `8999`
        tencent_ccc 1: i@x: forwarding target type must be 1, 2 or 3, not 4
        ");
    }

    #[test]
    fn forwarding_in_the_seed_may_be_null_disabled_or_point_anywhere_that_exists() {
        let seed = Seed::from_yaml(
            r#"
tencent_ccc:
  - sdk_app_id: 1
    skill_groups: [{id: 101, name: Sales}]
    extensions: ["8101"]
    staff:
      - {mail: a@x, name: A, extension_number: "8001", forwarding: null}
      - mail: b@x
        name: B
        extension_number: "8002"
        forwarding: {enabled: false, target: {type: 1, staff_user_id: b@x}}
      - mail: c@x
        name: C
        forwarding: {enabled: true, condition: 1, target: {type: 3, extension: "8001"}}
      - mail: d@x
        name: D
        forwarding: {enabled: true, condition: 2, target: {type: 3, extension: "8101"}}
      - mail: e@x
        name: E
        forwarding: {enabled: true, condition: 2, target: {type: 2, skill_group_id: 101}}
      - {mail: f@x, name: F}
"#,
        )
        .unwrap();
        let store = Store::from_seed(&seed).unwrap();
        let staff = &store.tencent_ccc[0].staff;
        assert_eq!(staff[0].forwarding, None);
        assert_eq!(staff[1].forwarding.as_ref().map(|f| f.enabled), Some(false));
        assert_eq!(
            staff[5].forwarding.as_ref().and_then(|f| f.condition),
            Some(1),
            "left out: the disabled default"
        );
    }

    #[test]
    fn every_seed_problem_names_where_and_what() {
        let seed = Seed::from_yaml(
            r#"
tencent_ccc:
  - sdk_app_id: 1
    skill_groups: [{id: 101, name: Sales}, {id: 101, name: Again}]
    staff:
      - {mail: a@x, name: A, phone: "+8613800000001"}
      - {mail: A@x, name: B, phone: "+8613800000001", skill_groups: [102]}
  - sdk_app_id: 1
tencent_cic:
  - zone_id: z
    users:
      - {user_id: u, user_name: n, email: e@x, user_type: Robot, user_status: Gone}
      - {user_id: u, user_name: n, email: E@x}
alibaba_ccc:
  - instance_id: c
    roles: [Agent]
    users:
      - {login_name: l, role: Admin, work_mode: AT_HOME}
      - {login_name: l}
  - instance_id: c
alibaba_eiam:
  - instance_id: i
    users:
      - {user_id: u, username: a, custom_fields: {nick: x}}
      - {user_id: u, username: A}
"#,
        )
        .unwrap();
        let problems = Store::from_seed(&seed).unwrap_err();
        insta::assert_snapshot!(problems.join("\n"), @r"
        tencent_ccc 1: skill group `101` appears twice
        tencent_ccc 1: a@x: phone `+8613800000001` must start with 00 and the country code
        tencent_ccc 1: mail `a@x` appears twice
        tencent_ccc 1: phone `+8613800000001` appears twice
        tencent_ccc 1: A@x: phone `+8613800000001` must start with 00 and the country code
        tencent_ccc 1: A@x: no skill group 102
        tencent_ccc sdk_app_id `1` appears twice
        tencent_cic z: u: user_type must be Manual or Synchronized
        tencent_cic z: u: user_status must be Enabled or Disabled
        tencent_cic z: user_id `u` appears twice
        tencent_cic z: user_name `n` appears twice
        tencent_cic z: email `e@x` appears twice
        alibaba_ccc c: l: no role `Admin`
        alibaba_ccc c: l: work_mode must be ON_SITE, OFF_SITE or OFFICE_PHONE
        alibaba_ccc c: login_name `l` appears twice
        alibaba_ccc instance_id `c` appears twice
        alibaba_eiam i: u: custom field `nick` is not declared
        alibaba_eiam i: user_id `u` appears twice
        alibaba_eiam i: username `a` appears twice
        ");
    }
}
