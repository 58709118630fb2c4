//! Keys and unique values compare as the services compare them: emails and user names without
//! regard to case. A case-only edit is sent where the write call can set the value, and is no
//! difference where it cannot.

use super::*;

#[test]
fn a_tencent_ccc_agent_is_found_by_email_whatever_its_case() {
    let plan = check_plan(
        "  lina:\n    email: li.na@example.com\n    display_name: Li Na\n    accounts: {tccc: {}}\n",
        vec![(
            "tccc",
            provider(vec![agent(
                "Li.Na@Example.com",
                &[("display_name", t("Na Li"))],
            )]),
        )],
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].remote_id, "Li.Na@Example.com");
    assert_eq!(plan.changes[0].params["Email"], "Li.Na@Example.com");
}

#[test]
fn a_unique_email_held_in_another_case_is_a_conflict() {
    let plan = check_plan(
        "  wei:\n    email: Wang.Wei@Example.com\n    accounts: {cic: {user_name: wei}}\n",
        vec![(
            "cic",
            provider(vec![
                cic_user("u-1", "wei", &[("email", t("old@example.com"))]),
                cic_user("u-2", "wangwei", &[("email", t("wang.wei@example.com"))]),
            ]),
        )],
    );
    assert_eq!(kinds(&plan), [("wei".to_string(), ProblemKind::Conflict)]);
    assert!(plan.changes.is_empty());
}

#[test]
fn a_case_only_edit_is_sent_where_the_call_can_set_it() {
    let plan = check_plan(
        "  wei:\n    email: Wang.Wei@Example.com\n    accounts: {cic: {user_name: wei}}\n",
        vec![(
            "cic",
            provider(vec![cic_user(
                "u-1",
                "wei",
                &[("email", t("wang.wei@example.com"))],
            )]),
        )],
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].params["NewEmail"], "Wang.Wei@Example.com");
}

#[test]
fn a_case_only_difference_in_a_read_only_field_is_no_difference() {
    // CIC user names cannot be changed; matched by id, `Wei` is the service's `wei`.
    let plan = check_plan(
        "  wei:\n    accounts: {cic: {user_id: u-1, user_name: Wei}}\n",
        vec![("cic", provider(vec![cic_user("u-1", "wei", &[])]))],
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert!(plan.changes.is_empty());
    let plan = check_plan(
        "  wei:\n    accounts: {cic: {user_id: u-1, user_name: Wen}}\n",
        vec![("cic", provider(vec![cic_user("u-1", "wei", &[])]))],
    );
    assert_eq!(kinds(&plan), [("wei".to_string(), ProblemKind::ReadOnly)]);
}
