//! Edge. The `usersync` command line: argument parsing (clap derive; the doc comments are the
//! help text), and the thin command functions that call the core and the engine.

mod annotate;
mod apply;
mod export;
mod files;
pub mod memory;
mod observe;
mod output;
mod plan;
mod progress;
mod review;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::plan::render::Format;
pub use annotate::{AnnotationArgs, AnnotationFormat};

/// Keep call-center agents and identity users on Tencent Cloud and Alibaba Cloud in line with
/// a YAML manifest.
///
/// Exit codes: 0 success (plan: no changes), 2 plan has changes, 1 error or problem.
#[derive(Debug, Parser)]
#[command(name = "usersync", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More diagnostics on stderr (-v: each call, -vv: debug); `RUST_LOG` also works.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// When to colour output and logs: `auto` colours a terminal only (and honours
    /// `NO_COLOR`).
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manifests offline: every problem in every file, with file:line:column.
    ///
    /// Exits 0 when the manifests are valid, 1 otherwise.
    Validate(ValidateArgs),
    /// Show the changes `apply` would make: reads each provider's current state, writes nothing.
    ///
    /// Exits 0 when there is nothing to change, 2 when there are changes, 1 on an error or when
    /// the plan has problems (like `terraform plan -detailed-exitcode`).
    Plan(PlanArgs),
    /// Make the providers match the manifest, or apply a saved plan.
    ///
    /// Plans again (or loads `--plan`), shows the plan, checks the safety limit, asks for
    /// confirmation on a terminal (`--auto-approve` elsewhere), then sends the calls. Exits 0
    /// when every call was applied (or there was nothing to do), 1 otherwise.
    Apply(ApplyArgs),
    /// Write a manifest from what the providers hold now: bootstrap one, or adopt accounts made
    /// in a console.
    ///
    /// Reads every account of the providers the manifest declares (a file with only
    /// `providers:` is enough) and writes them as a manifest whose first `plan` shows no
    /// changes: accounts on several providers with the same email or phone become one person,
    /// shared attributes go on the person where the accounts agree. Reads only; never writes
    /// to a provider, never writes credentials. Exits 0 when written, 1 on an error.
    Export(ExportArgs),
    /// Print a JSON schema: the manifest (for editors), the plan document or the apply report.
    Schema {
        #[arg(value_enum, default_value = "manifest")]
        which: SchemaKind,
    },
}

#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// Manifest file, or a directory whose `*.yaml`/`*.yml` files are merged. Repeatable.
    #[arg(short = 'f', long = "file", required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub manifest: ManifestArgs,
    #[command(flatten)]
    pub annotations: AnnotationArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Mask email addresses and phone numbers in the output (for public repositories).
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub markdown: review::MarkdownArgs,
}

