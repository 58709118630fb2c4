//! The Markdown for reviews (`plan --format markdown`, `--markdown`, `--summary`): the marker,
//! the summary table, problems with links, escaping, the pending split, and the size budget
//! (what is shown less, what is cut, and that the result never exceeds the limit).

use std::collections::BTreeMap;

use super::*;
use crate::model::{FieldKind, Origin, ProviderType};
use crate::plan::render::{Budget, BudgetUnit, MarkdownOptions, markdown_with};
use crate::plan::{Change, FieldChange, Problem, ProviderPlan, SafetyLimit};

fn options(budget: Budget) -> MarkdownOptions<'static> {
    MarkdownOptions {
        budget,
        ..MarkdownOptions::default()
    }
}

fn provider_plan(name: &str, managed: usize) -> ProviderPlan {
    ProviderPlan {
        name: name.into(),
        provider_type: ProviderType::TencentCcc,
        config: serde_json::from_value(
            serde_json::json!({"type": "tencent-ccc", "sdk_app_id": 1400000001u64}),
        )
        .expect("config"),
        managed,
        unchanged: 0,
        unmanaged: 3,
        read_calls: 10,
        write_action: "ModifyStaff".into(),
        write_rate: 20.0,
        labels: BTreeMap::new(),
    }
}

fn at(line: usize) -> Origin {
    Origin {
        file: "users.yaml".into(),
        line: line as u64,
        column: 7,
    }
}

/// `changes` agents each taking the next one's phone (a chain) with every other one renamed,
/// and `problems` agents that do not exist, on one Tencent CCC provider.
fn big_plan(changes: usize, problems: usize) -> Plan {
    let phone = |i: usize| Value::text(format!("+86138{i:08}"));
    let changes = (0..changes)
        .map(|i| {
            let email = format!("agent{i:05}@example.com");
            let mut fields = vec![FieldChange {
                field: Field::known(FieldKind::Phone),
                before: Some(phone(i)),
                after: phone(i + 1),
            }];
            if i % 2 == 1 {
                fields.push(FieldChange {
                    field: Field::known(FieldKind::Nick),
                    before: Some(t("n0")),
                    after: t(&format!("n{i}")),
                });
            }
            Change {
                id: i + 1,
                provider: "support-ccc".into(),
                action: "ModifyStaff".into(),
                person: format!("agent{i:05}"),
                account: email.clone(),
                remote_id: email,
                fields,
                params: Default::default(),
                after: if i == 0 { vec![] } else { vec![i] },
                observed: BTreeMap::new(),
                origin: at(10 + 6 * i),
                pending: false,
            }
        })
        .collect::<Vec<_>>();
    let problems = (0..problems)
        .map(|i| Problem {
            kind: ProblemKind::NotFound,
            provider: "support-ccc".into(),
            person: format!("ghost{i:05}"),
            account: format!("ghost{i:05}@example.com"),
            field: None,
            message: format!("no account `ghost{i:05}@example.com` on `support-ccc`"),
            hint: Some(
                "usersync updates existing accounts; create it first, or fix the key".into(),
            ),
            origin: at(100_000 + 4 * i),
            pending: false,
        })
        .collect::<Vec<_>>();
    Plan {
        format_version: crate::plan::PLAN_FORMAT_VERSION,
        fingerprint: String::new(),
        providers: vec![provider_plan("support-ccc", changes.len() + problems.len())],
        changes,
        problems,
        safety: None,
        base: None,
        warnings: Vec::new(),
    }
    .seal()
}

/// The first line of `markdown` that contains `needle`.
fn line_with<'a>(markdown: &'a str, needle: &str) -> &'a str {
    markdown
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with `{needle}` in:\n{markdown}"))
}

#[test]
fn the_marker_comes_first_and_links_point_at_manifest_lines() {
    let plan = showcase();
    let markdown = markdown_with(
        &plan,
        &MarkdownOptions {
            marker: "production",
            link_base: Some("https://github.com/acme/people/blob/0a1b2c/"),
            ..MarkdownOptions::default()
        },
    );
    assert!(
        markdown
            .starts_with("<!-- usersync plan: production -->\n## usersync plan · `production`\n")
    );
    insta::assert_snapshot!(line_with(&markdown, "not-found"), @"- **carol** (`carol` on `cic`) · `not-found` · [users.yaml:23](https://github.com/acme/people/blob/0a1b2c/users.yaml#L23)<br>");
}

