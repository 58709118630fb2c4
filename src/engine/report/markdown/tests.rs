//! The apply report's Markdown: failures and held-back accounts first, long lists folded,
//! applied calls left out before anything else when the budget is tight.

use super::*;
use crate::engine::report::CallReport;
use crate::model::Origin;
use crate::plan::render::{Budget, BudgetUnit};
use crate::plan::{Problem, ProblemKind};

fn call(id: usize, outcome: Outcome) -> CallReport {
    CallReport {
        id,
        provider: "support-ccc".into(),
        action: "ModifyStaff".into(),
        person: format!("agent{id}"),
        account: format!("agent{id}@example.com"),
        remote_id: format!("agent{id}@example.com"),
        outcome,
        attempts: 1,
        request_id: Some(format!("req-{id}")),
    }
}

fn problem() -> Problem {
    Problem {
        kind: ProblemKind::NotFound,
        provider: "support-ccc".into(),
        person: "carol".into(),
        account: "carol@example.com".into(),
        field: None,
        message: "no account `carol@example.com` on `support-ccc`".into(),
        hint: None,
        origin: Origin {
            file: "users.yaml".into(),
            line: 23,
            column: 7,
        },
        pending: false,
    }
}

fn report(calls: Vec<CallReport>) -> ApplyReport {
    ApplyReport {
        format_version: 1,
        plan_fingerprint: "6ff9eb88".into(),
        elapsed_seconds: 3.2,
        calls,
        problems: vec![problem()],
        ..ApplyReport::default()
    }
}

fn options(limit: usize) -> MarkdownOptions<'static> {
    MarkdownOptions {
        budget: Budget {
            limit,
            unit: BudgetUnit::Chars,
        },
        ..MarkdownOptions::default()
    }
}

#[test]
fn failures_and_held_accounts_come_first() {
    let report = report(vec![
        call(1, Outcome::Applied),
        call(
            2,
            Outcome::Failed {
                code: Some("InvalidParameter.Phone".into()),
                message: "phone `+8613800000002` is held | by `bob`".into(),
            },
        ),
        call(
            3,
            Outcome::Skipped {
                reason: "waits for call 2, which failed".into(),
            },
        ),
        call(4, Outcome::AlreadyApplied),
    ]);
    insta::assert_snapshot!(markdown(&report, None, &options(65_536)), @r"
        <!-- usersync apply: default -->
        ## usersync apply

        **Completed with errors:** 1 applied, 1 failed, 1 skipped, 1 already applied, 1 account held back by problems in 3.2 s.

        **What happened**

        | provider | failed | skipped | applied | already applied | held back |
        |---|--:|--:|--:|--:|--:|
        | `support-ccc` | 1 | 1 | 1 | 1 | 1 |

        ### Failed (1)

        | # | provider | action | person | account | detail |
        |--:|---|---|---|---|---|
        | 2 | `support-ccc` | `ModifyStaff` | agent2 | `agent2@example.com` | `InvalidParameter.Phone`: phone `+8613800000002` is held \| by `bob` (after 1 attempt, request id `req-2`) |

        ### Held back by problems (1)

        - **carol** (`carol@example.com` on `support-ccc`) · `not-found` · `users.yaml:23`<br>
          no account `carol@example.com` on `support-ccc`

        ### Skipped (1)

        | # | provider | action | person | account | detail |
        |--:|---|---|---|---|---|
        | 3 | `support-ccc` | `ModifyStaff` | agent3 | `agent3@example.com` | waits for call 2, which failed |

        ### Applied (1)

        | # | provider | action | person | account | detail |
        |--:|---|---|---|---|---|
        | 1 | `support-ccc` | `ModifyStaff` | agent1 | `agent1@example.com` | 1 attempt, request id `req-1` |

        ### Already applied (1)

        | # | provider | action | person | account | detail |
        |--:|---|---|---|---|---|
        | 4 | `support-ccc` | `ModifyStaff` | agent4 | `agent4@example.com` | holds the planned values |


        ---
        <sub>plan fingerprint `6ff9eb88`</sub>
        ");
}

#[test]
fn a_large_report_leaves_out_the_applied_calls_first_and_never_exceeds_its_budget() {
    let mut calls: Vec<CallReport> = (1..=10_000).map(|id| call(id, Outcome::Applied)).collect();
    for call in calls.iter_mut().step_by(50) {
        call.outcome = Outcome::Failed {
            code: Some("Throttled".into()),
            message: "too many requests".into(),
        };
    }
    let report = report(calls);
    let markdown = markdown(&report, None, &options(65_536));
    assert!(markdown.chars().count() <= 65_536);
    insta::assert_snapshot!(line_with(&markdown, "Shortened"), @"> **Shortened to fit 65,536 characters:** not listed: Applied (9,800). The whole report is in the job log (and in `apply --report FILE`).");
    assert!(
        markdown.contains("| 9951 | `support-ccc` |"),
        "every failure is listed"
    );
    for limit in [0, 100, 1_000, 5_000, 20_000] {
        let small = super::markdown(&report, None, &options(limit));
        assert!(small.chars().count() <= limit, "{limit}");
    }
    let cut = super::markdown(&report, None, &options(20_000));
    assert!(
        line_with(&cut, "Shortened").contains("of 200 failed calls not shown"),
        "{cut}"
    );
}

fn line_with<'a>(markdown: &'a str, needle: &str) -> &'a str {
    markdown
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with `{needle}` in:\n{markdown}"))
}
