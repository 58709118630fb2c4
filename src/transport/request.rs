//! Pure. One signed attempt as it goes on the wire: URL, headers and body, built from the
//! logical parameters with the cloud's encoding (Tencent: compact JSON body; Alibaba: the
//! canonical query string as the URL query and an empty body) and signed with the given time
//! and nonce. Never sends anything; the secrets only reach `sign`.

use crate::model::Cloud;
use crate::providers::endpoint::Endpoint;
use crate::providers::{Params, Table};
use crate::sign::{self, Credentials};

/// Everything needed to send one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    /// `POST` to this URL.
    pub url: String,
    /// Header names and values, `Host` included, `Authorization` last.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The parts of a request that are the same on every attempt (the signature is not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoded {
    /// Tencent: the JSON body.
    Json(Vec<u8>),
    /// Alibaba: flattened query pairs (unencoded) and the canonical query string.
    Query {
        pairs: Vec<(String, String)>,
        query: String,
    },
}

/// Encodes `params` for the table's cloud.
pub fn encode(table: &Table, params: &Params) -> Result<Encoded, String> {
    match table.cloud {
        Cloud::Tencent => serde_json::to_vec(params)
            .map(Encoded::Json)
            .map_err(|error| format!("parameters do not serialise: {error}")),
        Cloud::Alibaba => {
            let pairs = sign::alibaba::flatten(params);
            let query = sign::alibaba::canonical_query(&pairs);
            Ok(Encoded::Query { pairs, query })
        }
    }
}

