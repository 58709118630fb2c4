//! Benchmark (not a test): the cost of reading a large manifest.
//!
//! Generates manifests of 1,000, 10,000 and 100,000 accounts (or `--accounts N` alone): a
//! quarter of the accounts on each of the four provider types, one person per four accounts,
//! with realistic values (Chinese names, emails, phones, skill groups, custom fields), in files
//! of `--people-per-file` people (default 5,000) plus `providers.yaml`, in a temporary
//! directory. Each step runs `usersync` as a child process (once to warm up, then `--runs`,
//! default 3, times) and reports its median CPU time (user + system) and its peak memory
//! (maximum resident set),
//! read with `wait4`; the table ends with how each step grows from one size to the next
//! (linear growth is ×10 per ×10 accounts).
//!
//! ```sh
//! cargo build --release --bins --example bench_scale
//! target/release/examples/bench_scale                     # 1,000 / 10,000 / 100,000 accounts
//! target/release/examples/bench_scale --accounts 100000   # one size
//! target/release/examples/bench_scale --accounts 100000 --keep /tmp/m   # keep it, to profile
//! target/release/examples/bench_scale --usersync /path/to/other/usersync  # another build
//! ```
//!
//! A step is a function from the generated manifest to a measurement (see [`STEPS`]); a step
//! that plans against the emulator can be added there.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A generated manifest and the `usersync` binary to measure.
struct Manifest {
    dir: PathBuf,
    files: usize,
    bytes: u64,
    usersync: PathBuf,
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

/// The steps, in order. Add `plan` against the emulator here.
const STEPS: &[Step] = &[Step {
    name: "validate",
    run: validate,
}];

/// `usersync validate -f <dir>`: must exit 0.
fn validate(manifest: &Manifest) -> Result<Cost> {
    let mut command = Command::new(&manifest.usersync);
    command.arg("validate").arg("-f").arg(&manifest.dir);
    let (cost, code) = measure(command)?;
    if code != 0 {
        return Err(format!(
            "`usersync validate -f {}` exited {code}; the manifest is left there",
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
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value =
            || -> Result<usize> { Ok(args.next().ok_or(format!("{arg} needs a value"))?.parse()?) };
        match arg.as_str() {
            "--accounts" => sizes = vec![value()?],
            "--people-per-file" => people_per_file = value()?,
            "--runs" => runs = value()?.max(1),
            "--keep" => keep = Some(args.next().ok_or("--keep needs a directory")?.into()),
            "--usersync" => usersync = Some(args.next().ok_or("--usersync needs a path")?.into()),
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let usersync = match usersync {
        Some(path) => path,
        None => std::env::current_exe()?
            .parent()
            .and_then(|examples| examples.parent())
            .map(|target| target.join("usersync"))
            .ok_or("cannot find the target directory")?,
    };
    if !usersync.exists() {
        return Err(
            "build the binaries first: cargo build --release --bins --example bench_scale".into(),
        );
    }
    println!("| accounts | files | MB | step | CPU s | peak MB | µs CPU per account |");
    println!("|---:|---:|---:|---|---:|---:|---:|");
    let mut rows: Vec<(usize, &str, Cost)> = Vec::new();
    for &accounts in &sizes {
        let dir = match &keep {
            Some(dir) => dir.join(accounts.to_string()),
            None => std::env::temp_dir().join(format!(
                "usersync-bench-scale-{}-{accounts}",
                std::process::id()
            )),
        };
        let manifest = generate(&dir, accounts, people_per_file, &usersync)?;
        for step in STEPS {
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
        if keep.is_none() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    let mut growth = String::new();
    for step in STEPS {
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

/// Runs `command` to its end (output discarded) and reads what it cost from the kernel.
fn measure(mut command: Command) -> Result<(Cost, i32)> {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
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

/// Writes a manifest of `accounts` accounts (a quarter per provider) into `dir`.
fn generate(dir: &Path, accounts: usize, per_file: usize, usersync: &Path) -> Result<Manifest> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("providers.yaml"), PROVIDERS)?;
    let people = accounts.div_ceil(4);
    let mut random = Random(0x5eed_1234_abcd_ef01);
    let mut files = 1;
    let mut text = String::new();
    for person in 0..people {
        if person % per_file == 0 {
            text.push_str("users:\n");
        }
        write_person(&mut text, person, &mut random);
        if (person + 1) % per_file == 0 || person + 1 == people {
            std::fs::write(dir.join(format!("people-{files:03}.yaml")), &text)?;
            files += 1;
            text.clear();
        }
    }
    // Written out before measuring, so that the kernel's writing back does not compete.
    let _ = Command::new("sync").status();
    let bytes = std::fs::read_dir(dir)?
        .map(|entry| Ok(entry?.metadata()?.len()))
        .sum::<Result<u64>>()?;
    Ok(Manifest {
        dir: dir.to_path_buf(),
        files,
        bytes,
        usersync: usersync.to_path_buf(),
    })
}

const PROVIDERS: &str = "\
providers:
  ccc: {type: tencent-ccc, sdk_app_id: 1400000001}
  cic: {type: tencent-cic, zone_id: z-1a2b3c4d5e}
  accc: {type: alibaba-ccc, instance_id: ccc-prod, region: cn-shanghai}
  eiam: {type: alibaba-eiam, instance_id: idaas_ue2jvisn35ea5lmthk267example, region: cn-hangzhou}
";

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
const GROUPS: &[&str] = &[
    "售前咨询",
    "售后服务",
    "VIP 热线",
    "Sales",
    "Support",
    "101",
    "102",
];
const DEPARTMENTS: &[&str] = &["客户服务部", "华东区 客服二组", "技术支持中心", "Sales Ops"];
const ACCEPT: &[&str] = &["\"off\"", "when-offline", "always"];
const MODES: &[&str] = &["ON_SITE", "OFF_SITE", "OFFICE_PHONE"];

fn write_person(out: &mut String, n: usize, random: &mut Random) {
    let (surname, surname_latin) = SURNAMES[random.below(SURNAMES.len())];
    let (given, given_latin) = GIVEN[random.below(GIVEN.len())];
    let login = format!("{surname_latin}.{given_latin}.{n}");
    let groups: Vec<&str> = (0..1 + random.below(3))
        .map(|_| GROUPS[random.below(GROUPS.len())])
        .collect();
    let _ = write!(
        out,
        "  p{n:06}:
    display_name: {surname}{given}
    email: {login}@example.com
    phone: \"+861{}{n:09}\"
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
        3 + random.below(7),
        groups.join(", "),
        ACCEPT[random.below(ACCEPT.len())],
        random.below(2) == 0,
        DEPARTMENTS[random.below(DEPARTMENTS.len())],
        MODES[random.below(MODES.len())],
        1000 + random.below(9000),
        DEPARTMENTS[random.below(DEPARTMENTS.len())],
    );
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
