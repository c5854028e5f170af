//! Creates the template's resources in the local emulator.

use crate::template::{KeyElement, Template};
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Creates the table named `table_name` with the template's keys, indexes,
/// stream and TTL, the event bus `bus`, the media bucket (sending its events
/// to EventBridge, as the template's does) and the SES identities. Existing
/// resources are reused.
pub async fn provision(
    sdk: &aws_config::SdkConfig,
    template: &Template,
    table_name: &str,
    bus: &str,
    media_bucket: &str,
) -> Result<(), Error> {
    let dynamodb = aws_sdk_dynamodb::Client::new(sdk);
    let spec = template.table()?;
    let keys = |schema: &[KeyElement]| -> Result<Vec<KeySchemaElement>, Error> {
        schema
            .iter()
            .map(|k| {
                Ok(KeySchemaElement::builder()
                    .attribute_name(&k.attribute_name)
                    .key_type(KeyType::from(k.key_type.as_str()))
                    .build()?)
            })
            .collect()
    };
    let mut create = dynamodb
        .create_table()
        .table_name(table_name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(keys(&spec.key_schema)?));
    for attr in &spec.attribute_definitions {
        create = create.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(&attr.attribute_name)
                .attribute_type(ScalarAttributeType::from(attr.attribute_type.as_str()))
                .build()?,
        );
    }
    for gsi in &spec.global_secondary_indexes {
        create = create.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(&gsi.index_name)
                .set_key_schema(Some(keys(&gsi.key_schema)?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(
                            gsi.projection.projection_type.as_str(),
                        ))
                        .set_non_key_attributes(
                            Some(gsi.projection.non_key_attributes.clone())
                                .filter(|attributes| !attributes.is_empty()),
                        )
                        .build(),
                )
                .build()?,
        );
    }
    if let Some(stream) = &spec.stream_specification {
        create = create.stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::from(stream.stream_view_type.as_str()))
                .build()?,
        );
    }
    match create.send().await {
        Ok(_) => {}
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_in_use_exception()) => {}
        Err(err) => {
            return Err(format!("CreateTable {table_name}: {}", DisplayErrorContext(err)).into());
        }
    }
    if let Some(ttl) = spec.time_to_live_specification.filter(|t| t.enabled) {
        dynamodb
            .update_time_to_live()
            .table_name(table_name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .attribute_name(ttl.attribute_name)
                    .enabled(true)
                    .build()?,
            )
            .send()
            .await
            .map_err(|e| format!("UpdateTimeToLive: {}", DisplayErrorContext(e)))?;
    }
    let events = aws_sdk_eventbridge::Client::new(sdk);
    let created = events.create_event_bus().name(bus).send().await;
    match created {
        Err(err)
            if !err
                .as_service_error()
                .is_some_and(|e| e.is_resource_already_exists_exception()) =>
        {
            return Err(format!("CreateEventBus {bus}: {}", DisplayErrorContext(err)).into());
        }
        _ => {}
    }
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    );
    let created = s3.create_bucket().bucket(media_bucket).send().await;
    match created {
        Err(err)
            if !err.as_service_error().is_some_and(|e| {
                e.is_bucket_already_owned_by_you() || e.is_bucket_already_exists()
            }) =>
        {
            return Err(format!(
                "CreateBucket {media_bucket}: {}",
                aws_sdk_s3::error::DisplayErrorContext(err)
            )
            .into());
        }
        _ => {}
    }
    s3.put_bucket_notification_configuration()
        .bucket(media_bucket)
        .notification_configuration(
            aws_sdk_s3::types::NotificationConfiguration::builder()
                .event_bridge_configuration(
                    aws_sdk_s3::types::EventBridgeConfiguration::builder().build(),
                )
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            format!(
                "PutBucketNotificationConfiguration: {}",
                aws_sdk_s3::error::DisplayErrorContext(e)
            )
        })?;
    let ses = aws_sdk_sesv2::Client::new(sdk);
    for identity in template.email_identities() {
        let created = ses
            .create_email_identity()
            .email_identity(&identity)
            .send()
            .await;
        match created {
            Err(err)
                if !err
                    .as_service_error()
                    .is_some_and(|e| e.is_already_exists_exception()) =>
            {
                return Err(format!(
                    "CreateEmailIdentity {identity}: {}",
                    DisplayErrorContext(err)
                )
                .into());
            }
            _ => {}
        }
    }
    Ok(())
}

/// The SNS platform applications devices register under (template
/// parameters `ApnsPlatformApplicationArn` and `FcmPlatformApplicationArn`
/// in AWS, made by the operator with their provider credentials), named
/// after `name`: their ARNs, APNs first. moto keeps what is published to
/// their endpoints (`/moto-api/data.json`, `sns.PlatformEndpoint`).
pub async fn push_applications(
    sdk: &aws_config::SdkConfig,
    name: &str,
) -> Result<(String, String), Error> {
    let sns = aws_sdk_sns::Client::new(sdk);
    let mut arns = Vec::new();
    for platform in ["APNS", "GCM"] {
        let arn = sns
            .create_platform_application()
            .name(format!("{name}-{}", platform.to_ascii_lowercase()))
            .platform(platform)
            .attributes("PlatformCredential", "local")
            .send()
            .await?
            .platform_application_arn
            .ok_or("CreatePlatformApplication returned no ARN")?;
        arns.push(arn);
    }
    let fcm = arns.pop().unwrap_or_default();
    let apns = arns.pop().unwrap_or_default();
    Ok((apns, fcm))
}
