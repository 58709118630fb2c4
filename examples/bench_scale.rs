//! Benchmark (not a test): the cost of reading a large manifest, planning it against the
//! emulator and applying the plan.
//!
//! Generates manifests of 1,000, 10,000 and 100,000 accounts (or `--accounts N` alone): a
//! quarter of the accounts on each of the four provider types, one person per four accounts,
//! with realistic values (Chinese names, emails, phones, skill groups, custom fields), in files
//! of `--people-per-file` people (default 5,000) plus `providers.yaml`, in a temporary
//! directory; and an emulator seed of the same people, in which about 7% of the accounts differ
//! in one field (so the plan changes them), 0.1% are missing (`not-found` problems), 0.1% of
//! the Tencent CIC users are synchronized ones that differ (`locked` problems), and 2% more
//! accounts are not in the manifest (unmanaged). The emulator's and the manifest's rate limits
//! are raised so that pacing is not what is measured.
//!
//! Each step runs `usersync` as a child process (once to warm up, then `--runs`, default 3,
//! times) and reports its median CPU time (user + system) and its peak memory (maximum
//! resident set), read with `wait4`: the CPU of usersync alone, not the emulator's. The table
//! ends with how each step grows from one size to the next (linear growth is ×10 per ×10
//! accounts).
//!
//! ```sh
//! cargo build --release --workspace --bins --example bench_scale
//! target/release/examples/bench_scale                     # 1,000 / 10,000 / 100,000 accounts
//! target/release/examples/bench_scale --accounts 100000   # one size
//! target/release/examples/bench_scale --steps plan,apply  # some steps
//! target/release/examples/bench_scale --accounts 100000 --keep /tmp/m   # keep it, to profile
//! target/release/examples/bench_scale --usersync /path/to/other/usersync  # another build
//! ```
//!
//! With `--keep DIR`, `DIR/<accounts>/` holds `manifest/` (the manifest, its `providers.yaml`
//! pointing at the last emulator started) and `seed.yaml`; `--serve` then starts an emulator on
//! that seed and prints the command that plans against it (to run under a profiler).
//!
//! A step is a function from the generated manifest to a measurement (see [`STEPS`]).
#![allow(clippy::print_stdout)]

mod common;

use std::cell::OnceCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Emulator;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A generated manifest and seed, and the `usersync` binary to measure.
struct Manifest {
    /// The manifest's directory (what `-f` names).
    dir: PathBuf,
    /// The emulator seed of the same people.
    seed: PathBuf,
    files: usize,
    bytes: u64,
    usersync: PathBuf,
    /// The emulator the plans read from (plans change nothing), started on first use.
    emulator: OnceCell<Emulator>,
}

impl Manifest {
    /// Points `providers.yaml` at `emulator`.
    fn point_at(&self, emulator: &Emulator) -> Result<()> {
        let endpoint = format!("http://{}", emulator.addr);
        std::fs::write(self.dir.join("providers.yaml"), providers_yaml(&endpoint))?;
        Ok(())
    }

    /// The emulator plans read from, with `providers.yaml` pointing at it.
    fn shared_emulator(&self) -> Result<&Emulator> {
        if self.emulator.get().is_none() {
            let started = Emulator::start(&self.seed, &[])?;
            let _ = self.emulator.set(started);
        }
        let emulator = self.emulator.get().expect("set above");
        self.point_at(emulator)?;
        Ok(emulator)
    }

    /// `usersync ARGS -f <dir>` with the emulator's credentials and nothing else from the
    /// environment.
    fn usersync(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.usersync);
        command
            .args(args)
            .arg("-f")
            .arg(&self.dir)
            .env_clear()
            .env("TENCENTCLOUD_SECRET_ID", common::TC_ID)
            .env("TENCENTCLOUD_SECRET_KEY", common::TC_KEY)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", common::ACS_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", common::ACS_SECRET);
        command
    }
}

