//! The structure check against the generated schema: unknown keys, wrong types, values outside
//! an enumeration, the format version; every problem of a file in one run, each once.

use super::check;

#[test]
fn an_unknown_top_level_key_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        version: 1
        provider:
          cic: {type: tencent-cic, zone_id: z-1}
    "), @"
    users.yaml:2:1: provider: unknown key `provider`
      hint: did you mean `providers`? allowed keys: `version`, `providers`, `users`
    ");
}

#[test]
fn an_unknown_provider_key_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        providers:
          eiam:
            type: alibaba-eiam
            instance_id: idaas_1
            region: cn-hangzhou
            rate_limits: {UpdateUser: 10}
    "), @"
    users.yaml:6:5: providers.eiam.rate_limits: unknown key `rate_limits`
      hint: did you mean `rate_limit`? allowed keys: `type`, `sdk_app_id`, `zone_id`, `instance_id`, `region`, `endpoint`, `rate_limit`, `credentials`
    ");
}

#[test]
fn an_unknown_person_key_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        users:
          alice:
            dispaly_name: Alice Liu
    "), @"
    users.yaml:3:5: users.alice.dispaly_name: unknown key `dispaly_name`
      hint: did you mean `display_name`? allowed keys: `display_name`, `email`, `phone`, `accounts`
    ");
}

#[test]
fn an_unknown_account_key_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic: {user_name: alice, frist_name: Alice}
    "), @"
    users.yaml:6:31: users.alice.accounts.cic.frist_name: unknown key `frist_name`
      hint: did you mean `first_name`? `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    ");
}

/// The keys of the account's own provider type are suggested and listed, not every type's:
/// `nick_name` on Tencent CCC is `nick` (Alibaba CCC's `nickname` would be nearer in all).
#[test]
fn an_unknown_account_key_is_matched_against_its_provider_types_keys() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {nick_name: Ali, extra: {any: [thing]}, nickname: Al}
    "), @"
    users.yaml:7:13: users.alice.accounts.ccc.nick_name: unknown key `nick_name`
      hint: did you mean `nick`? `tencent-ccc` accounts hold: `email`, `display_name`, `phone`, `nick`, `staff_no`, `skill_groups`, `use_mobile_call_out`, `use_mobile_accept`, `extension`, `forwarding`
    users.yaml:7:29: users.alice.accounts.ccc.extra: unknown key `extra`
      hint: `tencent-ccc` accounts hold: `email`, `display_name`, `phone`, `nick`, `staff_no`, `skill_groups`, `use_mobile_call_out`, `use_mobile_accept`, `extension`, `forwarding`
    users.yaml:7:52: users.alice.accounts.ccc.nickname: `tencent-ccc` accounts cannot hold `nickname`
      hint: did you mean `nick`? `tencent-ccc` accounts hold: `email`, `display_name`, `phone`, `nick`, `staff_no`, `skill_groups`, `use_mobile_call_out`, `use_mobile_accept`, `extension`, `forwarding`
    ");
}

#[test]
fn an_unknown_key_like_no_other_lists_the_allowed_keys() {
    insta::assert_snapshot!(check("
        users:
          alice:
            manager: bob
    "), @"
    users.yaml:3:5: users.alice.manager: unknown key `manager`
      hint: allowed keys: `display_name`, `email`, `phone`, `accounts`
    ");
}

#[test]
fn a_map_where_a_list_belongs_is_refused() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc:
                skill_groups: {Sales: 101}
    "), @"users.yaml:8:23: users.alice.accounts.ccc.skill_groups: found a map, expected a list");
}

#[test]
fn a_negative_skill_group_id_is_refused() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {skill_groups: [Sales, -1]}
    "), @"users.yaml:7:35: users.alice.accounts.ccc.skill_groups[1]: found `-1`, expected a number of at least 0");
}

#[test]
fn text_where_a_boolean_belongs_is_refused() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {use_mobile_call_out: enabled}
    "), @"users.yaml:7:34: users.alice.accounts.ccc.use_mobile_call_out: found the string `enabled`, expected a boolean (true or false)");
}

#[test]
fn a_bad_mobile_accept_lists_the_values() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {use_mobile_accept: allways}
    "), @"
    users.yaml:7:32: users.alice.accounts.ccc.use_mobile_accept: found `allways`, expected one of `off`, `when-offline`, `always`
      hint: did you mean `always`?
    ");
}

#[test]
fn a_bad_work_mode_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        providers:
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            accounts:
              accc: {user_id: alice@ccc-test, work_mode: ONSITE}
    "), @"
    users.yaml:6:50: users.alice.accounts.accc.work_mode: found `ONSITE`, expected one of `ON_SITE`, `OFF_SITE`, `OFFICE_PHONE`
      hint: did you mean `ON_SITE`?
    ");
}

#[test]
fn a_provider_without_a_type_is_refused_and_its_accounts_are_not_checked() {
    insta::assert_snapshot!(check("
        providers:
          cic:
            zone_id: z-1
        users:
          alice:
            accounts:
              cic: {skill_groups: [Sales]}
    "), @"users.yaml:2:3: providers.cic: missing required key `type`");
}

#[test]
fn version_2_is_refused() {
    insta::assert_snapshot!(check("
        version: 2
        users: {}
    "), @"
    users.yaml:1:10: version: found `2`, expected `1`
      hint: this usersync reads manifest format version 1
    ");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    insta::assert_snapshot!(check("
        versoin: 1
        providers:
          cic: {type: tencent-cic, zone_id: z-1, endpoint: {url: x}}
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001, rate_limit: {ModifyStaff: many}}
        users:
          alice:
            email: alice@example
            phone: +8613800000001
            accounts:
              ccc: {use_mobile_accept: sometimes, nick: alice}
              cic: {user_name: alice, first: Alice}
    "), @r#"
    users.yaml:1:1: versoin: unknown key `versoin`
      hint: did you mean `version`? allowed keys: `version`, `providers`, `users`
    users.yaml:3:52: providers.cic.endpoint: found a map, expected a string
    users.yaml:4:78: providers.ccc.rate_limit.ModifyStaff: found the string `many`, expected a number
    users.yaml:7:12: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:8:12: users.alice.phone: found the number `+8613800000001`, expected a string
      hint: write "+8613800000001" in quotes so YAML keeps it as text
    users.yaml:10:32: users.alice.accounts.ccc.use_mobile_accept: found `sometimes`, expected one of `off`, `when-offline`, `always`
    users.yaml:11:31: users.alice.accounts.cic.first: unknown key `first`
      hint: did you mean `first_name`? `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    "#);
}

