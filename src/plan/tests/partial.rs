//! A problem withholds only its own account's change (and what waits for it); every other
//! change stays in the plan, so that `apply` can send it.

use super::*;

#[test]
fn an_account_with_a_problem_is_not_written_and_the_others_are() {
    // alice wants a read-only email changed as well as her display name: her change is
    // withheld whole; bob's change goes ahead.
    let remote = |id: &str, name: &str| {
        account(
            id,
            vec![AccountKey::UserId(id.into())],
            &[
                ("display_name", t(name)),
                ("email", t("old@example.com")),
                ("work_mode", t("ON_SITE")),
            ],
        )
    };
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      accc: {user_id: alice@ccc-test, email: new@example.com}\n  bob:\n    display_name: Bob Wang\n    accounts:\n      accc: {user_id: bob@ccc-test}\n",
        vec![(
            "accc",
            provider(vec![
                remote("alice@ccc-test", "Alice"),
                remote("bob@ccc-test", "Bob"),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::ReadOnly)]);
    let people: Vec<&str> = plan.changes.iter().map(|c| c.person.as_str()).collect();
    assert_eq!(people, ["bob"]);
    assert_eq!(plan.changes[0].id, 1);
}

#[test]
fn a_change_waiting_for_an_account_with_a_problem_is_blocked_with_the_reason() {
    // bob gives his number to alice and moves to a new one, but bob also names a skill group
    // that does not exist: bob is withheld, so alice (who waits for bob) is blocked; carol,
    // independent, goes ahead.
    let users = "  alice:\n    email: alice@example.com\n    phone: '+8613800000002'\n    accounts: {tccc: {}}\n  bob:\n    email: bob@example.com\n    phone: '+8613800000009'\n    accounts: {tccc: {skill_groups: [Nowhere]}}\n  carol:\n    email: carol@example.com\n    phone: '+8613800000007'\n    accounts: {tccc: {}}\n";
    let plan = check_plan(
        users,
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[("phone", t("+8613800000001"))]),
                agent(
                    "bob@example.com",
                    &[
                        ("phone", t("+8613800000002")),
                        ("skill_groups", Value::list(["101"])),
                    ],
                ),
                agent("carol@example.com", &[("phone", t("+8613800000003"))]),
            ]),
        )],
    );
    assert_eq!(
        kinds(&plan),
        [
            ("alice".to_string(), ProblemKind::Blocked),
            ("bob".to_string(), ProblemKind::UnknownReference)
        ]
    );
    assert!(
        plan.problems[0].message.contains("`bob`"),
        "{}",
        plan.problems[0].message
    );
    let people: Vec<&str> = plan.changes.iter().map(|c| c.person.as_str()).collect();
    assert_eq!(people, ["carol"]);
}

#[test]
fn every_unknown_reference_in_a_list_is_reported_with_the_nearest_name() {
    let mut remote = provider(vec![agent("alice@example.com", &[])]);
    remote.catalog.skill_groups = vec![
        CatalogEntry {
            id: "101".into(),
            name: "Sales".into(),
        },
        CatalogEntry {
            id: "102".into(),
            name: "Support".into(),
        },
    ];
    let plan = check_plan(
        "  alice:\n    email: alice@example.com\n    accounts:\n      tccc: {skill_groups: [Salse, Suport, 102, Zebra]}\n",
        vec![("tccc", remote)],
    );
    let lines: Vec<String> = plan
        .problems
        .iter()
        .map(|p| format!("{} | {}", p.message, p.hint.as_deref().unwrap_or("-")))
        .collect();
    insta::assert_snapshot!(lines.join("\n"), @r"
    skill group `Salse` does not exist; known: Sales, Support | did you mean `Sales`?
    skill group `Suport` does not exist; known: Sales, Support | did you mean `Support`?
    skill group `Zebra` does not exist; known: Sales, Support | -
    ");
}

#[test]
fn a_missing_account_suggests_the_nearest_remote_one() {
    let plan = check_plan(
        "  alice:\n    accounts:\n      cic: {user_name: alice.lui}\n",
        vec![(
            "cic",
            provider(vec![
                cic_user("u-1", "alice.liu", &[]),
                cic_user("u-2", "bob.wang", &[]),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("alice".to_string(), ProblemKind::NotFound)]);
    insta::assert_snapshot!(plan.problems[0].hint.clone().unwrap_or_default(), @"did you mean `alice.liu`? usersync updates existing accounts; create it first, or fix the key");
}

#[test]
fn a_missing_agent_is_compared_by_the_part_before_the_at_among_its_domain() {
    let plan = check_plan(
        "  dave:\n    email: dave@example.com\n    accounts: {tccc: {}}\n  alicia:\n    email: alcie@example.com\n    accounts: {tccc: {}}\n",
        vec![(
            "tccc",
            provider(vec![
                agent("alice@example.com", &[]),
                agent("dave@example.org", &[]),
            ]),
        )],
    );
    let hints: Vec<(&str, &str)> = plan
        .problems
        .iter()
        .map(|p| (p.person.as_str(), p.hint.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        hints,
        [
            (
                "alicia",
                "did you mean `alice@example.com`? usersync updates existing accounts; create it first, or fix the key"
            ),
            (
                "dave",
                "usersync updates existing accounts; create it first, or fix the key"
            ),
        ]
    );
}

#[test]
fn an_account_held_back_by_a_problem_is_not_counted_unchanged() {
    let mut user = cic_user("u-1", "alice", &[("display_name", t("Alice"))]);
    user.locked = Some("tencent-cic user `alice` is Synchronized".into());
    let plan = check_plan(
        "  alice:\n    display_name: Alice Liu\n    accounts:\n      cic: {user_name: alice}\n",
        vec![("cic", provider(vec![user]))],
    );
    let cic = plan
        .providers
        .iter()
        .find(|p| p.name == "cic")
        .expect("cic");
    assert_eq!((cic.managed, cic.unchanged), (1, 0));
}