#[test]
fn values_are_escaped_for_tables_and_chinese_text_is_kept() {
    let plan = check_plan(
        "  li:\n    display_name: '李娜 | `Na` <b>*'\n    accounts:\n      cic: {user_name: li, description: '二线客服 | 北方区域 | 负责工作日白班、周末值班和夜间值班，包括春节和国庆节假日的轮班安排'}\n",
        vec![(
            "cic",
            provider(vec![cic_user(
                "u-9",
                "li",
                &[
                    ("display_name", t("李娜")),
                    (
                        "description",
                        t(
                            "二线客服 | 北方区域 | 负责工作日白班和周末值班，不含节假日，如有需要请联系主管安排",
                        ),
                    ),
                ],
            )]),
        )],
    );
    let markdown = render::markdown(&plan);
    insta::assert_snapshot!(
        markdown.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| provider")).collect::<Vec<_>>().join("\n"),
        @r"
        | `accc` | alibaba-ccc (`ModifyUser`) | 0 | 0 | 0 | 0 | – |
        | `cic` | tencent-cic (`UpdateUser`) | 1 | 0 | 0 | 0 | 0.1 s at 20/s |
        | `eiam` | alibaba-eiam (`UpdateUser`) | 0 | 0 | 0 | 0 | – |
        | `tccc` | tencent-ccc (`ModifyStaff`) | 0 | 0 | 0 | 0 | – |
        | **total** | | **1** | **0** | 0 | 0 | **0.1 s** |
        | # | person | account | field | before | after |
        | 1 | li | `li` (`u-9`) | `display_name` | `李娜` | ``李娜 \| `Na` <b>*`` |
        |  |  |  | `description` | *word diff →* | 二线客服 \| 北方区域 \| 负责工作日白班<del>和</del><ins>、</ins>周末值班<ins>和夜间值班</ins>，<del>不含</del><ins>包括春</ins>节<ins>和国庆节</ins>假日<del>，如有需要请联系主管</del><ins>的轮班</ins>安排 |
        "
    );
}

#[test]
fn a_plan_over_its_safety_limit_carries_a_github_warning() {
    let mut plan = big_plan(40, 0);
    plan.safety = Some(SafetyLimit {
        limit: 12,
        default: true,
        exceeded: true,
    });
    let markdown = render::markdown(&plan);
    assert!(
        markdown.contains("> [!WARNING]\n> The plan changes 40 accounts, more than the safety limit of 12 (30% of the managed accounts): `apply` will refuse it unless `--max-changes 40` allows it\n"),
        "{markdown}"
    );
}

