//! Several files merged into one manifest: what is defined twice names both places, and a
//! problem in one file does not hide another file's.

use super::check;

#[test]
fn files_merge_into_one_desired_state() {
    insta::assert_snapshot!(check("
        ==> providers.yaml <==
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        ==> team/alice.yaml <==
        users:
          alice:
            display_name: Alice Liu
            accounts:
              cic: {user_name: alice}
        ==> team/bob.yaml <==
        users:
          bob:
            accounts:
              cic: {user_id: u-2, first_name: Bob}
    "), @"
    providers: cic (tencent-cic)
    cic alice: by user_name `alice`
      display_name = `Alice Liu` at team/alice.yaml:3:19
    cic bob: by user_id `u-2`
      first_name = `Bob` at team/bob.yaml:4:39
    ");
}

#[test]
fn a_person_defined_in_two_files_names_both() {
    insta::assert_snapshot!(check("
        ==> a.yaml <==
        users:
          alice:
            email: alice@example.com
        ==> b.yaml <==
        users:
          bob: {}
          alice:
            email: alice.liu@example.com
    "), @"
    b.yaml:3:3: users.alice: defined twice
      note: first defined at a.yaml:2:3
      hint: keep one definition; merge the two entries
    ");
}

#[test]
fn a_provider_defined_in_two_files_names_both() {
    insta::assert_snapshot!(check("
        ==> a.yaml <==
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        ==> b.yaml <==
        providers:
          cic: {type: tencent-cic, zone_id: z-2}
    "), @"
    b.yaml:2:3: providers.cic: defined twice
      note: first defined at a.yaml:2:3
      hint: keep one definition; merge the two entries
    ");
}

#[test]
fn structure_problems_in_one_file_do_not_hide_another_files() {
    insta::assert_snapshot!(check("
        ==> a.yaml <==
        providers:
          cic: {type: tencent-cic, zone_id: z-1, regoin: ap-guangzhou}
        ==> b.yaml <==
        users:
          alice:
            emial: alice@example.com
    "), @"
    a.yaml:2:42: providers.cic.regoin: unknown key `regoin`
      hint: did you mean `region`? allowed keys: `type`, `sdk_app_id`, `zone_id`, `instance_id`, `region`, `endpoint`, `rate_limit`, `credentials`
    b.yaml:3:5: users.alice.emial: unknown key `emial`
      hint: did you mean `email`? allowed keys: `display_name`, `email`, `phone`, `accounts`
    ");
}

#[test]
fn a_syntax_error_in_one_file_does_not_hide_another_files_problems() {
    insta::assert_snapshot!(check(r#"
        ==> a.yaml <==
        users:
          alice: {display_name: "Alice}
        ==> b.yaml <==
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          bob:
            email: bob.example.com
            accounts:
              cic: {user_name: bob}
    "#), @"
    a.yaml:2:25: invalid YAML: unclosed quote
    b.yaml:5:12: users.bob.email: found `bob.example.com`, expected one `@`
      hint: an address such as `alice@example.com`
    ");
}

#[test]
fn problems_of_several_files_are_sorted_by_file_and_position() {
    insta::assert_snapshot!(check("
        ==> b.yaml <==
        users:
          bob:
            email: bob@example
        ==> a.yaml <==
        providers:
          cic: {type: tencent-cic}
        users:
          alice:
            phone: '+86 138'
    "), @"
    a.yaml:2:3: providers.cic: `tencent-cic` providers need `zone_id`
    a.yaml:5:12: users.alice.phone: found `+86 138`: expected only digits after `+`
      hint: an E.164 number such as `+8613800000001`
    b.yaml:3:12: users.bob.email: found `bob@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    ");
}

#[test]
fn every_file_is_checked_for_its_version() {
    insta::assert_snapshot!(check("
        ==> a.yaml <==
        version: 1
        ==> b.yaml <==
        version: 3
    "), @"
    b.yaml:1:10: version: found `3`, expected `1`
      hint: this usersync reads manifest format version 1
    ");
}
