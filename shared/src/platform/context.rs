//! The runtime context: configuration and AWS clients, built once per cold
//! start and shared by every invocation.

use crate::adapters::event_bus::EventBus;
use crate::adapters::lazy::Lazy;
use crate::adapters::mailer::Mailer;
use crate::adapters::moderation::Moderator;
use crate::adapters::moderation::Rekognition;
use crate::adapters::storage::Storage;
use crate::platform::config::Config;
use crate::platform::crypto::TokenKeys;
use crate::platform::cursor::CursorKey;
use crate::platform::store::Store;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    pub events: EventBus,
    pub media: Storage,
    /// None when moderation is off.
    pub moderator: Option<Box<dyn Moderator>>,
    pub tokens: TokenKeys,
    pub cursors: CursorKey,
}

impl App {
    /// Reads the environment, including `AWS_ENDPOINT_URL`, which points every
    /// client at a local emulator without the code knowing.
    pub async fn from_env() -> Result<Self, String> {
        let config = Config::from_env()?;
        let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Self::new(config, &sdk)
    }

    pub fn new(config: Config, sdk: &aws_config::SdkConfig) -> Result<Self, String> {
        let tokens = TokenKeys::from_pem(
            &config.jwt_private_key_pem,
            &config.jwt_issuer,
            &config.jwt_audience,
        )?;
        Ok(Self {
            cursors: CursorKey::derive(config.jwt_private_key_pem.as_bytes()),
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table),
            events: EventBus::new(
                lazy(sdk, aws_sdk_eventbridge::Client::new),
                &config.event_bus,
            ),
            mailer: Mailer::new(lazy(sdk, aws_sdk_sesv2::Client::new), &config.email_from),
            media: Storage::new(sdk, &config.media_bucket),
            moderator: config.moderation.then(|| {
                Box::new(Rekognition::new(
                    lazy(sdk, aws_sdk_rekognition::Client::new),
                    config.moderation_min_confidence,
                )) as Box<dyn Moderator>
            }),
            tokens,
            config,
        })
    }

    /// A fresh `'static` context; a Lambda container or local host holds one for its lifetime.
    pub fn leak(self) -> &'static App {
        Box::leak(Box::new(self))
    }
}

/// A client that `make` builds from `sdk` the first time a function calls it.
fn lazy<C: 'static>(sdk: &aws_config::SdkConfig, make: fn(&aws_config::SdkConfig) -> C) -> Lazy<C> {
    let sdk = sdk.clone();
    Lazy::new(move || make(&sdk))
}
