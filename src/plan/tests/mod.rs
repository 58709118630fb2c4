//! Unit tests of the planner: one `check_plan` per case, asserting the rendered plan.

mod base;
mod case;
mod forwarding;
mod partial;
mod review;

use crate::manifest::{self, Source};
use crate::model::{AccountKey, Field, Value};
use crate::plan::{Plan, ProblemKind, plan, render};
use crate::state::{Catalog, CatalogEntry, ObservedAccount, ObservedProvider, ObservedState};

const PROVIDERS: &str = "
providers:
  tccc: {type: tencent-ccc, sdk_app_id: 1400000001}
  cic: {type: tencent-cic, zone_id: z-1a2b3c4d5e}
  accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
  eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
";

/// Plans `users` (YAML under `users:`) against `observed`.
fn check_plan(users: &str, observed: Vec<(&str, ObservedProvider)>) -> Plan {
    let text = format!("{PROVIDERS}users:\n{users}");
    let desired = manifest::desired_state(&[Source {
        name: "users.yaml".into(),
        text,
    }])
    .unwrap_or_else(|problems| panic!("manifest invalid: {problems:#?}"));
    let observed = ObservedState {
        providers: observed
            .into_iter()
            .map(|(name, provider)| (name.to_string(), provider))
            .collect(),
    };
    plan(&desired, &observed)
}

fn text(plan: &Plan) -> String {
    render::text(plan, false)
}

fn field(name: &str) -> Field {
    Field::parse(name).expect("known field")
}

fn account(remote_id: &str, keys: Vec<AccountKey>, fields: &[(&str, Value)]) -> ObservedAccount {
    ObservedAccount {
        remote_id: remote_id.into(),
        keys,
        fields: fields
            .iter()
            .map(|(name, value)| (field(name), value.clone()))
            .collect(),
        locked: None,
    }
}

fn agent(email: &str, fields: &[(&str, Value)]) -> ObservedAccount {
    account(email, vec![AccountKey::Email(email.into())], fields)
}

fn cic_user(id: &str, name: &str, fields: &[(&str, Value)]) -> ObservedAccount {
    let mut fields = fields.to_vec();
    fields.push(("user_name", Value::text(name)));
    account(
        id,
        vec![
            AccountKey::UserId(id.into()),
            AccountKey::UserName(name.into()),
        ],
        &fields,
    )
}

fn provider(accounts: Vec<ObservedAccount>) -> ObservedProvider {
    ObservedProvider {
        accounts,
        catalog: Catalog::default(),
        read_calls: 1,
    }
}

fn t(text: &str) -> Value {
    Value::text(text)
}

fn kinds(plan: &Plan) -> Vec<(String, ProblemKind)> {
    plan.problems
        .iter()
        .map(|p| (p.person.clone(), p.kind))
        .collect()
}

#[test]
fn only_managed_fields_change() {
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      cic: {user_name: alice}\n",
        vec![(
            "cic",
            provider(vec![cic_user(
                "u-1",
                "alice",
                &[
                    ("display_name", t("Alice")),
                    ("first_name", t("A")),
                    ("email", t("old@example.com")),
                ],
            )]),
        )],
    );
    assert_eq!(plan.changes.len(), 1);
    let change = &plan.changes[0];
    assert_eq!(change.fields.len(), 1);
    assert_eq!(
        serde_json::Value::Object(change.params.clone()),
        serde_json::json!({"ZoneId": "z-1a2b3c4d5e", "UserId": "u-1", "NewDisplayName": "Alice Liu"})
    );
    insta::assert_snapshot!(text(&plan).lines().skip_while(|l| !l.starts_with("cic")).take(3).collect::<Vec<_>>().join("\n"), @r"
    cic (tencent-cic, UpdateUser at 20/s)
      ~ #1 alice alice (u-1)
          display_name: `Alice` → `Alice Liu`
    ");
}

#[test]
fn matching_account_produces_nothing_and_others_are_unmanaged() {
    let plan = check_plan(
        "  alice:\n    email: alice@example.com\n    accounts:\n      cic: {user_name: alice}\n",
        vec![(
            "cic",
            provider(vec![
                cic_user("u-1", "alice", &[("email", t("alice@example.com"))]),
                cic_user("u-2", "bob", &[("email", t("bob@example.com"))]),
            ]),
        )],
    );
    assert!(plan.changes.is_empty() && plan.problems.is_empty());
    let cic = plan
        .providers
        .iter()
        .find(|p| p.name == "cic")
        .expect("cic planned");
    assert_eq!((cic.managed, cic.unchanged, cic.unmanaged), (1, 1, 1));
}