/// What one run of a child process cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    cpu_seconds: f64,
    peak_mb: f64,
}

/// One measured step.
struct Step {
    name: &'static str,
    run: fn(&Manifest) -> Result<Cost>,
}

/// The steps, in order.
const STEPS: &[Step] = &[
    Step {
        name: "validate",
        run: validate,
    },
    Step {
        name: "plan",
        run: plan,
    },
    Step {
        name: "plan-json-md",
        run: plan_every_format,
    },
    Step {
        name: "apply",
        run: apply,
    },
];

/// `usersync validate -f <dir>`: must exit 0.
fn validate(manifest: &Manifest) -> Result<Cost> {
    run(manifest, manifest.usersync(&["validate"]), &[0])
}

/// `usersync plan -f <dir>` against the emulator (the plan as text on stdout): exits 1, as the
/// plan has problems (missing and locked accounts).
fn plan(manifest: &Manifest) -> Result<Cost> {
    manifest.shared_emulator()?;
    run(manifest, manifest.usersync(&["plan"]), &[1])
}

/// `usersync plan --format json --markdown FILE -f <dir>`: the plan document on stdout and the
/// pull-request Markdown in a file, from the same plan.
fn plan_every_format(manifest: &Manifest) -> Result<Cost> {
    manifest.shared_emulator()?;
    let markdown = manifest.dir.with_file_name("plan.md");
    let markdown = markdown.to_str().ok_or("a path that is not UTF-8")?;
    let command = manifest.usersync(&["plan", "--format", "json", "--markdown", markdown]);
    run(manifest, command, &[1])
}

/// `usersync apply --auto-approve -f <dir>` against an emulator of its own (started before,
/// not measured): sends every change; exits 1 for the plan's problems.
fn apply(manifest: &Manifest) -> Result<Cost> {
    let emulator = Emulator::start(&manifest.seed, &[])?;
    manifest.point_at(&emulator)?;
    let command = manifest.usersync(&["apply", "--auto-approve", "--max-changes", "1000000"]);
    let cost = run(manifest, command, &[1])?;
    // Every change was sent: planning again shows only the problems.
    let after = manifest.usersync(&["plan", "--format", "json"]).output()?;
    let plan: serde_json::Value = serde_json::from_slice(&after.stdout)?;
    let left = plan["changes"].as_array().map_or(0, Vec::len);
    if left != 0 {
        return Err(format!("{left} changes are left after `usersync apply`").into());
    }
    Ok(cost)
}

/// Runs `command` (stdout discarded, stderr kept beside the manifest) and checks its exit
/// code is one of `expected`.
fn run(manifest: &Manifest, mut command: Command, expected: &[i32]) -> Result<Cost> {
    let stderr = manifest.dir.with_file_name("stderr.txt");
    command.stderr(std::fs::File::create(&stderr)?);
    let (cost, code) = measure(&mut command)?;
    if !expected.contains(&code) {
        return Err(format!(
            "`{:?}` exited {code}; its stderr is in {}, the manifest in {}",
            command,
            stderr.display(),
            manifest.dir.display()
        )
        .into());
    }
    Ok(cost)
}

