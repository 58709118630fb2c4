//! Tencent CCC extension numbers and call forwarding: `ModifyStaff` stores and checks
//! `ExtensionNumber` and `ForwardingConfig`, `DescribeStaffInfoList` and the state endpoint give
//! them back, in the reference's shapes (`tests/fixtures/wire/tencent_ccc/`).

use serde_json::{Value, json};
use usersync_emulator::Seed;

use super::{CCC, Emulator, NOW, Reply, pinned, start};

const SEED: &str = include_str!("seeds/forwarding.yaml");
const APP: u64 = 1_400_000_001;
/// The reference's sample `DescribeStaffInfoList` answer (shared with the root package's parsers).
const SAMPLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/wire/tencent_ccc/DescribeStaffInfoList-ok.json"
));

async fn emulator() -> Emulator {
    start(Seed::from_yaml(SEED).unwrap(), pinned()).await
}

fn assert_code(reply: &Reply, code: &str) {
    assert_eq!(reply.status, Some(200), "{}", reply.body);
    assert_eq!(reply.code(), code, "{}", reply.body);
    assert!(reply.response()["RequestId"].is_string(), "{}", reply.body);
}

/// A `ModifyStaff` body for `mail` of the first app with the fields of `extra`.
fn modify(mail: &str, extra: Value) -> Value {
    let mut body = json!({"SdkAppId": APP, "Email": mail});
    let fields = body.as_object_mut().unwrap();
    fields.extend(extra.as_object().unwrap().clone());
    body
}

/// An enabled, unconditional forwarding to `target`.
fn forwarding(target: Value) -> Value {
    json!({"ForwardingConfig": {"Enabled": true, "Condition": 1, "Target": target}})
}

impl Emulator {
    async fn modify_staff(&self, mail: &str, extra: Value) -> Reply {
        self.tencent(CCC, "ModifyStaff", modify(mail, extra)).await
    }

    /// The `StaffInfo` of one agent of the first app, read with `StaffMail`.
    async fn staff_info(&self, mail: &str) -> Value {
        let body = json!({"SdkAppId": APP, "PageSize": 10, "PageNumber": 0, "StaffMail": mail});
        let reply = self.tencent(CCC, "DescribeStaffInfoList", body).await;
        assert_code(&reply, "");
        reply.response()["StaffList"][0].clone()
    }

