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
    ");
}

#[test]
fn an_empty_file_is_an_empty_manifest() {
    insta::assert_snapshot!(check(""), @"providers:");
}

#[test]
fn a_top_level_list_is_refused() {
    let out = check("[alice, bob]");
    // Only the first line: a second one in serde's wording follows (a known issue).
    insta::assert_snapshot!(out.lines().next().unwrap_or_default(), @"users.yaml:1:1: found a list, expected a map");
}

#[test]
fn a_top_level_scalar_is_refused() {
    let out = check("users");
    // Only the first line: a second one in serde's wording follows (a known issue).
    insta::assert_snapshot!(out.lines().next().unwrap_or_default(), @"users.yaml:1:1: found `users`, expected a map");
}

#[test]
fn a_file_of_two_documents_is_refused() {
    let out = check("version: 1\n---\nusers: {}\n");
    // The message goes on to name the YAML library's functions (a known issue).
    assert!(
        out.starts_with("users.yaml:3:1: invalid YAML: multiple YAML documents detected"),
        "{out}"
    );
}

#[test]
fn a_document_start_marker_alone_is_fine() {
    insta::assert_snapshot!(check("
        ---
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
    "), @"providers: cic (tencent-cic)");
}
