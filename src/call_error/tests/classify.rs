//! Classification of every error code in PROVIDERS.md: 1.3, 2.4, 3.1, 4.1, 4.2, 5.1–5.3, 6.1, 7,
//! and the likely EIAM codes of 11.

use crate::call_error::ErrorClass::{self, Auth, Permanent, Throttled, Transient};
use crate::call_error::{classify_alibaba, classify_tencent};

#[test]
fn every_tencent_code_is_classified() {
    let table: &[(&str, ErrorClass)] = &[
        // 1.3 common codes
        ("AuthFailure.SignatureFailure", Auth),
        ("AuthFailure.SignatureExpire", Auth),
        ("AuthFailure.SecretIdNotFound", Auth),
        ("AuthFailure.InvalidSecretId", Auth),
        ("AuthFailure.InvalidAuthorization", Auth),
        ("AuthFailure.TokenFailure", Auth),
        ("AuthFailure.UnauthorizedOperation", Auth),
        ("AuthFailure", Auth),
        ("UnauthorizedOperation", Auth),
        ("RequestLimitExceeded", Throttled),
        ("RequestLimitExceeded.UinLimitExceeded", Throttled),
        (
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
            Throttled,
        ),
        ("RequestLimitExceeded.IPLimitExceeded", Throttled),
        ("InternalError", Transient),
        ("ServiceUnavailable", Transient),
        ("ResourceUnavailable", Transient),
        ("InvalidAction", Permanent),
        ("NoSuchVersion", Permanent),
        ("NoSuchProduct", Permanent),
        ("UnsupportedRegion", Permanent),
        ("UnsupportedProtocol", Permanent),
        ("MissingParameter", Permanent),
        ("UnknownParameter", Permanent),
        ("InvalidParameter", Permanent),
        ("InvalidParameterValue", Permanent),
        ("LimitExceeded", Permanent),
        ("RequestSizeLimitExceeded", Permanent),
        ("IpInBlacklist", Permanent),
        ("IpNotInWhitelist", Permanent),
        ("OperationDenied", Permanent),
        // the SDK's own codes for transport failures (1.3, retried by its retryer)
        ("ClientNetworkError", Transient),
        ("ServerNetworkError", Transient),
        // 3.1 ModifyStaff
        ("InternalError.DBError", Transient),
        ("InvalidParameterValue.AccountNotExist", Permanent),
        ("InvalidParameterValue.InstanceNotExist", Permanent),
        (
            "InvalidParameterValue.PhoneNumIsBoundOtherAccount",
            Permanent,
        ),
        ("InvalidParameterValue.SkillGroupError", Permanent),
        ("OperationDenied.NotInWhiteList", Permanent),
        ("FailedOperation.DuplicatedAccount", Permanent),
        // the caller's permission, like UnauthorizedOperation: every call would fail alike
        ("FailedOperation.PermissionDenied", Auth),
        ("InvalidParameter.InvalidPhoneNumber", Permanent),
        ("InvalidParameter.IllegalPhoneNumber", Permanent),
        ("LimitExceeded.InsufficientLicense", Permanent),
        ("OperationDenied.UinDisabled", Permanent),
        // 4.1 UpdateUser, 4.2 ListUsers
        ("FailedOperation.IdentityCenterNotOpen", Permanent),
        ("FailedOperation.SynchronizedUserNotUpdate", Permanent),
        ("FailedOperation.ZoneIdNotExist", Permanent),
        ("InvalidParameter.EmailAlreadyExists", Permanent),
        ("ResourceNotFound.UserNotExist", Permanent),
        ("InvalidParameter.InvalidEmail", Permanent),
        ("InvalidParameter.DescriptionLengthOverlimit", Permanent),
        ("FailedOperation.ManualUserNotUpdate", Permanent),
        ("InvalidParameter.UserTypeError", Permanent),
        ("InvalidParameter.NextTokenInvalid", Permanent),
        // prefixes must match whole segments
        ("RequestLimitExceededSoon", Permanent),
        ("InternalErrorish", Permanent),
        ("", Permanent),
    ];
    let wrong: Vec<String> = table
        .iter()
        .filter(|(code, class)| classify_tencent(code) != *class)
        .map(|(code, class)| {
            format!(
                "{code}: expected {class:?}, got {:?}",
                classify_tencent(code)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_alibaba_code_is_classified() {
    let table: &[(&str, u16, ErrorClass)] = &[
        // 2.4 common codes
        ("Throttling", 400, Throttled),
        ("Throttling.User", 400, Throttled),
        ("Throttling.Api", 400, Throttled),
        ("Throttling.User", 429, Throttled),
        ("Throttling.Api", 503, Throttled),
        ("Throttling.User", 200, Throttled),
        ("SignatureDoesNotMatch", 400, Auth),
        ("IncompleteSignature", 400, Auth),
        ("InvalidAccessKeyId.NotFound", 404, Auth),
        ("InvalidAccessKeyId.Inactive", 400, Auth),
        ("InvalidTimeStamp.Expired", 400, Auth),
        ("SignatureNonceUsed", 400, Transient),
        ("Forbidden.RAM", 403, Auth),
        ("NoPermission", 403, Auth),
        ("InvalidAction.NotFound", 404, Permanent),
        ("MissingParameter", 400, Permanent),
        ("InvalidParameter", 400, Permanent),
        ("InternalError", 500, Transient),
        ("ServiceUnavailable", 503, Transient),
        // STS credentials
        ("InvalidSecurityToken.Expired", 400, Auth),
        // 5.1 ModifyUser, 5.2 ListUsers, 5.3 GetUser
        ("Parameter.Enumeration", 400, Permanent),
        ("Parameter.Blank", 400, Permanent),
        ("NotExists.InstanceId", 404, Permanent),
        ("NotExists.RoleId", 404, Permanent),
        ("NotExists.UserId", 404, Permanent),
        ("Permission.Common", 403, Auth),
        ("Permission.SkillGroup", 403, Auth),
        ("InternalService.Common", 500, Transient),
        ("InternalService.DB", 500, Transient),
        ("InternalService.DB", 200, Transient),
        ("Parameter.Minimum", 400, Permanent),
        ("Parameter.Maximum", 400, Permanent),
        // 6.1 UpdateUser, and the likely EIAM codes of 11
        ("ResourceDuplicated.Username", 403, Permanent),
        ("EntityNotExists.User", 404, Permanent),
        ("ResourceDuplicated.Email", 403, Permanent),
        ("ResourceDuplicated.PhoneNumber", 403, Permanent),
        // 7: any 5xx is transient, an unknown code on 429 is throttled
        ("SomethingNew", 502, Transient),
        ("SomethingNew", 429, Throttled),
        ("SomethingNew", 400, Permanent),
        ("ThrottlingX", 400, Permanent),
    ];
    let wrong: Vec<String> = table
        .iter()
        .filter(|(code, status, class)| classify_alibaba(code, *status) != *class)
        .map(|(code, status, class)| {
            let got = classify_alibaba(code, *status);
            format!("{code} ({status}): expected {class:?}, got {got:?}")
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
