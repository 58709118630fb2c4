//! Unit tests of the export through one `check_export`: observed accounts in, the exported
//! `users:` entries and notes out. Every export is also written, read back, validated and
//! planned against the state it came from: the plan must have no changes and no problems.

mod forwarding;
mod people;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::{Input, Managed, Options, export, yaml};
use crate::config::ProviderConfig;
use crate::manifest::{self, Source, yaml as reader};
use crate::model::{AccountKey, Field, FieldKind, FieldMap, ProviderType, Value};
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
    let header = yaml::Header {
        schema: "schema.json",
        provider_order: &[],
    };
    let text = yaml::document(&whole, &header);
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
    let mut fields = FieldMap::new();
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
            other => Value::text(text(other)),
        };
        fields.insert(field, value);
    }
    ObservedAccount {
        remote_id: remote_id.into(),
        keys,
        fields,
        locked: entry.get("locked").map(text),
    }
}
