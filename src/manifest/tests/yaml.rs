//! YAML itself: syntax errors, duplicate keys, and files that are not one map.

use super::check;

#[test]
fn an_unclosed_quote_is_located() {
    insta::assert_snapshot!(check(r#"
        users:
          alice:
            display_name: "Alice Liu
            email: alice@example.com
    "#), @"users.yaml:3:19: invalid YAML: unclosed quote");
}

#[test]
fn bad_indentation_is_located() {
    insta::assert_snapshot!(check("
        users:
          alice:
            display_name: Alice
           email: alice@example.com
    "), @"users.yaml:4:4: invalid YAML: while parsing a block mapping, did not find expected key");
}

#[test]
fn a_tab_in_the_indentation_is_located() {
    insta::assert_snapshot!(check("
        users:
          alice:
          \tdisplay_name: Alice
    "), @"users.yaml:3:4: invalid YAML: tabs disallowed within this context (block indentation)");
}

#[test]
fn a_key_defined_twice_in_one_map_names_both_places() {
    insta::assert_snapshot!(check("
        users:
          alice:
            email: alice@example.com
          bob:
            email: bob@example.com
          alice:
            email: alice.liu@example.com
    "), @"
    users.yaml:6:3: users.alice: defined twice
      note: first defined at users.yaml:2:3
      hint: keep one definition; merge the two entries
    ");
}

#[test]
fn a_key_defined_twice_in_one_map_is_read_from_its_first_definition() {
    // The first definition is the one kept: its values and its positions.
    insta::assert_snapshot!(check("
        users:
          alice:
            email: alice@example
          alice:
            email: alice@example.com
    "), @"
    users.yaml:3:12: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:4:3: users.alice: defined twice
      note: first defined at users.yaml:2:3
      hint: keep one definition; merge the two entries
    ");
}

#[test]
fn a_field_defined_twice_in_one_account_names_both_places() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic:
                user_name: alice
                first_name: Alice
                first_name: Ali
    "), @"
    users.yaml:9:9: users.alice.accounts.cic.first_name: defined twice
      note: first defined at users.yaml:8:9
      hint: keep one definition; merge the two entries
    ");
}

#[test]
fn an_empty_file_is_an_empty_manifest() {
    insta::assert_snapshot!(check(""), @"providers:");
}

#[test]
fn a_top_level_list_is_refused_once() {
    insta::assert_snapshot!(check("[alice, bob]"), @"users.yaml:1:1: found a list, expected a map");
}

#[test]
fn a_top_level_scalar_is_refused_once() {
    insta::assert_snapshot!(check("users"), @"users.yaml:1:1: found the string `users`, expected a map");
}

#[test]
fn a_file_of_two_documents_is_refused_in_the_manifests_terms() {
    insta::assert_snapshot!(check("version: 1\n---\nusers: {}\n"), @"
    users.yaml:3:1: invalid YAML: a second YAML document starts here (after `---`); a manifest file holds one document
      hint: put each document in a file of its own; `-f` takes a directory and merges every `*.yaml` in it
    ");
}

#[test]
fn a_file_of_only_comments_is_an_empty_manifest() {
    insta::assert_snapshot!(check("
        # people are added by the HR sync
        # nothing here yet
    "), @"providers:");
}

#[test]
fn a_file_of_only_null_is_refused_at_its_value() {
    insta::assert_snapshot!(check("# nothing\n~\n"), @"users.yaml:2:1: found null, expected a map");
}

#[test]
fn a_file_of_8000_people_loads() {
    // 8,000 people with four accounts each: 32,000 accounts, about 3 MB and 270,000 YAML
    // values, more than the YAML library's default limit of 250,000.
    let mut text = String::from(
        "providers:\n  ccc: {type: tencent-ccc, sdk_app_id: 1400000001}\n  \
         cic: {type: tencent-cic, zone_id: z-1}\n  \
         accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}\n  \
         eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}\nusers:\n",
    );
    for n in 0..8000 {
        text.push_str(&format!(
            "  p{n}:\n    display_name: 刘丽{n}\n    email: p{n}@example.com\n    phone: '+86138{n:08}'\n    accounts:\n      \
             ccc: {{nick: n{n}, staff_no: '{n}', skill_groups: [Sales, 102]}}\n      \
             cic: {{user_name: u{n}, first_name: 丽, last_name: 刘}}\n      \
             accc: {{user_id: u{n}@ccc-test, work_mode: OFF_SITE, role: Agent}}\n      \
             eiam: {{user_name: u{n}, custom_fields: {{cost_center: CC-{n}}}}}\n"
        ));
    }
    let sources = [super::super::Source {
        name: "users.yaml".into(),
        text,
    }];
    let state = super::super::desired_state(&sources).expect("valid");
    assert_eq!(state.accounts.len(), 32_000);
}

#[test]
fn an_alias_bomb_is_refused_with_the_limit_it_hit() {
    // "Billion laughs": nine levels of nine aliases each would expand to 9^9 values.
    let mut text = String::from("users:\n  a0: &a0 {display_name: lol}\n");
    for level in 1..=9 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("  a{level}: &a{level} [{aliases}]\n"));
    }
    insta::assert_snapshot!(check(&text), @"
    users.yaml:8:42: invalid YAML: anchors and aliases (`&name`, `*name`) in this file expand to more than 2,000,000 values (usersync's limit for one file)
      hint: write the values out instead of nesting aliases, or split the manifest into several files
    ");
}

#[test]
fn absurd_nesting_is_refused_with_the_limit_it_hit() {
    let text = format!(
        "users:\n  alice:\n    accounts: {}{}\n",
        "[".repeat(70),
        "]".repeat(70)
    );
    insta::assert_snapshot!(check(&text), @"
    users.yaml:3:32: invalid YAML: lists and maps nested more than 20 levels deep (usersync's limit); a manifest needs 6
      hint: check the brackets and the indentation here
    ");
}

#[test]
fn a_value_that_is_not_a_number_does_not_hide_other_problems() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1, rate_limit: {UpdateUser: .nan, ListUsers: .inf}}
        users:
          alice:
            display_name: -.inf
            email: alice@example
    "), @r#"
    users.yaml:2:67: providers.cic.rate_limit.UpdateUser: found `.nan`, expected a finite number
    users.yaml:2:84: providers.cic.rate_limit.ListUsers: found `.inf`, expected a finite number
    users.yaml:5:19: users.alice.display_name: found the number `-.inf`, expected a string
      hint: write "-.inf" in quotes so YAML keeps it as text
    users.yaml:6:12: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    "#);
}

#[test]
fn a_yaml_1_1_boolean_where_text_belongs_says_how_yaml_read_it() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc:
                use_mobile_accept: off
                nick: no
                staff_no: false
    "), @r#"
    users.yaml:8:28: users.alice.accounts.ccc.use_mobile_accept: found the boolean `false` (YAML reads an unquoted `off` as false), expected one of `off`, `when-offline`, `always`
      hint: write "off" in quotes so YAML keeps it as text
    users.yaml:9:15: users.alice.accounts.ccc.nick: found the boolean `false` (YAML reads an unquoted `no` as false), expected a string
      hint: write "no" in quotes so YAML keeps it as text
    users.yaml:10:19: users.alice.accounts.ccc.staff_no: found the boolean `false`, expected a string
      hint: write "false" in quotes so YAML keeps it as text
    "#);
}

#[test]
fn a_document_start_marker_alone_is_fine() {
    insta::assert_snapshot!(check("
        ---
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
    "), @"providers: cic (tencent-cic)");
}
