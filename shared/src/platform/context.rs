//! The runtime context: configuration and AWS clients, built once per cold
//! start and shared by every invocation.

use crate::adapters::event_bus::EventBus;
use crate::adapters::lazy::Lazy;
use crate::adapters::mailer::Mailer;
use crate::adapters::moderation::Rekognition;
use crate::adapters::push::{Applications, Pusher};
use crate::adapters::queues::Queues;
use crate::adapters::sockets::Sockets;
use crate::adapters::storage::Storage;
use crate::platform::config::Config;
use crate::platform::crypto::TokenKeys;
use crate::platform::cursor::CursorKey;
use crate::platform::store::Store;
use aws_sdk_secretsmanager::error::DisplayErrorContext;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    pub events: EventBus,
    pub media: Storage,
    pub sockets: Sockets,
    pub push: Pusher,
    pub queues: Queues,
    /// None when moderation is off.
    pub moderator: Option<Rekognition>,
    pub tokens: TokenKeys,
    pub cursors: CursorKey,
}

impl App {
    /// Reads the environment, including `AWS_ENDPOINT_URL`, which points every
    /// client at a local emulator without the code knowing.
    /// A function that issues tokens reads the private key from Secrets
    /// Manager here, once.
    pub async fn from_env() -> Result<Self, String> {
        let mut config = Config::from_env()?;
        let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(crate::adapters::https::client())
            .load()
            .await;
        if let Some(secret) = &config.jwt_private_key_secret {
            config.jwt_private_key_pem = Some(private_key(&sdk, secret).await?);
        }
        Self::new(config, &sdk)
    }

    pub fn new(config: Config, sdk: &aws_config::SdkConfig) -> Result<Self, String> {
        let mut tokens = TokenKeys::verifier(
            &config.jwt_public_key,
            &config.jwt_issuer,
            &config.jwt_audience,
        )?;
        if let Some(pem) = &config.jwt_private_key_pem {
            tokens = tokens.with_signer(pem)?;
        }
        Ok(Self {
            cursors: CursorKey::derive(config.cursor_key.as_bytes()),
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table),
            events: EventBus::new(Lazy::new(sdk), &config.event_bus),
            mailer: Mailer::new(
                Lazy::new(sdk),
                &config.email_from,
                config.email_configuration_set.clone(),
            ),
            media: Storage::new(sdk, &config.media_bucket),
            sockets: Sockets::new(sdk, config.websocket_endpoint.as_deref()),
            push: Pusher::new(
                Lazy::new(sdk),
                Applications {
                    apns: config.push_apns_application.clone(),
                    fcm: config.push_fcm_application.clone(),
                },
            ),
            queues: Queues::new(Lazy::new(sdk)),
            moderator: config
                .moderation
                .then(|| Rekognition::new(Lazy::new(sdk), config.moderation_min_confidence)),
            tokens,
            config,
        })
    }

    /// Sends an email unless its address is on the suppression list (it
    /// bounced for good or complained). Whether it went.
    pub async fn mail(
        &self,
        email: crate::adapters::mailer::Email,
    ) -> crate::platform::error::Result<bool> {
        if self.store.suppressed(&email.to).await? {
            tracing::info!("address suppressed; email not sent");
            return Ok(false);
        }
        self.mailer.send(email).await?;
        Ok(true)
    }

    /// A fresh `'static` context; a Lambda container or local host holds one for its lifetime.
    pub fn leak(self) -> &'static App {
        Box::leak(Box::new(self))
    }
}

/// The JWT private key (PKCS#8 PEM) kept in the Secrets Manager secret `id`.
async fn private_key(sdk: &aws_config::SdkConfig, id: &str) -> Result<String, String> {
    aws_sdk_secretsmanager::Client::new(sdk)
        .get_secret_value()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| {
            format!(
                "cannot read the JWT signing key {id}: {}",
                DisplayErrorContext(&e)
            )
        })?
        .secret_string
        .ok_or_else(|| format!("the secret {id} holds no string"))
}
