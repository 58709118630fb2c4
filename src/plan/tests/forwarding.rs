//! Tencent CCC extension numbers and call forwarding in plans: extensions handed over, swapped
//! and held like phones (the table's `unique`), forwarding targets resolved from the fetched
//! state (or a problem with a did-you-mean), a forwarding ordered after the change that gives
//! its target extension, only the parts the manifest sets compared, the whole
//! `ForwardingConfig` on the wire, and the change shown readably.

use super::{agent, check_plan, kinds, provider, t, text};
use crate::model::{Target, Value};
use crate::plan::{Plan, ProblemKind, render};
use crate::state::{CatalogEntry, ObservedAccount, ObservedProvider};

fn groups(mut remote: ObservedProvider) -> ObservedProvider {
    remote.catalog.skill_groups = vec![
        CatalogEntry {
            id: "101".into(),
            name: "售前咨询".into(),
        },
        CatalogEntry {
            id: "102".into(),
            name: "Sales".into(),
        },
    ];
    remote
}

fn to(target: Target) -> Value {
    target.value()
}

fn off() -> [(&'static str, Value); 2] {
    [
        ("forwarding.enabled", Value::Bool(false)),
        ("forwarding.when", t("always")),
    ]
}

/// An agent with `extension` and the disabled default forwarding.
fn with_extension(email: &str, extension: &str) -> ObservedAccount {
    let mut fields = off().to_vec();
    fields.push(("extension", t(extension)));
    agent(email, &fields)
}

fn order(plan: &Plan) -> Vec<(&str, &[usize])> {
    plan.changes
        .iter()
        .map(|c| (c.person.as_str(), c.after.as_slice()))
        .collect()
}

/// The text rendering's `tccc` section.
fn tccc(plan: &Plan) -> String {
    let text = text(plan);
    let lines = text.lines().skip_while(|l| !l.starts_with("tccc"));
    lines
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn params(plan: &Plan, person: &str) -> serde_json::Value {
    let change = plan.changes.iter().find(|c| c.person == person);
    serde_json::Value::Object(change.expect("a change").params.clone())
}

fn problems(plan: &Plan) -> String {
    plan.problems
        .iter()
        .map(|p| {
            let hint = p
                .hint
                .as_deref()
                .map(|h| format!(" (hint: {h})"))
                .unwrap_or_default();
            format!("{} [{}] {}{hint}", p.person, p.kind.as_str(), p.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const HAND_OVER: &str = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {extension: '8002'}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {extension: '8003'}}\n";

#[test]
fn an_extension_hand_over_orders_the_holder_first() {
    let plan = check_plan(
        HAND_OVER,
        vec![(
            "tccc",
            provider(vec![
                with_extension("alice@example.com", "8001"),
                with_extension("bob@example.com", "8002"),
            ]),
        )],
    );
    assert!(plan.problems.is_empty(), "{}", problems(&plan));
    assert_eq!(order(&plan), [("bob", &[][..]), ("alice", &[1][..])]);
    assert_eq!(
        params(&plan, "alice"),
        serde_json::json!({"SdkAppId": 1400000001u64, "Email": "alice@example.com", "ExtensionNumber": "8002"})
    );
    insta::assert_snapshot!(tccc(&plan), @"
    tccc (tencent-ccc, ModifyStaff at 20/s)
      ~ #1 bob bob@example.com
          extension: `8002` → `8003`
      ~ #2 alice alice@example.com after #1
          extension: `8001` → `8002`
    ");
}

#[test]
fn an_extension_swap_is_a_cycle_and_a_kept_one_a_conflict() {
    let swap = check_plan(
        &HAND_OVER.replace("8003", "8001"),
        vec![(
            "tccc",
            provider(vec![
                with_extension("alice@example.com", "8001"),
                with_extension("bob@example.com", "8002"),
            ]),
        )],
    );
    assert!(swap.changes.is_empty());
    assert_eq!(
        kinds(&swap),
        [
            ("alice".to_string(), ProblemKind::Cycle),
            ("bob".to_string(), ProblemKind::Cycle)
        ]
    );
    let kept = check_plan(
        "  alice:\n    email: alice@example.com\n    accounts: {tccc: {extension: '8002'}}\n",
        vec![(
            "tccc",
            provider(vec![
                with_extension("alice@example.com", "8001"),
                with_extension("ops@example.com", "8002"),
            ]),
        )],
    );
    insta::assert_snapshot!(problems(&kept), @"alice [conflict] `extension` `8002` is held by `ops@example.com`, an account the manifest does not manage (hint: free the value on that account first, or choose another value)");
}

/// Agents alice (8001), bob (8002) and carol (no extension), and the skill groups.
fn three_agents() -> Vec<(&'static str, ObservedProvider)> {
    vec![(
        "tccc",
        groups(provider(vec![
            with_extension("alice@example.com", "8001"),
            with_extension("Bob@Example.com", "8002"),
            agent("carol@example.com", &off()),
        ])),
    )]
}

const PEOPLE: &str = "  alice:\n    email: alice@example.com\n    accounts:\n      tccc:\n        forwarding: {enabled: true, when: always, to: {person: bob}}\n  bob:\n    email: bob@example.com\n    accounts:\n      tccc:\n        forwarding: {enabled: true, when: conditional, to: {skill_group: 售前咨询}}\n  carol:\n    email: carol@example.com\n    accounts:\n      tccc:\n        forwarding: {enabled: true, when: always, to: {extension: '8001'}}\n";

#[test]
fn each_target_kind_resolves_to_the_wire_form() {
    let plan = check_plan(PEOPLE, three_agents());
    assert!(plan.problems.is_empty(), "{}", problems(&plan));
    assert_eq!(
        params(&plan, "alice")["ForwardingConfig"],
        serde_json::json!({"Enabled": true, "Condition": 1, "Target": {"Type": 1, "StaffUserId": "Bob@Example.com"}}),
        "the agent's account as the service spells it"
    );
    assert_eq!(
        params(&plan, "bob")["ForwardingConfig"],
        serde_json::json!({"Enabled": true, "Condition": 2, "Target": {"Type": 2, "SkillGroupId": 101}})
    );
    assert_eq!(
        params(&plan, "carol")["ForwardingConfig"],
        serde_json::json!({"Enabled": true, "Condition": 1, "Target": {"Type": 3, "Extension": "8001"}})
    );
    insta::assert_snapshot!(tccc(&plan), @"
    tccc (tencent-ccc, ModifyStaff at 20/s)
      ~ #1 alice alice@example.com
          forwarding: `off` → `always to agent Bob@Example.com`
      ~ #2 bob bob@example.com (Bob@Example.com)
          forwarding: `off` → `conditional to skill group 售前咨询 (101)`
      ~ #3 carol carol@example.com
          forwarding: `off` → `always to extension 8001`
    ");
    let redacted = crate::plan::redact::redact(&plan);
    for output in [render::text(&redacted, false), render::json(&redacted)] {
        assert!(!output.contains("Bob@Example.com"), "{output}");
        assert!(output.contains("B***@Example.com"), "{output}");
    }
    let markdown = render::markdown(&plan);
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.contains("`forwarding`"))
        .collect();
    insta::assert_snapshot!(rows.join("\n"), @"
    | 1 | alice | `alice@example.com` | `forwarding` | `off` | `always to agent Bob@Example.com` |
    | 2 | bob | `bob@example.com` (`Bob@Example.com`) | `forwarding` | `off` | `conditional to skill group 售前咨询 (101)` |
    | 3 | carol | `carol@example.com` | `forwarding` | `off` | `always to extension 8001` |
    ");
}

#[test]
fn only_the_parts_the_manifest_sets_are_compared_and_the_rest_is_carried() {
    let mut bob = agent(
        "bob@example.com",
        &[
            ("forwarding.enabled", Value::Bool(true)),
            ("forwarding.when", t("conditional")),
            ("forwarding.to", to(Target::SkillGroup("102".into()))),
        ],
    );
    let plan = check_plan(
        "  bob:\n    email: bob@example.com\n    accounts: {tccc: {forwarding: {enabled: false}}}\n",
        vec![("tccc", groups(provider(vec![bob.clone()])))],
    );
    assert_eq!(plan.changes[0].fields.len(), 1, "only `enabled` differs");
    assert_eq!(
        params(&plan, "bob")["ForwardingConfig"],
        serde_json::json!({"Enabled": false, "Condition": 2, "Target": {"Type": 2, "SkillGroupId": 102}})
    );
    assert_eq!(
        plan.changes[0].observed.len(),
        3,
        "a saved plan checks every part it sends for drift"
    );
    insta::assert_snapshot!(tccc(&plan), @"
    tccc (tencent-ccc, ModifyStaff at 20/s)
      ~ #1 bob bob@example.com
          forwarding: `conditional to skill group Sales (102)` → `off (conditional to skill group Sales (102))`
    ");
    // The same, already off: nothing to do, whatever the condition and target.
    bob.fields
        .insert(super::field("forwarding.enabled"), Value::Bool(false));
    let plan = check_plan(
        "  bob:\n    email: bob@example.com\n    accounts: {tccc: {forwarding: {enabled: false}}}\n",
        vec![("tccc", groups(provider(vec![bob])))],
    );
    assert!(plan.changes.is_empty() && plan.problems.is_empty());
}

#[test]
fn an_agent_target_compares_without_case() {
    let alice = agent(
        "alice@example.com",
        &[
            ("forwarding.enabled", Value::Bool(true)),
            ("forwarding.when", t("always")),
            ("forwarding.to", to(Target::Agent("BOB@example.com".into()))),
        ],
    );
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {to: {email: bob@EXAMPLE.com}}}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {}}\n";
    let plan = check_plan(
        users,
        vec![("tccc", provider(vec![alice, agent("bob@example.com", &[])]))],
    );
    assert!(plan.changes.is_empty() && plan.problems.is_empty());
}

#[test]
fn a_target_that_does_not_exist_is_a_problem_with_a_did_you_mean() {
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {to: {email: bobb@example.com}}}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {forwarding: {to: {skill_group: Sale}}}}\n  carol:\n    email: carol@example.com\n    accounts: {tccc: {forwarding: {to: {extension: '8003'}}}}\n  dan:\n    email: dan@example.com\n    accounts: {tccc: {nick: dan}}\n  erin:\n    email: erin@example.com\n    accounts: {tccc: {forwarding: {to: {person: dan}}}}\n";
    let mut remote = three_agents();
    remote[0].1.accounts.push(agent("erin@example.com", &off()));
    let plan = check_plan(users, remote);
    assert!(plan.changes.is_empty());
    insta::assert_snapshot!(problems(&plan), @"
    alice [unknown-reference] no agent `bobb@example.com` on `tccc`
    bob [unknown-reference] skill group `Sale` does not exist; known: 售前咨询, Sales (hint: did you mean `Sales`?)
    carol [unknown-reference] no agent has extension `8003` on `tccc` (hint: did you mean `8002`?)
    dan [not-found] no account `dan@example.com` on `tccc` (hint: usersync updates existing accounts; create it first, or fix the key)
    erin [unknown-reference] `dan` has no agent on `tccc` to forward calls to
    ");
}

#[test]
fn a_forwarding_to_an_extension_waits_for_the_agent_who_takes_it() {
    // bob hands 8002 to carol; alice forwards to 8002 (whoever holds it): after carol's change.
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {enabled: true, when: always, to: {extension: '8002'}}}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {extension: '8005'}}\n  carol:\n    email: carol@example.com\n    accounts: {tccc: {extension: '8002'}}\n";
    let plan = check_plan(users, three_agents());
    assert!(plan.problems.is_empty(), "{}", problems(&plan));
    assert_eq!(
        order(&plan),
        [("bob", &[][..]), ("carol", &[1][..]), ("alice", &[2][..])]
    );
}

#[test]
fn a_forwarding_to_an_extension_that_moves_away_is_a_problem() {
    // bob moves from 8002 to 8005 and nobody takes 8002.
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {enabled: true, when: always, to: {extension: '8002'}}}}\n  bob:\n    email: bob@example.com\n    accounts: {tccc: {extension: '8005'}}\n";
    let plan = check_plan(users, three_agents());
    insta::assert_snapshot!(problems(&plan), @"alice [unknown-reference] extension `8002` moves away from `Bob@Example.com` in this plan, and no agent takes it (hint: forward to `{person: bob}` to follow the agent, or to the extension it takes)");
    assert_eq!(order(&plan), [("bob", &[][..])]);
    // The same when the manifest only switches on a forwarding that already targets 8002.
    let mut remote = three_agents();
    let alice = &mut remote[0].1.accounts[0];
    alice.fields.insert(
        super::field("forwarding.to"),
        to(Target::Extension("8002".into())),
    );
    let users = users.replace(", when: always, to: {extension: '8002'}", "");
    let plan = check_plan(&users, remote);
    insta::assert_snapshot!(problems(&plan), @"alice [unknown-reference] extension `8002` moves away from `Bob@Example.com` in this plan, and no agent takes it (hint: forward to `{person: bob}` to follow the agent, or to the extension it takes)");
}

#[test]
fn an_extension_no_agent_holds_is_kept_when_the_service_accepted_it() {
    // 8101 is a desk phone: usersync cannot list those, but the agent already forwards to it.
    let alice = agent(
        "alice@example.com",
        &[
            ("forwarding.enabled", Value::Bool(false)),
            ("forwarding.when", t("always")),
            ("forwarding.to", to(Target::Extension("8101".into()))),
        ],
    );
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {enabled: true, to: {extension: '8101'}}}}\n";
    let plan = check_plan(users, vec![("tccc", provider(vec![alice]))]);
    assert!(plan.problems.is_empty(), "{}", problems(&plan));
    assert_eq!(
        params(&plan, "alice")["ForwardingConfig"],
        serde_json::json!({"Enabled": true, "Condition": 1, "Target": {"Type": 3, "Extension": "8101"}})
    );
}

