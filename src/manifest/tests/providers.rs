//! Provider configuration: the instance id each type needs, where Alibaba providers answer,
//! and rate limits.

use super::check;

#[test]
fn each_provider_type_needs_its_instance_id() {
    insta::assert_snapshot!(check("
        providers:
          ccc:
            type: tencent-ccc
          cic:
            type: tencent-cic
            sdk_app_id: 1400000001
          accc:
            type: alibaba-ccc
            region: cn-shanghai
          eiam:
            type: alibaba-eiam
            zone_id: z-1
            region: cn-hangzhou
    "), @"
    users.yaml:2:3: providers.ccc: `tencent-ccc` providers need `sdk_app_id`
    users.yaml:4:3: providers.cic: `tencent-cic` providers need `zone_id`
    users.yaml:7:3: providers.accc: `alibaba-ccc` providers need `instance_id`
    users.yaml:10:3: providers.eiam: `alibaba-eiam` providers need `instance_id`
    ");
}

#[test]
fn alibaba_providers_need_a_region_or_an_endpoint() {
    insta::assert_snapshot!(check("
        providers:
          accc: {type: alibaba-ccc, instance_id: ccc-test}
          eiam: {type: alibaba-eiam, instance_id: idaas_1, endpoint: 'http://127.0.0.1:18600'}
          cic: {type: tencent-cic, zone_id: z-1}
    "), @"
    users.yaml:2:3: providers.accc: an `alibaba-ccc` provider needs `region` (or an `endpoint`)
      hint: the region of the instance, e.g. `cn-shanghai`
    ");
}

#[test]
fn an_endpoint_must_be_a_url() {
    insta::assert_snapshot!(check("
        providers:
          eiam:
            type: alibaba-eiam
            instance_id: idaas_1
            endpoint: eiam.cn-hangzhou.aliyuncs.com
    "), @"users.yaml:5:15: providers.eiam.endpoint: found `eiam.cn-hangzhou.aliyuncs.com`, expected a URL starting with `https://` or `http://`");
}

#[test]
fn a_rate_limit_for_an_unknown_action_gets_a_did_you_mean() {
    insta::assert_snapshot!(check("
        providers:
          accc:
            type: alibaba-ccc
            instance_id: ccc-test
            region: cn-shanghai
            rate_limit: {ModifyUsers: 5}
    "), @"
    users.yaml:6:18: providers.accc.rate_limit.ModifyUsers: `alibaba-ccc` does not call `ModifyUsers`
      hint: did you mean `ModifyUser`?
    ");
}

#[test]
fn a_rate_limit_for_another_providers_action_lists_the_actions() {
    insta::assert_snapshot!(check("
        providers:
          ccc:
            type: tencent-ccc
            sdk_app_id: 1400000001
            rate_limit:
              UpdateUser: 5
    "), @"
    users.yaml:6:7: providers.ccc.rate_limit.UpdateUser: `tencent-ccc` does not call `UpdateUser`
      hint: actions: `DescribeStaffInfoList`, `DescribeSkillGroupInfoList`, `DescribeStaffStatusMetrics`, `ModifyStaff`
    ");
}

#[test]
fn a_rate_limit_must_be_positive() {
    insta::assert_snapshot!(check("
        providers:
          cic:
            type: tencent-cic
            zone_id: z-1
            rate_limit: {ListUsers: 0, GetUser: -2, UpdateUser: 0.5}
    "), @"
    users.yaml:5:29: providers.cic.rate_limit.ListUsers: found `0`, expected a positive number of requests per second
    users.yaml:5:41: providers.cic.rate_limit.GetUser: found `-2`, expected a positive number of requests per second
    ");
}

#[test]
fn a_rate_limit_must_be_a_number() {
    insta::assert_snapshot!(check("
        providers:
          cic:
            type: tencent-cic
            zone_id: z-1
            rate_limit: {UpdateUser: fast}
    "), @"users.yaml:5:30: providers.cic.rate_limit.UpdateUser: found the string `fast`, expected a number");
}

#[test]
fn a_full_provider_configuration_is_accepted() {
    insta::assert_snapshot!(check("
        providers:
          eiam:
            type: alibaba-eiam
            instance_id: idaas_1
            region: cn-hangzhou
            endpoint: https://eiam.cn-hangzhou.aliyuncs.com
            rate_limit: {UpdateUser: 10, ListUsers: 2.5}
            credentials:
              id_env: EIAM_KEY_ID
              secret_env: EIAM_KEY_SECRET
              token_env: EIAM_TOKEN
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001, region: ap-guangzhou}
    "), @"providers: ccc (tencent-ccc) eiam (alibaba-eiam)");
}

#[test]
fn a_secret_pasted_where_its_variable_name_belongs_is_refused_without_echoing_it() {
    let text = check(
        "
        providers:
          eiam:
            type: alibaba-eiam
            instance_id: idaas_1
            region: cn-hangzhou
            credentials:
              id_env: EIAM_PROD_ID
              secret_env: UsersyncSecretEXAMPLE0123456789abc
    ",
    );
    assert!(!text.contains("UsersyncSecretEXAMPLE"), "{text}");
    insta::assert_snapshot!(text, @"
    users.yaml:8:19: providers.eiam.credentials.secret_env: expected the name of an environment variable (upper-case letters, digits and `_`, such as `ALIBABA_CLOUD_ACCESS_KEY_ID`), not its value; what is written here is not shown, in case it is a secret
      hint: put the secret in the environment and its variable's name here
    ");
}
