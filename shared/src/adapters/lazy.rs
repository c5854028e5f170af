//! SDK clients built on first use, so a function's cold start builds only
//! the clients that function calls — and, because a client is built where
//! it is first used rather than when the context is, a function's binary
//! links only the clients (and their endpoint rules) its own code reaches.

use aws_config::SdkConfig;
use std::sync::OnceLock;

/// A client made from the shared SDK configuration, at `endpoint` if one
/// is given (which wins over `AWS_ENDPOINT_URL`).
pub trait FromSdk {
    fn from_sdk(sdk: &SdkConfig, endpoint: Option<&str>) -> Self;
}

macro_rules! from_sdk {
    ($($sdk:ident),*) => {$(
        impl FromSdk for $sdk::Client {
            fn from_sdk(sdk: &SdkConfig, endpoint: Option<&str>) -> Self {
                let config = $sdk::config::Builder::from(sdk);
                Self::from_conf(match endpoint {
                    Some(endpoint) => config.endpoint_url(endpoint).build(),
                    None => config.build(),
                })
            }
        }
    )*};
}
from_sdk!(
    aws_sdk_apigatewaymanagement,
    aws_sdk_eventbridge,
    aws_sdk_rekognition,
    aws_sdk_sesv2,
    aws_sdk_sns,
    aws_sdk_sqs
);

/// Path-style URLs when an endpoint is set: the local emulator has no
/// per-bucket host names.
impl FromSdk for aws_sdk_s3::Client {
    fn from_sdk(sdk: &SdkConfig, _: Option<&str>) -> Self {
        let config = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(sdk.endpoint_url().is_some())
            .build();
        Self::from_conf(config)
    }
}

pub struct Lazy<C> {
    /// What builds the client; none for a ready one.
    source: Option<(SdkConfig, Option<String>)>,
    client: OnceLock<C>,
}

impl<C: FromSdk> Lazy<C> {
    /// A client built from `sdk` the first time it is used.
    pub fn new(sdk: &SdkConfig) -> Self {
        Self::source(sdk, None)
    }

    /// A client of the service at `endpoint`, built on first use.
    pub fn at(sdk: &SdkConfig, endpoint: &str) -> Self {
        Self::source(sdk, Some(endpoint.to_owned()))
    }

    fn source(sdk: &SdkConfig, endpoint: Option<String>) -> Self {
        Self {
            source: Some((sdk.clone(), endpoint)),
            client: OnceLock::new(),
        }
    }

    /// A client made already (tests point one at a stub).
    pub fn ready(client: C) -> Self {
        Self {
            source: None,
            client: OnceLock::from(client),
        }
    }

    pub fn get(&self) -> &C {
        self.client.get_or_init(|| match &self.source {
            Some((sdk, endpoint)) => C::from_sdk(sdk, endpoint.as_deref()),
            None => unreachable!("a ready client is set at construction"),
        })
    }
}

impl<C> std::fmt::Debug for Lazy<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.client.get().is_some() {
            "built"
        } else {
            "not built yet"
        };
        f.debug_tuple("Lazy").field(&state).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static BUILT: AtomicUsize = AtomicUsize::new(0);

    struct Counted;

    impl FromSdk for Counted {
        fn from_sdk(_: &SdkConfig, _: Option<&str>) -> Self {
            BUILT.fetch_add(1, Ordering::SeqCst);
            Counted
        }
    }

    #[test]
    fn a_client_is_built_once_and_only_when_used() {
        let lazy = Lazy::<Counted>::new(&SdkConfig::builder().build());
        assert_eq!(BUILT.load(Ordering::SeqCst), 0);
        lazy.get();
        lazy.get();
        assert_eq!(BUILT.load(Ordering::SeqCst), 1);
    }
}
