//! Edge. Reads the manifest files a user names: a file, or every `*.yaml`/`*.yml` below a
//! directory, in a stable (sorted) order. A directory walk reads only regular files (symlinks
//! followed), reads a file reached twice once, and never follows a symlink back into a
//! directory it is walking. A file named on the command line is read whatever it is (a pipe
//! from `<(…)` included).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::output;
use crate::manifest::{Diagnostic, Source};
use crate::model::{Origin, Position};

/// Reads every manifest file under `paths`.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut walk = Walk::default();
    for path in paths {
        if path.is_dir() {
            walk.directory(path)
                .with_context(|| format!("reading directory `{}`", path.display()))?;
        } else {
            walk.file(path.clone());
        }
    }
    if walk.files.is_empty() {
        bail!(
            "no manifest files (`*.yaml`, `*.yml`) found under {}",
            display(paths)
        );
    }
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    for file in &walk.files {
        match read(file)? {
            Ok(source) => sources.push(source),
            Err(problem) => unreadable.push(problem),
        }
    }
    if !unreadable.is_empty() {
        return Err(NotText(unreadable).into());
    }
    Ok(sources)
}

/// Manifest files that are not UTF-8 text, each at its first byte that is not: reported as
/// manifest problems (at their line, counted, annotated), every such file at once.
#[derive(Debug)]
pub struct NotText(pub Vec<Diagnostic>);

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let problems: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&problems.join("\n"))
    }
}

impl std::error::Error for NotText {}

/// Reads one file as UTF-8 text; a file that is not gives the problem at the line and column
/// of the first byte that is not.
fn read(file: &Path) -> Result<Result<Source, Diagnostic>> {
    let name = file.display().to_string();
    let bytes =
        std::fs::read(file).with_context(|| format!("reading manifest `{}`", file.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { name, text }),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = &bytes[..error.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).expect("the prefix is valid UTF-8");
            let at = Position {
                line: (valid.matches('\n').count() + 1) as u32,
                column: (valid.rsplit('\n').next().unwrap_or("").chars().count() + 1) as u32,
            };
            let byte = bytes[valid.len()];
            let message = format!("not UTF-8 text (byte 0x{byte:02X})");
            Err(Diagnostic::new(Origin::at(&name, at), "", message)
                .hint("usersync reads manifests as UTF-8; save the file with that encoding"))
        }
    })
}

/// The files found so far, and what was visited, by real path.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    seen_files: HashSet<PathBuf>,
    seen_directories: HashSet<PathBuf>,
    /// Real paths of the directories being walked, outermost first.
    walking: Vec<PathBuf>,
}

impl Walk {
    /// Adds a file unless it was reached already (through another path or a symlink).
    fn file(&mut self, path: PathBuf) {
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.seen_files.insert(real) {
            self.files.push(path);
        }
    }

    fn directory(&mut self, dir: &Path) -> std::io::Result<()> {
        let real = std::fs::canonicalize(dir)?;
        if self.walking.contains(&real) {
            output::note(&format!(
                "skipping `{}`: a symlink loop (it leads back to a directory being read)",
                dir.display()
            ));
            return Ok(());
        }
        if !self.seen_directories.insert(real.clone()) {
            return Ok(()); // reached through another path: its files are in already
        }
        self.walking.push(real);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let yaml = matches!(
                entry.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            match std::fs::metadata(&entry) {
                Ok(meta) if meta.is_dir() => self.directory(&entry)?,
                Ok(meta) if yaml && !meta.is_file() => output::note(&format!(
                    "skipping `{}`: not a regular file",
                    entry.display()
                )),
                // A broken symlink is added, so that reading it says what is wrong.
                _ if yaml => self.file(entry),
                _ => {}
            }
        }
        self.walking.pop();
        Ok(())
    }
}

fn display(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
