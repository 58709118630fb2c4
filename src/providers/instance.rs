//! Pure. The instance a provider configuration names (`SdkAppId`, `ZoneId`, `InstanceId`) as
//! every call carries it, and the parameters of the reads that take only it and a user id.

use serde_json::{Map, Value as Json};

use super::paging::Params;

/// The instance identifier a configuration names, as every call carries it.
#[derive(Clone, Debug, PartialEq)]
pub enum Instance {
    SdkAppId(u64),
    ZoneId(String),
    InstanceId(String),
}

impl Instance {
    pub fn insert_into(&self, params: &mut Map<String, Json>) {
        match self {
            Instance::SdkAppId(id) => params.insert("SdkAppId".into(), Json::from(*id)),
            Instance::ZoneId(id) => params.insert("ZoneId".into(), Json::from(id.as_str())),
            Instance::InstanceId(id) => params.insert("InstanceId".into(), Json::from(id.as_str())),
        };
    }

    /// The parameters every call starts from: the instance identifier.
    pub fn params(&self) -> Params {
        let mut params = Map::new();
        self.insert_into(&mut params);
        params
    }
}

/// Parameters of a one-user read (`GetUser`): the instance and the user id (`batch` is 1).
pub fn user_id_params(instance: &Instance, user_ids: &[&str]) -> Params {
    let mut params = instance.params();
    if let Some(user_id) = user_ids.first() {
        params.insert("UserId".into(), Json::from(*user_id));
    }
    params
}
