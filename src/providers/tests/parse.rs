//! Every success sample of the reference parsed into the observed model, plus the
//! documentation's habits: numbers as strings, nulls, empty pages, `RoleIdList` as an integer.

use super::{render_accounts, render_catalog, render_fields, response};
use crate::providers::{alibaba_ccc, alibaba_eiam, parse, tencent_ccc, tencent_cic};

macro_rules! fixture {
    ($path:literal) => {
        crate::json::JsonRef::from(&response(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/wire/",
            $path
        ))))
    };
}

#[test]
fn tencent_ccc_staff_list() {
    let page = parse::list(
        &tencent_ccc::TABLE,
        &fixture!("tencent_ccc/DescribeStaffInfoList-ok.json"),
    );
    insta::assert_snapshot!(render_accounts(&page.expect("parses")), @r#"
    total=Some(2) next=None
    alice@example.com keys=[Email("alice@example.com")] display_name=Text("Alice Liu") phone=Text("+8613800000001") nick=Text("alice") staff_no=Text("1001") skill_groups=List(["101", "102"]) extension=Text("8001") forwarding.enabled=false forwarding.when=Text("always")
    bob@example.com keys=[Email("bob@example.com")] display_name=Text("Bob Wang") phone=Text("+8613900000002") nick=Text("bob") staff_no=Text("1002") skill_groups=List([]) extension=Text("8002")
    "#);
}

#[test]
fn tencent_ccc_status_metrics() {
    let parsed = parse::extra(
        &tencent_ccc::TABLE,
        &tencent_ccc::TABLE.extra[0],
        &fixture!("tencent_ccc/DescribeStaffStatusMetrics-ok.json"),
    );
    insta::assert_snapshot!(render_fields(&parsed.expect("parses")), @r#"alice@example.com use_mobile_call_out=true use_mobile_accept=Text("when-offline")"#);
}

#[test]
fn tencent_ccc_skill_groups() {
    let parsed = parse::catalog(
        &tencent_ccc::TABLE.catalogs[0],
        &fixture!("tencent_ccc/DescribeSkillGroupInfoList-ok.json"),
    );
    insta::assert_snapshot!(render_catalog(&parsed.expect("parses")), @r"
    total=Some(2)
    101 = Tier-1 Voice
    102 = Tier-2 Voice
    ");
}

#[test]
fn tencent_cic_token_pages() {
    let first = parse::list(
        &tencent_cic::TABLE,
        &fixture!("tencent_cic/ListUsers-page1.json"),
    );
    let last = parse::list(
        &tencent_cic::TABLE,
        &fixture!("tencent_cic/ListUsers-page2-last.json"),
    );
    let text = format!(
        "{}\n{}",
        render_accounts(&first.expect("parses")),
        render_accounts(&last.expect("parses"))
    );
    insta::assert_snapshot!(text, @r#"
    total=Some(3) next=Some("OTM0YzE4MzY2ZjdhMWM0MYZDhnYaxsiYTLI=")
    u-9f8e7d6c5b keys=[UserId("u-9f8e7d6c5b"), UserName("alice.liu")] display_name=Text("Alice Liu") email=Text("alice@example.com") user_name=Text("alice.liu") first_name=Text("Alice") last_name=Text("Liu") description=Text("Tier-2 support")
    u-0a1b2c3d4e keys=[UserId("u-0a1b2c3d4e"), UserName("bob.wang")] display_name=Text("Bob Wang") email=Text("bob@example.com") user_name=Text("bob.wang") first_name=Text("Bob") last_name=Text("Wang")
      locked: tencent-cic user `bob.wang` is Synchronized (from an external directory) and cannot be updated
    total=Some(3) next=None
    u-5e6f7a8b9c keys=[UserId("u-5e6f7a8b9c"), UserName("carol.zhao")] display_name=Text("赵卡罗") email=Text("carol@example.com") user_name=Text("carol.zhao") first_name=Text("Carol") last_name=Text("Zhao")
    "#);
}

#[test]
fn tencent_cic_get_user_has_the_list_shape() {
    let body = fixture!("tencent_cic/GetUser-ok.json");
    let account = parse::account(&tencent_cic::TABLE, body.get("UserInfo").expect("UserInfo"))
        .expect("parses");
    assert_eq!(account.remote_id, "u-9f8e7d6c5b");
}

#[test]
fn alibaba_ccc_users_roles_and_get_user() {
    let list = parse::list(
        &alibaba_ccc::TABLE,
        &fixture!("alibaba_ccc/ListUsers-ok.json"),
    );
    let user = parse::extra(
        &alibaba_ccc::TABLE,
        &alibaba_ccc::TABLE.extra[0],
        &fixture!("alibaba_ccc/GetUser-ok.json"),
    );
    let roles = parse::catalog(
        &alibaba_ccc::TABLE.catalogs[0],
        &fixture!("alibaba_ccc/ListRoles-ok.json"),
    );
    let text = format!(
        "{}\n{}\n{}",
        render_accounts(&list.expect("parses")),
        render_fields(&user.expect("parses")),
        render_catalog(&roles.expect("parses"))
    );
    insta::assert_snapshot!(text, @r#"
    total=Some(2) next=None
    alice@ccc-test keys=[UserId("alice@ccc-test"), UserName("alice")] display_name=Text("Alice Liu") email=Text("alice@example.com") phone=Text("+8613800000001") user_name=Text("alice") work_mode=Text("ON_SITE") role=Text("Agent@ccc-test") display_id=Text("1001")
    bob@ccc-test keys=[UserId("bob@ccc-test"), UserName("bob")] display_name=Text("Bob Wang") email=Text("bob@example.com") phone=Text("+8613900000002") user_name=Text("bob") work_mode=Text("OFF_SITE") role=Text("Admin@ccc-test") display_id=Text("1002")
    alice@ccc-test nickname=Text("ali")
    total=None
    Admin@ccc-test = Admin
    Agent@ccc-test = Agent
    Supervisor@ccc-test = Supervisor
    "#);
}

#[test]
fn alibaba_eiam_users_and_custom_fields() {
    let list = parse::list(
        &alibaba_eiam::TABLE,
        &fixture!("alibaba_eiam/ListUsers-ok.json"),
    );
    let user = parse::extra(
        &alibaba_eiam::TABLE,
        &alibaba_eiam::TABLE.extra[0],
        &fixture!("alibaba_eiam/GetUser-ok.json"),
    );
    let text = format!(
        "{}\n{}",
        render_accounts(&list.expect("parses")),
        render_fields(&user.expect("parses"))
    );
    insta::assert_snapshot!(text, @r#"
    total=Some(2) next=None
    user_d6sbsuumeta4h66ec3il7yexample keys=[UserId("user_d6sbsuumeta4h66ec3il7yexample"), UserName("alice.liu")] display_name=Text("Alice Liu") email=Text("alice@example.com") phone=Text("+8613800000001") user_name=Text("alice.liu")
    user_7k2m9p4q1r8s3t6u5v0w2xexample keys=[UserId("user_7k2m9p4q1r8s3t6u5v0w2xexample"), UserName("bob.wang")] display_name=Text("Bob Wang") email=Text("bob@example.com") user_name=Text("bob.wang")
    user_d6sbsuumeta4h66ec3il7yexample custom_fields.cost_center=Text("CC-1001") custom_fields.nick_name=Text("ali")
    "#);
}

#[test]
fn numbers_as_strings_nulls_and_int_role_list_are_accepted() {
    let staff = wire!({
        "TotalCount": "1",
        "StaffList": [{
            "Name": "Dan", "Mail": "dan@example.com", "Phone": "", "Nick": null,
            "StaffNumber": "", "RoleId": "2", "RoleIdList": 2, "SkillGroupList": null,
            "ForwardingConfig": null
        }],
        "RequestId": "r"
    });
    let metrics = wire!({"Metrics": [{"Email": "dan@example.com", "UseMobileAccept": "2",
        "UseMobileCallOut": "false", "LastOnlineTimestamp": null}]});
    let ccc_page = wire!({"Data": {"PageNumber": "1", "PageSize": "100", "TotalCount": "3",
        "List": [{"UserId": "x@i", "LoginName": "x", "Mobile": "", "WorkMode": "ON_SITE",
                  "RamId": "2000000000000001"}]}});
    let text = format!(
        "{}\n{}\n{}",
        render_accounts(&parse::list(&tencent_ccc::TABLE, &staff).expect("parses")),
        render_fields(
            &parse::extra(&tencent_ccc::TABLE, &tencent_ccc::TABLE.extra[0], &metrics)
                .expect("parses")
        ),
        render_accounts(&parse::list(&alibaba_ccc::TABLE, &ccc_page).expect("parses")),
    );
    insta::assert_snapshot!(text, @r#"
    total=Some(1) next=None
    dan@example.com keys=[Email("dan@example.com")] display_name=Text("Dan") skill_groups=List([])
    dan@example.com use_mobile_call_out=false use_mobile_accept=Text("always")
    total=Some(3) next=None
    x@i keys=[UserId("x@i"), UserName("x")] user_name=Text("x") work_mode=Text("ON_SITE")
    "#);
}

#[test]
fn empty_pages_parse_to_no_accounts() {
    let text = [
        render_accounts(
            &parse::list(
                &tencent_ccc::TABLE,
                &wire!({"TotalCount": 0, "StaffList": []}),
            )
            .expect("ok"),
        ),
        render_accounts(
            &parse::list(
                &tencent_cic::TABLE,
                &wire!({"TotalCounts": 0, "Users": null, "IsTruncated": false}),
            )
            .expect("ok"),
        ),
        render_accounts(
            &parse::list(
                &alibaba_ccc::TABLE,
                &wire!({"Data": {"TotalCount": 0, "List": null}}),
            )
            .expect("ok"),
        ),
        render_accounts(
            &parse::list(&alibaba_eiam::TABLE, &wire!({"TotalCount": "0"})).expect("ok"),
        ),
    ]
    .join("\n");
    insta::assert_snapshot!(text, @r"
    total=Some(0) next=None
    total=Some(0) next=None
    total=Some(0) next=None
    total=Some(0) next=None
    ");
}

#[test]
fn malformed_responses_are_errors_not_empty_states() {
    let errors = [
        parse::list(
            &tencent_ccc::TABLE,
            &wire!({"StaffList": [{"Name": "no mail"}]}),
        )
        .err(),
        parse::list(&tencent_cic::TABLE, &wire!({"Users": "nope"})).err(),
        parse::list(&alibaba_ccc::TABLE, &wire!({"Code": "OK"})).err(),
        parse::extra(
            &alibaba_eiam::TABLE,
            &alibaba_eiam::TABLE.extra[0],
            &wire!({"RequestId": "r"}),
        )
        .err(),
        parse::extra(
            &tencent_ccc::TABLE,
            &tencent_ccc::TABLE.extra[0],
            &wire!({"Metrics": [{"Email": "a@b", "UseMobileAccept": 7}]}),
        )
        .err(),
    ];
    let text = errors
        .iter()
        .map(|error| error.clone().unwrap_or_else(|| "(parsed)".into()))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text, @r#"
    an agent has no `Mail`
    `Users` is not an array: "nope"
    no `Data` object in the response
    no `User` object in the response
    unknown `UseMobileAccept` 7 for `a@b`
    "#);
}
