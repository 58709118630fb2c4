//! Uniqueness inside the manifest: a remote account belongs to one person, and a value the
//! provider keeps unique is wanted by one account.

use super::check;

#[test]
fn one_remote_account_claimed_by_two_people_names_both() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic: {user_name: alice}
          alice2:
            accounts:
              cic: {user_name: alice}
    "), @"
    users.yaml:9:7: users.alice2.accounts.cic: account `alice` on `cic` is defined twice (also by `alice`)
      note: first defined at users.yaml:6:7
      hint: one remote account belongs to one person
    ");
}

#[test]
fn one_tencent_ccc_agent_claimed_through_two_shared_emails_names_both() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {}
          alice-liu:
            email: alice@example.com
            accounts:
              ccc: {nick: ali}
    "), @"
    users.yaml:11:7: users.alice-liu.accounts.ccc: account `alice@example.com` on `ccc` is defined twice (also by `alice`)
      note: first defined at users.yaml:7:7
      hint: one remote account belongs to one person
    ");
}

#[test]
fn one_tencent_ccc_phone_wanted_by_two_agents_names_both() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            email: alice@example.com
            phone: '+8613800000001'
            accounts:
              ccc: {}
          bob:
            email: bob@example.com
            accounts:
              ccc: {phone: '+8613800000001'}
    "), @"
    users.yaml:12:20: users.bob.accounts.ccc.phone: `+8613800000001` must be unique on `ccc`, and `alice` wants it too
      note: first defined at users.yaml:6:12
    ");
}

#[test]
fn one_cic_email_wanted_by_two_users_names_both() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            email: shared@example.com
            accounts:
              cic: {user_name: alice}
          bob:
            email: shared@example.com
            accounts:
              cic: {user_name: bob}
    "), @"
    users.yaml:9:12: users.bob.accounts.cic.email: `shared@example.com` must be unique on `cic`, and `alice` wants it too
      note: first defined at users.yaml:5:12
    ");
}

#[test]
fn one_eiam_user_name_wanted_by_two_users_names_both() {
    insta::assert_snapshot!(check("
        providers:
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            accounts:
              eiam: {user_id: user_1, user_name: a.liu}
          anna:
            accounts:
              eiam: {user_id: user_2, user_name: a.liu}
    "), @"
    users.yaml:9:42: users.anna.accounts.eiam.user_name: `a.liu` must be unique on `eiam`, and `alice` wants it too
      note: first defined at users.yaml:6:42
    ");
}

#[test]
fn a_value_is_unique_per_provider_and_only_where_its_type_says_so() {
    insta::assert_snapshot!(check("
        providers:
          cic-a: {type: tencent-cic, zone_id: z-1}
          cic-b: {type: tencent-cic, zone_id: z-2}
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          accc: {type: alibaba-ccc, instance_id: ccc-test, region: cn-shanghai}
        users:
          alice:
            email: shared@example.com
            phone: '+8613800000001'
            accounts:
              cic-a: {user_name: alice}
              accc: {user_name: alice}
          bob:
            email: shared@example.com
            phone: '+8613800000001'
            accounts:
              cic-b: {user_name: bob}
              ccc: {}
              accc: {user_name: bob}
    "), @"
    providers: accc (alibaba-ccc) ccc (tencent-ccc) cic-a (tencent-cic) cic-b (tencent-cic)
    accc alice: by user_name `alice`
      phone = `+8613800000001` at users.yaml:9:12
    accc bob: by user_name `bob`
      phone = `+8613800000001` at users.yaml:15:12
    ccc bob: by email `shared@example.com`
      phone = `+8613800000001` at users.yaml:15:12
    cic-a alice: by user_name `alice`
      email = `shared@example.com` at users.yaml:8:12
    cic-b bob: by user_name `bob`
      email = `shared@example.com` at users.yaml:14:12
    ");
}

#[test]
fn emails_and_user_names_are_unique_without_regard_to_case() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, region: cn-hangzhou}
        users:
          alice:
            email: Shared@Example.com
            accounts:
              cic: {user_name: alice}
              eiam: {user_id: user_1, user_name: A.Liu}
          anna:
            email: shared@example.com
            accounts:
              cic: {user_name: anna}
              eiam: {user_id: user_2, user_name: a.liu}
    "), @"
    users.yaml:11:12: users.anna.accounts.cic.email: `shared@example.com` must be unique on `cic`, and `alice` wants it too as `Shared@Example.com` (compared without regard to case)
      note: first defined at users.yaml:6:12
    users.yaml:14:42: users.anna.accounts.eiam.user_name: `a.liu` must be unique on `eiam`, and `alice` wants it too as `A.Liu` (compared without regard to case)
      note: first defined at users.yaml:9:42
    ");
}

#[test]
fn one_tencent_ccc_agent_claimed_through_emails_differing_in_case_names_both() {
    insta::assert_snapshot!(check("
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
        users:
          alice:
            accounts:
              ccc: {email: Alice@example.com}
          alice-liu:
            accounts:
              ccc: {email: alice@example.com}
    "), @"
    users.yaml:9:7: users.alice-liu.accounts.ccc: account `alice@example.com` on `ccc` is defined twice (also by `alice`, as `Alice@example.com`)
      note: first defined at users.yaml:6:7
      hint: one remote account belongs to one person; emails and user names match without regard to case
    ");
}

#[test]
fn user_ids_are_compared_exactly() {
    insta::assert_snapshot!(check("
        providers:
          cic: {type: tencent-cic, zone_id: z-1}
        users:
          alice:
            accounts:
              cic: {user_id: u-abc}
          bob:
            accounts:
              cic: {user_id: u-ABC}
    "), @"
    providers: cic (tencent-cic)
    cic alice: by user_id `u-abc`
    cic bob: by user_id `u-ABC`
    ");
}