fn main() -> Result<()> {
    let mut sizes = vec![1_000, 10_000, 100_000];
    let mut people_per_file = 5_000;
    let mut keep: Option<PathBuf> = None;
    let mut usersync: Option<PathBuf> = None;
    let mut runs = 3;
    let mut steps: Vec<&Step> = STEPS.iter().collect();
    let mut serve = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut text = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--accounts" => sizes = vec![text()?.parse()?],
            "--people-per-file" => people_per_file = text()?.parse()?,
            "--runs" => runs = text()?.parse::<usize>()?.max(1),
            "--keep" => keep = Some(text()?.into()),
            "--usersync" => usersync = Some(text()?.into()),
            "--steps" => {
                let names = text()?;
                steps = names
                    .split(',')
                    .map(|name| {
                        STEPS
                            .iter()
                            .find(|step| step.name == name)
                            .ok_or(format!("no step `{name}`"))
                    })
                    .collect::<std::result::Result<_, _>>()?;
            }
            "--serve" => serve = true,
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let usersync = match usersync {
        Some(path) => path,
        None => common::bin_dir()?.join("usersync"),
    };
    if !usersync.exists() || !common::bin_dir()?.join("usersync-emulator").exists() {
        return Err("build the binaries first: cargo build --release --workspace --bins --example bench_scale".into());
    }
    if serve {
        return serve_kept(keep.as_deref(), &sizes, &usersync);
    }
    println!("| accounts | files | MB | step | CPU s | peak MB | µs CPU per account |");
    println!("|---:|---:|---:|---|---:|---:|---:|");
    let mut rows: Vec<(usize, &str, Cost)> = Vec::new();
    for &accounts in &sizes {
        let root = match &keep {
            Some(dir) => dir.join(accounts.to_string()),
            None => std::env::temp_dir().join(format!(
                "usersync-bench-scale-{}-{accounts}",
                std::process::id()
            )),
        };
        let manifest = generate(&root, accounts, people_per_file, &usersync)?;
        for step in &steps {
            // The median of `runs` after one run not counted (CPU time on a shared machine
            // varies from run to run, and the first after the generation is slower).
            (step.run)(&manifest)?;
            let mut costs = (0..runs)
                .map(|_| (step.run)(&manifest))
                .collect::<Result<Vec<Cost>>>()?;
            costs.sort_by(|a, b| a.cpu_seconds.total_cmp(&b.cpu_seconds));
            let cost = costs[costs.len() / 2];
            println!(
                "| {} | {} | {:.1} | {} | {:.2} | {:.0} | {:.1} |",
                thousands(accounts),
                manifest.files,
                manifest.bytes as f64 / 1e6,
                step.name,
                cost.cpu_seconds,
                cost.peak_mb,
                cost.cpu_seconds * 1e6 / accounts as f64
            );
            rows.push((accounts, step.name, cost));
        }
        drop(manifest);
        if keep.is_none() {
            std::fs::remove_dir_all(&root)?;
        }
    }
    let mut growth = String::new();
    for step in &steps {
        let mine: Vec<&(usize, &str, Cost)> = rows.iter().filter(|r| r.1 == step.name).collect();
        for pair in mine.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let _ = writeln!(
                growth,
                "{}: {} → {} accounts (×{:.0}): CPU ×{:.1}, peak memory ×{:.1}",
                step.name,
                thousands(a.0),
                thousands(b.0),
                b.0 as f64 / a.0 as f64,
                b.2.cpu_seconds / a.2.cpu_seconds,
                b.2.peak_mb / a.2.peak_mb
            );
        }
    }
    if !growth.is_empty() {
        println!("\n{growth}");
    }
    Ok(())
}

/// `--serve`: starts an emulator on a kept seed, points the kept manifest at it and waits, so
/// that `usersync plan` can be run under a profiler.
fn serve_kept(keep: Option<&Path>, sizes: &[usize], usersync: &Path) -> Result<()> {
    let keep = keep.ok_or("--serve needs --keep DIR (made by an earlier run with it)")?;
    let root = keep.join(sizes.last().ok_or("no size")?.to_string());
    let manifest = Manifest {
        dir: root.join("manifest"),
        seed: root.join("seed.yaml"),
        files: 0,
        bytes: 0,
        usersync: usersync.to_path_buf(),
        emulator: OnceCell::new(),
    };
    let emulator = manifest.shared_emulator()?;
    println!(
        "emulator at http://{}; for example:\n  TENCENTCLOUD_SECRET_ID={} TENCENTCLOUD_SECRET_KEY={} ALIBABA_CLOUD_ACCESS_KEY_ID={} ALIBABA_CLOUD_ACCESS_KEY_SECRET={} {} plan -f {}\nCtrl-C stops it",
        emulator.addr,
        common::TC_ID,
        common::TC_KEY,
        common::ACS_ID,
        common::ACS_SECRET,
        usersync.display(),
        manifest.dir.display()
    );
    loop {
        std::thread::park();
    }
}

