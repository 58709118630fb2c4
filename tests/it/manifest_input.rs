//! How `usersync validate` reads manifest files from the file system: a directory walk reads
//! only regular files, does not follow a symlink loop, reads a file reached twice once; a file
//! that is not UTF-8 is located.

use std::path::Path;
use std::time::Duration;

use super::usersync;

const ALICE: &str = "\
providers:
  cic: {type: tencent-cic, zone_id: z-1}
users:
  alice:
    accounts:
      cic: {user_name: alice}
";

/// Runs `validate -f <args>` in `dir`; (exit code, stderr then stdout). Gives up after 30 s,
/// so a read that blocks fails the test instead of hanging it.
fn validate(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = usersync()
        .current_dir(dir)
        .arg("validate")
        .args(args.iter().flat_map(|arg| ["-f", arg]))
        .timeout(Duration::from_secs(30))
        .output()
        .expect("usersync runs");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    (output.status.code().unwrap_or(-1), stderr + &stdout)
}

fn manifests() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("team")).expect("mkdir");
    std::fs::write(dir.path().join("team/alice.yaml"), ALICE).expect("write");
    dir
}

#[test]
fn a_fifo_in_a_manifest_directory_is_skipped_not_read() {
    let dir = manifests();
    let fifo = dir.path().join("team/waiting.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (code, stderr) = validate(dir.path(), &["team"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stderr, @"
    skipping `team/waiting.yaml`: not a regular file
    manifest valid: 1 providers, 1 accounts
    ");
}

#[test]
fn a_symlink_loop_is_not_followed() {
    let dir = manifests();
    std::os::unix::fs::symlink("..", dir.path().join("team/loop")).expect("symlink");
    let (code, stderr) = validate(dir.path(), &["team"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stderr, @"
    skipping `team/loop/team`: a symlink loop (it leads back to a directory being read)
    manifest valid: 1 providers, 1 accounts
    ");
}

#[test]
fn a_file_reached_twice_is_read_once() {
    let dir = manifests();
    std::fs::create_dir(dir.path().join("shared")).expect("mkdir");
    std::os::unix::fs::symlink("../team/alice.yaml", dir.path().join("shared/alice.yaml"))
        .expect("symlink");
    std::os::unix::fs::symlink("team", dir.path().join("people")).expect("symlink");
    let (code, stderr) = validate(dir.path(), &["team", "shared", "people", "team/alice.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stderr, @"manifest valid: 1 providers, 1 accounts");
}

/// Every such file at once, as manifest problems: counted, and annotated at their line.
#[test]
fn a_file_that_is_not_utf8_names_the_line_and_column_of_the_first_bad_byte() {
    let dir = manifests();
    std::fs::write(
        dir.path().join("team/bob.yaml"),
        b"users:\n  bob: {display_name: \"Bo\xe9 Liu\"}\n",
    )
    .expect("write");
    // Saved as UTF-16 by an editor: the byte-order mark is the first bad byte.
    std::fs::write(dir.path().join("team/carol.yaml"), b"\xff\xfeu\0s\0").expect("write");
    let (code, stderr) = validate(dir.path(), &["team"]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!(stderr, @"
    error: team/bob.yaml:2:26: not UTF-8 text (byte 0xE9)
      hint: usersync reads manifests as UTF-8; save the file with that encoding
    error: team/carol.yaml:1:1: not UTF-8 text (byte 0xFF)
      hint: usersync reads manifests as UTF-8; save the file with that encoding
    2 problems found
    ");
}