#[test]
fn missing_remote_account_is_a_problem_with_location() {
    let plan = check_plan(
        "  alice:\n    accounts:\n      cic: {user_name: alice}\n",
        vec![("cic", provider(vec![]))],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::NotFound)]);
    assert_eq!(plan.problems[0].origin.to_string(), "users.yaml:10:7");
}

#[test]
fn synchronized_cic_user_is_locked() {
    let mut user = cic_user("u-1", "alice", &[("display_name", t("Alice"))]);
    user.locked = Some("tencent-cic user `alice` is Synchronized".into());
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      cic: {user_name: alice}\n",
        vec![("cic", provider(vec![user]))],
    );
    assert!(plan.changes.is_empty());
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Locked)]);
    assert!(
        plan.problems[0].message.contains("`display_name`"),
        "{}",
        plan.problems[0].message
    );
    // The one field is set on the person (line 9), not in the account (line 11); the hint
    // names the override that keeps this account as it is.
    assert_eq!(plan.problems[0].origin.to_string(), "users.yaml:9:19");
    assert!(
        plan.problems[0]
            .hint
            .as_deref()
            .is_some_and(|hint| hint.contains("an account's own value overrides the person's")),
        "{:?}",
        plan.problems[0].hint
    );
}

#[test]
fn synchronized_user_already_matching_is_fine() {
    let mut user = cic_user("u-1", "alice", &[("display_name", t("Alice"))]);
    user.locked = Some("synchronized".into());
    let plan = check_plan(
        "  alice:\n    display_name: Alice\n    accounts:\n      cic: {user_name: alice}\n",
        vec![("cic", provider(vec![user]))],
    );
    assert!(plan.problems.is_empty() && plan.changes.is_empty());
}

#[test]
fn read_only_field_that_differs_is_a_problem() {
    let remote = account(
        "alice@ccc-test",
        vec![AccountKey::UserId("alice@ccc-test".into())],
        &[("email", t("old@example.com")), ("work_mode", t("ON_SITE"))],
    );
    let plan = check_plan(
        "  alice:\n    accounts:\n      accc: {user_id: alice@ccc-test, email: new@example.com}\n",
        vec![("accc", provider(vec![remote]))],
    );
    assert!(plan.changes.is_empty());
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::ReadOnly)]);
    assert_eq!(plan.problems[0].field, Some(field("email")));
}

#[test]
fn alibaba_ccc_sends_the_current_work_mode_with_any_change() {
    let remote = account(
        "alice@ccc-test",
        vec![AccountKey::UserId("alice@ccc-test".into())],
        &[("display_name", t("Alice")), ("work_mode", t("OFF_SITE"))],
    );
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      accc: {user_id: alice@ccc-test}\n",
        vec![("accc", provider(vec![remote]))],
    );
    assert_eq!(
        serde_json::Value::Object(plan.changes[0].params.clone()),
        serde_json::json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test", "WorkMode": "OFF_SITE", "DisplayName": "Alice Liu"})
    );
    assert_eq!(
        plan.changes[0].fields.len(),
        1,
        "work mode is sent, not changed"
    );
}

#[test]
fn alibaba_ccc_without_a_known_work_mode_cannot_be_written() {
    let remote = account(
        "alice@ccc-test",
        vec![AccountKey::UserId("alice@ccc-test".into())],
        &[("display_name", t("Alice"))],
    );
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      accc: {user_id: alice@ccc-test}\n",
        vec![("accc", provider(vec![remote]))],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Invalid)]);
}

#[test]
fn alibaba_ccc_phone_and_role_by_name() {
    let remote = account(
        "alice@ccc-test",
        vec![AccountKey::UserId("alice@ccc-test".into())],
        &[
            ("phone", t("+8613800000001")),
            ("work_mode", t("ON_SITE")),
            ("role", t("Agent@ccc-test")),
        ],
    );
    let mut remote = provider(vec![remote]);
    remote.catalog.roles = vec![
        CatalogEntry {
            id: "Agent@ccc-test".into(),
            name: "Agent".into(),
        },
        CatalogEntry {
            id: "Manager@ccc-test".into(),
            name: "Manager".into(),
        },
    ];
    let plan = check_plan(
        "  alice:\n    phone: '+8613800000002'\n    accounts:\n      accc: {user_id: alice@ccc-test, role: Manager, work_mode: OFF_SITE}\n",
        vec![("accc", remote)],
    );
    assert_eq!(
        serde_json::Value::Object(plan.changes[0].params.clone()),
        serde_json::json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test", "WorkMode": "OFF_SITE", "Mobile": "13800000002", "RoleId": "Manager@ccc-test"})
    );
    assert!(
        text(&plan).contains("role: `Agent (Agent@ccc-test)` → `Manager (Manager@ccc-test)`"),
        "{}",
        text(&plan)
    );
}

