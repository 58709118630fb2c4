//! `plan --base`: what the change under review brings, apart from what the base branch's
//! manifest already asks for.

use super::*;
use crate::plan::base::mark_pending;

fn agents() -> Vec<(&'static str, ObservedProvider)> {
    vec![(
        "tccc",
        provider(vec![
            agent(
                "alice@example.com",
                &[("display_name", t("Alice")), ("nick", t("al"))],
            ),
            agent(
                "bob@example.com",
                &[("display_name", t("Bob")), ("nick", t("bo"))],
            ),
        ]),
    )]
}

const BASE: &str = "  alice:\n    email: alice@example.com\n    display_name: Alice Liu\n    accounts: {tccc: {nick: al}}\n  bob:\n    email: bob@example.com\n    display_name: Bob Wang\n    accounts: {tccc: {skill_groups: [Nowhere]}}\n";

#[test]
fn what_the_base_branch_already_asks_for_is_marked_pending() {
    // The change under review keeps alice's rename (pending on the base branch), renames bob
    // differently, and keeps bob's unknown skill group (a problem the base has too).
    let head = BASE.replace("Bob Wang", "Bob W.");
    let base = check_plan(BASE, agents());
    let plan = mark_pending(check_plan(&head, agents()), &base);
    let changes: Vec<(&str, bool)> = plan
        .changes
        .iter()
        .map(|c| (c.person.as_str(), c.pending))
        .collect();
    assert_eq!(changes, [("alice", true)]);
    let problems: Vec<(&str, bool)> = plan
        .problems
        .iter()
        .map(|p| (p.person.as_str(), p.pending))
        .collect();
    assert_eq!(problems, [("bob", true)]);
    assert!(!plan.has_own_changes() && !plan.has_own_problems());
    assert_eq!(plan.base.as_ref().map(|b| b.superseded), Some(0));
}

#[test]
fn a_change_the_review_alters_or_adds_is_its_own() {
    let head = BASE
        .replace("Alice Liu", "Alice L.")
        .replace("[Nowhere]", "[]");
    let base = check_plan(BASE, agents());
    let plan = mark_pending(check_plan(&head, agents()), &base);
    let changes: Vec<(&str, bool)> = plan
        .changes
        .iter()
        .map(|c| (c.person.as_str(), c.pending))
        .collect();
    assert_eq!(changes, [("alice", false), ("bob", false)]);
    assert!(plan.problems.is_empty());
    assert!(plan.has_own_changes());
    assert_eq!(
        plan.base.as_ref().map(|b| b.superseded),
        Some(1),
        "alice's pending rename is made differently"
    );
    assert!(render::text(&plan, false).contains(
        "Base: 2 calls and 0 problems from this change; 0 calls and 0 problems already pending on the base branch; 1 call pending on the base branch not made as such any more"
    ));
}

#[test]
fn the_comparison_does_not_change_the_fingerprint() {
    let base = check_plan(BASE, agents());
    let plan = check_plan(BASE, agents());
    let compared = mark_pending(plan.clone(), &base);
    assert!(compared.changes.iter().all(|c| c.pending));
    assert_eq!(compared.clone().seal().fingerprint, plan.fingerprint);
    assert!(compared.is_sealed());
}
