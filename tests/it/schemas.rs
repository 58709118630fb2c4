//! The committed schemas are generated from the Rust types; a test fails when one is stale.
//! Regenerate with `UPDATE_SCHEMAS=1 cargo test --test it schemas`.

use std::path::Path;

use usersync::cli::{SchemaKind, schema};

fn check_schema(kind: SchemaKind, file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(file);
    let generated = schema(kind);
    #[allow(clippy::disallowed_methods)] // a test switch, not a setting of usersync
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    if update {
        std::fs::write(&path, &generated).expect("schema written");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "`schemas/{file}` is stale; regenerate it with `UPDATE_SCHEMAS=1 cargo test --test it schemas`"
    );
}

#[test]
fn manifest_schema_is_current() {
    check_schema(SchemaKind::Manifest, "manifest.schema.json");
}

#[test]
fn plan_schema_is_current() {
    check_schema(SchemaKind::Plan, "plan.schema.json");
}

#[test]
fn report_schema_is_current() {
    check_schema(SchemaKind::Report, "report.schema.json");
}

#[test]
fn schema_command_prints_the_manifest_schema() {
    let output = super::usersync()
        .arg("schema")
        .output()
        .expect("usersync runs");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).expect("utf-8"),
        schema(SchemaKind::Manifest)
    );
}

#[test]
fn example_manifests_carry_the_schema_comment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["examples", "tests/fixtures/manifests"] {
        for file in yaml_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).expect("readable");
            if file.to_string_lossy().contains("emulator") || text.starts_with("# emulator seed") {
                continue;
            }
            assert!(
                text.starts_with("# yaml-language-server: $schema="),
                "{} lacks the schema comment",
                file.display()
            );
        }
    }
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    files
}

#[test]
fn readme_manifest_example_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let start = readme.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = start + readme[start..].find("```").expect("closed block");
    let source = usersync::manifest::Source {
        name: "README.md".into(),
        text: readme[start..end].to_string(),
    };
    if let Err(problems) = usersync::manifest::desired_state(&[source]) {
        panic!("the README's manifest is invalid: {problems:#?}");
    }
}

#[test]
fn quickstart_manifest_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart/users.yaml");
    let source = usersync::manifest::Source {
        name: "users.yaml".into(),
        text: std::fs::read_to_string(path).expect("quickstart manifest"),
    };
    let desired = usersync::manifest::desired_state(&[source]).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(desired.accounts.len(), 12);
}