/// Runs `command` to its end (stdout discarded) and reads what it cost from the kernel.
fn measure(command: &mut Command) -> Result<(Cost, i32)> {
    let child = command.stdout(Stdio::null()).spawn()?;
    let pid = i32::try_from(child.id())?;
    let mut status = 0;
    // SAFETY: `usage` is a valid, writable rusage; `pid` is our own child, not yet waited for
    // (std waits only when asked; `child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(std::io::Error::last_os_error().into());
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok((
        Cost {
            cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            // Linux reports kilobytes.
            peak_mb: usage.ru_maxrss as f64 / 1024.0,
        },
        code,
    ))
}

/// Writes a manifest of `accounts` accounts (a quarter per provider) into `root/manifest`,
/// and the emulator's seed of the same people into `root/seed.yaml`.
fn generate(root: &Path, accounts: usize, per_file: usize, usersync: &Path) -> Result<Manifest> {
    let dir = root.join("manifest");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("providers.yaml"),
        providers_yaml("http://127.0.0.1:9"),
    )?;
    let people = accounts.div_ceil(4);
    let mut random = Random(0x5eed_1234_abcd_ef01);
    let mut drift = Random(0xd1f7_5eed_0000_0001);
    let mut seed = Seed::default();
    let mut files = 1;
    let mut text = String::new();
    for n in 0..people {
        if n % per_file == 0 {
            text.push_str("users:\n");
        }
        let person = Person::draw(n, &mut random);
        write_person(&mut text, &person);
        seed.add(&person, &mut drift);
        if (n + 1) % per_file == 0 || n + 1 == people {
            std::fs::write(dir.join(format!("people-{files:03}.yaml")), &text)?;
            files += 1;
            text.clear();
        }
    }
    seed.unmanaged(people / 50);
    let seed_path = root.join("seed.yaml");
    std::fs::write(&seed_path, seed.text())?;
    // Written out before measuring, so that the kernel's writing back does not compete.
    let _ = Command::new("sync").status();
    let bytes = std::fs::read_dir(&dir)?
        .map(|entry| Ok(entry?.metadata()?.len()))
        .sum::<Result<u64>>()?;
    Ok(Manifest {
        dir,
        seed: seed_path,
        files,
        bytes,
        usersync: usersync.to_path_buf(),
        emulator: OnceCell::new(),
    })
}

/// `providers.yaml`: the four instances, at `endpoint` (the emulator, or a placeholder for
/// `validate`), with every action's rate raised so that pacing is not what is measured.
fn providers_yaml(endpoint: &str) -> String {
    let rates = |actions: &[&str]| {
        let rates: Vec<String> = actions.iter().map(|a| format!("{a}: {RATE}")).collect();
        format!("{{{}}}", rates.join(", "))
    };
    format!(
        "\
providers:
  ccc: {{type: tencent-ccc, sdk_app_id: 1400000001, endpoint: '{endpoint}', rate_limit: {}}}
  cic: {{type: tencent-cic, zone_id: z-1a2b3c4d5e, endpoint: '{endpoint}', rate_limit: {}}}
  accc: {{type: alibaba-ccc, instance_id: ccc-prod, region: cn-shanghai, endpoint: '{endpoint}', rate_limit: {}}}
  eiam: {{type: alibaba-eiam, instance_id: {EIAM}, region: cn-hangzhou, endpoint: '{endpoint}', rate_limit: {}}}
",
        rates(&["DescribeStaffInfoList", "DescribeSkillGroupInfoList", "DescribeStaffStatusMetrics", "ModifyStaff"]),
        rates(&["ListUsers", "UpdateUser"]),
        rates(&["ListUsers", "GetUser", "ListRoles", "ModifyUser"]),
        rates(&["ListUsers", "GetUser", "UpdateUser"]),
    )
}

