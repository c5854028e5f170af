//! Transactional email through SES (v2 API).

use crate::adapters::lazy::Lazy;
use crate::platform::error::Error;
use crate::platform::error::Result;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

#[derive(Debug)]
pub struct Mailer {
    client: Lazy<aws_sdk_sesv2::Client>,
    from: String,
}

/// A plain-text message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl Mailer {
    pub fn new(client: Lazy<aws_sdk_sesv2::Client>, from: impl Into<String>) -> Self {
        Self {
            client,
            from: from.into(),
        }
    }

    pub async fn send(&self, email: Email) -> Result<()> {
        let content = |data: String| {
            Content::builder()
                .data(data)
                .charset("UTF-8")
                .build()
                .map_err(|e| Error::internal("build email", e))
        };
        let message = Message::builder()
            .subject(content(email.subject)?)
            .body(Body::builder().text(content(email.text)?).build())
            .build();
        self.client
            .get()
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|e| Error::internal("SES SendEmail", e))?;
        Ok(())
    }
}
