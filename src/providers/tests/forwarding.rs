//! Tencent CCC extension numbers and call forwarding on the wire: `ExtensionNumber` and
//! `ForwardingConfig` read from `DescribeStaffInfoList` entries (every target type, the sample's
//! disabled default and `null`, the `0` and `""` the list sends for parts left out), and
//! `ModifyStaff` carrying the whole `ForwardingConfig` built from the changed parts and the
//! observed others.

use serde_json::json;

use super::render_accounts;
use crate::json::JsonRef;
use crate::model::{Field, FieldKind, FieldMap, Target, Value};
use crate::providers::forwarding::{ENABLED, TO, WHEN};
use crate::providers::{Assignment, Instance, parse, tencent_ccc, update_params};

fn staff(entries: serde_json::Value) -> String {
    let page = json!({"TotalCount": 1, "StaffList": entries});
    render_accounts(&parse::list(&tencent_ccc::TABLE, &JsonRef::from(&page)).expect("parses"))
}

#[test]
fn every_target_type_reads_into_the_forwarding_parts() {
    let text = staff(json!([
        {"Mail": "alice@example.com", "ExtensionNumber": "8011",
         "ForwardingConfig": {"Enabled": true, "Condition": 1,
            "Target": {"Type": 1, "StaffUserId": "Bob@Example.com", "SkillGroupId": 0, "Extension": ""}}},
        {"Mail": "bob@example.com", "ExtensionNumber": "",
         "ForwardingConfig": {"Enabled": true, "Condition": 2,
            "Target": {"Type": 2, "StaffUserId": "", "SkillGroupId": 102, "Extension": ""}}},
        {"Mail": "carol@example.com", "ExtensionNumber": "800123",
         "ForwardingConfig": {"Enabled": false, "Condition": 0,
            "Target": {"Type": 3, "StaffUserId": "", "SkillGroupId": 0, "Extension": "8101"}}},
        {"Mail": "dan@example.com",
         "ForwardingConfig": {"Enabled": false, "Condition": 1,
            "Target": {"Type": 2, "SkillGroupId": 0}}},
    ]));
    insta::assert_snapshot!(text, @r#"
    total=Some(1) next=None
    alice@example.com keys=[Email("alice@example.com")] skill_groups=List([]) extension=Text("8011") forwarding.enabled=true forwarding.to=Text("agent:Bob@Example.com") forwarding.when=Text("always")
    bob@example.com keys=[Email("bob@example.com")] skill_groups=List([]) forwarding.enabled=true forwarding.to=Text("skill_group:102") forwarding.when=Text("conditional")
    carol@example.com keys=[Email("carol@example.com")] skill_groups=List([]) extension=Text("800123") forwarding.enabled=false forwarding.to=Text("extension:8101")
    dan@example.com keys=[Email("dan@example.com")] skill_groups=List([]) forwarding.enabled=false forwarding.when=Text("always")
    "#);
}

#[test]
fn an_unknown_condition_or_target_type_is_an_error_naming_the_agent() {
    let bad = |config: serde_json::Value| {
        let page = json!({"StaffList": [{"Mail": "a@example.com", "ForwardingConfig": config}]});
        parse::list(&tencent_ccc::TABLE, &JsonRef::from(&page))
            .err()
            .unwrap_or_default()
    };
    assert_eq!(
        bad(json!({"Enabled": true, "Condition": 3})),
        "unknown `ForwardingConfig.Condition` 3 for `a@example.com`"
    );
    assert_eq!(
        bad(json!({"Enabled": true, "Condition": 1, "Target": {"Type": 4}})),
        "unknown `ForwardingConfig.Target.Type` 4 for `a@example.com`"
    );
}

fn part(name: &str) -> Field {
    Field::part(FieldKind::Forwarding, name)
}

fn assign<'a>(name: &'a str, value: &'a Value) -> Assignment<'a> {
    Assignment {
        kind: FieldKind::Forwarding,
        custom: Some(name),
        value,
    }
}

/// `ModifyStaff`'s body for `assignments` on an agent observed with `observed`.
fn modify(
    observed: &[(Field, Value)],
    assignments: &[Assignment],
) -> Result<serde_json::Value, String> {
    let observed: FieldMap<Value> = observed.iter().cloned().collect();
    let instance = Instance::SdkAppId(1_400_000_001);
    let params = update_params(
        &tencent_ccc::TABLE,
        &instance,
        "alice@example.com",
        &observed,
        assignments,
    )?;
    Ok(serde_json::Value::Object(params))
}

#[test]
fn the_whole_forwarding_is_written_from_the_changed_and_the_observed_parts() {
    let on = Value::Bool(true);
    let group = Target::SkillGroup("102".into()).value();
    let extension = Value::text("8002");
    let observed = [
        (part(ENABLED), Value::Bool(false)),
        (part(WHEN), Value::text("conditional")),
        (part(TO), Target::Agent("bob@example.com".into()).value()),
    ];
    let body = modify(
        &observed,
        &[
            Assignment {
                kind: FieldKind::Extension,
                custom: None,
                value: &extension,
            },
            assign(ENABLED, &on),
        ],
    );
    assert_eq!(
        body,
        Ok(
            json!({"SdkAppId": 1_400_000_001u64, "Email": "alice@example.com",
            "ExtensionNumber": "8002",
            "ForwardingConfig": {"Enabled": true, "Condition": 2,
                "Target": {"Type": 1, "StaffUserId": "bob@example.com"}}})
        )
    );
    let body = modify(&observed, &[assign(TO, &group)]);
    assert_eq!(
        body.expect("builds")["ForwardingConfig"],
        json!({"Enabled": false, "Condition": 2, "Target": {"Type": 2, "SkillGroupId": 102}})
    );
}

#[test]
fn an_enabled_forwarding_needs_a_condition_and_a_target() {
    let on = Value::Bool(true);
    let always = Value::text("always");
    let to = Target::Extension("8101".into()).value();
    let never_set: [(Field, Value); 0] = [];
    assert_eq!(
        modify(&never_set, &[assign(ENABLED, &on), assign(TO, &to)]),
        Err("forwarding would be enabled without a condition: set `forwarding.when`".into())
    );
    assert_eq!(
        modify(&never_set, &[assign(ENABLED, &on), assign(WHEN, &always)]),
        Err("forwarding would be enabled without a target: set `forwarding.to`".into())
    );
    let body = modify(&never_set, &[assign(WHEN, &always)]).expect("off needs neither");
    assert_eq!(
        body["ForwardingConfig"],
        json!({"Enabled": false, "Condition": 1})
    );
    let unresolved = Target::SkillGroup("Sales".into()).value();
    assert_eq!(
        modify(&never_set, &[assign(TO, &unresolved)]),
        Err("forwarding target `skill_group:Sales` is not resolved".into())
    );
}
