//! Tencent CCC extension numbers and call forwarding in the manifest: the extension's digits
//! rule with its limit named, one target per forwarding, targets the manifest alone can check
//! (a person of the manifest with an agent on the same provider, not the agent itself), and
//! each part set becoming one desired value.

use super::check;

const PROVIDERS: &str = "
        providers:
          ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
          cic: {type: tencent-cic, zone_id: z-1}";

fn with_providers(users: &str) -> String {
    format!("{PROVIDERS}{users}")
}

#[test]
fn every_part_set_is_a_desired_value_and_targets_keep_the_manifests_terms() {
    insta::assert_snapshot!(check(&with_providers("
        users:
          王芳:
            email: wang.fang@example.com
            accounts:
              ccc:
                extension: '8001'
                forwarding: {enabled: true, when: always, to: {person: bob}}
          bob:
            email: bob@example.com
            accounts:
              ccc:
                forwarding: {to: {email: Wang.Fang@example.com}}
          carol:
            email: carol@example.com
            accounts:
              ccc:
                forwarding: {enabled: false, to: {skill_group: 售后服务}}
          dan:
            email: dan@example.com
            accounts:
              ccc:
                forwarding: {when: conditional, to: {skill_group: 102}}
          erin:
            email: erin@example.com
            accounts:
              ccc:
                forwarding: {to: {extension: '8001'}}
    ")), @"
    providers: ccc (tencent-ccc) cic (tencent-cic)
    ccc bob: by email `bob@example.com`
      forwarding.to = `agent:Wang.Fang@example.com` at users.yaml:15:26
    ccc carol: by email `carol@example.com`
      forwarding.enabled = false at users.yaml:20:31
      forwarding.to = `skill_group:售后服务` at users.yaml:20:42
    ccc dan: by email `dan@example.com`
      forwarding.to = `skill_group:102` at users.yaml:25:45
      forwarding.when = `conditional` at users.yaml:25:28
    ccc erin: by email `erin@example.com`
      forwarding.to = `extension:8001` at users.yaml:30:26
    ccc 王芳: by email `wang.fang@example.com`
      extension = `8001` at users.yaml:9:20
      forwarding.enabled = true at users.yaml:10:31
      forwarding.to = `person:bob` at users.yaml:10:55
      forwarding.when = `always` at users.yaml:10:43
    ");
}

#[test]
fn an_extension_breaking_the_digits_rule_names_the_limit() {
    insta::assert_snapshot!(check(&with_providers("
        users:
          alice:
            email: alice@example.com
            accounts: {ccc: {extension: '0801'}}
          bob:
            email: bob@example.com
            accounts: {ccc: {extension: '8001234'}}
          carol:
            email: carol@example.com
            accounts: {ccc: {extension: '8O01'}}
          dan:
            email: dan@example.com
            accounts: {ccc: {extension: 8001}}
          erin:
            email: erin@example.com
            accounts: {cic: {user_name: erin, extension: '8001'}}
    ")), @r#"
    users.yaml:7:33: users.alice.accounts.ccc.extension: found `0801`: tencent-ccc extensions are 4 to 6 digits starting with 1 to 8
    users.yaml:10:33: users.bob.accounts.ccc.extension: found `8001234`: tencent-ccc extensions are 4 to 6 digits starting with 1 to 8
    users.yaml:13:33: users.carol.accounts.ccc.extension: found `8O01`: tencent-ccc extensions are 4 to 6 digits starting with 1 to 8
    users.yaml:16:33: users.dan.accounts.ccc.extension: found the number `8001`, expected a string
      hint: write "8001" in quotes so YAML keeps it as text
    users.yaml:19:39: users.erin.accounts.cic.extension: `tencent-cic` accounts cannot hold `extension`
      hint: `tencent-cic` accounts hold: `user_id`, `user_name`, `display_name`, `email`, `first_name`, `last_name`, `description`
    "#);
}

#[test]
fn one_extension_wanted_by_two_agents_names_both() {
    insta::assert_snapshot!(check(&with_providers("
        users:
          alice:
            email: alice@example.com
            accounts: {ccc: {extension: '8001'}}
          bob:
            email: bob@example.com
            accounts: {ccc: {extension: '8001'}}
    ")), @"
    users.yaml:10:33: users.bob.accounts.ccc.extension: `8001` must be unique on `ccc`, and `alice` wants it too
      note: first defined at users.yaml:7:33
    ");
}

#[test]
fn a_forwarding_names_one_target_and_a_mistake_inside_it_leaves_the_rest_checked() {
    // carol: the structure check drops the bad `when` inside the optional `forwarding`, so its
    // `to` is still validated.
    insta::assert_snapshot!(check(&with_providers("
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc:
                forwarding: {to: {person: bob, extension: '8002'}}
          bob:
            email: bob@example.com
            accounts:
              ccc:
                forwarding: {to: {}}
          carol:
            email: carol@example.com
            accounts:
              ccc:
                forwarding: {when: sometimes, to: {email: carol.example.com}}
          dan:
            email: dan@example.com
            accounts:
              ccc:
                forwarding: {to: {extension: '9001'}, target: {person: bob}}
    ")), @"
    users.yaml:9:26: users.alice.accounts.ccc.forwarding.to: found 2 targets, expected exactly one of `person`, `email`, `skill_group`, `extension`
      hint: e.g. `to: {person: bob}` or `to: {skill_group: Sales}`
    users.yaml:14:26: users.bob.accounts.ccc.forwarding.to: found no target, expected exactly one of `person`, `email`, `skill_group`, `extension`
      hint: e.g. `to: {person: bob}` or `to: {skill_group: Sales}`
    users.yaml:19:28: users.carol.accounts.ccc.forwarding.when: found `sometimes`, expected one of `always`, `conditional`
    users.yaml:19:51: users.carol.accounts.ccc.forwarding.to.email: found `carol.example.com`, expected one `@`
      hint: an address such as `alice@example.com`
    users.yaml:24:38: users.dan.accounts.ccc.forwarding.to.extension: found `9001`: tencent-ccc extensions are 4 to 6 digits starting with 1 to 8
    users.yaml:24:47: users.dan.accounts.ccc.forwarding.target: unknown key `target`
      hint: allowed keys: `enabled`, `when`, `to`
    ");
}

#[test]
fn a_person_target_is_a_person_with_an_agent_on_the_same_provider() {
    insta::assert_snapshot!(check(&with_providers("
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {forwarding: {to: {person: bobb}}}
          bob:
            email: bob@example.com
            accounts:
              ccc: {forwarding: {to: {person: carol}}}
          carol:
            accounts:
              cic: {user_name: carol}
    ")), @"
    users.yaml:8:39: users.alice.accounts.ccc.forwarding.to.person: `bobb` is not a person of the manifest
      hint: did you mean `bob`?
    users.yaml:12:39: users.bob.accounts.ccc.forwarding.to.person: `carol` has no account on `ccc`
      hint: add `carol`'s `ccc` account to the manifest, or name the agent by `email`
    ");
}

#[test]
fn an_agent_cannot_forward_to_itself_by_person_email_or_extension() {
    insta::assert_snapshot!(check(&with_providers("
        users:
          alice:
            email: alice@example.com
            accounts:
              ccc: {forwarding: {to: {person: alice}}}
          bob:
            email: bob@example.com
            accounts:
              ccc: {forwarding: {to: {email: BOB@example.com}}}
          carol:
            email: carol@example.com
            accounts:
              ccc: {extension: '8003', forwarding: {to: {extension: '8003'}}}
    ")), @"
    users.yaml:8:39: users.alice.accounts.ccc.forwarding.to.person: an agent cannot forward its calls to itself
      hint: forward to another agent, a skill group or another extension
    users.yaml:12:38: users.bob.accounts.ccc.forwarding.to.email: an agent cannot forward its calls to itself
      hint: forward to another agent, a skill group or another extension
    users.yaml:16:61: users.carol.accounts.ccc.forwarding.to.extension: an agent cannot forward its calls to itself
      hint: forward to another agent, a skill group or another extension
    ");
}
