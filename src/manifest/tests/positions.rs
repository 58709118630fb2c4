//! Where diagnostics point: at the key when the key is the problem (unknown, not held, not
//! declared, missing what it needs), at the value when the value is; columns in characters.

use super::check;

#[test]
fn a_problem_with_a_key_points_at_the_key_and_one_with_a_value_at_the_value() {
    insta::assert_snapshot!(check("
        providers:
          cic:
            type: tencent-cic
            zone_id: z-1
            rate_limit:
              UpdateUsers: 5
              ListUsers: 0
        users:
          alice:
            email: alice@example
            accounts:
              cic:
                user_name: alice
                nick: al
              ccc: {}
    "), @"
    users.yaml:6:7: providers.cic.rate_limit.UpdateUsers: `tencent-cic` does not call `UpdateUsers`
      hint: did you mean `UpdateUser`?
    users.yaml:7:18: providers.cic.rate_limit.ListUsers: found `0`, expected a positive number of requests per second
    users.yaml:10:12: users.alice.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    users.yaml:14:9: users.alice.accounts.cic.nick: `tencent-cic` accounts cannot hold `nick`
      hint: `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    users.yaml:15:7: users.alice.accounts.ccc: provider `ccc` is not declared under `providers`
      hint: declared providers: `cic`
    ");
}

#[test]
fn positions_inside_a_flow_map_over_several_lines_point_at_the_entry() {
    insta::assert_snapshot!(check("
        providers: {
          cic: {type: tencent-cic,
                zone_id: z-1,
                rate_limit: {UpdateUsers: 5}}
        }
    "), @"
    users.yaml:4:22: providers.cic.rate_limit.UpdateUsers: `tencent-cic` does not call `UpdateUsers`
      hint: did you mean `UpdateUser`?
    ");
}

#[test]
fn columns_count_characters_not_bytes() {
    insta::assert_snapshot!(check("
        users:
          刘丽: {display_name: 刘丽, email: alice@example}
    "), @"
    users.yaml:2:33: users.刘丽.email: found `alice@example`, expected a domain such as `example.com` after the `@`
      hint: an address such as `alice@example.com`
    ");
}
