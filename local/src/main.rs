//! `kith-local`: the whole API on one port, against moto. Started by `scripts/dev`.

use kith::platform::context::App;
use kith_local::{OPENAPI, host, local_config, provision::provision, template::Template};
use std::path::Path;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::tracing::init_default_subscriber();
    let endpoint = std::env::var("AWS_ENDPOINT_URL")
        .map_err(|_| "AWS_ENDPOINT_URL must point at the local emulator (scripts/dev sets it)")?;
    let port: u16 = std::env::var("KITH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8787);
    let table = std::env::var("KITH_TABLE").unwrap_or_else(|_| "kith-local".into());
    let app_url = std::env::var("KITH_APP_URL").unwrap_or_else(|_| "http://localhost:3000".into());
    let ws_port: u16 = std::env::var("KITH_WS_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8788);

    let template = Template::load(kith_local::template::default_path())?;
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let bus = template
        .event_bus_name()
        .ok_or("template.yaml has no AWS::Events::EventBus")?;
    let media_bucket = kith_local::media_bucket(&table);
    provision(&sdk, &template, &table, &bus, &media_bucket).await?;
    let mut config = local_config(
        &template,
        &table,
        &bus,
        kept(
            Path::new(".kith"),
            "jwt-ed25519.pem",
            kith::platform::crypto::generate_signing_key_pem,
        )?,
        kept(
            Path::new(".kith"),
            "cursor-key",
            kith::platform::crypto::secret_token,
        )?,
        &app_url,
        &format!("http://127.0.0.1:{ws_port}"),
    )?;
    let (apns, fcm) = kith_local::provision::push_applications(&sdk, &table).await?;
    config.push_apns_application = Some(apns.clone());
    config.push_fcm_application = Some(fcm.clone());
    config.api_url = Some(format!("http://127.0.0.1:{port}"));
    config.dead_letter_queues =
        kith_local::rules::dead_letter_queues(&sdk, &template, &bus).await?;
    // What `cargo lambda watch` needs to verify tokens (see the README).
    std::fs::write(".kith/jwt-public-key", &config.jwt_public_key)?;
    let email_from = config.email_from.clone();
    let operators = config.operator_emails.join(", ");
    let app = App::new(config, &sdk)?.leak();

    tokio::spawn(kith_local::stream::pump(app, sdk.clone(), table.clone()));
    kith_local::rules::deliver(app, &sdk, &template, &bus).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let sockets = tokio::net::TcpListener::bind(("127.0.0.1", ws_port)).await?;
    tokio::spawn(kith_local::sockets::serve(app, sockets));
    println!(
        "\nKith local is ready\n  API:        http://127.0.0.1:{port}/v1/...\n  OpenAPI:    http://127.0.0.1:{port}/openapi.yaml\n  JWKS:       http://127.0.0.1:{port}/.well-known/jwks.json\n  WebSocket:  ws://127.0.0.1:{ws_port}/?access_token=<token> (actions: typing, ping; @connections at http://127.0.0.1:{ws_port}/@connections/<id>)\n  AWS (moto): {endpoint} (sent emails: {endpoint}/moto-api/data.json, ses.Message; pushes: the same, sns.PlatformEndpoint messages)\n  Table:      {table}\n  Event bus:  {bus} (stream -> publish-events -> bus -> rules -> handlers)\n  Media:      bucket {media_bucket} (presigned POST uploads -> S3 events -> process-media); moderation off\n  Email from: {email_from}\n  Push:       SNS platform applications {apns} and {fcm}\n  Scheduled:  POST http://127.0.0.1:{port}/_local/invoke/<function> with the event, e.g. send-digests {{\"due_by\":\"<RFC 3339>\"}}, send-daily-report {{\"day\":\"YYYY-MM-DD\"}} (to {operators})\nPress Ctrl-C to stop.\n"
    );
    host::serve(app, listener, OPENAPI, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    println!("kith-local stopped");
    Ok(())
}

/// A local secret (the signing key, the cursor key): generated on first
/// start and kept under `.kith/` (git-ignored), so tokens and cursors survive
/// restarts and no key is ever committed.
fn kept(dir: &Path, name: &str, generate: fn() -> String) -> Result<String, Error> {
    let path = dir.join(name);
    if let Ok(secret) = std::fs::read_to_string(&path) {
        return Ok(secret);
    }
    std::fs::create_dir_all(dir)?;
    let secret = generate();
    std::fs::write(&path, &secret)?;
    Ok(secret)
}
