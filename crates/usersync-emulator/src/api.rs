//! The four emulated APIs, by name: in the request log and in Alibaba's troubleshooting links.
//! Names only; which request goes to which API is the gateway's business.

/// One of the four APIs the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    TencentCcc,
    TencentCic,
    AlibabaCcc,
    AlibabaEiam,
}

impl Api {
    /// The name in the request log's `provider` field.
    pub fn name(self) -> &'static str {
        match self {
            Api::TencentCcc => "tencent_ccc",
            Api::TencentCic => "tencent_cic",
            Api::AlibabaCcc => "alibaba_ccc",
            Api::AlibabaEiam => "alibaba_eiam",
        }
    }

    /// Product name in Alibaba's troubleshooting links.
    pub fn alibaba_product(self) -> &'static str {
        match self {
            Api::AlibabaEiam => "Eiam",
            _ => "CCC",
        }
    }
}