#[test]
fn accounts_on_a_provider_with_a_broken_entry_are_not_reported_again() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cloud-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic: {user_name: alice, skill_groups: [Sales]}
    "), @"
    users.yaml:2:15: providers.cic.type: found `tencent-cloud-cic`, expected one of `tencent-ccc`, `tencent-cic`, `alibaba-ccc`, `alibaba-eiam`
      hint: did you mean `tencent-ccc`?
    ");
}

#[test]
fn problems_under_credentials_do_not_hide_the_files_other_problems() {
    insta::assert_snapshot!(check("
        providers:
          cic:
            type: tencent-cic
            zone_id: z-1
            credentials: {id_env: 5, secert_env: CIC_SECRET}
        users:
          alice:
            email: alice@example
            accounts:
              cic: {user_name: alice}
    "), @r#"
    users.yaml:5:27: providers.cic.credentials.id_env: found the number `5`, expected a string
      hint: write "5" in quotes so YAML keeps it as text
    users.yaml:5:30: providers.cic.credentials.secert_env: unknown key `secert_env`
      hint: did you mean `secret_env`? allowed keys: `id_env`, `secret_env`, `token_env`
    users.yaml:8:12: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    "#);
}

#[test]
fn a_missing_required_key_points_at_the_maps_own_key() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {}
    "), @"users.yaml:3:3: providers.cic: missing required key `type`");
}

#[test]
fn a_needed_key_with_a_wrong_type_is_reported_once() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: ccc-prod}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: [cn-shanghai]}
        users:
          alice:
            email: 42
            accounts:
              ccc: {}
              accc: {user_name: 7}
    "), @r#"
    users.yaml:2:40: providers.ccc.sdk_app_id: found the string `ccc-prod`, expected an integer
    users.yaml:3:60: providers.accc.region: found a list, expected a string
    users.yaml:6:12: users.alice.email: found the number `42`, expected a string
      hint: write "42" in quotes so YAML keeps it as text
    users.yaml:9:25: users.alice.accounts.accc.user_name: found the number `7`, expected a string
      hint: write "7" in quotes so YAML keeps it as text
    "#);
}

