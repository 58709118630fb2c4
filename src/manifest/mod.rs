//! Pure. The manifest: its types, the YAML reader, the structure check against the generated
//! schema, and the checks that turn it into the desired state.

pub mod diagnostic;
pub mod load;
pub mod structure;
pub mod types;
pub mod validate;
pub mod yaml;

#[cfg(test)]
mod tests;

pub use diagnostic::Diagnostic;
pub use load::{Source, manifest_schema};

use crate::state::DesiredState;

/// Reads manifest sources into the desired state, or every problem found in all of them.
pub fn desired_state(sources: &[Source]) -> Result<DesiredState, Vec<Diagnostic>> {
    let (loaded, mut problems) = load::load(sources);
    match validate::desired_state(&loaded) {
        Ok(state) if problems.is_empty() => Ok(state),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            problems.sort_by(|a, b| {
                (&a.origin.file, a.origin.line, a.origin.column).cmp(&(
                    &b.origin.file,
                    b.origin.line,
                    b.origin.column,
                ))
            });
            Err(problems)
        }
    }
}