/// Requests per second per action, in the manifest and in the emulator: far above what the
/// two processes reach on this machine, so the benchmark measures work, not waiting.
const RATE: u32 = 1_000_000;
const EIAM: &str = "idaas_ue2jvisn35ea5lmthk267example";

const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
];
const GIVEN: &[(&str, &str)] = &[
    ("秀英", "xiuying"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("晓明", "xiaoming"),
    ("思远", "siyuan"),
];
/// Skill groups as the manifest refers to them (by name, or by id) and their ids.
const GROUPS: &[(&str, u32)] = &[
    ("售前咨询", 101),
    ("售后服务", 102),
    ("VIP 热线", 103),
    ("Sales", 104),
    ("Support", 105),
    ("101", 101),
    ("102", 102),
];
const DEPARTMENTS: &[&str] = &["客户服务部", "华东区 客服二组", "技术支持中心", "Sales Ops"];
/// `use_mobile_accept` as the manifest writes it, and as the emulator holds it.
const ACCEPT: &[(&str, u32)] = &[("\"off\"", 0), ("when-offline", 1), ("always", 2)];
const MODES: &[&str] = &["ON_SITE", "OFF_SITE", "OFFICE_PHONE"];

/// One generated person: the values their four accounts are made of.
struct Person {
    n: usize,
    surname: &'static str,
    given: &'static str,
    login: String,
    /// The digit after `+861`.
    mobile_prefix: usize,
    groups: Vec<&'static str>,
    accept: &'static str,
    call_out: bool,
    team: &'static str,
    work_mode: &'static str,
    cost_center: usize,
    department: &'static str,
}

impl Person {
    /// Draws person `n` (the draws, in this order, make the same manifest on every run).
    fn draw(n: usize, random: &mut Random) -> Person {
        let (surname, surname_latin) = SURNAMES[random.below(SURNAMES.len())];
        let (given, given_latin) = GIVEN[random.below(GIVEN.len())];
        let groups = (0..1 + random.below(3))
            .map(|_| GROUPS[random.below(GROUPS.len())].0)
            .collect();
        Person {
            n,
            surname,
            given,
            login: format!("{surname_latin}.{given_latin}.{n}"),
            mobile_prefix: 3 + random.below(7),
            groups,
            accept: ACCEPT[random.below(ACCEPT.len())].0,
            call_out: random.below(2) == 0,
            team: DEPARTMENTS[random.below(DEPARTMENTS.len())],
            work_mode: MODES[random.below(MODES.len())],
            cost_center: 1000 + random.below(9000),
            department: DEPARTMENTS[random.below(DEPARTMENTS.len())],
        }
    }

    /// `13800000001`: the mobile number without the country code.
    fn mobile(&self) -> String {
        format!("1{}{:09}", self.mobile_prefix, self.n)
    }
}

fn write_person(out: &mut String, person: &Person) {
    let Person {
        n,
        surname,
        given,
        login,
        ..
    } = person;
    let _ = write!(
        out,
        "  p{n:06}:
    display_name: {surname}{given}
    email: {login}@example.com
    phone: \"+86{}\"
    accounts:
      ccc:
        nick: {given}
        staff_no: \"A{n:06}\"
        skill_groups: [{}]
        use_mobile_accept: {}
        use_mobile_call_out: {}
      cic:
        user_name: {login}
        first_name: {given}
        last_name: {surname}
        description: {} 坐席
      accc:
        user_id: {login}@ccc-prod
        work_mode: {}
        role: Agent
        display_id: \"A{n:06}\"
      eiam:
        user_name: {login}
        custom_fields: {{cost_center: CC-{}, department: {}, legacy: null}}
",
        person.mobile(),
        person.groups.join(", "),
        person.accept,
        person.call_out,
        person.team,
        person.work_mode,
        person.cost_center,
        person.department,
    );
}

/// What the emulator holds, provider by provider: the same people as the manifest, with
/// differences drawn per account (see [`Drift`]), and accounts the manifest does not manage.
#[derive(Default)]
struct Seed {
    ccc: String,
    cic: String,
    accc: String,
    eiam: String,
}

/// How one remote account differs from the manifest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drift {
    /// As the manifest says.
    Same,
    /// Not there (a `not-found` problem).
    Missing,
    /// One field differs (the variant picks which): a change.
    Differs(usize),
    /// A Tencent CIC user from SCIM with a different display name (a `locked` problem).
    Locked,
}

