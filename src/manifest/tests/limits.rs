//! Values the providers cannot hold, refused at validation with the limit named: control
//! characters in one-line text, lengths over each field's limit (the provider's documented one,
//! or usersync's where the provider documents none), empty keys and custom-field values, and
//! phone numbers too short or too long for their country.

use super::check;

#[test]
fn control_characters_in_one_line_text_are_refused() {
    insta::assert_snapshot!(check(r#"
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            display_name: "Alice\nLiu"
            accounts:
              ccc: {nick: "al\u0000"}
              cic: {user_name: alice, first_name: "Al\tice", description: "line one\nline two"}
    "#), @r#"
    users.yaml:7:19: users.alice.display_name: found a line break (U+000A) in `Alice\nLiu`, expected one line of text
    users.yaml:9:19: users.alice.accounts.ccc.nick: found a control character (U+0000) in `al\0`, expected one line of text
    users.yaml:10:43: users.alice.accounts.cic.first_name: found a tab (U+0009) in `Al\tice`, expected one line of text
    "#);
}

#[test]
fn control_characters_in_keys_are_refused() {
    insta::assert_snapshot!(check(r#"
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            accounts:
              cic: {user_name: "alice\n"}
              accc: {user_id: "alice\r@ccc-test"}
    "#), @r#"
    users.yaml:7:24: users.alice.accounts.cic.user_name: found a line break (U+000A) in `alice\n`, expected one line of text
    users.yaml:8:23: users.alice.accounts.accc.user_id: found a line break (U+000D) in `alice\r@ccc-test`, expected one line of text
    "#);
}

#[test]
fn eiam_lengths_are_its_documented_limits() {
    insta::assert_snapshot!(check(&"
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            display_name: NAME129
            accounts:
              eiam: {user_id: user_1, user_name: USER257, email: EMAIL129}
          bob:
            display_name: NAME128
            accounts:
              eiam: {user_name: bob}
    "
    .replace("NAME129", &"刘".repeat(129))
    .replace("NAME128", &"刘".repeat(128))
    .replace("USER257", &"u".repeat(257))
    .replace("EMAIL129", &format!("{}@example.com", "a".repeat(117)))), @"
    users.yaml:5:19: users.alice.display_name: 129 characters long, alibaba-eiam allows at most 128
    users.yaml:7:42: users.alice.accounts.eiam.user_name: 257 characters long, alibaba-eiam allows at most 256
    users.yaml:7:308: users.alice.accounts.eiam.email: 129 characters long, alibaba-eiam allows at most 128
    ");
}

#[test]
fn text_over_usersyncs_limit_says_the_limit_is_usersyncs() {
    insta::assert_snapshot!(check(&"
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {nick: NICK257, staff_no: STAFF256}
              accc: {user_id: alice@ccc-test, avatar_url: URL}
    "
    .replace("NICK257", &"n".repeat(257))
    .replace("STAFF256", &"s".repeat(256))
    .replace("URL", &format!("https://example.com/{}", "a".repeat(2029)))), @"
    users.yaml:8:19: users.alice.accounts.ccc.nick: 257 characters long, usersync allows at most 256 here (its own limit: the provider documents none)
    users.yaml:9:51: users.alice.accounts.accc.avatar_url: 2049 characters long, usersync allows at most 2048 here (its own limit: the provider documents none)
    ");
}

#[test]
fn empty_keys_are_refused() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {type: tencent-cic, zone_id: z-1}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              ccc: {email: ''}
              cic: {user_name: ''}
              eiam: {user_id: ' '}
    "), @"
    users.yaml:8:20: users.alice.accounts.ccc.email: `email` is empty, so it matches no account
      hint: write the remote account's `email`, or remove the account
    users.yaml:9:24: users.alice.accounts.cic.user_name: `user_name` is empty, so it matches no account
      hint: write the remote account's `user_name`, or remove the account
    users.yaml:10:23: users.alice.accounts.eiam.user_id: `user_id` is empty, so it matches no account
      hint: write the remote account's `user_id`, or remove the account
    ");
}

#[test]
fn an_empty_custom_field_value_is_refused_and_null_removes() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              eiam:
                user_name: alice
                custom_fields: {cost_center: '', legacy: null}
    "), @"
    users.yaml:8:38: users.alice.accounts.eiam.custom_fields.cost_center: an empty value would clear the field, and the providers do not document clearing
      hint: write `null` to remove the value, or remove the key to leave it unmanaged
    ");
}

#[test]
fn a_tencent_ccc_accounts_own_email_is_checked_as_an_email() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            accounts:
              ccc: {email: alice.example.com}
    "), @"
    users.yaml:6:20: users.alice.accounts.ccc.email: found `alice.example.com`, expected one `@`
      hint: an address such as `alice@example.com`
    ");
}

#[test]
fn an_eiam_user_name_key_is_checked_like_the_field() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              eiam: {user_name: alice liu}
    "), @"users.yaml:6:25: users.alice.accounts.eiam.user_name: found `alice liu`: alibaba-eiam usernames allow only letters, digits, `_`, `.`, `@` and `-`");
}

#[test]
fn a_phone_too_short_or_too_long_for_its_country_is_refused() {
    insta::assert_snapshot!(check("
        users:
          a: {phone: '+86138000'}
          b: {phone: '+1415555010'}
          c: {phone: '+44207183875012'}
          d: {phone: '+99912345678'}
          e: {phone: '+8613800000001'}
    "), @"
    users.yaml:2:14: users.a.phone: found `+86138000`: a +86 number has 7 to 12 digits after the country code, found 6
      hint: an E.164 number such as `+8613800000001`
    users.yaml:3:14: users.b.phone: found `+1415555010`: a +1 number has 7 or 10 digits after the country code, found 9
      hint: an E.164 number such as `+8613800000001`
    users.yaml:4:14: users.c.phone: found `+44207183875012`: a +44 number has 7, 9 or 10 digits after the country code, found 12
      hint: an E.164 number such as `+8613800000001`
    users.yaml:5:14: users.d.phone: found `+99912345678`: no country has the calling code +999
      hint: an E.164 number such as `+8613800000001`
    ");
}
