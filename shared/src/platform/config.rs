//! Settings read once per cold start from the environment (set by template.yaml
//! in AWS, by `kith-local` and the test harness locally).

use std::env;

#[derive(Debug, Clone)]
pub struct Config {
    /// `KITH_TABLE`: the single DynamoDB table.
    pub table: String,
    /// `KITH_JWT_PUBLIC_KEY`: the Ed25519 public key that verifies access
    /// tokens (base64url of its 32 bytes, the JWK `x`). Not a secret.
    pub jwt_public_key: String,
    /// `KITH_JWT_PRIVATE_KEY_SECRET`: the Secrets Manager secret holding the
    /// private key (PKCS#8 PEM). Set only on the functions that issue tokens,
    /// which read it at cold start; IAM lets no other function read it.
    pub jwt_private_key_secret: Option<String>,
    /// `KITH_JWT_PRIVATE_KEY`: the private key itself, for local runs only.
    pub jwt_private_key_pem: Option<String>,
    /// `KITH_CURSOR_KEY`: the secret that signs pagination cursors, its own
    /// (at least 32 characters).
    pub cursor_key: String,
    /// `KITH_JWT_ISSUER` (default `kith`).
    pub jwt_issuer: String,
    /// `KITH_JWT_AUDIENCE` (default `kith-api`).
    pub jwt_audience: String,
    /// `KITH_EMAIL_FROM`: a sender verified in SES.
    pub email_from: String,
    /// `KITH_EMAIL_CONFIGURATION_SET`: the SES configuration set that reports
    /// bounces and complaints (unset locally).
    pub email_configuration_set: Option<String>,
    /// `KITH_API_URL`: this API's public base URL, for links that must reach
    /// it directly (one-click unsubscribe); unset, emails carry only the app's link.
    pub api_url: Option<String>,
    /// `KITH_EVENT_BUS`: the EventBridge bus events go to (default `kith`).
    pub event_bus: String,
    /// `KITH_CELEBRITY_THRESHOLD`: authors with at least this many followers
    /// are not fanned out (default 10,000).
    pub celebrity_threshold: u64,
    /// `KITH_APP_URL`: the client app that links in emails point to.
    pub app_url: String,
    /// `KITH_MEDIA_BUCKET`: the private bucket uploads and variants live in.
    pub media_bucket: String,
    /// `KITH_MEDIA_CDN`: a domain serving the bucket's `media/` (e.g.
    /// CloudFront); links use presigned GETs when unset.
    pub media_cdn: Option<String>,
    /// `KITH_WARM_UP`: `on` (default) opens the table's connection during
    /// init, so a cold start's first request does not wait for a TLS
    /// handshake; `off` leaves it to the first request.
    pub warm_up: bool,
    /// `KITH_MODERATION`: `rekognition` to moderate images, `off` (default).
    pub moderation: bool,
    /// `KITH_MODERATION_MIN_CONFIDENCE`: percent at which a label counts (default 80).
    pub moderation_min_confidence: f32,
    /// `KITH_MODERATION_SENSITIVE`: comma-separated label categories that
    /// mark an image sensitive instead of rejecting it (default `Suggestive`).
    pub sensitive_categories: Vec<String>,
    /// `KITH_ADMINS`: comma-separated account ids of the site's admins, who
    /// handle reports about content outside communities (default none).
    pub admins: Vec<String>,
    /// `KITH_VIEWS_SAMPLE_PERCENT`: the share of viewers (each for a whole
    /// day) whose reported views are counted, scaled up to stand for all
    /// (default 100; template.yaml deploys 10).
    pub views_sample_percent: f64,
    /// `KITH_WEBSOCKET_ENDPOINT`: the WebSocket API's management endpoint
    /// (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`),
    /// where frames are pushed to connected clients; unset, nothing is pushed.
    pub websocket_endpoint: Option<String>,
    /// `KITH_PUSH_APNS_APPLICATION`, `KITH_PUSH_FCM_APPLICATION`: the SNS
    /// platform applications devices register under; a platform without one
    /// takes no devices.
    pub push_apns_application: Option<String>,
    pub push_fcm_application: Option<String>,
    /// `KITH_OPERATOR_EMAILS`: who gets the daily report (comma-separated).
    pub operator_emails: Vec<String>,
    /// `KITH_DEAD_LETTER_QUEUES`: the URLs of the stack's dead-letter
    /// queues, whose depth the daily report gives (comma-separated).
    pub dead_letter_queues: Vec<String>,
}