impl Drift {
    /// In 1,000 accounts: 1 missing, 70 with a difference (7%), 1 locked where that exists.
    fn draw(random: &mut Random, lockable: bool) -> Drift {
        match random.below(1000) {
            0 => Drift::Missing,
            1 if lockable => Drift::Locked,
            1..=70 => Drift::Differs(random.below(4)),
            _ => Drift::Same,
        }
    }

    /// Which field differs (a locked user's display name, variant 0); `None` when none does.
    fn variant(self) -> Option<usize> {
        match self {
            Drift::Differs(variant) => Some(variant),
            Drift::Locked => Some(0),
            Drift::Same | Drift::Missing => None,
        }
    }
}

impl Seed {
    fn add(&mut self, person: &Person, random: &mut Random) {
        let Person {
            n,
            surname,
            given,
            login,
            ..
        } = person;
        let name = format!("{surname}{given}");
        let mobile = person.mobile();
        // The manifest's value, or the remote one when `field` is the one that differs.
        let other = |field: usize, variant: Option<usize>, same: &str, different: &str| {
            if variant == Some(field) {
                different.to_string()
            } else {
                same.to_string()
            }
        };
        // Tencent CCC: a different name, nick, skill groups or mobile answering.
        let drift = Drift::draw(random, false);
        if drift != Drift::Missing {
            let v = drift.variant();
            let mut ids: Vec<u32> = person.groups.iter().map(|g| group_id(g)).collect();
            if v == Some(2) {
                ids = vec![105];
            }
            ids.sort();
            ids.dedup();
            let accept = ACCEPT
                .iter()
                .find(|a| a.0 == person.accept)
                .map_or(0, |a| a.1);
            let accept = if v == Some(3) {
                (accept + 1) % 3
            } else {
                accept
            };
            let ids: Vec<String> = ids.iter().map(u32::to_string).collect();
            let _ = writeln!(
                self.ccc,
                "      - {{mail: {login}@example.com, name: \"{}\", phone: \"0086{mobile}\", nick: \"{}\", staff_number: \"A{n:06}\", skill_groups: [{}], use_mobile_accept: {accept}, use_mobile_call_out: {}}}",
                other(0, v, &name, &format!("{name}（旧）")),
                other(1, v, given, "old-nick"),
                ids.join(", "),
                person.call_out,
            );
        }
        // Tencent CIC: a different display name, first name, description or email; or locked.
        let drift = Drift::draw(random, true);
        if drift != Drift::Missing {
            let (v, locked) = (drift.variant(), drift == Drift::Locked);
            let _ = writeln!(
                self.cic,
                "      - {{user_id: u-{n:010}, user_name: {login}, first_name: \"{}\", last_name: \"{surname}\", display_name: \"{}\", description: \"{}\", email: {}, user_type: {}}}",
                other(1, v, given, "Old"),
                other(0, v, &name, &format!("{name}（旧）")),
                other(2, v, &format!("{} 坐席", person.team), "坐席"),
                other(
                    3,
                    v,
                    &format!("{login}@example.com"),
                    &format!("{login}@old.example.com")
                ),
                if locked { "Synchronized" } else { "Manual" },
            );
        }
        // Alibaba CCC: a different display name, work mode, display id or role.
        let drift = Drift::draw(random, false);
        if drift != Drift::Missing {
            let v = drift.variant();
            let mode = MODES
                .iter()
                .position(|m| *m == person.work_mode)
                .unwrap_or(0);
            let _ = writeln!(
                self.accc,
                "      - {{login_name: {login}, display_name: \"{}\", display_id: \"{}\", email: {login}@example.com, mobile: \"{mobile}\", work_mode: {}, role: {}}}",
                other(0, v, &name, &format!("{name}（旧）")),
                other(2, v, &format!("A{n:06}"), &format!("B{n:06}")),
                other(1, v, person.work_mode, MODES[(mode + 1) % MODES.len()]),
                other(3, v, "Agent", "Manager"),
            );
        }
        // Alibaba EIAM: a different display name, phone or custom field.
        let drift = Drift::draw(random, false);
        if drift != Drift::Missing {
            let v = drift.variant();
            let _ = writeln!(
                self.eiam,
                "      - {{user_id: user_{n:08}, username: {login}, display_name: \"{}\", email: {login}@example.com, email_verified: true, phone_region: \"86\", phone_number: \"{}\", phone_number_verified: true, custom_fields: {{cost_center: CC-{}, department: \"{}\"}}}}",
                other(0, v, &name, &format!("{name}（旧）")),
                other(1, v, &mobile, &format!("19{:09}", n)),
                person.cost_center + usize::from(v == Some(2)),
                other(3, v, person.department, "Old Dept"),
            );
        }
    }

