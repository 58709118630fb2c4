//! Tencent CCC extension numbers and call forwarding exported in the manifest's terms: an
//! extension as a quoted string, a forwarding's parts as read (the condition only where it
//! means something), an agent target as the person whose agent it is, a skill group by name,
//! and a target a manifest could not hold or `plan` would not find left out with a note.

use super::check_export;

#[test]
fn extensions_and_each_forwarding_target_in_the_manifests_terms() {
    let exported = check_export(
        r#"
tccc:
  skill_groups: {101: 售前咨询, 102: Sales, 103: Sales}
  accounts:
    - {email: alice@example.com, display_name: 王芳, extension: "8001",
       forwarding.enabled: true, forwarding.when: always, forwarding.to: "agent:Bob@Example.com"}
    - {email: bob@example.com, extension: "8002",
       forwarding.enabled: true, forwarding.when: conditional, forwarding.to: "skill_group:101"}
    - {email: carol@example.com, extension: "800123",
       forwarding.enabled: false, forwarding.when: always, forwarding.to: "skill_group:103"}
    - {email: dan@example.com,
       forwarding.enabled: true, forwarding.when: always, forwarding.to: "extension:8002"}
    - {email: erin@example.com, forwarding.enabled: false, forwarding.when: always}
    - {email: frank@example.com}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
    alice:
      display_name: 王芳
      email: alice@example.com
      accounts:
        tccc:
          extension: "8001"
          forwarding:
            enabled: true
            when: always
            to:
              person: bob

    bob:
      email: bob@example.com
      accounts:
        tccc:
          extension: "8002"
          forwarding:
            enabled: true
            when: conditional
            to:
              skill_group: 售前咨询

    carol:
      email: carol@example.com
      accounts:
        tccc:
          extension: "800123"
          forwarding:
            enabled: false
            when: always
            to:
              skill_group: 103

    dan:
      email: dan@example.com
      accounts:
        tccc:
          forwarding:
            enabled: true
            when: always
            to:
              extension: "8002"

    erin:
      email: erin@example.com
      accounts:
        tccc:
          forwarding:
            enabled: false

    frank:
      email: frank@example.com
      accounts:
        tccc: {}
    "#);
}

#[test]
fn a_target_a_manifest_could_not_hold_or_plan_would_not_find_is_left_out() {
    let exported = check_export(
        r#"
tccc:
  skill_groups: {101: Sales}
  accounts:
    - {email: alice@example.com, forwarding.enabled: false, forwarding.when: always,
       forwarding.to: "skill_group:999"}
    - {email: bob@example.com, forwarding.enabled: true, forwarding.when: always,
       forwarding.to: "agent:gone@example.com"}
    - {email: carol@example.com, forwarding.enabled: true, forwarding.when: always,
       forwarding.to: "agent:carol@example"}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @"
      alice:
        email: alice@example.com
        accounts:
          tccc:
            forwarding:
              enabled: false

      bob:
        email: bob@example.com
        accounts:
          tccc:
            forwarding:
              enabled: true
              when: always

      carol:
        email: carol@example.com
        accounts:
          tccc:
            forwarding:
              enabled: true
              when: always
    note: `tccc` agent `alice@example.com`: `forwarding.to` left out: skill group `999` is not in the provider's list of skill groups
    note: `tccc` agent `carol@example.com`: `forwarding.to` left out: expected a domain such as `example.com` after the `@`
    note: `tccc` account of `bob`: `forwarding.to` left out: no agent `gone@example.com` on `tccc`
    ");
}

#[test]
fn an_agent_target_already_in_the_manifest_keeps_its_persons_name() {
    let exported = check_export(
        r#"
tccc:
  accounts:
    - {email: alice@example.com, forwarding.enabled: true, forwarding.when: always,
       forwarding.to: "agent:bob@example.com"}
    - {email: bob@example.com}
"#,
        &["manage tccc bob@example.com 鲍勃"],
    );
    insta::assert_snapshot!(exported, @"
    alice:
      email: alice@example.com
      accounts:
        tccc:
          forwarding:
            enabled: true
            when: always
            to:
              person: 鲍勃

    鲍勃:
      email: bob@example.com
      accounts:
        tccc: {}
    ");
}
