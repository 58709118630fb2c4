//! Every read and write request as it goes on the wire: the compact JSON body for Tencent,
//! the canonical query string (the URL query) for Alibaba.

use crate::model::ProviderType;

use crate::model::{Field, FieldKind, Value};
use crate::providers::paging::{Cursor, Pagination, Params};
use crate::providers::{
    Assignment, Instance, alibaba_ccc, alibaba_eiam, table, tencent_ccc, tencent_cic,
    update_params, user_id_params,
};
use crate::transport::request::{Encoded, encode};

/// The bytes a request carries for `provider_type`.
fn on_wire(provider_type: ProviderType, params: &Params) -> String {
    match encode(table(provider_type), params).expect("encodes") {
        Encoded::Json(body) => String::from_utf8(body).expect("utf-8"),
        Encoded::Query { query, .. } => query,
    }
}

fn sdk_app() -> Instance {
    Instance::SdkAppId(1_400_000_001)
}
fn zone() -> Instance {
    Instance::ZoneId("z-1a2b3c4d5e".into())
}
fn ccc_instance() -> Instance {
    Instance::InstanceId("ccc-test".into())
}
fn idaas() -> Instance {
    Instance::InstanceId("idaas_ue2jvisn35ea5lmthk267example".into())
}

#[test]
fn list_requests_use_the_largest_page_each_api_allows() {
    use ProviderType::*;
    let lines = [
        on_wire(
            TencentCcc,
            &tencent_ccc::list_params(&sdk_app(), &Cursor::Number(0)),
        ),
        on_wire(
            TencentCcc,
            &tencent_ccc::list_params(&sdk_app(), &Cursor::Number(1)),
        ),
        on_wire(
            TencentCic,
            &tencent_cic::list_params(&zone(), &Cursor::Token(None)),
        ),
        on_wire(
            TencentCic,
            &tencent_cic::list_params(&zone(), &Cursor::Token(Some("OTM0=+/".into()))),
        ),
        on_wire(
            AlibabaCcc,
            &alibaba_ccc::list_params(&ccc_instance(), &Cursor::Number(1)),
        ),
        on_wire(
            AlibabaEiam,
            &alibaba_eiam::list_params(&idaas(), &Cursor::Number(3)),
        ),
    ];
    insta::assert_snapshot!(lines.join("\n"), @r#"
    {"SdkAppId":1400000001,"PageSize":9999,"PageNumber":0}
    {"SdkAppId":1400000001,"PageSize":9999,"PageNumber":1}
    {"ZoneId":"z-1a2b3c4d5e","MaxResults":100}
    {"ZoneId":"z-1a2b3c4d5e","MaxResults":100,"NextToken":"OTM0=+/"}
    InstanceId=ccc-test&PageNumber=1&PageSize=100
    InstanceId=idaas_ue2jvisn35ea5lmthk267example&PageNumber=3&PageSize=100
    "#);
}

#[test]
fn extra_and_catalog_requests() {
    use ProviderType::*;
    let lines = [
        on_wire(
            TencentCcc,
            &tencent_ccc::status_params(&sdk_app(), &["alice@example.com", "bob@example.com"]),
        ),
        on_wire(
            TencentCcc,
            &tencent_ccc::skill_group_params(&sdk_app(), &Cursor::Number(2)),
        ),
        on_wire(
            AlibabaCcc,
            &user_id_params(&ccc_instance(), &["alice@ccc-test"]),
        ),
        on_wire(
            AlibabaCcc,
            &alibaba_ccc::roles_params(&ccc_instance(), &Cursor::Number(0)),
        ),
        on_wire(
            AlibabaEiam,
            &user_id_params(&idaas(), &["user_d6sbsuumeta4h66ec3il7yexample"]),
        ),
    ];
    insta::assert_snapshot!(lines.join("\n"), @r#"
    {"SdkAppId":1400000001,"StaffList":["alice@example.com","bob@example.com"]}
    {"SdkAppId":1400000001,"PageSize":100,"PageNumber":2}
    InstanceId=ccc-test&UserId=alice%40ccc-test
    InstanceId=ccc-test
    InstanceId=idaas_ue2jvisn35ea5lmthk267example&UserId=user_d6sbsuumeta4h66ec3il7yexample
    "#);
}

#[test]
fn the_tables_page_as_documented() {
    let lines: Vec<String> = ProviderType::ALL
        .iter()
        .map(|provider_type| {
            let wire = table(*provider_type);
            let catalogs: Vec<String> = wire
                .catalogs
                .iter()
                .map(|read| format!("{} {:?}", read.action, read.pagination))
                .collect();
            let extra: Vec<String> = wire
                .extra
                .iter()
                .map(|read| format!("{} batch {}", read.action, read.batch))
                .collect();
            format!(
                "{provider_type}: {} {:?}; extra [{}]; catalogs [{}]",
                wire.list.action,
                wire.list.pagination,
                extra.join(", "),
                catalogs.join(", ")
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"), @r"
    tencent-ccc: DescribeStaffInfoList ZeroBased { page_size: 9999 }; extra [DescribeStaffStatusMetrics batch 100]; catalogs [DescribeSkillGroupInfoList ZeroBased { page_size: 100 }]
    tencent-cic: ListUsers Token { page_size: 100 }; extra []; catalogs []
    alibaba-ccc: ListUsers OneBased { page_size: 100 }; extra [GetUser batch 1]; catalogs [ListRoles Single]
    alibaba-eiam: ListUsers OneBased { page_size: 100 }; extra [GetUser batch 1]; catalogs []
    ");
}

#[test]
fn following_pages() {
    use crate::providers::paging::Page;
    let page = |items: usize, total: Option<u64>, next: Option<&str>| Page {
        items: vec![(); items],
        total,
        next_token: next.map(str::to_string),
    };
    let one_based = Pagination::OneBased { page_size: 100 };
    let zero_based = Pagination::ZeroBased { page_size: 9999 };
    let token = Pagination::Token { page_size: 100 };
    let cases = [
        (
            "250 from 1",
            one_based.following(&Cursor::Number(1), &page(100, Some(250), None)),
        ),
        (
            "250, page 2",
            one_based.following(&Cursor::Number(2), &page(100, Some(250), None)),
        ),
        (
            "exactly 100",
            one_based.following(&Cursor::Number(1), &page(100, Some(100), None)),
        ),
        (
            "no total, full",
            one_based.following(&Cursor::Number(4), &page(100, None, None)),
        ),
        (
            "no total, short",
            one_based.following(&Cursor::Number(4), &page(7, None, None)),
        ),
        (
            "empty, total lies",
            one_based.following(&Cursor::Number(1), &page(0, Some(5), None)),
        ),
        (
            "zero-based 2",
            zero_based.following(&Cursor::Number(0), &page(2, Some(2), None)),
        ),
        (
            "zero-based 20000",
            zero_based.following(&Cursor::Number(0), &page(9999, Some(20000), None)),
        ),
        (
            "token",
            token.following(&Cursor::Token(None), &page(2, Some(3), Some("t1"))),
        ),
        (
            "token repeats",
            token.following(
                &Cursor::Token(Some("t1".into())),
                &page(2, None, Some("t1")),
            ),
        ),
        (
            "token ends",
            token.following(&Cursor::Token(Some("t1".into())), &page(1, None, None)),
        ),
        (
            "single",
            Pagination::Single.following(&Cursor::Number(0), &page(3, Some(9), None)),
        ),
    ];
    let text = cases
        .iter()
        .map(|(name, next)| format!("{name}: {next:?}"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text, @r#"
    250 from 1: [Number(2), Number(3)]
    250, page 2: []
    exactly 100: []
    no total, full: [Number(5)]
    no total, short: []
    empty, total lies: []
    zero-based 2: []
    zero-based 20000: [Number(1), Number(2)]
    token: [Token(Some("t1"))]
    token repeats: []
    token ends: []
    single: []
    "#);
}

fn set(kind: FieldKind, value: &Value) -> Assignment<'_> {
    Assignment {
        kind,
        custom: None,
        value,
    }
}

#[test]
fn write_requests_on_the_wire() {
    let phone = Value::text("+8613800000001");
    let name = Value::text("Alice 刘");
    let groups = Value::list(["102", "101"]);
    let accept = Value::text("when-offline");
    let yes = Value::Bool(true);
    let email = Value::text("alice+cc@example.com");
    let first = Value::text("Alice");
    let mode = Value::text("OFF_SITE");
    let role = Value::text("Agent@ccc-test");
    let custom = Value::text("ali / *");
    let unset = Value::Unset;
    let none = crate::model::FieldMap::new();
    let on_site = [(Field::known(FieldKind::WorkMode), Value::text("ON_SITE"))].into();
    let tencent_ccc = update_params(
        &tencent_ccc::TABLE,
        &sdk_app(),
        "alice@example.com",
        &none,
        &[
            set(FieldKind::DisplayName, &name),
            set(FieldKind::Phone, &phone),
            set(FieldKind::SkillGroups, &groups),
            set(FieldKind::UseMobileAccept, &accept),
            set(FieldKind::UseMobileCallOut, &yes),
        ],
    );
    let cic = update_params(
        &tencent_cic::TABLE,
        &zone(),
        "u-9f8e7d6c5b",
        &none,
        &[
            set(FieldKind::Email, &email),
            set(FieldKind::FirstName, &first),
        ],
    );
    let alibaba_ccc = update_params(
        &alibaba_ccc::TABLE,
        &ccc_instance(),
        "alice@ccc-test",
        &on_site,
        &[set(FieldKind::Phone, &phone), set(FieldKind::Role, &role)],
    );
    let alibaba_ccc_mode = update_params(
        &alibaba_ccc::TABLE,
        &ccc_instance(),
        "alice@ccc-test",
        &on_site,
        &[
            set(FieldKind::WorkMode, &mode),
            set(FieldKind::DisplayName, &name),
        ],
    );
    let eiam = update_params(
        &alibaba_eiam::TABLE,
        &idaas(),
        "user_d6sbsuumeta4h66ec3il7yexample",
        &none,
        &[
            set(FieldKind::Phone, &phone),
            set(FieldKind::Email, &email),
            Assignment {
                kind: FieldKind::CustomField,
                custom: Some("nick_name"),
                value: &custom,
            },
            Assignment {
                kind: FieldKind::CustomField,
                custom: Some("cost_center"),
                value: &unset,
            },
        ],
    );
    let lines = [
        on_wire(ProviderType::TencentCcc, &tencent_ccc.expect("builds")),
        on_wire(ProviderType::TencentCic, &cic.expect("builds")),
        on_wire(ProviderType::AlibabaCcc, &alibaba_ccc.expect("builds")),
        on_wire(ProviderType::AlibabaCcc, &alibaba_ccc_mode.expect("builds")),
        on_wire(ProviderType::AlibabaEiam, &eiam.expect("builds")),
    ];
    insta::assert_snapshot!(lines.join("\n"), @r#"
    {"SdkAppId":1400000001,"Email":"alice@example.com","Name":"Alice 刘","Phone":"008613800000001","SkillGroupIds":[101,102],"UseMobileAccept":1,"UseMobileCallOut":true}
    {"ZoneId":"z-1a2b3c4d5e","UserId":"u-9f8e7d6c5b","NewEmail":"alice+cc@example.com","NewFirstName":"Alice"}
    InstanceId=ccc-test&Mobile=13800000001&RoleId=Agent%40ccc-test&UserId=alice%40ccc-test&WorkMode=ON_SITE
    DisplayName=Alice%20%E5%88%98&InstanceId=ccc-test&UserId=alice%40ccc-test&WorkMode=OFF_SITE
    CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=ali%20%2F%20%2A&CustomFields.1.Operation=replace&CustomFields.2.FieldName=cost_center&CustomFields.2.Operation=remove&Email=alice%2Bcc%40example.com&EmailVerified=true&InstanceId=idaas_ue2jvisn35ea5lmthk267example&PhoneNumber=13800000001&PhoneNumberVerified=true&PhoneRegion=86&UserId=user_d6sbsuumeta4h66ec3il7yexample
    "#);
}
