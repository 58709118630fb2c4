use serde_json::json;

use super::*;
use crate::plan::{Change, SafetyLimit};

fn origin(file: &str, line: u64, column: u64) -> Origin {
    Origin {
        file: file.into(),
        line,
        column,
    }
}

fn diagnostic(line: u64) -> Diagnostic {
    Diagnostic::new(
        origin("users.yaml", line, 7),
        "users.alice.phone",
        "expected an E.164 number such as +8613800000000, found `138 0000 0001`",
    )
    .hint("write it as `+86…`; 100% digits")
}

/// A plan problem, built from its JSON form (as a saved plan holds it).
fn problem(line: u64, pending: bool) -> Problem {
    serde_json::from_value(json!({
        "kind": "not-found",
        "provider": "support-ccc",
        "person": "carol",
        "account": "carol@example.com",
        "message": "no account `carol@example.com` on `support-ccc`",
        "hint": "did you mean `caro1@example.com`?",
        "origin": {"file": "users.yaml", "line": line, "column": 9},
        "pending": pending,
    }))
    .expect("a problem")
}

fn check_github(findings: &[Finding]) -> String {
    github(findings)
}

#[test]
fn diagnostic_is_an_error_at_its_line_with_the_hint_on_a_second_line() {
    insta::assert_snapshot!(check_github(&[Finding::diagnostic(&diagnostic(14))]), @"::error file=users.yaml,line=14,col=7,title=users.alice.phone::expected an E.164 number such as +8613800000000, found `138 0000 0001`%0Ahint: write it as `+86…`; 100%25 digits");
}