#[test]
fn forwarding_to_its_own_extension_is_a_problem() {
    let users = "  alice:\n    email: alice@example.com\n    accounts: {tccc: {forwarding: {enabled: true, when: always, to: {extension: '8001'}}}}\n";
    let plan = check_plan(users, three_agents());
    insta::assert_snapshot!(problems(&plan), @"alice [invalid] `alice@example.com` would forward its calls to itself: extension `8001` is its own (hint: forward to another agent, a skill group or another extension)");
}

#[test]
fn an_enabled_forwarding_without_a_condition_or_target_cannot_be_sent() {
    let users = "  carol:\n    email: carol@example.com\n    accounts: {tccc: {forwarding: {enabled: true}}}\n";
    let plan = check_plan(users, three_agents());
    insta::assert_snapshot!(problems(&plan), @"carol [invalid] forwarding would be enabled without a target: set `forwarding.to`");
}

#[test]
fn the_skill_groups_are_read_only_for_a_forwarding_that_targets_one() {
    use crate::manifest::{self, Source};
    use crate::state::CatalogKind;
    let needs = |users: &str| {
        let text =
            format!("providers:\n  tccc: {{type: tencent-ccc, sdk_app_id: 1}}\nusers:\n{users}");
        let desired = manifest::desired_state(&[Source {
            name: "users.yaml".into(),
            text,
        }])
        .expect("valid");
        desired.fetch_needs()["tccc"].catalogs.clone()
    };
    assert!(needs(PEOPLE).contains(&CatalogKind::SkillGroups));
    let without = PEOPLE.replace("{skill_group: 售前咨询}", "{email: carol@example.com}");
    assert!(needs(&without).is_empty());
}