#[test]
fn unknown_role_or_skill_group_is_a_problem() {
    let remote = agent(
        "alice@example.com",
        &[("skill_groups", Value::list(["101"]))],
    );
    let mut remote = provider(vec![remote]);
    remote.catalog.skill_groups = vec![CatalogEntry {
        id: "101".into(),
        name: "Sales".into(),
    }];
    let plan = check_plan(
        "  alice:\n    email: alice@example.com\n    accounts:\n      tccc: {skill_groups: [Sales, Salse]}\n",
        vec![("tccc", remote)],
    );
    assert!(plan.changes.is_empty());
    assert_eq!(
        kinds(&plan),
        [("alice".to_string(), ProblemKind::UnknownReference)]
    );
    assert!(plan.problems[0].message.contains("`Salse`"));
}

#[test]
fn tencent_ccc_skill_groups_resolve_names_and_ids_and_send_the_whole_set() {
    let remote = agent(
        "alice@example.com",
        &[
            ("skill_groups", Value::list(["101"])),
            ("use_mobile_accept", t("off")),
        ],
    );
    let mut remote = provider(vec![remote]);
    remote.catalog.skill_groups = vec![
        CatalogEntry {
            id: "101".into(),
            name: "Sales".into(),
        },
        CatalogEntry {
            id: "103".into(),
            name: "VIP".into(),
        },
    ];
    let plan = check_plan(
        "  alice:\n    email: alice@example.com\n    accounts:\n      tccc: {skill_groups: [VIP, 101], use_mobile_accept: always, use_mobile_call_out: true}\n",
        vec![("tccc", remote)],
    );
    assert_eq!(
        serde_json::Value::Object(plan.changes[0].params.clone()),
        serde_json::json!({"SdkAppId": 1400000001u64, "Email": "alice@example.com", "SkillGroupIds": [101, 103], "UseMobileCallOut": true, "UseMobileAccept": 2})
    );
}

#[test]
fn eiam_couples_phone_region_and_verified_flags_and_custom_field_operations() {
    let remote = account(
        "user_1",
        vec![
            AccountKey::UserId("user_1".into()),
            AccountKey::UserName("alice".into()),
        ],
        &[
            ("phone", t("+8613800000001")),
            ("email", t("old@example.com")),
            ("custom_fields.nick_name", t("ali")),
            ("custom_fields.legacy", t("x")),
        ],
    );
    let plan = check_plan(
        "  alice:\n    email: alice@example.com\n    phone: '+85291234567'\n    accounts:\n      eiam:\n        user_name: alice\n        custom_fields: {nick_name: alice, legacy: null, team: ops}\n",
        vec![("eiam", provider(vec![remote]))],
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(
        serde_json::Value::Object(plan.changes[0].params.clone()),
        serde_json::json!({
            "InstanceId": "idaas_1", "UserId": "user_1",
            "Email": "alice@example.com", "EmailVerified": true,
            "PhoneRegion": "852", "PhoneNumber": "91234567", "PhoneNumberVerified": true,
            "CustomFields": [
                {"FieldName": "legacy", "Operation": "remove"},
                {"FieldName": "nick_name", "FieldValue": "alice", "Operation": "replace"},
                {"FieldName": "team", "FieldValue": "ops", "Operation": "replace"},
            ]
        })
    );
}

#[test]
fn eiam_custom_field_already_absent_needs_no_remove() {
    let remote = account("user_1", vec![AccountKey::UserId("user_1".into())], &[]);
    let plan = check_plan(
        "  alice:\n    accounts:\n      eiam: {user_id: user_1, custom_fields: {legacy: null}}\n",
        vec![("eiam", provider(vec![remote]))],
    );
    assert!(plan.changes.is_empty() && plan.problems.is_empty());
}

const TWO_AGENTS: &str = "  alice:\n    email: alice@example.com\n    phone: '+8613800000002'\n    accounts: {tccc: {}}\n  bob:\n    email: bob@example.com\n    phone: '+8613800000003'\n    accounts: {tccc: {}}\n";

#[test]
fn chain_orders_the_releasing_account_first() {
    // alice takes bob's number; bob moves to a free one: bob must go first.
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
            ]),
        )],
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let order: Vec<(&str, &[usize])> = plan
        .changes
        .iter()
        .map(|c| (c.person.as_str(), c.after.as_slice()))
        .collect();
    assert_eq!(order, [("bob", &[][..]), ("alice", &[1][..])]);
}