/// A plan that could not read a provider does not claim "No changes": the verdict says what
/// was found and points at the warnings, each of which is an alert.
#[test]
fn a_plan_with_warnings_qualifies_its_verdict() {
    let mut plan = big_plan(0, 0);
    assert!(render::markdown(&plan).contains("**No changes.** Every managed account"));
    plan.warnings = vec![
        "reading the current state of `a`: unreachable".into(),
        "reading the current state of `b`: unreachable".into(),
    ];
    let markdown = render::markdown(&plan);
    assert!(!markdown.contains("**No changes.**"), "{markdown}");
    assert!(
        markdown.contains(
            "**No changes found, with 2 warnings:** read them below before relying on this plan."
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("> [!WARNING]\n> Reading the current state of `b`: unreachable\n"),
        "{markdown}"
    );
    let text = render::text(&plan, false);
    assert!(
        text.contains("Warning: reading the current state of `a`: unreachable"),
        "{text}"
    );
    let mut some = big_plan(3, 1);
    some.warnings = vec!["the base manifest has 1 problem".into()];
    assert!(
        render::markdown(&some)
            .contains("**1 problem and 3 calls to apply, with 1 warning:** read it below"),
        "{}",
        render::markdown(&some)
    );
}

#[test]
fn pending_changes_and_problems_get_a_section_of_their_own() {
    let mut plan = showcase();
    plan.changes[0].pending = true;
    plan.problems[0].pending = true;
    let markdown = render::markdown(&plan);
    let headings: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("**From"))
        .collect();
    insta::assert_snapshot!(headings.join("\n"), @r"
        ## usersync plan
        **From this pull request:** 3 calls, 0 problems. **Already pending on the base branch** (drift, or merged but not applied yet): 1 call, 1 problem.
        ### Changes from this pull request
        #### Changes (3 calls)
        ### Already pending on the base branch (drift or not applied yet)
        #### Problems (1)
        #### Changes (1 call)
        ");
}

#[test]
fn a_ten_thousand_call_plan_fits_a_comment_as_counts_and_a_summary_as_rows() {
    let plan = big_plan(10_000, 0);
    let comment = render::markdown(&plan);
    let size = comment.chars().count();
    assert!(size <= 65_536, "{size}");
    assert!(
        comment.contains("counts per action, then as many rows as fit, for `support-ccc`"),
        "{comment}"
    );
    let summary = markdown_with(&plan, &options(Budget::SUMMARY));
    assert!(summary.len() <= 1_048_576, "{}", summary.len());
    assert!(
        summary.contains("one row per account"),
        "{}",
        &summary[..2000]
    );
    assert_eq!(
        line_with(&summary, "agent09999@"),
        "| 10000 `after #9999` | agent09999 | `agent09999@example.com` | `phone`, `nick` |"
    );
    // The note, the counts, the first sample row, and the end.
    let lines: Vec<&str> = comment.lines().collect();
    let from = lines
        .iter()
        .position(|l| l.starts_with("> [!"))
        .expect("a note");
    let first = lines
        .iter()
        .position(|l| l.starts_with("| 1 |"))
        .expect("rows");
    let mut excerpt = lines[from..=first].to_vec();
    excerpt.push("…");
    excerpt.extend(&lines[lines.len() - 9..]);
    insta::assert_snapshot!(
        format!(
            "comment: {size} characters; summary: {} bytes\n{}",
            summary.len(),
            excerpt.join("\n")
        )
        .replace(&plan.fingerprint, "FINGERPRINT"),
        @r"
        comment: 65517 characters; summary: 768889 bytes
        > [!WARNING]
        > **Shortened to fit 65,536 characters:** counts per action, then as many rows as fit, for `support-ccc`; 9,143 of 10,000 calls not shown. For the whole plan, run `usersync plan` or see the job log.

        ### Changes (10,000 calls)

        <details open>
        <summary><b>support-ccc</b> · tencent-ccc · 10,000 calls (ModifyStaff) at 20/s</summary>

        | action | calls | waiting for another call | fields changed |
        |---|--:|--:|---|
        | `ModifyStaff` | 10,000 | 9,999 | `nick` 5,000, `phone` 10,000 |

        <sub>shortened to fit the size limit (see the note at the top)</sub>

        </details>

        <details>
        <summary>10,000 calls of <b>support-ccc</b>, one row each, as many as fit</summary>

        | # | person | account | fields |
        |---|---|---|---|
        | 1 | agent00000 | `agent00000@example.com` | `phone` |
        …

        </details>

        *… the rest is not shown, to fit the size limit (see the note at the top).*


        ---
        <sub>fingerprint `FINGERPRINT`</sub><br>
        <sub>to apply exactly this plan: `usersync apply -f … --expect FINGERPRINT` (it refuses any other plan)</sub>
        "
    );
}

#[test]
fn too_many_problems_are_cut_with_a_note_saying_how_many_and_where_the_plan_is() {
    let plan = big_plan(3_000, 5_000);
    let markdown = markdown_with(
        &plan,
        &MarkdownOptions {
            plan_url: Some("https://ci.example.com/runs/42/artifacts/plan.json"),
            ..MarkdownOptions::default()
        },
    );
    assert!(markdown.chars().count() <= 65_536);
    let note = line_with(&markdown, "**Shortened to fit");
    insta::assert_snapshot!(note, @"> **Shortened to fit 65,536 characters:** the calls are not listed (the summary table counts them); 4,731 of 5,000 problems not shown. The whole plan: [https://ci.example.com/runs/42/artifacts/plan.json](https://ci.example.com/runs/42/artifacts/plan.json).");
    assert!(
        markdown.contains(crate::plan::render::budget::CUT),
        "{markdown}"
    );
    assert!(markdown.ends_with(&format!(
        "--expect {}` (it refuses any other plan)</sub>\n",
        plan.fingerprint
    )));
}

#[test]
fn the_markdown_never_exceeds_its_budget_counted_in_characters_or_bytes() {
    // Multi-byte text everywhere: each 李 is 1 character and 3 bytes.
    let mut plan = big_plan(60, 40);
    for change in &mut plan.changes {
        change.person = format!("李娜{}", change.person);
    }
    for problem in &mut plan.problems {
        problem.message = format!("账号 `{}` 不存在 | 请先创建", problem.account);
    }
    for unit in [BudgetUnit::Chars, BudgetUnit::Bytes] {
        let whole = markdown_with(
            &plan,
            &options(Budget {
                limit: usize::MAX,
                unit,
            }),
        );
        let full = Budget { limit: 0, unit }.size(&whole);
        for limit in (0..full + 10).step_by(97).chain(full - 3..=full + 3) {
            let budget = Budget { limit, unit };
            let markdown = markdown_with(&plan, &options(budget));
            assert!(
                budget.size(&markdown) <= limit,
                "{unit:?} {limit}: {}",
                budget.size(&markdown)
            );
            if limit >= full {
                assert_eq!(
                    markdown, whole,
                    "{unit:?} {limit}: shortened although it fits"
                );
            } else if limit > 3000 {
                assert!(
                    markdown.contains("**Shortened to fit"),
                    "{unit:?} {limit}: no note"
                );
            }
        }
    }
}

#[test]
fn redaction_reaches_the_markdown_messages_and_hints() {
    let plan = crate::plan::redact::redact(&big_plan(2, 2));
    let markdown = render::markdown(&plan);
    for personal in [
        "agent00001@example.com",
        "ghost00001@example.com",
        "13800000001",
    ] {
        assert!(
            !markdown.contains(personal),
            "`{personal}` left in:\n{markdown}"
        );
    }
    assert!(markdown.contains("g***@example.com"));
}

#[test]
fn the_budget_takes_detail_away_step_by_step_before_cutting() {
    // 400 phone changes on `support-ccc`, 3 long descriptions on `cic`, 30 problems.
    let mut plan = big_plan(400, 30);
    let mut cic = provider_plan("cic", 3);
    cic.provider_type = ProviderType::TencentCic;
    cic.write_action = "UpdateUser".into();
    plan.providers.insert(0, cic);
    for i in 0..3 {
        plan.changes.push(Change {
            id: 401 + i,
            provider: "cic".into(),
            action: "UpdateUser".into(),
            person: format!("lead{i}"),
            account: format!("lead{i}"),
            remote_id: format!("u-{i}"),
            fields: vec![FieldChange {
                field: Field::known(FieldKind::Description),
                before: Some(t(
                    "Tier-2 support for the northern region, weekends included",
                )),
                after: t(
                    "Tier-2 support for the northern region, weekends and public holidays included",
                ),
            }],
            params: Default::default(),
            after: vec![],
            observed: BTreeMap::new(),
            origin: at(5),
            pending: false,
        });
    }
    let whole = render::markdown(&plan).chars().count();
    let steps: Vec<String> = [whole, 65_000, 30_000, 12_000, 9_000, 5_000, 1_000]
        .into_iter()
        .map(|limit| {
            let markdown = markdown_with(
                &plan,
                &options(Budget {
                    limit,
                    unit: BudgetUnit::Chars,
                }),
            );
            let size = markdown.chars().count();
            assert!(size <= limit);
            let note = markdown
                .lines()
                .find(|l| l.starts_with("> **Shortened"))
                .unwrap_or("(everything shown)");
            format!("{limit} → {size}: {note}")
        })
        .collect();
    insta::assert_snapshot!(steps.join("\n").replace(&whole.to_string(), "WHOLE"), @r"
        WHOLE → WHOLE: (everything shown)
        65000 → WHOLE: (everything shown)
        30000 → 29932: > **Shortened to fit 30,000 characters:** counts per action, then as many rows as fit, for `support-ccc`; 124 of 400 calls not shown. For the whole plan, run `usersync plan` or see the job log.
        12000 → 11913: > **Shortened to fit 12,000 characters:** counts per action, then as many rows as fit, for `support-ccc`; 366 of 400 calls not shown. For the whole plan, run `usersync plan` or see the job log.
        9000 → 8880: > **Shortened to fit 9,000 characters:** counts per action, then as many rows as fit, for `cic`, `support-ccc`; 403 of 403 calls not shown. For the whole plan, run `usersync plan` or see the job log.
        5000 → 4824: > **Shortened to fit 5,000 characters:** the calls are not listed (the summary table counts them); 15 of 30 problems not shown. For the whole plan, run `usersync plan` or see the job log.
        1000 → 993: > **Shortened to fit 1,000 characters:** the calls are not listed (the summary table counts them); 30 of 30 problems not shown. For the whole plan, run `usersync plan` or see the job log.
        ");
}