    /// The first app's agents in the state endpoint.
    async fn state_staff(&self) -> Value {
        self.state().await["tencent_ccc"][0]["staff"].clone()
    }
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn seeded_extensions_and_forwarding_read_back_in_the_sample_shapes() {
    let emulator = emulator().await;
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    let sample = &sample["body"]["Response"]["StaffList"];
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(keys(&alice), keys(&sample[0]));
    assert_eq!(alice["ExtensionNumber"], "8001");
    assert_eq!(
        alice["ForwardingConfig"], sample[0]["ForwardingConfig"],
        "left out of the seed: the disabled default, as the sample's first agent"
    );
    let bob = emulator.staff_info("bob@example.com").await;
    assert_eq!(keys(&bob), keys(&sample[1]));
    assert_eq!(bob["ForwardingConfig"], Value::Null, "never set: null");
    let carol = emulator.staff_info("carol@example.com").await;
    assert_eq!(carol["ExtensionNumber"], "");
    assert_eq!(
        carol["ForwardingConfig"],
        json!({"Enabled": true, "Condition": 2,
               "Target": {"Type": 2, "StaffUserId": "", "SkillGroupId": 101, "Extension": ""}})
    );
    let staff = emulator.state_staff().await;
    assert_eq!(staff[0]["extension_number"], "8001");
    assert_eq!(staff[0]["forwarding"]["condition"], 1);
    assert_eq!(staff[1]["forwarding"], Value::Null);
    assert_eq!(
        staff[2]["forwarding"],
        json!({"enabled": true, "condition": 2, "target": {"type": 2, "skill_group_id": 101}})
    );
    assert_eq!(
        emulator.state().await["tencent_ccc"][0]["extensions"],
        json!(["8101"])
    );
}

#[tokio::test]
async fn an_extension_and_a_forwarding_of_each_target_type_are_stored_and_read_back() {
    let emulator = emulator().await;
    emulator.clock.advance_ms(5_000);
    let set = json!({"ExtensionNumber": "8011",
                     "ForwardingConfig": {"Enabled": true, "Condition": 1,
                                          "Target": {"Type": 1, "StaffUserId": "bob@example.com"}}});
    assert_code(&emulator.modify_staff("alice@example.com", set).await, "");
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(alice["ExtensionNumber"], "8011");
    assert_eq!(alice["LastModifyTimestamp"], NOW + 5);
    assert_eq!(
        alice["ForwardingConfig"],
        json!({"Enabled": true, "Condition": 1,
               "Target": {"Type": 1, "StaffUserId": "bob@example.com", "SkillGroupId": 0, "Extension": ""}})
    );
    let targets = [
        (
            json!({"Type": 2, "SkillGroupId": 102}),
            json!({"Type": 2, "StaffUserId": "", "SkillGroupId": 102, "Extension": ""}),
        ),
        (
            json!({"Type": 3, "Extension": "8002"}),
            json!({"Type": 3, "StaffUserId": "", "SkillGroupId": 0, "Extension": "8002"}),
        ),
        (
            json!({"Type": 3, "Extension": "8101"}),
            json!({"Type": 3, "StaffUserId": "", "SkillGroupId": 0, "Extension": "8101"}),
        ),
        (
            // stored as sent: the fields the type does not use are kept too
            json!({"Type": 1, "StaffUserId": "carol@example.com", "SkillGroupId": 101}),
            json!({"Type": 1, "StaffUserId": "carol@example.com", "SkillGroupId": 101, "Extension": ""}),
        ),
    ];
    for (target, read) in targets {
        let config =
            json!({"ForwardingConfig": {"Enabled": true, "Condition": 2, "Target": target}});
        assert_code(
            &emulator.modify_staff("alice@example.com", config).await,
            "",
        );
        let alice = emulator.staff_info("alice@example.com").await;
        assert_eq!(alice["ForwardingConfig"]["Target"], read, "{target}");
        assert_eq!(alice["ForwardingConfig"]["Condition"], 2);
    }
    let staff = emulator.state_staff().await;
    assert_eq!(staff[0]["extension_number"], "8011");
    assert_eq!(
        staff[0]["forwarding"],
        json!({"enabled": true, "condition": 2,
               "target": {"type": 1, "staff_user_id": "carol@example.com", "skill_group_id": 101}})
    );
    assert_code(
        &emulator
            .modify_staff(
                "bob@example.com",
                forwarding(json!({"Type": 1, "StaffUserId": "alice@example.com"})),
            )
            .await,
        "",
    );
    let bob = emulator.staff_info("bob@example.com").await;
    assert_eq!(bob["ForwardingConfig"]["Enabled"], true, "null until set");
}

#[tokio::test]
async fn each_refusal_has_its_code_and_changes_nothing() {
    let emulator = emulator().await;
    let before = emulator.state().await["tencent_ccc"].clone();
    let config = |config: Value| json!({ "ForwardingConfig": config });
    let cases = [
        // ExtensionNumber: 4 to 6 ASCII digits starting with 1 to 8, unused by another agent
        (json!({"ExtensionNumber": "800"}), "InvalidParameterValue"),
        (
            json!({"ExtensionNumber": "8000001"}),
            "InvalidParameterValue",
        ),
        (json!({"ExtensionNumber": "0800"}), "InvalidParameterValue"),
        (json!({"ExtensionNumber": "9001"}), "InvalidParameterValue"),
        (json!({"ExtensionNumber": "80a1"}), "InvalidParameterValue"),
        (
            json!({"ExtensionNumber": "８００１"}),
            "InvalidParameterValue",
        ),
        (json!({"ExtensionNumber": ""}), "InvalidParameterValue"),
        (json!({"ExtensionNumber": "8002"}), "InvalidParameterValue"),
        (json!({"ExtensionNumber": 8011}), "InvalidParameter"),
        // the shape, checked like top-level parameters
        (config(json!(null)), "InvalidParameter"),
        (config(json!([])), "InvalidParameter"),
        (config(json!({"Enabled": "true"})), "InvalidParameter"),
        (
            config(json!({"Enabled": true, "Condition": "1"})),
            "InvalidParameter",
        ),
        (
            config(json!({"Enabled": true, "Condition": 1, "Target": {"Type": "1"}})),
            "InvalidParameter",
        ),
        (
            config(json!({"Enabled": true, "Bogus": 1})),
            "UnknownParameter",
        ),
        (
            config(json!({"Enabled": false, "Target": {"Type": 1, "Bogus": 1}})),
            "UnknownParameter",
        ),
        // malformed
        (
            config(json!({"Condition": 1, "Target": {"Type": 2, "SkillGroupId": 101}})),
            "InvalidParameter",
        ),
        (
            config(json!({"Enabled": true, "Condition": 3})),
            "InvalidParameterValue",
        ),
        (
            config(json!({"Enabled": false, "Condition": 0})),
            "InvalidParameterValue",
        ),
        (
            config(json!({"Enabled": true, "Target": {"Type": 2, "SkillGroupId": 101}})),
            "InvalidParameter",
        ),
        (
            config(json!({"Enabled": true, "Condition": 1})),
            "InvalidParameter",
        ),
        (forwarding(json!({"SkillGroupId": 101})), "InvalidParameter"),
        (forwarding(json!({"Type": 4})), "InvalidParameterValue"),
        (forwarding(json!({"Type": 0})), "InvalidParameterValue"),
        (forwarding(json!({"Type": 1})), "InvalidParameter"),
        (
            forwarding(json!({"Type": 1, "StaffUserId": ""})),
            "InvalidParameter",
        ),
        (
            forwarding(json!({"Type": 1, "SkillGroupId": 101})),
            "InvalidParameter",
        ),
        (
            forwarding(json!({"Type": 2, "StaffUserId": "bob@example.com"})),
            "InvalidParameter",
        ),
        (forwarding(json!({"Type": 3})), "InvalidParameter"),
        // targets that do not exist
        (
            forwarding(json!({"Type": 1, "StaffUserId": "nobody@example.com"})),
            "InvalidParameterValue.AccountNotExist",
        ),
        (
            forwarding(json!({"Type": 1, "StaffUserId": "dan@example.com"})),
            "InvalidParameterValue.AccountNotExist",
        ),
        (
            forwarding(json!({"Type": 2, "SkillGroupId": 999})),
            "InvalidParameterValue.SkillGroupError",
        ),
        (
            forwarding(json!({"Type": 3, "Extension": "8999"})),
            "InvalidParameterValue",
        ),
        // to itself, also through the extension the same call gives it or takes away
        (
            forwarding(json!({"Type": 1, "StaffUserId": "ALICE@example.com"})),
            "InvalidParameterValue",
        ),
        (
            forwarding(json!({"Type": 3, "Extension": "8001"})),
            "InvalidParameterValue",
        ),
        (
            json!({"ExtensionNumber": "8050",
                   "ForwardingConfig": {"Enabled": true, "Condition": 1,
                                        "Target": {"Type": 3, "Extension": "8050"}}}),
            "InvalidParameterValue",
        ),
        (
            json!({"ExtensionNumber": "8050",
                   "ForwardingConfig": {"Enabled": true, "Condition": 1,
                                        "Target": {"Type": 3, "Extension": "8001"}}}),
            "InvalidParameterValue",
        ),
        // a good forwarding does not go through with a bad extension, nor the reverse
        (
            json!({"ExtensionNumber": "8002",
                   "ForwardingConfig": {"Enabled": false}}),
            "InvalidParameterValue",
        ),
        (
            json!({"ExtensionNumber": "8050",
                   "ForwardingConfig": {"Enabled": true, "Condition": 5,
                                        "Target": {"Type": 2, "SkillGroupId": 101}}}),
            "InvalidParameterValue",
        ),
    ];
    for (extra, code) in cases {
        emulator.clock.advance_ms(100); // under the 20 requests a second
        let reply = emulator
            .modify_staff("alice@example.com", extra.clone())
            .await;
        assert_code(&reply, code);
        let message = reply.response()["Error"]["Message"].as_str().unwrap();
        assert!(!message.is_empty(), "{extra}");
    }
    assert_eq!(emulator.state().await["tencent_ccc"], before);
}

#[tokio::test]
async fn refusals_name_what_is_wrong() {
    let emulator = emulator().await;
    let message = |reply: Reply| {
        reply.response()["Error"]["Message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let cases = [
        (
            json!({"ExtensionNumber": "8002"}),
            "The extension number `8002` is already used by another agent.",
        ),
        (
            json!({"ForwardingConfig": {"Enabled": false, "Target": {"Type": 1, "Bogus": 1}}}),
            "The parameter `ForwardingConfig.Target.Bogus` is not recognized.",
        ),
        (
            json!({"ForwardingConfig": {"Enabled": true, "Condition": "1"}}),
            "The type of parameter `ForwardingConfig.Condition` is wrong; expected an integer.",
        ),
        (
            forwarding(json!({"Type": 2})),
            "ForwardingConfig.Target.SkillGroupId is required when Target.Type is 2.",
        ),
        (
            forwarding(json!({"Type": 1, "StaffUserId": "nobody@example.com"})),
            "The forwarding target account `nobody@example.com` does not exist.",
        ),
        (
            forwarding(json!({"Type": 3, "Extension": "8001"})),
            "An agent cannot forward its calls to itself.",
        ),
    ];
    for (extra, expected) in cases {
        let reply = emulator.modify_staff("alice@example.com", extra).await;
        assert_eq!(message(reply), expected);
    }
}

#[tokio::test]
async fn extension_numbers_are_unique_within_an_app_only() {
    let emulator = emulator().await;
    let take = |number: &str| json!({ "ExtensionNumber": number });
    let taken = emulator.modify_staff("bob@example.com", take("8001")).await;
    assert_code(&taken, "InvalidParameterValue");
    let zoe = emulator
        .modify_staff("bob@example.com", take("800123"))
        .await;
    assert_code(&zoe, "InvalidParameterValue");
    assert_code(
        &emulator
            .modify_staff("alice@example.com", take("8001"))
            .await,
        "",
    );
    assert_code(
        &emulator
            .modify_staff("bob@example.com", take("80012"))
            .await,
        "",
    );
    let other_app = json!({"SdkAppId": 1_400_000_002u64, "Email": "dan@example.com", "ExtensionNumber": "8001"});
    assert_code(&emulator.tencent(CCC, "ModifyStaff", other_app).await, "");
    let staff = emulator.state_staff().await;
    assert_eq!(
        (&staff[0]["extension_number"], &staff[1]["extension_number"]),
        (&json!("8001"), &json!("80012"))
    );
    let dan = &emulator.state().await["tencent_ccc"][1]["staff"][0];
    assert_eq!(dan["extension_number"], "8001");
}

#[tokio::test]
async fn an_extension_hand_over_fails_in_one_call_and_succeeds_in_two() {
    let emulator = emulator().await;
    let take = |number: &str| json!({ "ExtensionNumber": number });
    let early = emulator.modify_staff("bob@example.com", take("8001")).await;
    assert_code(&early, "InvalidParameterValue");
    assert_code(
        &emulator
            .modify_staff("alice@example.com", take("8009"))
            .await,
        "",
    );
    assert_code(
        &emulator.modify_staff("bob@example.com", take("8001")).await,
        "",
    );
    assert_eq!(
        emulator.staff_info("alice@example.com").await["ExtensionNumber"],
        "8009"
    );
    assert_eq!(
        emulator.staff_info("bob@example.com").await["ExtensionNumber"],
        "8001"
    );
    let forward = forwarding(json!({"Type": 3, "Extension": "8001"}));
    assert_code(
        &emulator.modify_staff("alice@example.com", forward).await,
        "",
    );
}

#[tokio::test]
async fn omitted_parameters_keep_the_extension_and_the_forwarding() {
    let emulator = emulator().await;
    let target = json!({"Type": 2, "SkillGroupId": 102});
    let set = json!({"ExtensionNumber": "8011",
                     "ForwardingConfig": {"Enabled": true, "Condition": 2, "Target": target}});
    assert_code(&emulator.modify_staff("alice@example.com", set).await, "");
    let set_state = emulator.state_staff().await[0].clone();
    assert_code(
        &emulator
            .modify_staff("alice@example.com", json!({"Name": "Alice Liu-Chen"}))
            .await,
        "",
    );
    let after_name = emulator.state_staff().await[0].clone();
    assert_eq!(after_name["name"], "Alice Liu-Chen");
    assert_eq!(
        after_name["extension_number"],
        set_state["extension_number"]
    );
    assert_eq!(after_name["forwarding"], set_state["forwarding"]);
    let disable = json!({"ForwardingConfig": {"Enabled": false}});
    assert_code(
        &emulator.modify_staff("alice@example.com", disable).await,
        "",
    );
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(
        alice["ExtensionNumber"], "8011",
        "ForwardingConfig alone keeps the extension"
    );
    assert_eq!(
        alice["ForwardingConfig"],
        json!({"Enabled": false, "Condition": 0,
               "Target": {"Type": 0, "StaffUserId": "", "SkillGroupId": 0, "Extension": ""}}),
        "the config is replaced whole, not merged"
    );
    assert_code(
        &emulator
            .modify_staff("alice@example.com", json!({"ExtensionNumber": "8012"}))
            .await,
        "",
    );
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(
        alice["ForwardingConfig"]["Enabled"], false,
        "ExtensionNumber alone keeps the forwarding"
    );
    let carol = emulator.staff_info("carol@example.com").await;
    assert_eq!(
        carol["ForwardingConfig"]["Target"]["SkillGroupId"], 101,
        "other agents untouched"
    );
}

#[tokio::test]
async fn a_disabled_forwarding_may_carry_any_target() {
    let emulator = emulator().await;
    let targets = [
        json!({"Type": 1, "StaffUserId": "nobody@example.com"}),
        json!({"Type": 1, "StaffUserId": "alice@example.com"}),
        json!({"Type": 3, "Extension": "8001"}),
        json!({"Type": 2, "SkillGroupId": 999}),
        json!({"Type": 9}),
        json!({}),
    ];
    for target in targets {
        let config =
            json!({"ForwardingConfig": {"Enabled": false, "Condition": 1, "Target": target}});
        assert_code(
            &emulator.modify_staff("alice@example.com", config).await,
            "",
        );
        let stored = &emulator.state_staff().await[0]["forwarding"];
        assert_eq!(stored["enabled"], false);
        assert_eq!(
            keys(&stored["target"]).len(),
            target.as_object().unwrap().len(),
            "{target}"
        );
    }
    let round_trip = emulator.staff_info("bob@example.com").await;
    assert_eq!(round_trip["ForwardingConfig"], Value::Null);
    let alice = emulator.staff_info("alice@example.com").await;
    let sent_back = json!({"ForwardingConfig": alice["ForwardingConfig"].clone()});
    assert_code(
        &emulator.modify_staff("alice@example.com", sent_back).await,
        "",
    );
}

#[tokio::test]
async fn non_ascii_values_are_kept_as_sent() {
    let emulator = emulator().await;
    let to_zoe = json!({"Name": "刘爱丽",
                        "ForwardingConfig": {"Enabled": true, "Condition": 2,
                                             "Target": {"Type": 1, "StaffUserId": "zoë@example.com"}}});
    assert_code(
        &emulator.modify_staff("alice@example.com", to_zoe).await,
        "",
    );
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(alice["Name"], "刘爱丽");
    assert_eq!(
        alice["ForwardingConfig"]["Target"]["StaffUserId"],
        "zoë@example.com"
    );
    let zoe = emulator.staff_info("zoë@example.com").await;
    assert_eq!(
        (&zoe["Name"], &zoe["ExtensionNumber"]),
        (&json!("柔伊"), &json!("800123"))
    );
    let not_zoe = forwarding(json!({"Type": 1, "StaffUserId": "zoé@example.com"}));
    assert_code(
        &emulator.modify_staff("alice@example.com", not_zoe).await,
        "InvalidParameterValue.AccountNotExist",
    );
    let disabled = json!({"ForwardingConfig": {"Enabled": false, "Condition": 1,
                                               "Target": {"Type": 3, "Extension": "分机八〇〇一"}}});
    assert_code(
        &emulator.modify_staff("alice@example.com", disabled).await,
        "",
    );
    let alice = emulator.staff_info("alice@example.com").await;
    assert_eq!(
        alice["ForwardingConfig"]["Target"]["Extension"],
        "分机八〇〇一"
    );
    let state = emulator.state_staff().await;
    assert_eq!(
        state[0]["forwarding"]["target"]["extension"],
        "分机八〇〇一"
    );
    assert_eq!(state[3]["mail"], "zoë@example.com");
}
