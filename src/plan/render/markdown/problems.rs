//! Pure. Problems as Markdown list items: the person, the account, the field, the kind, the
//! manifest location (a link to the line with `--link-base`), the message and the hint.

use super::escape::{code, message, text, url};
use crate::model::Origin;
use crate::plan::Problem;

/// One problem, as a list item ending in a newline.
pub(crate) fn item(problem: &Problem, link_base: Option<&str>) -> String {
    let field = problem
        .field
        .as_ref()
        .map(|f| format!(" · {}", code(&f.to_string())))
        .unwrap_or_default();
    let at = location(&problem.origin, link_base);
    let at = if at.is_empty() {
        String::new()
    } else {
        format!(" · {at}")
    };
    let mut out = format!(
        "- **{}** ({} on {}){field} · {}{at}<br>\n  {}",
        text(&problem.person),
        code(&problem.account),
        code(&problem.provider),
        code(problem.kind.as_str()),
        message(&problem.message),
    );
    if let Some(hint) = &problem.hint {
        out.push_str("<br>\n  *hint:* ");
        out.push_str(&message(hint));
    }
    out.push('\n');
    out
}

/// `users.yaml:12`, linked to the line when `link_base` is given
/// (`https://github.com/ORG/REPO/blob/SHA/` → `…/users.yaml#L12`). Empty when unknown.
pub(crate) fn location(origin: &Origin, link_base: Option<&str>) -> String {
    if origin.file.is_empty() {
        return String::new();
    }
    let label = if origin.line == 0 {
        origin.file.clone()
    } else {
        format!("{}:{}", origin.file, origin.line)
    };
    let Some(base) = link_base else {
        return code(&label);
    };
    let file = origin.file.replace('\\', "/");
    let file = file.trim_start_matches("./").trim_start_matches('/');
    let separator = if base.ends_with('/') { "" } else { "/" };
    let anchor = if origin.line == 0 {
        String::new()
    } else {
        format!("#L{}", origin.line)
    };
    format!(
        "[{}]({})",
        text(&label),
        url(&format!("{base}{separator}{file}{anchor}"))
    )
}