impl Config {
    /// Whether `user_id` is one of the site's admins (`KITH_ADMINS`).
    pub fn is_admin(&self, user_id: &str) -> bool {
        self.admins.iter().any(|a| a == user_id)
    }

    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| {
            env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("environment variable {name} is required"))
        };
        let optional =
            |name: &str, default: &str| env::var(name).unwrap_or_else(|_| default.into());
        Ok(Self {
            table: required("KITH_TABLE")?,
            jwt_public_key: required("KITH_JWT_PUBLIC_KEY")?,
            jwt_private_key_secret: env::var("KITH_JWT_PRIVATE_KEY_SECRET")
                .ok()
                .filter(|v| !v.is_empty()),
            jwt_private_key_pem: env::var("KITH_JWT_PRIVATE_KEY")
                .ok()
                .filter(|v| !v.is_empty()),
            cursor_key: required("KITH_CURSOR_KEY").and_then(|k| {
                (k.len() >= 32)
                    .then_some(k)
                    .ok_or_else(|| "KITH_CURSOR_KEY must be at least 32 characters".into())
            })?,
            jwt_issuer: optional("KITH_JWT_ISSUER", "kith"),
            jwt_audience: optional("KITH_JWT_AUDIENCE", "kith-api"),
            email_from: required("KITH_EMAIL_FROM")?,
            email_configuration_set: env::var("KITH_EMAIL_CONFIGURATION_SET")
                .ok()
                .filter(|v| !v.is_empty()),
            api_url: env::var("KITH_API_URL").ok().filter(|v| !v.is_empty()),
            celebrity_threshold: optional("KITH_CELEBRITY_THRESHOLD", "10000")
                .parse()
                .map_err(|_| "KITH_CELEBRITY_THRESHOLD must be a whole number")?,
            event_bus: optional("KITH_EVENT_BUS", "kith"),
            app_url: optional("KITH_APP_URL", "http://localhost:3000"),
            media_bucket: required("KITH_MEDIA_BUCKET")?,
            media_cdn: env::var("KITH_MEDIA_CDN").ok().filter(|v| !v.is_empty()),
            warm_up: match optional("KITH_WARM_UP", "on").as_str() {
                "on" => true,
                "off" => false,
                _ => return Err("KITH_WARM_UP must be on or off".into()),
            },
            moderation: match optional("KITH_MODERATION", "off").as_str() {
                "rekognition" => true,
                "off" => false,
                _ => return Err("KITH_MODERATION must be rekognition or off".into()),
            },
            moderation_min_confidence: optional("KITH_MODERATION_MIN_CONFIDENCE", "80")
                .parse()
                .map_err(|_| "KITH_MODERATION_MIN_CONFIDENCE must be a number")?,
            sensitive_categories: list(&optional("KITH_MODERATION_SENSITIVE", "Suggestive")),
            admins: list(&optional("KITH_ADMINS", "")),
            views_sample_percent: match optional("KITH_VIEWS_SAMPLE_PERCENT", "100").parse() {
                Ok(p) if (0.01..=100.0).contains(&p) => p,
                _ => {
                    return Err(
                        "KITH_VIEWS_SAMPLE_PERCENT must be a number from 0.01 to 100".into(),
                    );
                }
            },
            websocket_endpoint: env::var("KITH_WEBSOCKET_ENDPOINT")
                .ok()
                .filter(|v| !v.is_empty()),
            push_apns_application: env::var("KITH_PUSH_APNS_APPLICATION")
                .ok()
                .filter(|v| !v.is_empty()),
            push_fcm_application: env::var("KITH_PUSH_FCM_APPLICATION")
                .ok()
                .filter(|v| !v.is_empty()),
            operator_emails: list(&optional("KITH_OPERATOR_EMAILS", "")),
            dead_letter_queues: list(&optional("KITH_DEAD_LETTER_QUEUES", "")),
        })
    }
}

/// The items of a comma-separated setting.
pub fn list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}