#[test]
fn related_location_and_base_branch_are_notes_of_the_annotation() {
    let twice = Diagnostic::new(origin("users.yaml", 9, 3), "users.alice", "defined twice")
        .related(origin("users.yaml", 2, 3));
    let findings = [
        Finding::diagnostic(&twice),
        Finding::problem(&problem(30, true)),
    ];
    insta::assert_snapshot!(check_github(&findings), @r"
    ::error file=users.yaml,line=9,col=3,title=users.alice::defined twice%0Anote: first defined at users.yaml:2:3
    ::error file=users.yaml,line=30,col=9,title=not-found%3A support-ccc carol@example.com::no account `carol@example.com` on `support-ccc`%0Ahint: did you mean `caro1@example.com`?%0Anote: the base branch has this problem too
    ");
}

#[test]
fn escapes_percent_newlines_and_property_separators() {
    assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
    assert_eq!(escape_property("a: b, c%\n"), "a%3A b%2C c%25%0A");
    let finding = Finding {
        severity: Severity::Error,
        check: "manifest".into(),
        title: "users.a,b: c".into(),
        description: "x: y, z".into(),
        notes: Vec::new(),
        location: Some(origin("dir,1/a:b.yaml", 1, 1)),
    };
    insta::assert_snapshot!(check_github(&[finding]), @"::error file=dir%2C1/a%3Ab.yaml,line=1,col=1,title=users.a%2Cb%3A c::x: y, z");
}

#[test]
fn a_finding_without_location_or_line_leaves_those_properties_out() {
    let findings = [
        Finding::error("cannot reach `tencent-ccc`\nhint: check the network"),
        Finding {
            location: Some(origin("users.yaml", 0, 0)),
            ..Finding::error("bad")
        },
    ];
    insta::assert_snapshot!(check_github(&findings), @r"
    ::error title=usersync::cannot reach `tencent-ccc`%0Ahint: check the network
    ::error file=users.yaml,title=usersync::bad
    ");
}

#[test]
fn more_errors_than_github_shows_end_with_a_notice() {
    let findings: Vec<Finding> = (1..=12)
        .map(|line| Finding::diagnostic(&diagnostic(line)))
        .collect();
    let out = check_github(&findings);
    assert_eq!(out.lines().count(), 13);
    insta::assert_snapshot!(out.lines().last().unwrap_or_default(), @"::notice title=usersync::usersync emitted 12 annotations (12 errors, 0 warnings); GitHub shows 10 errors and 10 warnings per step and 50 per job: this step's log lists every one");
    let ten = check_github(&findings[..10]);
    assert!(!ten.contains("::notice"), "{ten}");
}

#[test]
fn safety_limit_is_a_warning_at_the_top_of_the_manifest() {
    let change: Change = serde_json::from_value(json!({
        "id": 1, "provider": "support-ccc", "action": "ModifyStaff", "person": "alice",
        "account": "alice@example.com", "remote_id": "alice@example.com", "fields": [],
        "params": {}, "observed": {}, "origin": {"file": "./users.yaml", "line": 12, "column": 5},
    }))
    .expect("a change");
    let mut plan = Plan {
        format_version: 1,
        fingerprint: String::new(),
        providers: Vec::new(),
        changes: vec![change],
        problems: vec![problem(30, false)],
        safety: Some(SafetyLimit {
            limit: 0,
            default: false,
            exceeded: true,
        }),
        base: None,
        warnings: Vec::new(),
    };
    let findings = plan_findings(&plan);
    assert_eq!(findings.len(), 2);
    insta::assert_snapshot!(check_github(&findings[1..]), @"::warning file=./users.yaml,line=1,col=1,title=safety limit::the plan changes 1 accounts, more than the safety limit of 0: `apply` will refuse it unless `--max-changes 1` allows it");
    plan.safety = None;
    assert_eq!(plan_findings(&plan).len(), 1);
}

#[test]
fn paths_become_relative_to_the_repository_root_with_slashes() {
    let check = |file: &str, cwd: &str| repository_path(file, cwd, "/repo");
    assert_eq!(check("./users.yaml", "/repo"), "users.yaml");
    assert_eq!(check("/repo/users.yaml", "/repo"), "users.yaml");
    assert_eq!(check("users/./team/../a.yaml", "/repo"), "users/a.yaml");
    assert_eq!(check("users.yaml", "/repo/infra"), "infra/users.yaml");
    assert_eq!(check("../users.yaml", "/repo/infra"), "users.yaml");
    assert_eq!(check("users\\a.yaml", "/repo/"), "users/a.yaml");
    assert_eq!(
        repository_path("C:\\repo\\users\\a.yaml", "C:\\repo", "C:\\repo"),
        "users/a.yaml"
    );
    // Outside the repository: as given, with `/`.
    assert_eq!(check("/etc/users.yaml", "/repo"), "/etc/users.yaml");
    assert_eq!(check("../../x.yaml", "/repo/infra"), "../../x.yaml");
    assert_eq!(check("/repository/x.yaml", "/repo"), "/repository/x.yaml");
}

#[test]
fn codequality_report_maps_severity_and_locates_each_finding() {
    let findings = [
        Finding::diagnostic(&diagnostic(14)),
        Finding {
            severity: Severity::Warning,
            ..Finding::problem(&problem(30, false))
        },
        Finding::error("no location: left out"),
    ];
    let report: serde_json::Value = serde_json::from_str(&codequality(&findings)).expect("JSON");
    insta::assert_json_snapshot!(report, @r#"
    [
      {
        "description": "users.alice.phone: expected an E.164 number such as +8613800000000, found `138 0000 0001`\nhint: write it as `+86…`; 100% digits",
        "check_name": "usersync/manifest",
        "fingerprint": "ff31d2819e0f5d25641c4f544dffb60721804cda8423bec8cc3c03151ddb3c78",
        "severity": "critical",
        "location": {
          "path": "users.yaml",
          "lines": {
            "begin": 14
          }
        }
      },
      {
        "description": "not-found: support-ccc carol@example.com: no account `carol@example.com` on `support-ccc`\nhint: did you mean `caro1@example.com`?",
        "check_name": "usersync/not-found",
        "fingerprint": "e4aaf558cfbd7c00cff809089901204e65aa32cd7980330ef4369fea4d9ea50d",
        "severity": "minor",
        "location": {
          "path": "users.yaml",
          "lines": {
            "begin": 30
          }
        }
      }
    ]
    "#);
}

#[test]
fn fingerprint_stays_when_a_finding_moves_to_another_line() {
    let fingerprints = |findings: &[Finding]| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&codequality(findings)).expect("JSON");
        report
            .as_array()
            .expect("an array")
            .iter()
            .map(|issue| {
                issue["fingerprint"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let before = fingerprints(&[
        Finding::diagnostic(&diagnostic(14)),
        Finding::problem(&problem(30, false)),
    ]);
    let moved = fingerprints(&[
        Finding::diagnostic(&diagnostic(21)),
        Finding::problem(&problem(44, true)),
    ]);
    assert_eq!(before, moved);
    let mut elsewhere = Finding::diagnostic(&diagnostic(14));
    elsewhere.location = Some(origin("team/users.yaml", 14, 7));
    assert_ne!(fingerprints(&[elsewhere])[0], before[0]);
    assert_eq!(
        before[0],
        fingerprint(
            "users.yaml",
            "usersync/manifest",
            "users.alice.phone: expected an E.164 number such as +8613800000000, found `138 0000 0001`\nhint: write it as `+86…`; 100% digits"
        )
    );
}

#[test]
fn a_finding_repeated_word_for_word_gets_a_fingerprint_per_occurrence() {
    let report: serde_json::Value = serde_json::from_str(&codequality(&[
        Finding::diagnostic(&diagnostic(14)),
        Finding::diagnostic(&diagnostic(15)),
    ]))
    .expect("JSON");
    assert_ne!(report[0]["fingerprint"], report[1]["fingerprint"]);
}
