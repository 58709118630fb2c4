//! Accounts: the provider they are on, the fields its type holds, the key they are matched by,
//! and the values of their fields (emails, phones, descriptions, skill groups, custom fields),
//! shared from the person or set on the account.

use super::check;

#[test]
fn the_readme_example_gives_its_desired_state() {
    insta::assert_snapshot!(check(r#"
        version: 1
        providers:
          support-ccc:
            type: tencent-ccc
            sdk_app_id: 1400000001
          identity:
            type: alibaba-eiam
            instance_id: idaas_ue2jvisn35ea5lmthk267example
            region: cn-hangzhou
            rate_limit: {UpdateUser: 10}
            credentials:
              id_env: ALIBABA_CLOUD_ACCESS_KEY_ID
              secret_env: ALIBABA_CLOUD_ACCESS_KEY_SECRET
        users:
          alice:
            display_name: Alice Liu
            email: alice@example.com
            phone: "+8613800000001"
            accounts:
              support-ccc:
                nick: alice
                skill_groups: [Sales, 102]
                use_mobile_accept: when-offline
              identity:
                user_name: alice.liu
                custom_fields: {cost_center: CC-1001, legacy: null}
    "#), @"
    providers: identity (alibaba-eiam) support-ccc (tencent-ccc)
    identity alice: by user_name `alice.liu`
      display_name = `Alice Liu` at users.yaml:16:19
      email = `alice@example.com` at users.yaml:17:12
      phone = `+8613800000001` at users.yaml:18:12
      custom_fields.cost_center = `CC-1001` at users.yaml:26:38
      custom_fields.legacy = unset at users.yaml:26:55
    support-ccc alice: by email `alice@example.com`
      display_name = `Alice Liu` at users.yaml:16:19
      phone = `+8613800000001` at users.yaml:18:12
      nick = `alice` at users.yaml:21:15
      skill_groups = [102, Sales] at users.yaml:22:23
      use_mobile_accept = `when-offline` at users.yaml:23:28
    ");
}

#[test]
fn an_undeclared_provider_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic-prod: {user_name: alice}
    "), @"
    users.yaml:6:7: users.alice.accounts.cic-prod: provider `cic-prod` is not declared under `providers`
      hint: did you mean `cic`?
    ");
}

#[test]
fn a_field_the_provider_type_cannot_hold_lists_what_it_holds() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            email: alice@example.com
            accounts:
              cic:
                user_name: alice
                skill_groups: [Sales]
                phone: '+8613800000001'
              accc:
                user_id: alice@ccc-test
                custom_fields: {a: b}
    "), @"
    users.yaml:10:9: users.alice.accounts.cic.skill_groups: `tencent-cic` accounts cannot hold `skill_groups`
      hint: `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    users.yaml:11:9: users.alice.accounts.cic.phone: `tencent-cic` accounts cannot hold `phone`
      hint: `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    users.yaml:14:9: users.alice.accounts.accc.custom_fields: `alibaba-ccc` accounts cannot hold `custom_fields`
      hint: `alibaba-ccc` accounts hold: `user_id`, `user_name`, `display_name`, `phone`, `work_mode`, `role`, `display_id`, `nickname`, `avatar_url`, `email`
    ");
}

#[test]
fn every_account_needs_the_key_its_type_is_matched_by() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {type: tencent-cic, zone_id: z-1}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              ccc: {nick: alice}
              cic: {first_name: Alice}
              accc: {}
              eiam: {display_name: Alice}
    "), @"
    users.yaml:9:7: users.alice.accounts.ccc: `tencent-ccc` accounts need `email` to be matched to their remote account
    users.yaml:10:7: users.alice.accounts.cic: `tencent-cic` accounts need `user_id` or `user_name` to be matched to their remote account
    users.yaml:11:7: users.alice.accounts.accc: `alibaba-ccc` accounts need `user_id` or `user_name` to be matched to their remote account
    users.yaml:12:7: users.alice.accounts.eiam: `alibaba-eiam` accounts need `user_id` or `user_name` to be matched to their remote account
    ");
}

#[test]
fn a_person_email_is_the_tencent_ccc_key_and_an_account_email_overrides_it() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {}
          bob:
            email: bob@example.com
            accounts:
              ccc: {email: robert@example.com}
    "), @"
    providers: ccc (tencent-ccc)
    ccc alice: by email `alice@example.com`
    ccc bob: by email `robert@example.com`
    ");
}

#[test]
fn a_user_id_is_the_key_before_a_user_name() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              cic: {user_id: u-1, user_name: alice}
              eiam: {user_id: user_1, user_name: alice.liu}
    "), @"
    providers: cic (tencent-cic) eiam (alibaba-eiam)
    cic alice: by user_id `u-1`
      user_name = `alice` at users.yaml:7:38
    eiam alice: by user_id `user_1`
      user_name = `alice.liu` at users.yaml:8:42
    ");
}

