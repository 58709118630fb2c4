//! Values in the manifest's terms: quoting, references, extra-read fields, what is left out.

use serde_json::Value as Json;

use super::check_export;
use crate::export::yaml;
use crate::manifest::yaml as reader;

#[test]
fn strings_are_quoted_where_yaml_would_read_something_else() {
    let exported = check_export(
        r##"
tccc:
  accounts:
    - {email: a@example.com, display_name: " Padded ", phone: "+8613800000001", nick: "yes", staff_no: "000123"}
    - {email: b@example.com, display_name: "No", phone: "+12025550123", nick: "off", staff_no: "1e3"}
    - {email: c@example.com, display_name: "null", phone: "+447911123456", nick: "~", staff_no: "#7"}
cic:
  accounts:
    - {user_id: u-1, user_name: "true", display_name: "on", description: "Tier 2: nights # and weekends"}
    - {user_id: u-2, user_name: "123", display_name: "@home", description: "- dash, [brackets] {braces}"}
    - {user_id: u-3, user_name: "2024-06-01", display_name: "say \"hi\"\\now", description: "tab\there"}
"##,
        &[],
    );
    insta::assert_snapshot!(exported, @r##"
    "123":
      display_name: "@home"
      accounts:
        cic:
          user_name: "123"
          description: "- dash, [brackets] {braces}"

    "2024-06-01":
      display_name: say "hi"\now
      accounts:
        cic:
          user_name: "2024-06-01"
          description: "tab\there"

    a:
      display_name: " Padded "
      email: a@example.com
      phone: "+8613800000001"
      accounts:
        tccc:
          nick: "yes"
          staff_no: "000123"

    b:
      display_name: "No"
      email: b@example.com
      phone: "+12025550123"
      accounts:
        tccc:
          nick: "off"
          staff_no: "1e3"

    c:
      display_name: "null"
      email: c@example.com
      phone: "+447911123456"
      accounts:
        tccc:
          nick: "~"
          staff_no: "#7"

    "true":
      display_name: "on"
      accounts:
        cic:
          user_name: "true"
          description: "Tier 2: nights # and weekends"
    "##);
}

#[test]
fn references_are_names_unless_ambiguous_or_unknown() {
    let exported = check_export(
        r#"
tccc:
  skill_groups: {101: Sales, 102: Support, 103: Support, 104: "101", 105: "2024"}
  accounts:
    - {email: a@example.com, skill_groups: ["101", "102", "104", "105"]}
    - {email: b@example.com, skill_groups: ["103", "999"]}
    - {email: c@example.com, skill_groups: []}
accc:
  roles: {Agent@instance-1: Agent, Manager@instance-1: Manager}
  accounts:
    - {user_id: a@instance-1, user_name: a, role: Agent@instance-1, work_mode: ON_SITE}
    - {user_id: b@instance-1, user_name: b, role: Gone@instance-1, work_mode: REMOTE}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
      a:
        accounts:
          accc:
            user_name: a
            work_mode: ON_SITE
            role: Agent

      a-2:
        email: a@example.com
        accounts:
          tccc:
            skill_groups: [Sales, 102, 104, "2024"]

      b:
        accounts:
          accc:
            user_name: b

      b-2:
        email: b@example.com
        accounts:
          tccc: {}

      c:
        email: c@example.com
        accounts:
          tccc: {}
    note: `accc` user `b`: `work_mode` left out: `REMOTE` is not a value a manifest can hold
    note: `accc` user `b`: `role` left out: role `Gone@instance-1` is not in the provider's list of roles
    note: `tccc` agent `b@example.com`: `skill_groups` left out: skill group `999` is not in the provider's list of skill groups
    "#);
}

#[test]
fn extra_read_fields_only_with_all_fields() {
    let observed = r#"
tccc:
  accounts:
    - {email: a@example.com, display_name: A, use_mobile_accept: "off", use_mobile_call_out: false}
accc:
  accounts:
    - {user_id: a@instance-1, user_name: a, display_name: A, nickname: ali, work_mode: ON_SITE}
eiam:
  accounts:
    - {user_id: user_1, user_name: a, display_name: A, custom_fields.cost_center: "000123", custom_fields.nick_name: "on"}
"#;
    insta::assert_snapshot!(check_export(observed, &[]), @r#"
    a:
      display_name: A
      accounts:
        accc:
          user_name: a
          work_mode: ON_SITE

    a-2:
      display_name: A
      accounts:
        eiam:
          user_name: a

    a-3:
      display_name: A
      email: a@example.com
      accounts:
        tccc: {}
    "#);
    insta::assert_snapshot!(check_export(observed, &["all-fields"]), @r#"
    a:
      display_name: A
      accounts:
        accc:
          user_name: a
          work_mode: ON_SITE
          nickname: ali

    a-2:
      display_name: A
      accounts:
        eiam:
          user_name: a
          custom_fields:
            cost_center: "000123"
            nick_name: "on"

    a-3:
      display_name: A
      email: a@example.com
      accounts:
        tccc:
          use_mobile_call_out: false
          use_mobile_accept: "off"
    "#);
}

#[test]
fn read_only_fields_and_blank_or_refused_values_are_left_out() {
    let exported = check_export(
        r#"
accc:
  accounts:
    - {user_id: a@instance-1, user_name: a, display_name: A, email: a@example.com, display_id: "  "}
eiam:
  accounts:
    - {user_id: user_1, user_name: b, display_name: B, email: b+x@example.com}
cic:
  accounts:
    - {user_id: u-1, user_name: bob, display_name: Bob, locked: synchronized}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
      a:
        display_name: A
        accounts:
          accc:
            user_name: a

      b:
        display_name: B
        accounts:
          eiam:
            user_name: b

      bob:
        display_name: Bob
        accounts:
          cic:
            user_name: bob
    note: `accc` user `a`: `display_id` left out: a manifest cannot hold a blank value
    note: `eiam` user `b`: `email` left out: found `b+x@example.com`: alibaba-eiam allows only letters, digits, `.`, `_` and `-` before the `@`
    "#);
}

#[test]
fn plain_and_quoted_scalars_read_back_as_written() {
    let texts = [
        "alice",
        "Alice Liu",
        "李娜",
        "+8613800000001",
        "000123",
        "1001",
        "0x1F",
        "1_000",
        "1e3",
        ".5",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "null",
        "Null",
        "~",
        "true",
        "",
        " x",
        "x ",
        "a: b",
        "a #b",
        "#a",
        "a:",
        "- a",
        "[a]",
        "{a}",
        "a, b",
        "*ref",
        "&anchor",
        "!tag",
        "|",
        ">",
        "'q'",
        "\"q\"",
        "%x",
        "@x",
        "`x`",
        "a\nb",
        "tab\t",
        "\\",
        "2024-06-01",
        "12:30",
        ".inf",
        "-.inf",
        "=",
        "<<",
        ".nan",
        "?",
        "-",
        "a-b",
        "alice@example.com",
        "http://x.y/z?a=b#c",
    ];
    for text in texts {
        for in_flow in [false, true] {
            let written = yaml::scalar(text, in_flow);
            let document = if in_flow {
                format!("k: [{written}]\n")
            } else {
                format!("k: {written}\n")
            };
            let json = reader::parse(&document).expect("valid YAML").to_json();
            let read = if in_flow { &json["k"][0] } else { &json["k"] };
            assert_eq!(read, &Json::from(text), "`{text}` written as `{written}`");
        }
    }
}

#[test]
fn only_what_a_reader_could_misread_is_quoted() {
    let quoted = [
        "+8613800000001",
        "000123",
        "1001",
        "yes",
        "No",
        "on",
        "OFF",
        "null",
        "~",
        "true",
        "=",
        "<<",
        " x",
        "x ",
        "a: b",
        "a #b",
        "#a",
        "",
    ];
    for text in quoted {
        assert!(
            yaml::scalar(text, false).starts_with('"'),
            "`{text}` is quoted"
        );
    }
    let plain = [
        "alice",
        "Alice Liu",
        "李娜",
        "a-b",
        "alice@example.com",
        "C#",
        "售后",
    ];
    for text in plain {
        assert_eq!(yaml::scalar(text, false), text, "`{text}` is plain");
    }
    assert_eq!(yaml::scalar("Sales, East", true), "\"Sales, East\"");
}