    /// `count` accounts per provider that the manifest does not mention.
    fn unmanaged(&mut self, count: usize) {
        for i in 0..count {
            let login = format!("unmanaged.{i}");
            let _ = writeln!(
                self.ccc,
                "      - {{mail: {login}@example.com, name: 值班 {i}}}"
            );
            let _ = writeln!(
                self.cic,
                "      - {{user_id: u-x{i:09}, user_name: {login}, display_name: 值班 {i}}}"
            );
            let _ = writeln!(
                self.accc,
                "      - {{login_name: {login}, display_name: 值班 {i}, work_mode: ON_SITE, role: Manager}}"
            );
            let _ = writeln!(
                self.eiam,
                "      - {{user_id: user_x{i:07}, username: {login}, display_name: 值班 {i}}}"
            );
        }
    }

    /// The seed file: credentials, rate limits, instances and their accounts.
    fn text(&self) -> String {
        use common::{ACS_ID, ACS_SECRET, TC_ID, TC_KEY};
        let groups: Vec<String> = GROUPS
            .iter()
            .filter(|(name, _)| name.parse::<u32>().is_err())
            .map(|(name, id)| format!("{{id: {id}, name: \"{name}\"}}"))
            .collect();
        format!(
            "credentials:
  tencent: [{{secret_id: {TC_ID}, secret_key: {TC_KEY}}}]
  alibaba: [{{access_key_id: {ACS_ID}, access_key_secret: {ACS_SECRET}}}]
rate_limits: {{tencent_per_second: {RATE}, alibaba_per_second: {RATE}}}
tencent_ccc:
  - sdk_app_id: 1400000001
    skill_groups: [{}]
    staff:
{}tencent_cic:
  - zone_id: z-1a2b3c4d5e
    users:
{}alibaba_ccc:
  - instance_id: ccc-prod
    roles: [Agent, Manager]
    users:
{}alibaba_eiam:
  - instance_id: {EIAM}
    custom_fields: [cost_center, department, legacy]
    users:
{}",
            groups.join(", "),
            self.ccc,
            self.cic,
            self.accc,
            self.eiam
        )
    }
}

/// The id of a skill group as the manifest refers to it (by name, or by id).
fn group_id(reference: &str) -> u32 {
    GROUPS
        .iter()
        .find(|(name, _)| *name == reference)
        .map_or(0, |(_, id)| *id)
}

/// xorshift64: the same manifest on every run.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// `100,000`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
