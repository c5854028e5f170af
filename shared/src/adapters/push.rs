//! Mobile push through SNS: a device's APNs or FCM token becomes a platform
//! endpoint under the platform application configured for it, and pushes are
//! published to endpoints with each platform's payload. Locally moto serves
//! the same API (and keeps what was published).

use crate::adapters::lazy::Lazy;
use crate::platform::error::{Error, Result};
use aws_sdk_sns::error::ProvideErrorMetadata;
use aws_sdk_sns::types::MessageAttributeValue;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Apple Push Notification service.
    Apns,
    /// Firebase Cloud Messaging.
    Fcm,
}

/// What a push says: shown text, the badge (my unread count), and the key
/// under which a later push replaces this one on the device.
#[derive(Debug, Clone, PartialEq)]
pub struct PushMessage {
    pub title: String,
    pub body: String,
    pub badge: usize,
    pub collapse_key: String,
    /// For the app: what to open (`notification_id`, `type`).
    pub data: serde_json::Value,
}

impl PushMessage {
    /// The SNS `json` message structure, one payload per platform.
    fn payload(&self) -> String {
        let apns = json!({
            "aps": {
                "alert": {"title": self.title, "body": self.body},
                "badge": self.badge,
                "thread-id": self.collapse_key,
            },
            "kith": self.data,
        });
        let fcm = json!({"fcmV1Message": {"message": {
            "notification": {"title": self.title, "body": self.body},
            "android": {
                "collapse_key": self.collapse_key,
                "notification": {"notification_count": self.badge, "tag": self.collapse_key},
            },
            "data": {"kith": self.data.to_string()},
        }}});
        json!({
            "default": self.body,
            "APNS": apns.to_string(),
            "APNS_SANDBOX": apns.to_string(),
            "GCM": fcm.to_string(),
        })
        .to_string()
    }
}

/// What became of a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Delivered,
    /// The provider disabled the endpoint (uninstalled app, expired token):
    /// it and its device should go.
    Disabled,
}

/// The platform applications (`KITH_PUSH_APNS_APPLICATION`,
/// `KITH_PUSH_FCM_APPLICATION`); a platform without one takes no devices.
#[derive(Debug, Clone, Default)]
pub struct Applications {
    pub apns: Option<String>,
    pub fcm: Option<String>,
}

impl Applications {
    pub fn of(&self, platform: Platform) -> Option<&str> {
        match platform {
            Platform::Apns => self.apns.as_deref(),
            Platform::Fcm => self.fcm.as_deref(),
        }
    }
}

pub struct Pusher {
    client: Lazy<aws_sdk_sns::Client>,
    applications: Applications,
}

impl std::fmt::Debug for Pusher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pusher")
            .field("applications", &self.applications)
            .finish()
    }
}

impl Pusher {
    pub fn new(client: Lazy<aws_sdk_sns::Client>, applications: Applications) -> Self {
        Self {
            client,
            applications,
        }
    }

    /// The endpoint of a device token (SNS answers the same endpoint for the
    /// same token), enabled again in case the provider had disabled it.
    /// None when the platform has no application configured.
    pub async fn endpoint(&self, platform: Platform, token: &str) -> Result<Option<String>> {
        let Some(application) = self.applications.of(platform) else {
            return Ok(None);
        };
        let client = self.client.get();
        let created = client
            .create_platform_endpoint()
            .platform_application_arn(application)
            .token(token)
            .send()
            .await;
        let arn = match created {
            Ok(out) => out
                .endpoint_arn
                .ok_or_else(|| Error::bug("CreatePlatformEndpoint returned no endpoint"))?,
            // The token's endpoint exists with other attributes (disabled):
            // SNS names it in the message, as its documentation describes.
            Err(err) => existing_endpoint(&err)
                .ok_or_else(|| Error::internal("CreatePlatformEndpoint", err))?,
        };
        client
            .set_endpoint_attributes()
            .endpoint_arn(&arn)
            .attributes("Enabled", "true")
            .attributes("Token", token)
            .send()
            .await
            .map_err(|e| Error::internal("SetEndpointAttributes", e))?;
        Ok(Some(arn))
    }

    pub async fn send(&self, endpoint: &str, message: &PushMessage) -> Result<Sent> {
        let collapse = MessageAttributeValue::builder()
            .data_type("String")
            .string_value(&message.collapse_key)
            .build()
            .map_err(|e| Error::internal("build MessageAttributeValue", e))?;
        match self
            .client
            .get()
            .publish()
            .target_arn(endpoint)
            .message_structure("json")
            .message(message.payload())
            .message_attributes("AWS.SNS.MOBILE.APNS.COLLAPSE_ID", collapse)
            .send()
            .await
        {
            Ok(_) => Ok(Sent::Delivered),
            Err(err)
                if err.as_service_error().is_some_and(|e| {
                    e.is_endpoint_disabled_exception() || e.is_not_found_exception()
                }) =>
            {
                Ok(Sent::Disabled)
            }
            Err(err) => Err(Error::internal("Publish", err)),
        }
    }

    /// Deletes an endpoint (gone already is fine).
    pub async fn forget(&self, endpoint: &str) -> Result<()> {
        self.client
            .get()
            .delete_endpoint()
            .endpoint_arn(endpoint)
            .send()
            .await
            .map_err(|e| Error::internal("DeleteEndpoint", e))?;
        Ok(())
    }
}

/// The endpoint in "Endpoint <arn> already exists with the same Token, but
/// different attributes."
fn existing_endpoint<E: ProvideErrorMetadata, R>(
    err: &aws_sdk_sns::error::SdkError<E, R>,
) -> Option<String> {
    let message = err.as_service_error()?.message()?;
    let rest = message.split("Endpoint ").nth(1)?;
    let (arn, tail) = rest.split_once(' ')?;
    (tail.starts_with("already exists") && arn.starts_with("arn:")).then(|| arn.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_gets_the_badge_and_the_collapse_key() {
        let message = PushMessage {
            title: "Kith".into(),
            body: "bob reacted to your post".into(),
            badge: 3,
            collapse_key: "reaction-post-P-1".into(),
            data: json!({"notification_id": "reaction-post-P-1"}),
        };
        let payload: serde_json::Value = serde_json::from_str(&message.payload()).unwrap();
        let apns: serde_json::Value =
            serde_json::from_str(payload["APNS"].as_str().unwrap()).unwrap();
        assert_eq!(apns["aps"]["badge"], 3);
        assert_eq!(apns["aps"]["thread-id"], "reaction-post-P-1");
        let fcm: serde_json::Value =
            serde_json::from_str(payload["GCM"].as_str().unwrap()).unwrap();
        let android = &fcm["fcmV1Message"]["message"]["android"];
        assert_eq!(android["collapse_key"], "reaction-post-P-1");
        assert_eq!(android["notification"]["notification_count"], 3);
        assert_eq!(payload["default"], "bob reacted to your post");
    }
}
