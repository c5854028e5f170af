//! The media bucket (S3): browser upload forms (presigned POST), reading
//! uploads, writing variants, and time-limited download links.

use crate::adapters::lazy::Lazy;
use crate::platform::error::Error;
use crate::platform::error::Result;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};
use time::OffsetDateTime;
use time::macros::format_description;

pub struct Storage {
    client: Lazy<aws_sdk_s3::Client>,
    bucket: String,
    credentials: Option<SharedCredentialsProvider>,
    region: String,
    /// A custom endpoint (the local emulator): path-style URLs.
    endpoint: Option<String>,
}

/// A browser upload: POST the file as multipart form data to `url`, with
/// `fields` first and the file last (field `file`).
#[derive(Debug, Clone, Serialize)]
pub struct UploadForm {
    pub url: String,
    pub fields: BTreeMap<String, String>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

fn s3<E, R>(operation: &'static str) -> impl Fn(aws_sdk_s3::error::SdkError<E, R>) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    move |err| Error::internal(operation, err)
}

impl Storage {
    pub fn new(sdk: &aws_config::SdkConfig, bucket: &str) -> Self {
        let endpoint = sdk
            .endpoint_url()
            .map(|e| e.trim_end_matches('/').to_owned());
        let config = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(endpoint.is_some())
            .build();
        let client = Lazy::new(move || aws_sdk_s3::Client::from_conf(config.clone()));
        Self {
            client,
            bucket: bucket.to_owned(),
            credentials: sdk.credentials_provider(),
            region: sdk
                .region()
                .map_or_else(|| "us-east-1".to_owned(), |r| r.to_string()),
            endpoint,
        }
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// A presigned POST whose policy pins the exact key, the content type
    /// and a size range, valid for `valid_for`.
    pub async fn upload_form(
        &self,
        key: &str,
        content_type: &str,
        max_bytes: u64,
        valid_for: Duration,
    ) -> Result<UploadForm> {
        let provider = self
            .credentials
            .as_ref()
            .ok_or_else(|| Error::bug("no AWS credentials to sign uploads"))?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| Error::internal("load AWS credentials", e))?;
        let now = SystemTime::now();
        let at = OffsetDateTime::from(now);
        let expires_at = at + valid_for;
        let format = |description| {
            at.format(description)
                .map_err(|e| Error::internal("format time", e))
        };
        let date = format(format_description!("[year][month][day]"))?;
        let amz_date = format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))?;
        let credential = format!(
            "{}/{date}/{}/s3/aws4_request",
            credentials.access_key_id(),
            self.region
        );
        let mut fields = BTreeMap::from([
            ("key".to_owned(), key.to_owned()),
            ("Content-Type".to_owned(), content_type.to_owned()),
            ("x-amz-algorithm".to_owned(), "AWS4-HMAC-SHA256".to_owned()),
            ("x-amz-credential".to_owned(), credential),
            ("x-amz-date".to_owned(), amz_date),
        ]);
        if let Some(token) = credentials.session_token() {
            fields.insert("x-amz-security-token".into(), token.to_owned());
        }
        let mut conditions = vec![
            json!({ "bucket": self.bucket }),
            json!(["eq", "$key", key]),
            json!(["eq", "$Content-Type", content_type]),
            json!(["content-length-range", 1, max_bytes]),
        ];
        conditions.extend(
            fields
                .iter()
                .filter(|(name, _)| name.starts_with("x-amz-"))
                .map(|(name, value)| json!({ name: value })),
        );
        let expiration = expires_at
            .format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .map_err(|e| Error::internal("format time", e))?;
        let policy = STANDARD
            .encode(json!({ "expiration": expiration, "conditions": conditions }).to_string());
        let signing_key = aws_sigv4::sign::v4::generate_signing_key(
            credentials.secret_access_key(),
            now,
            &self.region,
            "s3",
        );
        let signature = aws_sigv4::sign::v4::calculate_signature(signing_key, policy.as_bytes());
        fields.insert("policy".into(), policy);
        fields.insert("x-amz-signature".into(), signature);
        let url = match &self.endpoint {
            Some(endpoint) => format!("{endpoint}/{}", self.bucket),
            None => format!("https://{}.s3.{}.amazonaws.com", self.bucket, self.region),
        };
        Ok(UploadForm {
            url,
            fields,
            expires_at,
        })
    }

    /// The stored size of an object, if it exists.
    pub async fn size(&self, key: &str) -> Result<Option<u64>> {
        match self
            .client
            .get()
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(out.content_length().unwrap_or(0).max(0) as u64)),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(err) => Err(s3("HeadObject")(err)),
        }
    }

    pub async fn read(&self, key: &str) -> Result<Vec<u8>> {
        let out = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(s3("GetObject"))?;
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| Error::internal("read object", e))?;
        Ok(bytes.into_bytes().to_vec())
    }

    pub async fn write(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<()> {
        self.client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .cache_control("public, max-age=31536000, immutable")
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(s3("PutObject"))?;
        Ok(())
    }

    pub async fn delete(&self, key: &str) -> Result<()> {
        self.client
            .get()
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(s3("DeleteObject"))?;
        Ok(())
    }

    /// A link that reads `key` for `valid_for`.
    pub async fn download_url(&self, key: &str, valid_for: Duration) -> Result<String> {
        let presigning =
            PresigningConfig::expires_in(valid_for).map_err(|e| Error::internal("presign", e))?;
        let request = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(presigning)
            .await
            .map_err(s3("presign GetObject"))?;
        Ok(request.uri().to_owned())
    }
}
