//! The HTTPS client every SDK client shares.
//!
//! The SDK's default client trusts the system's roots, and parsing the
//! system bundle (about 140 certificates on provided.al2023) was most of
//! what a function spent at init beyond a hello-world one. Every endpoint
//! Kith calls on AWS — DynamoDB, S3, EventBridge, SNS, SES, SQS, Secrets
//! Manager, Rekognition and the API Gateway management API — presents an
//! Amazon Trust Services certificate, so the client trusts those roots
//! only: Amazon Root CA 1–4 and the Starfield Services G2 root that
//! cross-signs them. When an endpoint is overridden (`AWS_ENDPOINT_URL*`,
//! a local emulator or proxy) the system's roots are trusted instead.

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The Amazon Trust Services roots, as Debian's ca-certificates ships them.
const AMAZON_ROOTS: &[u8] = include_bytes!("../../certs/amazon-trust-services.pem");

/// The SDK's default client (rustls with aws-lc, proxies from the
/// environment) with the trust store described above.
pub fn client() -> SharedHttpClient {
    let overridden = std::env::vars_os().any(|(name, _)| {
        name.to_str()
            .is_some_and(|name| name.starts_with("AWS_ENDPOINT_URL"))
    });
    let trust = if overridden {
        TrustStore::default()
    } else {
        TrustStore::empty().with_pem_certificate(AMAZON_ROOTS)
    };
    let context = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .expect("a TLS context with a trust store builds");
    Builder::new().build_with_connector_fn(move |settings, components| {
        let mut connector = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
            .tls_context(context.clone());
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}
