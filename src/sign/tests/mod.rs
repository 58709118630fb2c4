//! Both signers against every vector in `tests/fixtures/signing-vectors.json` (a copy of the
//! reference, computed with the official SDKs), comparing every intermediate, not only the output.

mod alibaba;
mod alibaba_vectors;
mod tencent;
mod tencent_vectors;

use serde_json::{Map, Value};

use super::{alibaba as acs3, tencent as tc3};

const VECTORS: &str = include_str!("../../../tests/fixtures/signing-vectors.json");
const EXPECTED_TENCENT: usize = 6;
const EXPECTED_ALIBABA: usize = 7;

/// Collects every mismatch, each naming the vector and the intermediate, so one run shows them all.
#[derive(Default)]
struct Report {
    mismatches: Vec<String>,
}

impl Report {
    fn same(&mut self, id: &str, what: &str, actual: &str, expected: &str) {
        if actual != expected {
            self.mismatches.push(format!(
                "{id}: `{what}` differs\n  actual:   {actual:?}\n  expected: {expected:?}"
            ));
        }
    }
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("vector has no string at {pointer}"))
}

fn object_at<'a>(value: &'a Value, pointer: &str) -> &'a Map<String, Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("vector has no object at {pointer}"))
}

/// A JSON object of strings as sorted (name, value) pairs.
fn string_pairs(object: &Map<String, Value>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = object
        .iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .unwrap_or_else(|| panic!("{name} not a string"));
            (name.clone(), value.to_string())
        })
        .collect();
    pairs.sort();
    pairs
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

/// Header pairs with lowercased names, sorted, for set comparison.
fn header_set(pairs: &[(String, String)]) -> Vec<(String, String)> {
    sorted(
        pairs
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect(),
    )
}

#[test]
fn every_vector_reproduced_with_every_intermediate() {
    let file: Value = serde_json::from_str(VECTORS).expect("vectors file is JSON");
    let vectors = file
        .get("vectors")
        .and_then(Value::as_array)
        .expect("`vectors` array");
    let mut report = Report::default();
    let (mut tencent, mut alibaba) = (0, 0);
    for vector in vectors {
        match str_at(vector, "/cloud") {
            "tencent" => {
                report.same(
                    str_at(vector, "/id"),
                    "algorithm",
                    tc3::ALGORITHM,
                    str_at(vector, "/algorithm"),
                );
                tencent_vectors::check_tencent(&mut report, vector);
                tencent += 1;
            }
            "alibaba" => {
                report.same(
                    str_at(vector, "/id"),
                    "algorithm",
                    acs3::ALGORITHM,
                    str_at(vector, "/algorithm"),
                );
                alibaba_vectors::check_alibaba(&mut report, vector);
                alibaba += 1;
            }
            other => report.mismatches.push(format!(
                "{}: unknown cloud `{other}`",
                str_at(vector, "/id")
            )),
        }
    }
    assert!(
        report.mismatches.is_empty(),
        "{}",
        report.mismatches.join("\n")
    );
    assert_eq!(
        (tencent, alibaba),
        (EXPECTED_TENCENT, EXPECTED_ALIBABA),
        "vector count changed"
    );
    assert_eq!(tencent + alibaba, 13);
}