#[test]
fn three_link_chain_is_fully_ordered() {
    let users = format!(
        "{TWO_AGENTS}  carol:\n    email: carol@example.com\n    phone: '+8613800000004'\n    accounts: {{tccc: {{}}}}\n"
    );
    let plan = check_plan(
        &users,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
                agent("carol@example.com", &[("phone", t("+8613800000003"))]),
            ]),
        )],
    );
    let order: Vec<&str> = plan.changes.iter().map(|c| c.person.as_str()).collect();
    assert_eq!(order, ["carol", "bob", "alice"]);
    assert_eq!(plan.changes[2].after, [2]);
}

#[test]
fn swap_is_a_cycle_reported_with_the_way_out() {
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000003"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
            ]),
        )],
    );
    assert!(plan.changes.is_empty());
    assert_eq!(
        kinds(&plan),
        [
            ("alice".to_string(), ProblemKind::Cycle),
            ("bob".to_string(), ProblemKind::Cycle)
        ]
    );
    assert!(
        plan.problems[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("temporary value")
    );
}

#[test]
fn conflict_with_an_unmanaged_account() {
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000002"))]),
                agent("bob@example.com", &[("phone", t("+8613800000003"))]),
                agent("carol@example.com", &[("phone", t("+8613800000009"))]),
            ]),
        )],
    );
    assert!(plan.problems.is_empty());
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000003"))]),
                agent("carol@example.com", &[("phone", t("+8613800000002"))]),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Conflict)]);
    assert!(
        plan.problems[0].message.contains("does not manage"),
        "{}",
        plan.problems[0].message
    );
    assert_eq!(
        plan.changes.len(),
        0,
        "bob already matches, alice is blocked"
    );
}

#[test]
fn conflict_with_a_managed_account_that_keeps_the_value() {
    // bob is managed but his phone is not, so he keeps +…02.
    let users = "  alice:\n    email: alice@example.com\n    phone: '+8613800000002'\n    accounts: {tccc: {}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {nick: bob}}\n";
    let plan = check_plan(
        users,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent(
                    "bob@example.com",
                    &[("phone", t("+8613800000002")), ("nick", t("b"))],
                ),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Conflict)]);
    assert!(plan.problems[0].message.contains("managed as `bob`"));
    assert_eq!(
        plan.changes
            .iter()
            .map(|c| c.person.as_str())
            .collect::<Vec<_>>(),
        ["bob"]
    );
}

#[test]
fn a_change_waiting_on_a_blocked_change_is_blocked() {
    // alice waits for bob to release …02; bob wants carol's (unmanaged) …03.
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
                agent("carol@example.com", &[("phone", t("+8613800000003"))]),
            ]),
        )],
    );
    assert_eq!(
        kinds(&plan),
        [
            ("alice".to_string(), ProblemKind::Blocked),
            ("bob".to_string(), ProblemKind::Conflict)
        ]
    );
    assert!(plan.problems[0].message.contains("`bob`"));
    assert!(plan.changes.is_empty());
}

