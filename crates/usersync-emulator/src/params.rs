//! Parameter checks shared by the four APIs, driven by per-action tables: unknown names, missing
//! required ones and wrong types, with each cloud's codes. Pure; business rules live in the
//! API modules.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::reply::ApiError;

/// The type a parameter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Bool,
    IntList,
    StrList,
    /// A Tencent JSON object whose fields are checked like the top level (names, required,
    /// types; `Outer.Inner` in messages), or an Alibaba list of objects with these fields
    /// (`Name.N.Field`, names only).
    Object(&'static [Param]),
}

/// One row of an action's parameter table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

pub const fn required(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        required: true,
    }
}

pub const fn optional(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        required: false,
    }
}

/// One action an API serves, with its parameter table.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    pub name: &'static str,
    pub params: &'static [Param],
}

/// The parameter table of `action` among an API's `actions`; `None` when it is not served.
pub fn table(actions: &'static [Action], action: &str) -> Option<&'static [Param]> {
    actions
        .iter()
        .find(|served| served.name == action)
        .map(|served| served.params)
}

/// Check a Tencent JSON body against the table: `UnknownParameter`, `MissingParameter`,
/// `InvalidParameter` (wrong JSON type). Returns the body's object.
pub fn check_tencent(body: &[u8], table: &[Param]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|err| {
        ApiError::tencent(
            "InvalidParameter",
            format!("The request body is not valid JSON: {err}."),
        )
    })?;
    let Value::Object(map) = value else {
        return Err(ApiError::tencent(
            "InvalidParameter",
            "The request body must be a JSON object.",
        ));
    };
    check_fields(&map, table, "")?;
    Ok(map)
}

