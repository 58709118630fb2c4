//! Edge. The only place that writes to stdout and stderr: data on stdout (colour stripped
//! when not a terminal or when `NO_COLOR` is set, by anstream), messages on stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;

use anstyle::{AnsiColor, Style};

/// Writes data (a plan, a report, a schema) to stdout.
pub fn data(text: &str) {
    let mut out = anstream::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// `error: …` on stderr.
pub fn error(message: &str) {
    label(AnsiColor::Red, "error", message);
}

/// A plain line on stderr.
pub fn note(message: &str) {
    let _ = writeln!(anstream::stderr(), "{message}");
}

fn label(color: AnsiColor, label: &str, message: &str) {
    let style = Style::new().fg_color(Some(color.into())).bold();
    let _ = writeln!(
        anstream::stderr(),
        "{}{label}{}: {message}",
        style.render(),
        style.render_reset()
    );
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