#[test]
fn cic_email_and_eiam_username_are_unique_too() {
    let users = "  alice:\n    email: bob@example.com\n    accounts: {cic: {user_name: alice}}\n";
    let plan = check_plan(
        users,
        vec![(
            "cic",
            provider(vec![
                cic_user("u-1", "alice", &[("email", t("alice@example.com"))]),
                cic_user("u-2", "bob", &[("email", t("bob@example.com"))]),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Conflict)]);

    let users = "  alice:\n    accounts: {eiam: {user_id: user_1, user_name: bob}}\n";
    let plan = check_plan(
        users,
        vec![(
            "eiam",
            provider(vec![
                account(
                    "user_1",
                    vec![AccountKey::UserId("user_1".into())],
                    &[("user_name", t("alice"))],
                ),
                account(
                    "user_2",
                    vec![AccountKey::UserId("user_2".into())],
                    &[("user_name", t("bob"))],
                ),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::Conflict)]);
}

#[test]
fn same_inputs_give_the_same_plan_and_fingerprint() {
    let observed = || {
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
            ]),
        )]
    };
    let first = check_plan(TWO_AGENTS, observed());
    let second = check_plan(TWO_AGENTS, observed());
    assert_eq!(render::json(&first), render::json(&second));
    assert_eq!(first.fingerprint.len(), 64);
    assert!(first.is_sealed());
    let mut edited = first.clone();
    edited.changes[0]
        .params
        .insert("Phone".into(), "008613999999999".into());
    assert!(
        !edited.is_sealed(),
        "an edited plan must not pass as sealed"
    );
    let other = check_plan(&TWO_AGENTS.replace("0003", "0005"), observed());
    assert_ne!(first.fingerprint, other.fingerprint);
}

#[test]
fn redaction_masks_emails_and_phones_everywhere() {
    let plan = check_plan(
        TWO_AGENTS,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
            ]),
        )],
    );
    let redacted = crate::plan::redact::redact(&plan);
    for output in [
        render::text(&redacted, false),
        render::json(&redacted),
        render::markdown(&redacted),
    ] {
        for secret in [
            "alice@example.com",
            "13800000001",
            "13800000002",
            "13800000003",
        ] {
            assert!(!output.contains(secret), "`{secret}` left in:\n{output}");
        }
        assert!(output.contains("a***@example.com"));
    }
    assert_eq!(redacted.fingerprint, plan.fingerprint);
}

#[test]
fn minimum_apply_time_follows_the_slowest_provider() {
    let users = "  alice:\n    display_name: A2\n    accounts: {cic: {user_name: alice}, accc: {user_id: alice@ccc-test}}\n";
    let plan = check_plan(
        users,
        vec![
            (
                "cic",
                provider(vec![cic_user("u-1", "alice", &[("display_name", t("A"))])]),
            ),
            (
                "accc",
                provider(vec![account(
                    "alice@ccc-test",
                    vec![AccountKey::UserId("alice@ccc-test".into())],
                    &[("work_mode", t("ON_SITE"))],
                )]),
            ),
        ],
    );
    assert_eq!(plan.changes.len(), 2);
    // one call at 20/s and one at the Alibaba default of 5/s
    assert!((plan.minimum_apply_seconds() - 0.2).abs() < 1e-9);
}

#[test]
fn safety_threshold_defaults_to_a_share_of_managed_accounts() {
    use crate::plan::safety;
    let users: String = (0..10)
        .map(|i| {
            format!(
                "  p{i}:\n    display_name: New {i}\n    accounts: {{cic: {{user_name: p{i}}}}}\n"
            )
        })
        .collect();
    let remote: Vec<_> = (0..10)
        .map(|i| {
            cic_user(
                &format!("u-{i}"),
                &format!("p{i}"),
                &[("display_name", t("Old"))],
            )
        })
        .collect();
    let plan = check_plan(&users, vec![("cic", provider(remote))]);
    assert_eq!(plan.changes.len(), 10);
    assert_eq!(safety::default_max_changes(&plan), Some(3));
    assert!(
        safety::check(&plan, None)
            .unwrap_err()
            .contains("safety limit of 3")
    );
    assert!(safety::check(&plan, Some(10)).is_ok());
    assert!(safety::check(&plan, Some(9)).is_err());
}

#[test]
fn every_provider_table_has_a_writable_field_and_lists_its_write_action() {
    for provider_type in crate::model::ProviderType::ALL {
        let spec = crate::providers::table(provider_type);
        assert!(spec.fields.iter().any(|f| f.write_name.is_some()));
        assert!(spec.actions.contains(&spec.write_action));
    }
}

