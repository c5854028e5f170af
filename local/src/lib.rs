//! The local host: provisions the stack from template.yaml on the local AWS
//! emulator (moto) and serves every route like API Gateway. The tests use the
//! same pieces to give each test its own table and host.

pub mod host;
pub mod provision;
pub mod rules;
pub mod sockets;
pub mod stream;
pub mod template;

use kith::platform::config::Config;
use template::Template;

/// The OpenAPI document the host serves at `/openapi.yaml`.
pub const OPENAPI: &str = include_str!("../../docs/openapi.yaml");

/// Configuration for a local run against `table` and `bus`, with the sender
/// address the template verifies in SES.
pub fn local_config(
    template: &Template,
    table: &str,
    bus: &str,
    jwt_private_key_pem: String,
    cursor_key: String,
    app_url: &str,
    websocket_endpoint: &str,
) -> Result<Config, String> {
    let email_from = template
        .email_identities()
        .into_iter()
        .next()
        .ok_or("template.yaml has no AWS::SES::EmailIdentity")?;
    Ok(Config {
        table: table.to_owned(),
        jwt_public_key: kith::platform::crypto::public_key_of(&jwt_private_key_pem)?,
        jwt_private_key_secret: None,
        jwt_private_key_pem: Some(jwt_private_key_pem),
        cursor_key,
        jwt_issuer: "kith".into(),
        jwt_audience: "kith-api".into(),
        email_from,
        email_configuration_set: None,
        api_url: None,
        celebrity_threshold: 10_000,
        event_bus: bus.to_owned(),
        app_url: app_url.to_owned(),
        media_bucket: media_bucket(table),
        media_cdn: None,
        // One long-lived host: its first request pays the connection once.
        warm_up: false,
        moderation: false,
        moderation_min_confidence: 80.0,
        sensitive_categories: vec!["Suggestive".into()],
        admins: kith::platform::config::list(&std::env::var("KITH_ADMINS").unwrap_or_default()),
        views_sample_percent: 100.0,
        websocket_endpoint: Some(websocket_endpoint.to_owned()),
        push_apns_application: None,
        push_fcm_application: None,
        operator_emails: kith::platform::config::list(
            &std::env::var("KITH_OPERATOR_EMAILS").unwrap_or_else(|_| "ops@kith.local".into()),
        ),
        dead_letter_queues: Vec::new(),
    })
}

/// The local media bucket of a table (bucket names are lowercase).
pub fn media_bucket(table: &str) -> String {
    format!("{}-media", table.to_ascii_lowercase())
}
