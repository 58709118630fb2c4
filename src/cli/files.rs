//! Edge. Reads the manifest files a user names: a file, or every `*.yaml`/`*.yml` below a
//! directory, in a stable (sorted) order.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::manifest::Source;

/// Reads every manifest file under `paths`.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut files)
                .with_context(|| format!("reading directory `{}`", path.display()))?;
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        bail!(
            "no manifest files (`*.yaml`, `*.yml`) found under {}",
            display(paths)
        );
    }
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading manifest `{}`", file.display()))?;
            Ok(Source {
                name: file.display().to_string(),
                text,
            })
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
        if entry.is_dir() {
            collect(&entry, files)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(entry);
        }
    }
    Ok(())
}

fn display(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