/// A plan with something of everything, for the rendering snapshots.
fn showcase() -> Plan {
    let users = "  alice:
    display_name: Alice Liu
    email: alice@example.com
    phone: '+8613800000002'
    accounts:
      tccc: {skill_groups: [Sales, VIP], use_mobile_accept: always}
      cic: {user_name: alice, description: 'Tier-2 support for the northern region, weekends and public holidays included'}
  bob:
    email: bob@example.com
    phone: '+8613800000003'
    accounts:
      tccc: {nick: bob}
      eiam: {user_name: bob, custom_fields: {cost_center: CC-1002, legacy: null}}
  carol:
    accounts:
      cic: {user_name: carol}
";
    let mut tccc = provider(vec![
        agent(
            "alice@example.com",
            &[
                ("phone", t("+8613800000001")),
                ("skill_groups", Value::list(["101", "102"])),
                ("display_name", t("Alice Liu")),
            ],
        ),
        agent(
            "bob@example.com",
            &[("phone", t("+8613800000002")), ("nick", t("b"))],
        ),
        agent("ops@example.com", &[]),
    ]);
    tccc.catalog.skill_groups = vec![
        CatalogEntry {
            id: "101".into(),
            name: "Sales".into(),
        },
        CatalogEntry {
            id: "102".into(),
            name: "Support".into(),
        },
        CatalogEntry {
            id: "103".into(),
            name: "VIP".into(),
        },
    ];
    tccc.read_calls = 3;
    let cic = provider(vec![cic_user(
        "u-1",
        "alice",
        &[
            ("display_name", t("Alice Liu")),
            ("email", t("alice@example.com")),
            (
                "description",
                t("Tier-2 support for the northern region, weekends included"),
            ),
        ],
    )]);
    let eiam = provider(vec![account(
        "user_2",
        vec![
            AccountKey::UserId("user_2".into()),
            AccountKey::UserName("bob".into()),
        ],
        &[
            ("email", t("bob@example.com")),
            ("phone", t("+8613800000003")),
            ("custom_fields.legacy", t("x")),
        ],
    )]);
    check_plan(users, vec![("tccc", tccc), ("cic", cic), ("eiam", eiam)])
}

#[test]
fn text_rendering() {
    insta::assert_snapshot!(render::text(&showcase(), false));
}

#[test]
fn markdown_rendering() {
    insta::assert_snapshot!(render::markdown(&showcase()));
}

#[test]
fn json_rendering() {
    insta::assert_snapshot!(render::json(&showcase()));
}

#[test]
fn json_plan_round_trips_and_matches_its_schema() {
    let plan = showcase();
    let json: serde_json::Value = serde_json::from_str(&render::json(&plan)).expect("valid JSON");
    let back: Plan = serde_json::from_value(json.clone()).expect("reads back");
    assert_eq!(back, plan);
    let schema = schemars::schema_for!(Plan).to_value();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn three_way_rotation_is_one_cycle_and_leaves_independent_chains_alone() {
    // alice takes bob's number, bob carol's, carol alice's: a ring of three.
    let users = "  alice:\n    email: alice@example.com\n    phone: '+8613800000002'\n    accounts: {tccc: {}}\n  bob:\n    email: bob@example.com\n    phone: '+8613800000003'\n    accounts: {tccc: {}}\n  carol:\n    email: carol@example.com\n    phone: '+8613800000001'\n    accounts: {tccc: {}}\n";
    let plan = check_plan(
        users,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
                agent("carol@example.com", &[("phone", t("+8613800000003"))]),
            ]),
        )],
    );
    assert!(plan.changes.is_empty());
    assert_eq!(
        kinds(&plan),
        [
            ("alice".to_string(), ProblemKind::Cycle),
            ("bob".to_string(), ProblemKind::Cycle),
            ("carol".to_string(), ProblemKind::Cycle)
        ]
    );
    assert!(
        plan.problems[0].message.contains("`alice`, `bob`, `carol`"),
        "{}",
        plan.problems[0].message
    );

    let users = format!(
        "{users}  dave:\n    email: dave@example.com\n    phone: '+8613800000004'\n    accounts: {{tccc: {{}}}}\n  erin:\n    email: erin@example.com\n    phone: '+8613800000009'\n    accounts: {{tccc: {{}}}}\n"
    );
    let plan = check_plan(
        &users,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent("bob@example.com", &[("phone", t("+8613800000002"))]),
                agent("carol@example.com", &[("phone", t("+8613800000003"))]),
                agent("dave@example.com", &[("phone", t("+8613800000005"))]),
                agent("erin@example.com", &[("phone", t("+8613800000004"))]),
            ]),
        )],
    );
    // dave takes erin's number and erin moves to a free one: that chain is independent.
    assert_eq!(
        plan.changes
            .iter()
            .map(|c| c.person.as_str())
            .collect::<Vec<_>>(),
        ["erin", "dave"]
    );
}