#[test]
fn user_name_is_not_a_field_when_it_is_the_key() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            accounts:
              eiam: {user_name: alice.liu}
              accc: {user_name: alice}
    "), @"
    providers: accc (alibaba-ccc) eiam (alibaba-eiam)
    accc alice: by user_name `alice`
    eiam alice: by user_name `alice.liu`
    ");
}

#[test]
fn empty_values_are_refused() {
    insta::assert_snapshot!(check(r#"
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            display_name: ""
            accounts:
              cic: {user_name: alice, first_name: "  ", last_name: Liu}
    "#), @"
    users.yaml:5:19: users.alice.display_name: an empty value would clear the field, and the providers do not document clearing
      hint: remove the key to leave the field unmanaged
    users.yaml:7:43: users.alice.accounts.cic.first_name: an empty value would clear the field, and the providers do not document clearing
      hint: remove the key to leave the field unmanaged
    ");
}

#[test]
fn malformed_emails_say_what_is_wrong() {
    insta::assert_snapshot!(check("
        users:
          a: {email: alice.example.com}
          b: {email: '@example.com'}
          c: {email: a@b@example.com}
          d: {email: alice@example}
          e: {email: alice@.example.com}
          f: {email: alice@example..com}
          g: {email: 'alice liu@example.com'}
          h: {email: alice@example.com.}
    "), @"
    users.yaml:2:14: users.a.email: found `alice.example.com`, expected one `@`
      hint: an address such as `alice@example.com`
    users.yaml:3:14: users.b.email: found `@example.com`, expected text before a single `@`
      hint: an address such as `alice@example.com`
    users.yaml:4:14: users.c.email: found `a@b@example.com`, expected text before a single `@`
      hint: an address such as `alice@example.com`
    users.yaml:5:14: users.d.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:6:14: users.e.email: found `alice@.example.com`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:7:14: users.f.email: found `alice@example..com`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:8:14: users.g.email: found `alice liu@example.com`, expected no spaces
      hint: an address such as `alice@example.com`
    users.yaml:9:14: users.h.email: found `alice@example.com.`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    ");
}

#[test]
fn an_eiam_email_allows_only_letters_digits_dot_underscore_and_dash_before_the_at() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            email: alice+ops@example.com
            accounts:
              eiam: {user_name: alice}
              cic: {user_name: alice}
          bob:
            accounts:
              eiam: {user_name: bob, email: bob.o_k-1@example.com}
    "), @"users.yaml:6:12: users.alice.email: found `alice+ops@example.com`: alibaba-eiam allows only letters, digits, `.`, `_` and `-` before the `@`");
}

#[test]
fn an_eiam_user_name_allows_only_letters_digits_and_some_punctuation() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              eiam: {user_id: user_1, user_name: alice liu}
          bob:
            accounts:
              eiam: {user_id: user_2, user_name: bob_O.k-1@corp}
    "), @"users.yaml:6:42: users.alice.accounts.eiam.user_name: found `alice liu`: alibaba-eiam usernames allow only letters, digits, `_`, `.`, `@` and `-`");
}

#[test]
fn malformed_phones_say_what_is_wrong() {
    insta::assert_snapshot!(check("
        users:
          a: {phone: '138 0000 0001'}
          b: {phone: '+86 138 0000 0001'}
          c: {phone: '+86138'}
          d: {phone: '+8613800000000001'}
          e: {phone: '+0861380000'}
    "), @"
    users.yaml:2:14: users.a.phone: found `138 0000 0001`: expected an E.164 number starting with `+`
      hint: an E.164 number such as `+8613800000001`
    users.yaml:3:14: users.b.phone: found `+86 138 0000 0001`: expected only digits after `+`
      hint: an E.164 number such as `+8613800000001`
    users.yaml:4:14: users.c.phone: found `+86138`: expected 8 to 15 digits after `+`, found 5
      hint: an E.164 number such as `+8613800000001`
    users.yaml:5:14: users.d.phone: found `+8613800000000001`: expected 8 to 15 digits after `+`, found 16
      hint: an E.164 number such as `+8613800000001`
    users.yaml:6:14: users.e.phone: found `+0861380000`: a country code never starts with 0
      hint: an E.164 number such as `+8613800000001`
    ");
}

#[test]
fn alibaba_ccc_cannot_hold_a_number_outside_mainland_china() {
    insta::assert_snapshot!(check("
        providers:
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          carol:
            phone: '+85291234567'
            accounts:
              accc: {user_id: carol@ccc-test}
          dave:
            accounts:
              accc: {user_id: dave@ccc-test, phone: '+14155550100'}
    "), @"
    users.yaml:5:12: users.carol.phone: `+85291234567` cannot be held: alibaba-ccc holds mainland China mobile numbers only (+86), found +852
      hint: set a `phone` on this account that the provider can hold, or leave the account's phone unmanaged with a different number
    users.yaml:10:45: users.dave.accounts.accc.phone: `+14155550100` cannot be held: alibaba-ccc holds mainland China mobile numbers only (+86), found +1
      hint: set a `phone` on this account that the provider can hold, or leave the account's phone unmanaged with a different number
    ");
}

#[test]
fn an_account_phone_replaces_a_shared_phone_its_provider_cannot_hold() {
    insta::assert_snapshot!(check("
        providers:
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          carol:
            phone: '+85291234567'
            accounts:
              accc: {user_id: carol@ccc-test, phone: '+8613800000003'}
    "), @"
    providers: accc (alibaba-ccc)
    accc carol: by user_id `carol@ccc-test`
      phone = `+8613800000003` at users.yaml:7:46
    ");
}

#[test]
fn alibaba_eiam_cannot_hold_a_national_number_under_six_digits() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            phone: '+85212345'
            accounts:
              eiam: {user_name: alice}
              ccc: {}
    "), @"
    users.yaml:7:12: users.alice.phone: `+85212345` cannot be held: alibaba-eiam needs a national number of 6 to 15 digits, found 5
      hint: set a `phone` on this account that the provider can hold, or leave the account's phone unmanaged with a different number
    ");
}

#[test]
fn a_cic_description_over_300_bytes_is_refused() {
    insta::assert_snapshot!(check(&"
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic:
                user_name: alice
                description: DESCRIPTION
    ".replace("DESCRIPTION", &format!("{}a", "描".repeat(100)))), @"users.yaml:8:22: users.alice.accounts.cic.description: 301 bytes long, tencent-cic allows at most 300");
}

#[test]
fn a_cic_description_of_exactly_300_bytes_is_accepted() {
    insta::assert_snapshot!(check(&"
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic:
                user_name: alice
                description: DESCRIPTION
    ".replace("DESCRIPTION", &"描".repeat(100))), @"
    providers: cic (tencent-cic)
    cic alice: by user_name `alice`
      description = `描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描描` at users.yaml:8:22
    ");
}

#[test]
fn skill_groups_are_names_and_ids_kept_as_a_set() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc:
                skill_groups: [Sales, 102, Support, Sales]
          bob:
            email: bob@example.com
            accounts:
              ccc: {skill_groups: []}
    "), @"
    providers: ccc (tencent-ccc)
    ccc alice: by email `alice@example.com`
      skill_groups = [102, Sales, Support] at users.yaml:8:23
    ccc bob: by email `bob@example.com`
      skill_groups = [] at users.yaml:12:27
    ");
}

#[test]
fn a_null_custom_field_is_unset_and_others_are_text() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              eiam:
                user_name: alice
                custom_fields:
                  cost_center: CC-1001
                  legacy: null
                  nick_name: ~
    "), @"
    providers: eiam (alibaba-eiam)
    eiam alice: by user_name `alice`
      custom_fields.cost_center = `CC-1001` at users.yaml:9:24
      custom_fields.legacy = unset at users.yaml:10:19
      custom_fields.nick_name = unset at users.yaml:11:22
    ");
}

#[test]
fn shared_attributes_apply_to_accounts_whose_type_holds_them() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {type: tencent-cic, zone_id: z-1}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            display_name: Alice Liu
            email: alice@example.com
            phone: '+8613800000001'
            accounts:
              ccc: {}
              cic: {user_id: u-1}
              accc: {user_id: alice@ccc-test}
    "), @"
    providers: accc (alibaba-ccc) ccc (tencent-ccc) cic (tencent-cic)
    accc alice: by user_id `alice@ccc-test`
      display_name = `Alice Liu` at users.yaml:7:19
      phone = `+8613800000001` at users.yaml:9:12
    ccc alice: by email `alice@example.com`
      display_name = `Alice Liu` at users.yaml:7:19
      phone = `+8613800000001` at users.yaml:9:12
    cic alice: by user_id `u-1`
      display_name = `Alice Liu` at users.yaml:7:19
      email = `alice@example.com` at users.yaml:8:12
    ");
}

#[test]
fn an_account_value_overrides_the_shared_one() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            display_name: Alice Liu
            email: alice@example.com
            accounts:
              cic: {user_id: u-1, display_name: Liu Alice, email: a.liu@example.com}
              eiam: {user_name: alice}
    "), @"
    providers: cic (tencent-cic) eiam (alibaba-eiam)
    cic alice: by user_id `u-1`
      display_name = `Liu Alice` at users.yaml:9:41
      email = `a.liu@example.com` at users.yaml:9:59
    eiam alice: by user_name `alice`
      display_name = `Alice Liu` at users.yaml:6:19
      email = `alice@example.com` at users.yaml:7:12
    ");
}

#[test]
fn every_account_of_a_person_is_checked() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {type: tencent-cic, zone_id: z-1}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              ccc: {email: alice@example.com, nick: ''}
              cic: {user_name: alice, email: alice@}
              eiam: {user_name: alice, phone: '+1 415'}
    "), @"
    users.yaml:8:45: users.alice.accounts.ccc.nick: an empty value would clear the field, and the providers do not document clearing
      hint: remove the key to leave the field unmanaged
    users.yaml:9:38: users.alice.accounts.cic.email: found `alice@`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:10:39: users.alice.accounts.eiam.phone: found `+1 415`: expected only digits after `+`
      hint: an E.164 number such as `+8613800000001`
    ");
}