/// The fields of one Tencent object against `table`; `prefix` names the object a nested one sits
/// in (`ForwardingConfig.`), so messages name the field as the API documents it.
fn check_fields(map: &Map<String, Value>, table: &[Param], prefix: &str) -> Result<(), ApiError> {
    for name in map.keys() {
        if !table.iter().any(|param| param.name == name) {
            return Err(ApiError::tencent(
                "UnknownParameter",
                format!("The parameter `{prefix}{name}` is not recognized."),
            ));
        }
    }
    for param in table {
        let name = format!("{prefix}{}", param.name);
        match map.get(param.name) {
            None if param.required => {
                return Err(ApiError::tencent(
                    "MissingParameter",
                    format!("The request is missing a required parameter `{name}`."),
                ));
            }
            Some(value) if !tencent_type_ok(param.kind, value) => {
                return Err(ApiError::tencent(
                    "InvalidParameter",
                    format!(
                        "The type of parameter `{name}` is wrong; expected {}.",
                        kind_name(param.kind)
                    ),
                ));
            }
            Some(Value::Object(inner)) => {
                if let Kind::Object(fields) = param.kind {
                    check_fields(inner, fields, &format!("{name}."))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A Tencent body already checked by [`check_tencent`], read into the action's request type; a
/// value the type refuses is answered with `code`.
pub fn decode_tencent<T: DeserializeOwned>(
    params: Map<String, Value>,
    code: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(params))
        .map_err(|err| ApiError::tencent(code, format!("Invalid parameter: {err}.")))
}

fn tencent_type_ok(kind: Kind, value: &Value) -> bool {
    match kind {
        Kind::Str => value.is_string(),
        Kind::Int => value.is_i64() || value.is_u64(),
        Kind::Bool => value.is_boolean(),
        Kind::IntList => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| v.is_i64() || v.is_u64())),
        Kind::StrList => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        Kind::Object(_) => value.is_object(),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Str => "a string",
        Kind::Int => "an integer",
        Kind::Bool => "a boolean",
        Kind::IntList => "an array of integers",
        Kind::StrList => "an array of strings",
        Kind::Object(_) => "an object",
    }
}

/// Alibaba query parameters after the table check, by name; list entries keep their 1-based
/// index (`CustomFields.1.FieldName` is in `lists["CustomFields"][0]["FieldName"]`).
#[derive(Debug, Default)]
pub struct Query {
    pub scalars: BTreeMap<String, String>,
    pub lists: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

impl Query {
    pub fn str(&self, name: &str) -> Option<&str> {
        self.scalars.get(name).map(String::as_str)
    }

    /// An integer already checked by [`check_alibaba`].
    pub fn int(&self, name: &str) -> Option<i64> {
        self.str(name).and_then(|v| v.parse().ok())
    }

    /// A boolean already checked by [`check_alibaba`]; any case of `true` / `false`.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.str(name).map(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn list(&self, name: &str) -> &[BTreeMap<String, String>] {
        self.lists.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Check decoded Alibaba query pairs against the table: unknown names (`InvalidParameter`, 400),
/// missing required (`MissingParameter`, 400), integers and booleans that do not parse
/// (`InvalidParameter`, 400).
pub fn check_alibaba(pairs: &[(String, String)], table: &[Param]) -> Result<Query, ApiError> {
    let mut query = Query::default();
    let mut indexed: BTreeMap<String, BTreeMap<usize, BTreeMap<String, String>>> = BTreeMap::new();
    for (name, value) in pairs {
        let unknown = || {
            ApiError::gateway(
                400,
                "InvalidParameter",
                format!("The parameter {name} is not recognized by this action."),
            )
        };
        let mut parts = name.splitn(3, '.');
        let base = parts.next().unwrap_or_default();
        let param = table.iter().find(|p| p.name == base).ok_or_else(unknown)?;
        match (param.kind, parts.next(), parts.next()) {
            (Kind::Str | Kind::Int | Kind::Bool, None, None) => {
                check_scalar(param, value)?;
                query.scalars.insert(name.clone(), value.clone());
            }
            (Kind::StrList | Kind::IntList, Some(index), None) => {
                let n = list_index(name, index)?;
                if param.kind == Kind::IntList && value.parse::<i64>().is_err() {
                    return Err(invalid(name, "an integer"));
                }
                let entry = indexed.entry(base.to_string()).or_default().entry(n);
                entry.or_default().insert(String::new(), value.clone());
            }
            (Kind::Object(fields), Some(index), Some(field))
                if fields.iter().any(|p| p.name == field) =>
            {
                let n = list_index(name, index)?;
                let entry = indexed.entry(base.to_string()).or_default().entry(n);
                entry.or_default().insert(field.to_string(), value.clone());
            }
            _ => return Err(unknown()),
        }
    }
    for (base, items) in indexed {
        query.lists.insert(base, items.into_values().collect());
    }
    for param in table.iter().filter(|p| p.required) {
        if !query.scalars.contains_key(param.name) && !query.lists.contains_key(param.name) {
            return Err(ApiError::gateway(
                400,
                "MissingParameter",
                format!("{} is mandatory for this action.", param.name),
            ));
        }
    }
    Ok(query)
}

fn check_scalar(param: &Param, value: &str) -> Result<(), ApiError> {
    match param.kind {
        Kind::Int if value.parse::<i64>().is_err() => Err(invalid(param.name, "an integer")),
        Kind::Bool
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") =>
        {
            Err(invalid(param.name, "true or false"))
        }
        _ => Ok(()),
    }
}

fn list_index(name: &str, index: &str) -> Result<usize, ApiError> {
    match index.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(ApiError::gateway(
            400,
            "InvalidParameter",
            format!("The parameter {name} has an invalid index; lists count from 1."),
        )),
    }
}

fn invalid(name: &str, expected: &str) -> ApiError {
    ApiError::gateway(
        400,
        "InvalidParameter",
        format!("The parameter {name} is invalid; expected {expected}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Param] = &[
        required("InstanceId", Kind::Str),
        optional("PageSize", Kind::Int),
        optional("EmailVerified", Kind::Bool),
        optional("UserIds", Kind::StrList),
        optional("CustomFields", Kind::Object(CUSTOM_FIELD)),
    ];

    const CUSTOM_FIELD: &[Param] = &[
        optional("FieldName", Kind::Str),
        optional("FieldValue", Kind::Str),
        optional("Operation", Kind::Str),
    ];

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn alibaba_lists_and_booleans_in_any_case() {
        let query = check_alibaba(
            &pairs(&[
                ("InstanceId", "i"),
                ("EmailVerified", "TRUE"),
                ("CustomFields.2.FieldName", "b"),
                ("CustomFields.1.FieldName", "a"),
                ("UserIds.1", "u"),
            ]),
            TABLE,
        )
        .unwrap();
        assert_eq!(query.bool("EmailVerified"), Some(true));
        assert_eq!(query.list("CustomFields")[0]["FieldName"], "a");
        assert_eq!(query.list("UserIds")[0][""], "u");
    }

    #[test]
    fn alibaba_refusals() {
        let code = |raw: &[(&str, &str)]| check_alibaba(&pairs(raw), TABLE).unwrap_err().code;
        assert_eq!(code(&[]), "MissingParameter");
        for invalid in [
            ("Nope", "1"),
            ("PageSize", "x"),
            ("EmailVerified", "yes"),
            ("UserIds.0", "u"),
            ("CustomFields.1.X", "u"),
        ] {
            let pairs = [("InstanceId", "i"), invalid];
            assert_eq!(code(&pairs), "InvalidParameter", "{invalid:?}");
        }
    }

    #[test]
    fn tencent_refusals() {
        let table = &[
            required("SdkAppId", Kind::Int),
            optional("SkillGroupIds", Kind::IntList),
        ];
        let code = |body: &str| check_tencent(body.as_bytes(), table).unwrap_err().code;
        assert_eq!(code("{}"), "MissingParameter");
        assert_eq!(code(r#"{"SdkAppId":1,"X":1}"#), "UnknownParameter");
        assert_eq!(code(r#"{"SdkAppId":"1"}"#), "InvalidParameter");
        assert_eq!(
            code(r#"{"SdkAppId":1,"SkillGroupIds":["a"]}"#),
            "InvalidParameter"
        );
        assert_eq!(code("[1]"), "InvalidParameter");
        assert!(check_tencent(br#"{"SdkAppId":1,"SkillGroupIds":[1]}"#, table).is_ok());
    }
}