/// Signs one attempt at `unix_seconds` with `nonce` (Alibaba only; Tencent binds the
/// timestamp instead).
pub fn sign_request(
    table: &Table,
    endpoint: &Endpoint,
    credentials: &Credentials,
    action: &str,
    encoded: &Encoded,
    unix_seconds: i64,
    nonce: &str,
) -> Result<SignedRequest, String> {
    match (encoded, credentials) {
        (Encoded::Json(body), Credentials::Tencent(credential)) => Ok(SignedRequest {
            url: format!("{}/", endpoint.base_url),
            headers: sign::tencent::request_headers(
                &endpoint.host,
                table.service,
                action,
                table.version,
                body,
                unix_seconds,
                credential,
            ),
            body: body.clone(),
        }),
        (Encoded::Query { pairs, query }, Credentials::Alibaba(credential)) => {
            let date = sign::alibaba::format_date(unix_seconds);
            let headers = sign::alibaba::request_headers(
                &endpoint.host,
                action,
                table.version,
                pairs,
                &date,
                nonce,
                credential,
            );
            let url = if query.is_empty() {
                format!("{}/", endpoint.base_url)
            } else {
                format!("{}/?{query}", endpoint.base_url)
            };
            Ok(SignedRequest {
                url,
                headers,
                body: Vec::new(),
            })
        }
        _ => Err(format!(
            "{} credentials cannot sign a `{}` request",
            credentials.cloud_name(),
            table.provider_type
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::ProviderType;
    use crate::providers::endpoint::parse_override;
    use crate::providers::table;
    use crate::secret::Secret;

    fn params(value: serde_json::Value) -> Params {
        value.as_object().cloned().expect("object")
    }

    /// The signing vector `tencent-ccc-ModifyStaff-compact-json` (PROVIDERS.md 1.4): the body
    /// serde writes from the logical parameters signs to the published Authorization.
    #[test]
    fn tencent_request_matches_the_compact_json_vector() {
        let credentials = Credentials::Tencent(sign::tencent::Credential {
            secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".into(),
            secret_key: Secret::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".into()),
            token: None,
        });
        let table = table(ProviderType::TencentCcc);
        let endpoint = parse_override("https://ccc.tencentcloudapi.com").expect("valid");
        let params = params(
            json!({"SdkAppId": 1400000001u64, "Email": "alice@example.com",
            "Name": "Alice 刘", "Phone": "008613800000001", "Nick": "alice", "StaffNo": "1001",
            "SkillGroupIds": [101, 102], "UseMobileCallOut": true, "UseMobileAccept": 1}),
        );
        let encoded = encode(table, &params).expect("encodes");
        let signed = sign_request(
            table,
            &endpoint,
            &credentials,
            "ModifyStaff",
            &encoded,
            1_735_688_000,
            "unused",
        )
        .expect("signs");
        let headers: Vec<String> = signed
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        insta::assert_snapshot!(format!("POST {}\n{}\n\n{}", signed.url, headers.join("\n"),
            String::from_utf8(signed.body).expect("utf-8")), @r#"
            POST https://ccc.tencentcloudapi.com/
            Host: ccc.tencentcloudapi.com
            Content-Type: application/json
            X-TC-Action: ModifyStaff
            X-TC-Version: 2020-02-10
            X-TC-Timestamp: 1735688000
            Authorization: TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2024-12-31/ccc/tc3_request, SignedHeaders=content-type;host, Signature=c30757b3d1b5d59c5fd31c5544e4d4a04d33e032db8810c59d5c15cabcbeae85

            {"SdkAppId":1400000001,"Email":"alice@example.com","Name":"Alice 刘","Phone":"008613800000001","Nick":"alice","StaffNo":"1001","SkillGroupIds":[101,102],"UseMobileCallOut":true,"UseMobileAccept":1}
            "#);
    }

    /// The signing vector `alibaba-ccc-ModifyUser-minimal-headers` (PROVIDERS.md 2.5).
    #[test]
    fn alibaba_request_matches_the_minimal_headers_vector() {
        let credentials = Credentials::Alibaba(sign::alibaba::Credential {
            access_key_id: "LTAI5tUsersyncEXAMPLE01".into(),
            access_key_secret: Secret::new("UsersyncSecretEXAMPLE0123456789abc".into()),
            security_token: None,
        });
        let table = table(ProviderType::AlibabaCcc);
        let endpoint = parse_override("https://ccc.cn-shanghai.aliyuncs.com").expect("valid");
        let params = params(json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test",
            "WorkMode": "OFF_SITE", "Mobile": "13800000001", "RoleId": "Agent@ccc-test",
            "DisplayName": "Alice Liu"}));
        let encoded = encode(table, &params).expect("encodes");
        let signed = sign_request(
            table,
            &endpoint,
            &credentials,
            "ModifyUser",
            &encoded,
            1_735_688_000,
            "3c8a1b2d4e5f60718293a4b5c6d7e8f9",
        )
        .expect("signs");
        let headers: Vec<String> = signed
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        assert!(signed.body.is_empty());
        insta::assert_snapshot!(format!("POST {}\n{}", signed.url, headers.join("\n")), @r"
        POST https://ccc.cn-shanghai.aliyuncs.com/?DisplayName=Alice%20Liu&InstanceId=ccc-test&Mobile=13800000001&RoleId=Agent%40ccc-test&UserId=alice%40ccc-test&WorkMode=OFF_SITE
        host: ccc.cn-shanghai.aliyuncs.com
        x-acs-action: ModifyUser
        x-acs-version: 2020-07-01
        x-acs-date: 2024-12-31T23:33:20Z
        x-acs-signature-nonce: 3c8a1b2d4e5f60718293a4b5c6d7e8f9
        x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        authorization: ACS3-HMAC-SHA256 Credential=LTAI5tUsersyncEXAMPLE01,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=b9c2a1d7ef9cd4e18356d00f99afe8ddca6282abd3b146a8c970ad99356815ec
        ");
    }

    #[test]
    fn credentials_of_the_other_cloud_cannot_sign() {
        let credentials = Credentials::Alibaba(sign::alibaba::Credential {
            access_key_id: "id".into(),
            access_key_secret: Secret::new("secret".into()),
            security_token: None,
        });
        let table = table(ProviderType::TencentCic);
        let endpoint = parse_override("https://organization.tencentcloudapi.com").expect("valid");
        let encoded = encode(table, &Params::new()).expect("encodes");
        let error = sign_request(
            table,
            &endpoint,
            &credentials,
            "ListUsers",
            &encoded,
            0,
            "n",
        );
        assert_eq!(
            error.err().as_deref(),
            Some("Alibaba Cloud credentials cannot sign a `tencent-cic` request")
        );
    }
}