#[test]
fn a_type_mismatch_says_what_type_was_found() {
    insta::assert_snapshot!(check(r#"
        version: "1"
        providers:
          cic: {type: tencent-cic, zone_id: z-1, rate_limit: {UpdateUser: "5"}}
    "#), @"
    users.yaml:1:10: version: found the string `1`, expected an integer
      hint: write 1 without quotes
    users.yaml:3:67: providers.cic.rate_limit.UpdateUser: found the string `5`, expected a number
      hint: write 5 without quotes
    ");
}

#[test]
fn the_quote_hint_fits_the_field() {
    insta::assert_snapshot!(check("
        users:
          alice:
            display_name: 12
            phone: +8613800000001
            email: alice@example.com
            accounts:
              ccc: {staff_no: 007}
          bob:
            phone: 13900000002
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
    "), @r#"
    users.yaml:3:19: users.alice.display_name: found the number `12`, expected a string
      hint: write "12" in quotes so YAML keeps it as text
    users.yaml:4:12: users.alice.phone: found the number `+8613800000001`, expected a string
      hint: write "+8613800000001" in quotes so YAML keeps it as text
    users.yaml:7:23: users.alice.accounts.ccc.staff_no: found the number `007`, expected a string
      hint: write "007" in quotes so YAML keeps it as text
    users.yaml:9:12: users.bob.phone: found the number `13900000002`, expected a string
      hint: write it in quotes with its country code, e.g. "+8613800000001"
    "#);
}

#[test]
fn an_enumeration_value_gets_the_value_containing_what_was_written() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {use_mobile_accept: offline}
    "), @"
    users.yaml:7:32: users.alice.accounts.ccc.use_mobile_accept: found `offline`, expected one of `off`, `when-offline`, `always`
      hint: did you mean `when-offline`?
    ");
}

#[test]
fn a_number_too_large_for_its_field_does_not_hide_the_files_other_problems() {
    insta::assert_snapshot!(check("
        version: 4294967296
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 18446744073709551616}
        users:
          alice: {email: alice@example}
    "), @"
    users.yaml:1:10: version: found `4294967296`, expected a number of at most 4294967295
    users.yaml:3:40: providers.ccc.sdk_app_id: found `18446744073709551616`, expected a number of at most 18446744073709551615
    users.yaml:5:18: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    ");
}

#[test]
fn a_skill_group_that_is_neither_a_name_nor_an_id_says_both_are_allowed() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {skill_groups: [Sales, {id: 101}]}
    "), @"users.yaml:7:35: users.alice.accounts.ccc.skill_groups[1]: found a map, expected an integer or a string");
}

/// A name with a dot is quoted in paths, by the structure check and by validation alike (so a
/// key the first dropped is not reported again by the second).
#[test]
fn names_with_dots_are_quoted_in_paths() {
    insta::assert_snapshot!(check("
        providers:
          cic.prod: {type: tencent-cic, zone_id: z-1}
        users:
          bob.wang:
            display_name: 12
            email: bob@example
            accounts:
              cic.prod: {user_name: [bob]}
    "), @r#"
    users.yaml:5:19: users."bob.wang".display_name: found the number `12`, expected a string
      hint: write "12" in quotes so YAML keeps it as text
    users.yaml:6:12: users."bob.wang".email: found `bob@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:8:29: users."bob.wang".accounts."cic.prod".user_name: found a list, expected a string
    "#);
}
