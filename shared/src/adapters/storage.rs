//! The media bucket (S3): browser upload forms (presigned POST), reading
//! uploads, writing variants, and time-limited download links.

use crate::adapters::lazy::Lazy;
use crate::platform::error::Error;
use crate::platform::error::Result;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_s3::primitives::ByteStream;
use aws_sigv4::http_request::{
    PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode, sign,
};
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
        Self {
            client: Lazy::new(sdk),
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
        let credentials = self.credentials().await?;
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
        Ok(UploadForm {
            url: self.bucket_url(),
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

    /// A link that reads `key` for `valid_for`: a presigned GET, signed
    /// here with SigV4 query parameters as the S3 client would sign it, so
    /// the many functions that only show media do not link the S3 client.
    /// Keys are the pipeline's own (`media/<id>/<variant>.<format>`), which
    /// need no escaping.
    pub async fn download_url(&self, key: &str, valid_for: Duration) -> Result<String> {
        presigned_get(
            &format!("{}/{key}", self.bucket_url()),
            self.credentials().await?,
            &self.region,
            SystemTime::now(),
            valid_for,
        )
    }

    async fn credentials(&self) -> Result<Credentials> {
        self.credentials
            .as_ref()
            .ok_or_else(|| Error::bug("no AWS credentials to sign with"))?
            .provide_credentials()
            .await
            .map_err(|e| Error::internal("load AWS credentials", e))
    }

    /// The bucket's URL: path-style under a custom endpoint (the local
    /// emulator), else S3's virtual-hosted style.
    fn bucket_url(&self) -> String {
        match &self.endpoint {
            Some(endpoint) => format!("{endpoint}/{}", self.bucket),
            None => format!("https://{}.s3.{}.amazonaws.com", self.bucket, self.region),
        }
    }
}

/// `url` (an object) with SigV4 query parameters that let anyone GET it
/// from `at` for `valid_for`.
fn presigned_get(
    url: &str,
    credentials: Credentials,
    region: &str,
    at: SystemTime,
    valid_for: Duration,
) -> Result<String> {
    let identity = credentials.into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(valid_for);
    // S3 signs the path as sent: encoded once, not normalised.
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("s3")
        .time(at)
        .settings(settings)
        .build()
        .map_err(presign_failed)?
        .into();
    let request = SignableRequest::new(
        "GET",
        url,
        std::iter::empty(),
        SignableBody::UnsignedPayload,
    )
    .map_err(presign_failed)?;
    let (instructions, _) = sign(request, &params).map_err(presign_failed)?.into_parts();
    let mut presigned = lambda_http::http::Request::get(url)
        .body(())
        .map_err(presign_failed)?;
    instructions.apply_to_request_http1x(&mut presigned);
    Ok(presigned.uri().to_string())
}

fn presign_failed(err: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::internal("presign GetObject", err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of AWS's "Authenticating Requests: Using Query
    /// Parameters (AWS Signature Version 4)" for Amazon S3.
    #[test]
    fn a_download_link_is_signed_as_aws_documents() {
        let credentials = Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "example",
        );
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600); // 2013-05-24T00:00:00Z
        let url = presigned_get(
            "https://examplebucket.s3.amazonaws.com/test.txt",
            credentials,
            "us-east-1",
            at,
            Duration::from_secs(86_400),
        )
        .unwrap();
        assert!(url.starts_with("https://examplebucket.s3.amazonaws.com/test.txt?"));
        assert!(url.contains("X-Amz-Expires=86400"), "{url}");
        assert!(url.contains("X-Amz-SignedHeaders=host"), "{url}");
        assert!(
            url.ends_with(
                "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
            ),
            "{url}"
        );
    }
}
