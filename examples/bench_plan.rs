//! Benchmark of the pure planner (not a test): plans N Tencent CCC agents where every agent
//! takes the next one's phone number (one long chain, the ordering's worst case) and half of
//! them change their nickname, and prints the time per plan.
//!
//! `cargo run --release --example bench_plan -- 20000`

use std::time::Instant;

use usersync::config::ProviderConfig;
use usersync::model::{
    AccountKey, Field, FieldKind, FieldMap, Origin, Position, ProviderType, Value,
};
use usersync::plan::plan;
use usersync::state::{
    DesiredAccount, DesiredProvider, DesiredState, DesiredValue, ObservedAccount, ObservedProvider,
    ObservedState,
};

fn phone(i: usize) -> Value {
    Value::text(format!("+86138{i:08}"))
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let config: ProviderConfig = serde_json::from_value(
        serde_json::json!({"type": "tencent-ccc", "sdk_app_id": 1400000001u64}),
    )
    .expect("config");
    let mut desired = DesiredState::default();
    desired.providers.insert(
        "ccc".into(),
        DesiredProvider {
            config,
            origin: Origin::default(),
        },
    );
    let mut observed = ObservedProvider::default();
    for i in 0..count {
        let email = format!("agent{i}@example.com");
        let at = Position::default();
        let fields = FieldMap::from([
            (
                Field::known(FieldKind::Phone),
                DesiredValue {
                    value: phone(i + 1),
                    at,
                },
            ),
            (
                Field::known(FieldKind::Nick),
                DesiredValue {
                    value: Value::text(format!("n{}", i % 2)),
                    at,
                },
            ),
        ]);
        desired.accounts.push(DesiredAccount {
            person: format!("p{i:06}").into(),
            provider: "ccc".into(),
            provider_type: ProviderType::TencentCcc,
            key: AccountKey::Email(email.as_str().into()),
            fields,
            file: "users.yaml".into(),
            at,
        });
        observed.accounts.push(ObservedAccount {
            remote_id: email.as_str().into(),
            keys: vec![AccountKey::Email(email.into())],
            fields: [
                (Field::known(FieldKind::Phone), phone(i)),
                (Field::known(FieldKind::Nick), Value::text("n0")),
            ]
            .into_iter()
            .collect(),
            locked: None,
        });
    }
    let observed = ObservedState {
        providers: [("ccc".to_string(), observed)].into_iter().collect(),
    };
    let runs = 3;
    let started = Instant::now();
    let mut changes = 0;
    for _ in 0..runs {
        let plan = plan(&desired, &observed);
        changes = plan.changes.len();
        assert!(plan.problems.is_empty(), "{:?}", plan.problems.first());
    }
    let each = started.elapsed() / runs;
    println!(
        "plan of {count} accounts ({changes} changes, one chain): {:.1} ms per plan",
        each.as_secs_f64() * 1000.0
    );
}
