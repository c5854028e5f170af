//! Transactional email through SES (v2 API).

use crate::adapters::lazy::Lazy;
use crate::platform::error::Error;
use crate::platform::error::Result;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, MessageHeader};

#[derive(Debug)]
pub struct Mailer {
    client: Lazy<aws_sdk_sesv2::Client>,
    from: String,
    /// The SES configuration set whose event destination reports bounces
    /// and complaints (none locally).
    configuration_set: Option<String>,
}

/// A plain-text message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Extra headers, e.g. `List-Unsubscribe`.
    pub headers: Vec<(String, String)>,
}

impl Mailer {
    pub fn new(
        client: Lazy<aws_sdk_sesv2::Client>,
        from: impl Into<String>,
        configuration_set: Option<String>,
    ) -> Self {
        Self {
            client,
            from: from.into(),
            configuration_set,
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
        let headers = email
            .headers
            .into_iter()
            .map(|(name, value)| {
                MessageHeader::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(|e| Error::internal("build email header", e))
            })
            .collect::<Result<Vec<_>>>()?;
        let message = Message::builder()
            .subject(content(email.subject)?)
            .body(Body::builder().text(content(email.text)?).build())
            .set_headers((!headers.is_empty()).then_some(headers))
            .build();
        self.client
            .get()
            .send_email()
            .from_email_address(&self.from)
            .set_configuration_set_name(self.configuration_set.clone())
            .destination(Destination::builder().to_addresses(email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|e| Error::internal("SES SendEmail", e))?;
        Ok(())
    }
}
