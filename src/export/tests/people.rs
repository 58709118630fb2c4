//! Which accounts make one person, what goes on the person, names and keys, `--unmanaged`.

use super::check_export;

#[test]
fn accounts_sharing_an_email_or_a_phone_are_one_person() {
    let exported = check_export(
        r#"
tccc:
  skill_groups: {101: Sales, 102: Support}
  accounts:
    - {email: Alice@Example.com, display_name: Alice Liu, phone: "+8613800000001", skill_groups: ["101", "102"]}
cic:
  accounts:
    - {user_id: u-1, user_name: alice.liu, display_name: Alice Liu, email: alice@example.com, first_name: Alice}
eiam:
  accounts:
    - {user_id: user_1, user_name: alice.liu, display_name: Alice LIU, phone: "+8613800000001"}
    - {user_id: user_2, user_name: bob, display_name: Bob}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
    alice.liu:
      display_name: Alice Liu
      phone: "+8613800000001"
      accounts:
        cic:
          user_name: alice.liu
          email: alice@example.com
          first_name: Alice
        eiam:
          user_name: alice.liu
          display_name: Alice LIU
        tccc:
          email: Alice@Example.com
          skill_groups: [Sales, Support]

    bob:
      display_name: Bob
      accounts:
        eiam:
          user_name: bob
    "#);
}

#[test]
fn a_shared_value_stays_on_the_accounts_when_one_account_lacks_it() {
    // EIAM has no email for alice: a person-level email would set it there.
    let exported = check_export(
        r#"
cic:
  accounts:
    - {user_id: u-1, user_name: alice, display_name: Alice, email: alice@example.com}
eiam:
  accounts:
    - {user_id: user_1, user_name: alice, display_name: Alice, phone: "+8613800000001"}
accc:
  accounts:
    - {user_id: alice@instance-1, user_name: alice, display_name: Alice, phone: "+8613800000001", email: alice@example.com}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
    alice:
      display_name: Alice
      phone: "+8613800000001"
      accounts:
        accc:
          user_name: alice
        cic:
          user_name: alice
          email: alice@example.com
        eiam:
          user_name: alice
    "#);
}

#[test]
fn the_most_common_value_goes_on_the_person_and_the_others_stay() {
    // Two accounts say +852, one +86 (alibaba-ccc holds mainland numbers only); two say
    // `Alice Chan`, one `Alice CHAN`.
    let exported = check_export(
        r#"
tccc:
  accounts:
    - {email: alice@example.hk, display_name: Alice Chan, phone: "+85291234567"}
eiam:
  accounts:
    - {user_id: user_1, user_name: alice.chan, display_name: Alice CHAN, email: alice@example.hk, phone: "+85291234567"}
accc:
  accounts:
    - {user_id: achan@instance-1, user_name: achan, display_name: Alice Chan, email: alice@example.hk, phone: "+8613800000001"}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
    achan:
      display_name: Alice Chan
      email: alice@example.hk
      phone: "+85291234567"
      accounts:
        accc:
          user_name: achan
          phone: "+8613800000001"
        eiam:
          user_name: alice.chan
          display_name: Alice CHAN
        tccc: {}
    "#);
}

#[test]
fn people_are_named_from_logins_then_emails_and_made_unique() {
    let exported = check_export(
        r#"
tccc:
  accounts:
    - {email: li.na@example.cn, display_name: 李娜}
    - {email: alice@example.com, display_name: Alice (Shanghai)}
    - {email: alice@example.org, display_name: Alice (Hong Kong)}
cic:
  accounts:
    - {user_id: u-1, user_name: 王伟, display_name: 王伟}
    - {user_id: u-2, user_name: "Zhang San", display_name: 张三}
"#,
        &["take alice"],
    );
    insta::assert_snapshot!(exported, @r#"
    alice-2:
      display_name: Alice (Shanghai)
      email: alice@example.com
      accounts:
        tccc: {}

    alice-3:
      display_name: Alice (Hong Kong)
      email: alice@example.org
      accounts:
        tccc: {}

    li.na:
      display_name: 李娜
      email: li.na@example.cn
      accounts:
        tccc: {}

    zhang-san:
      display_name: 张三
      accounts:
        cic:
          user_name: Zhang San

    王伟:
      display_name: 王伟
      accounts:
        cic:
          user_name: 王伟
    "#);
}

#[test]
fn a_login_two_accounts_share_is_not_a_key() {
    let exported = check_export(
        r#"
cic:
  accounts:
    - {user_id: u-1, user_name: Bob, display_name: Bob One}
    - {user_id: u-2, user_name: bob, display_name: Bob Two}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
    bob:
      display_name: Bob One
      accounts:
        cic:
          user_id: u-1

    bob-2:
      display_name: Bob Two
      accounts:
        cic:
          user_id: u-2
    "#);
}

#[test]
fn unmanaged_exports_only_the_others_and_points_at_their_owner() {
    let observed = r#"
tccc:
  accounts:
    - {email: alice@example.com, display_name: Alice}
    - {email: carol@example.com, display_name: Carol}
eiam:
  accounts:
    - {user_id: user_1, user_name: alice.liu, display_name: Alice, email: alice@example.com}
    - {user_id: user_2, user_name: dave, display_name: Dave}
"#;
    let flags = [
        "unmanaged",
        "manage tccc alice@example.com alice",
        "take alice",
    ];
    insta::assert_snapshot!(check_export(observed, &flags), @r#"
      alice.liu:
        display_name: Alice
        email: alice@example.com
        accounts:
          eiam:
            user_name: alice.liu

      carol:
        display_name: Carol
        email: carol@example.com
        accounts:
          tccc: {}

      dave:
        display_name: Dave
        accounts:
          eiam:
            user_name: dave
    note: `alice.liu` shares an email or a phone with `alice`; its accounts may belong under `users.alice.accounts`
    "#);
    // Without `--unmanaged`, managed accounts keep their person's name.
    let flags = ["manage tccc alice@example.com alice", "take alice"];
    insta::assert_snapshot!(check_export(observed, &flags), @r#"
    alice:
      display_name: Alice
      email: alice@example.com
      accounts:
        eiam:
          user_name: alice.liu
        tccc: {}

    carol:
      display_name: Carol
      email: carol@example.com
      accounts:
        tccc: {}

    dave:
      display_name: Dave
      accounts:
        eiam:
          user_name: dave
    "#);
}