/// Bounds on the time spent waiting for a provider.
#[derive(Debug, Clone, Default, Args)]
pub struct NetworkArgs {
    /// Seconds to wait for a connection to a provider before the attempt fails [default: 5]
    /// (or `USERSYNC_CONNECT_TIMEOUT`).
    #[arg(long, value_name = "SECS", value_parser = crate::settings::parse_seconds)]
    pub connect_timeout: Option<Duration>,
    /// Seconds to wait for the answer to each request, connecting included [default: 30] (or
    /// `USERSYNC_TIMEOUT`).
    #[arg(long, value_name = "SECS", value_parser = crate::settings::parse_seconds)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub manifest: ManifestArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub network: NetworkArgs,
    /// Also write the plan document (JSON, unredacted) to this file, for `apply --plan`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The safety limit `apply` will use: the plan warns when it makes more calls. Default:
    /// 30% of the managed accounts when there are at least 10, else no limit.
    #[arg(long, value_name = "N")]
    pub max_changes: Option<usize>,
    /// The base branch's manifest (file or directory; repeatable): plan it too, from the same
    /// reads, and mark what is already pending there. The exit code then counts only what
    /// this manifest brings: 1 for its own problems, 2 for its own changes.
    #[arg(long, value_name = "PATH")]
    pub base: Vec<PathBuf>,
    #[command(flatten)]
    pub annotations: AnnotationArgs,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Manifest file or directory (plans again before applying). Repeatable.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATH",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub files: Vec<PathBuf>,
    /// Apply this saved plan (from `plan --out`), only if every account it touches still looks
    /// exactly as it did when planned.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Apply only if the plan's fingerprint is this one (from a reviewed plan).
    #[arg(long, value_name = "FINGERPRINT")]
    pub expect: Option<String>,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// Apply nothing when the plan has any problem. By default the accounts with problems
    /// are held back, every other call is sent, and apply exits 1.
    #[arg(long)]
    pub all_or_nothing: bool,
    /// Refuse plans with more calls than this. Default: 30% of the managed accounts when
    /// there are at least 10, else no limit.
    #[arg(long, value_name = "N")]
    pub max_changes: Option<usize>,
    /// Also write the apply report as JSON to this file (`usersync schema report`).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// After applying, read the changed accounts again and fail if any still differs.
    #[arg(long)]
    pub verify: bool,
    /// Calls in flight at once per provider (the pacer keeps each action at its rate).
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub network: NetworkArgs,
    #[command(flatten)]
    pub annotations: AnnotationArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub manifest: ManifestArgs,
    /// Export only this provider (a name under `providers`). Repeatable.
    #[arg(long = "provider", value_name = "NAME")]
    pub providers: Vec<String>,
    /// Also export the fields the list calls do not return (alibaba-eiam custom fields,
    /// alibaba-ccc nickname and avatar, tencent-ccc mobile switches). Costs one more read per
    /// account on alibaba-eiam and alibaba-ccc, and one per 100 agents on tencent-ccc.
    #[arg(long)]
    pub all_fields: bool,
    /// Export only the accounts the manifest does not manage yet (made in a console): on
    /// stdout as entries to paste under its `users:`, with `-o` as a file to keep beside it.
    #[arg(long)]
    pub unmanaged: bool,
    /// Write to this file instead of stdout. A directory (a path ending in `/`) gets
    /// `providers.yaml` and one `users-<letter>.yaml` per first letter of the people's names
    /// (`users-other.yaml` for names that start with another character).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Overwrite files that exist (by default nothing is written if one does).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub network: NetworkArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    Manifest,
    Plan,
    Report,
}

/// Exit codes, as documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const ERROR: u8 = 1;
    pub const CHANGES: u8 = 2;
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` succeed; a usage error is an error (1), never 2, which
            // `plan` uses for "there are changes".
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            });
        }
    };
    let color = output::init(cli.color, redacts(&cli.command));
    init_tracing(cli.verbose, color);
    annotate::start(&cli.command);
    let code = match run(cli) {
        Ok(code) => code,
        Err(error) if error.is::<files::NotText>() => {
            let files::NotText(problems) = error.downcast_ref().expect("checked");
            plan::report_problems(problems)
        }
        Err(error) => {
            output::error(&format!("{error:#}"));
            annotate::error(&format!("{error:#}"));
            exit::ERROR
        }
    };
    ExitCode::from(annotate::finish(code))
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Validate(args) => plan::validate(&args.manifest),
        Command::Schema { which } => {
            output::data(&schema(which));
            Ok(exit::OK)
        }
        Command::Plan(args) => runtime()?.block_on(plan::plan(&args)),
        Command::Apply(args) => runtime()?.block_on(apply::apply(&args, cli.verbose)),
        Command::Export(args) => runtime()?.block_on(export::export(&args)),
    }
}

/// The JSON schema of `which`, pretty-printed.
pub fn schema(which: SchemaKind) -> String {
    let schema = match which {
        SchemaKind::Manifest => crate::manifest::manifest_schema().clone(),
        SchemaKind::Plan => schemars::schema_for!(crate::plan::Plan).to_value(),
        SchemaKind::Report => schemars::schema_for!(crate::engine::report::ApplyReport).to_value(),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    text
}

/// One thread runs every task: the work is waiting on the providers, and the CPU it takes
/// (signing, parsing answers) is cheaper on one thread than handed between several (plan at
/// 100,000 accounts with 26,000 reads: 3.6 s of CPU against 4.4 s, a fifth of the context
/// switches), and memory freed while one phase runs is reused by the next on the same
/// thread's heap (the peak 15 MiB lower).
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Whether the command masks personal values in what it shows (`--redact`).
fn redacts(command: &Command) -> bool {
    match command {
        Command::Plan(args) => args.output.redact,
        Command::Apply(args) => args.output.redact,
        Command::Validate(_) | Command::Export(_) | Command::Schema { .. } => false,
    }
}

fn init_tracing(verbose: u8, color: bool) {
    let progress = progress::TARGET;
    let quiet = format!("{progress}=info,warn");
    let default = match verbose {
        0 => quiet.as_str(),
        1 => "usersync=info,warn",
        _ => "usersync=debug,info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(output::LogWriter)
        .with_ansi(color)
        .with_target(false)
        .try_init();
}
