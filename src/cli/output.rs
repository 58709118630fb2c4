//! Edge. The only place that writes to stdout and stderr: data on stdout, messages and logs
//! on stderr. Colour follows `--color` (auto: a terminal only, `NO_COLOR` honoured), through
//! anstream; with `--redact`, every email address and phone number is masked in everything
//! written, logs included.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use anstyle::{AnsiColor, Style};

use super::ColorWhen;
use crate::plan::redact::mask_text;

static REDACT: AtomicBool = AtomicBool::new(false);

/// Sets colour and redaction for the process; returns whether stderr (logs) gets colour.
pub fn init(color: ColorWhen, redact: bool) -> bool {
    REDACT.store(redact, Ordering::Relaxed);
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    !matches!(
        anstream::AutoStream::choice(&std::io::stderr()),
        anstream::ColorChoice::Never
    )
}

fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if REDACT.load(Ordering::Relaxed) {
        mask_text(text).into()
    } else {
        text.into()
    }
}

/// Writes data (a plan, a report, a schema) to stdout.
pub fn data(text: &str) {
    let mut out = anstream::stdout();
    let _ = out.write_all(shown(text).as_bytes());
    let _ = out.flush();
}

/// Writes data made by `write` to stdout as it is made (a large document is not held whole).
/// Not for `--redact`, which masks the text whole ([`data`]).
pub fn data_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    debug_assert!(
        !REDACT.load(Ordering::Relaxed),
        "masking needs the whole text"
    );
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, anstream::stdout());
    let _ = write(&mut out);
    let _ = out.flush();
}

/// `error: …` on stderr.
pub fn error(message: &str) {
    label(AnsiColor::Red, "error", message);
}

/// `warning: …` on stderr.
pub fn warning(message: &str) {
    label(AnsiColor::Yellow, "warning", message);
}

/// A plain line on stderr.
pub fn note(message: &str) {
    let _ = writeln!(anstream::stderr(), "{}", shown(message));
}

fn label(color: AnsiColor, label: &str, message: &str) {
    let style = Style::new().fg_color(Some(color.into())).bold();
    let _ = writeln!(
        anstream::stderr(),
        "{}{label}{}: {}",
        style.render(),
        style.render_reset(),
        shown(message)
    );
}

/// Where `tracing` writes: stderr, masked with `--redact`.
pub struct LogWriter;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine
    }
}

/// One log write.
pub struct LogLine;

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(bytes);
        std::io::stderr().write_all(shown(&text).as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Whether stdin is a terminal a person can answer on.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks on stderr and reads one line from stdin.
pub fn ask(question: &str) -> String {
    let _ = write!(anstream::stderr(), "{question}");
    let _ = anstream::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    answer.trim().to_string()
}
