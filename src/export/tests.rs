//! Unit tests of the export through one `check_export`: observed accounts in, the exported
//! `users:` entries and notes out. Every export is also written, read back, validated and
//! planned against the state it came from: the plan must have no changes and no problems.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::{Input, Managed, Options, export, yaml};
use crate::config::ProviderConfig;
use crate::manifest::{self, Source, yaml as reader};
use crate::model::{AccountKey, Field, FieldKind, ProviderType, Value};
use crate::plan::render::{self, Format};
use crate::providers::{self, InstanceKey};
use crate::state::{Catalog, CatalogEntry, ObservedAccount, ObservedProvider, ObservedState};

/// Exports `observed` (YAML: provider → `{skill_groups: {id: name}, roles: {id: name},
/// accounts: [{keys and fields in manifest terms, locked}]}`; providers `tccc`, `cic`, `accc`,
/// `eiam` have the four types). `flags`: `all-fields`, `unmanaged`, `manage PROVIDER ID
/// PERSON`, `take NAME`.
fn check_export(observed: &str, flags: &[&str]) -> String {
    let (configs, observed) = observed_state(observed);
    let mut options = Options::default();
    let mut managed = Managed::new();
    let mut taken = BTreeSet::new();
    for flag in flags {
        match flag.split_whitespace().collect::<Vec<_>>()[..] {
            ["all-fields"] => options.all_fields = true,
            ["unmanaged"] => options.unmanaged = true,
            ["manage", provider, id, person] => {
                managed.insert((provider.into(), id.into()), person.into());
            }
            ["take", name] => {
                taken.insert(name.to_string());
            }
            _ => panic!("unknown flag `{flag}`"),
        }
    }
    let input = Input {
        providers: &configs,
        observed: &observed,
        managed: &managed,
        taken: &taken,
        options,
    };
    let exported = export(&input);
    assert_eq!(
        export(&input),
        exported,
        "the same state gives the same export"
    );
    let mut whole = exported.manifest.clone();
    whole.providers = configs;
    let text = yaml::document(&whole, "schema.json");
    let sources = [Source {
        name: "export.yaml".into(),
        text: text.clone(),
    }];
    let (loaded, _) = manifest::load::load(&sources);
    assert_eq!(loaded.manifest, whole, "reads back as written:\n{text}");
    let desired = manifest::desired_state(&sources)
        .unwrap_or_else(|problems| panic!("invalid export: {problems:#?}\n{text}"));
    let plan = crate::plan::plan(&desired, &observed);
    assert!(
        plan.changes.is_empty() && plan.problems.is_empty(),
        "the first plan is not empty:\n{}\n{text}",
        render::render(&plan, Format::Text, false)
    );
    let mut out = yaml::entries(&exported.manifest.users);
    for note in &exported.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

fn observed_state(text: &str) -> (BTreeMap<String, ProviderConfig>, ObservedState) {
    let json = reader::parse(text).expect("valid YAML").to_json();
    let mut configs = BTreeMap::new();
    let mut observed = ObservedState::default();
    for (name, spec) in json.as_object().expect("a map of providers") {
        let provider_type = match name.as_str() {
            "tccc" => ProviderType::TencentCcc,
            "cic" => ProviderType::TencentCic,
            "accc" => ProviderType::AlibabaCcc,
            "eiam" => ProviderType::AlibabaEiam,
            other => panic!("unknown test provider `{other}`"),
        };
        configs.insert(name.clone(), config(provider_type));
        let table = providers::table(provider_type);
        let accounts = spec["accounts"].as_array().cloned().unwrap_or_default();
        let provider = ObservedProvider {
            accounts: accounts
                .iter()
                .enumerate()
                .map(|(index, entry)| account(table, index, entry))
                .collect(),
            catalog: Catalog {
                skill_groups: catalog(&spec["skill_groups"]),
                roles: catalog(&spec["roles"]),
            },
            read_calls: 0,
        };
        observed.providers.insert(name.clone(), provider);
    }
    (configs, observed)
}

fn config(provider_type: ProviderType) -> ProviderConfig {
    let table = providers::table(provider_type);
    let mut config: ProviderConfig =
        serde_json::from_value(serde_json::json!({"type": provider_type})).expect("a config");
    match table.instance_key {
        InstanceKey::SdkAppId => config.sdk_app_id = Some(1400000001),
        InstanceKey::ZoneId => config.zone_id = Some("z-1a2b3c4d5e".into()),
        InstanceKey::InstanceId => config.instance_id = Some("instance-1".into()),
    }
    if table.host.needs_region() {
        config.region = Some("cn-shanghai".into());
    }
    config
}

fn catalog(entries: &Json) -> Vec<CatalogEntry> {
    let Some(entries) = entries.as_object() else {
        return Vec::new();
    };
    let name = |name: &Json| name.as_str().map_or(name.to_string(), str::to_string);
    let entries = entries.iter().map(|(id, n)| CatalogEntry {
        id: id.clone(),
        name: name(n),
    });
    entries.collect()
}

fn account(table: &providers::Table, index: usize, entry: &Json) -> ObservedAccount {
    let entry = entry.as_object().expect("an account is a map");
    let text = |json: &Json| json.as_str().map_or(json.to_string(), str::to_string);
    let mut keys: Vec<AccountKey> = table
        .keys
        .iter()
        .filter_map(|spec| Some(spec.kind.key(text(entry.get(spec.kind.manifest_key())?))))
        .collect();
    let address = table.address.kind;
    let remote_id = match keys.iter().find(|key| key.kind() == address) {
        Some(key) => key.value().to_string(),
        None => {
            let id = format!("u-{index}");
            keys.push(address.key(id.clone()));
            id
        }
    };
    let mut fields = BTreeMap::new();
    for (name, value) in entry {
        let Some(field) = Field::parse(name) else {
            continue; // `user_id`, `locked`
        };
        if field.kind != FieldKind::CustomField && table.field(field.kind).is_none() {
            continue; // a key only (Tencent CCC's email)
        }
        let value = match value {
            Json::Bool(flag) => Value::Bool(*flag),
            Json::Array(items) => Value::list(items.iter().map(text)),
            other => Value::Text(text(other)),
        };
        fields.insert(field, value);
    }
    ObservedAccount {
        remote_id,
        keys,
        fields,
        locked: entry.get("locked").map(text),
    }
}

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
fn strings_are_quoted_where_yaml_would_read_something_else() {
    let exported = check_export(
        r##"
tccc:
  accounts:
    - {email: a@example.com, display_name: " Padded ", phone: "+8613800000001", nick: "yes", staff_no: "000123"}
    - {email: b@example.com, display_name: "No", phone: "+12025550123", nick: "off", staff_no: "1e3"}
    - {email: c@example.com, display_name: "null", phone: "+447911123456", nick: "~", staff_no: "#7"}
cic:
  accounts:
    - {user_id: u-1, user_name: "true", display_name: "on", description: "Tier 2: nights # and weekends"}
    - {user_id: u-2, user_name: "123", display_name: "@home", description: "- dash, [brackets] {braces}"}
    - {user_id: u-3, user_name: "2024-06-01", display_name: "say \"hi\"\\now", description: "tab\there"}
"##,
        &[],
    );
    insta::assert_snapshot!(exported, @r##"
    "123":
      display_name: "@home"
      accounts:
        cic:
          user_name: "123"
          description: "- dash, [brackets] {braces}"

    "2024-06-01":
      display_name: say "hi"\now
      accounts:
        cic:
          user_name: "2024-06-01"
          description: "tab\there"

    a:
      display_name: " Padded "
      email: a@example.com
      phone: "+8613800000001"
      accounts:
        tccc:
          nick: "yes"
          staff_no: "000123"

    b:
      display_name: "No"
      email: b@example.com
      phone: "+12025550123"
      accounts:
        tccc:
          nick: "off"
          staff_no: "1e3"

    c:
      display_name: "null"
      email: c@example.com
      phone: "+447911123456"
      accounts:
        tccc:
          nick: "~"
          staff_no: "#7"

    "true":
      display_name: "on"
      accounts:
        cic:
          user_name: "true"
          description: "Tier 2: nights # and weekends"
    "##);
}

#[test]
fn references_are_names_unless_ambiguous_or_unknown() {
    let exported = check_export(
        r#"
tccc:
  skill_groups: {101: Sales, 102: Support, 103: Support, 104: "101", 105: "2024"}
  accounts:
    - {email: a@example.com, skill_groups: ["101", "102", "104", "105"]}
    - {email: b@example.com, skill_groups: ["103", "999"]}
    - {email: c@example.com, skill_groups: []}
accc:
  roles: {Agent@instance-1: Agent, Manager@instance-1: Manager}
  accounts:
    - {user_id: a@instance-1, user_name: a, role: Agent@instance-1, work_mode: ON_SITE}
    - {user_id: b@instance-1, user_name: b, role: Gone@instance-1, work_mode: REMOTE}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
      a:
        accounts:
          accc:
            user_name: a
            work_mode: ON_SITE
            role: Agent

      a-2:
        email: a@example.com
        accounts:
          tccc:
            skill_groups: [Sales, 102, 104, "2024"]

      b:
        accounts:
          accc:
            user_name: b

      b-2:
        email: b@example.com
        accounts:
          tccc: {}

      c:
        email: c@example.com
        accounts:
          tccc: {}
    note: `accc` user `b`: `work_mode` left out: `REMOTE` is not a value a manifest can hold
    note: `accc` user `b`: `role` left out: role `Gone@instance-1` is not in the provider's list of roles
    note: `tccc` agent `b@example.com`: `skill_groups` left out: skill group `999` is not in the provider's list of skill groups
    "#);
}

#[test]
fn extra_read_fields_only_with_all_fields() {
    let observed = r#"
tccc:
  accounts:
    - {email: a@example.com, display_name: A, use_mobile_accept: "off", use_mobile_call_out: false}
accc:
  accounts:
    - {user_id: a@instance-1, user_name: a, display_name: A, nickname: ali, work_mode: ON_SITE}
eiam:
  accounts:
    - {user_id: user_1, user_name: a, display_name: A, custom_fields.cost_center: "000123", custom_fields.nick_name: "on"}
"#;
    insta::assert_snapshot!(check_export(observed, &[]), @r#"
    a:
      display_name: A
      accounts:
        accc:
          user_name: a
          work_mode: ON_SITE

    a-2:
      display_name: A
      accounts:
        eiam:
          user_name: a

    a-3:
      display_name: A
      email: a@example.com
      accounts:
        tccc: {}
    "#);
    insta::assert_snapshot!(check_export(observed, &["all-fields"]), @r#"
    a:
      display_name: A
      accounts:
        accc:
          user_name: a
          work_mode: ON_SITE
          nickname: ali

    a-2:
      display_name: A
      accounts:
        eiam:
          user_name: a
          custom_fields:
            cost_center: "000123"
            nick_name: "on"

    a-3:
      display_name: A
      email: a@example.com
      accounts:
        tccc:
          use_mobile_call_out: false
          use_mobile_accept: "off"
    "#);
}

#[test]
fn read_only_fields_and_blank_or_refused_values_are_left_out() {
    let exported = check_export(
        r#"
accc:
  accounts:
    - {user_id: a@instance-1, user_name: a, display_name: A, email: a@example.com, display_id: "  "}
eiam:
  accounts:
    - {user_id: user_1, user_name: b, display_name: B, email: b+x@example.com}
cic:
  accounts:
    - {user_id: u-1, user_name: bob, display_name: Bob, locked: synchronized}
"#,
        &[],
    );
    insta::assert_snapshot!(exported, @r#"
      a:
        display_name: A
        accounts:
          accc:
            user_name: a

      b:
        display_name: B
        accounts:
          eiam:
            user_name: b

      bob:
        display_name: Bob
        accounts:
          cic:
            user_name: bob
    note: `accc` user `a`: `display_id` left out: a manifest cannot hold a blank value
    note: `eiam` user `b`: `email` left out: allows only letters, digits, `.`, `_` and `-` before the `@`
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

#[test]
fn plain_and_quoted_scalars_read_back_as_written() {
    let texts = [
        "alice",
        "Alice Liu",
        "李娜",
        "+8613800000001",
        "000123",
        "1001",
        "0x1F",
        "1_000",
        "1e3",
        ".5",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "null",
        "Null",
        "~",
        "true",
        "",
        " x",
        "x ",
        "a: b",
        "a #b",
        "#a",
        "a:",
        "- a",
        "[a]",
        "{a}",
        "a, b",
        "*ref",
        "&anchor",
        "!tag",
        "|",
        ">",
        "'q'",
        "\"q\"",
        "%x",
        "@x",
        "`x`",
        "a\nb",
        "tab\t",
        "\\",
        "2024-06-01",
        "12:30",
        ".inf",
        "-.inf",
        ".nan",
        "?",
        "-",
        "a-b",
        "alice@example.com",
        "http://x.y/z?a=b#c",
    ];
    for text in texts {
        for in_flow in [false, true] {
            let written = yaml::scalar(text, in_flow);
            let document = if in_flow {
                format!("k: [{written}]\n")
            } else {
                format!("k: {written}\n")
            };
            let json = reader::parse(&document).expect("valid YAML").to_json();
            let read = if in_flow { &json["k"][0] } else { &json["k"] };
            assert_eq!(read, &Json::from(text), "`{text}` written as `{written}`");
        }
    }
}
