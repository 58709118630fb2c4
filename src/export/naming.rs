//! Pure. Names for exported people: the login most of a person's accounts share
//! (`alice.liu`), else the part of their email before the `@`, else the remote id; lowercased,
//! keeping letters of any script, digits, `.`, `_` and `-` (anything else becomes `-`); a
//! suffix (`-2`, `-3`) makes a name unique. The same estate always gives the same names.

use std::collections::BTreeSet;

use super::Remote;
use crate::model::AccountKey;

/// The name a person would like: from the login names of its accounts (the most common one,
/// the first on a tie), else from `email`, else from an account's email, else its remote id.
pub fn candidate(remotes: &[&Remote], email: Option<&str>) -> String {
    let logins: Vec<String> = remotes
        .iter()
        .flat_map(|remote| &remote.account.keys)
        .filter_map(|key| match key {
            AccountKey::UserName(login) => Some(slug(before_at(login))),
            _ => None,
        })
        .filter(|login| !login.is_empty())
        .collect();
    let count = |login: &String| logins.iter().filter(|l| *l == login).count();
    let most_common = logins
        .iter()
        .enumerate()
        .max_by_key(|(index, login)| (count(login), std::cmp::Reverse(*index)))
        .map(|(_, login)| login.clone());
    let key_email = || {
        remotes
            .iter()
            .flat_map(|r| &r.account.keys)
            .find_map(|key| match key {
                AccountKey::Email(email) => Some(email.as_str()),
                _ => None,
            })
    };
    let from_email = email
        .or_else(key_email)
        .map(|email| slug(before_at(email)))
        .filter(|name| !name.is_empty());
    let from_id = || {
        remotes
            .first()
            .map(|remote| slug(&remote.account.remote_id))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "user".to_string())
    };
    most_common.or(from_email).unwrap_or_else(from_id)
}

/// `candidate`, or `candidate-2`, `candidate-3`, … whichever is not taken yet; takes it.
pub fn unique(candidate: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = candidate.clone();
    let mut suffix = 2;
    while taken.contains(&name) {
        name = format!("{candidate}-{suffix}");
        suffix += 1;
    }
    taken.insert(name.clone());
    name
}

fn before_at(text: &str) -> &str {
    text.split('@').next().unwrap_or(text)
}

/// Lowercase letters and digits of any script, `.`, `_` and `-`; runs of anything else become
/// one `-`; no separator at either end.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches(['.', '_', '-']).to_string()
}
