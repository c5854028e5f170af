//! Delivers the table's stream to `publish-events` the way Lambda's DynamoDB
//! event source does: batches of records in the Lambda event format, and a
//! batch whose response names failed records is retried from the first of them.

use aws_sdk_dynamodbstreams::types::{Record, ShardIteratorType};
use kith::functions::event_handler;
use kith::platform::context::App;
use serde_json::{Value, json};
use std::time::Duration;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Attempts per batch before its records are given up (in AWS: the on-failure queue).
const MAX_ATTEMPTS: u32 = 10;

/// Polls every shard of the table's stream until the task is dropped.
pub async fn pump(
    app: &'static App,
    sdk: aws_config::SdkConfig,
    table: String,
) -> Result<(), Error> {
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
    let streams = aws_sdk_dynamodbstreams::Client::new(&sdk);
    let region = sdk.region().map(ToString::to_string).unwrap_or_default();
    let arn = dynamodb
        .describe_table()
        .table_name(&table)
        .send()
        .await?
        .table
        .and_then(|t| t.latest_stream_arn)
        .ok_or("the table has no stream")?;
    let description = streams.describe_stream().stream_arn(&arn).send().await?;
    let shards = description
        .stream_description
        .and_then(|d| d.shards)
        .unwrap_or_default();
    let mut tasks = tokio::task::JoinSet::new();
    for shard in shards {
        let (streams, arn, region) = (streams.clone(), arn.clone(), region.clone());
        let shard_id = shard.shard_id.unwrap_or_default();
        tasks.spawn(async move {
            if let Err(err) = pump_shard(app, &streams, &arn, &shard_id, &region).await {
                tracing::error!(%err, shard_id, "stream delivery stopped");
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}

async fn pump_shard(
    app: &'static App,
    streams: &aws_sdk_dynamodbstreams::Client,
    arn: &str,
    shard_id: &str,
    region: &str,
) -> Result<(), Error> {
    let publisher = event_handler("publish-events").ok_or("no publish-events handler")?;
    let mut iterator = streams
        .get_shard_iterator()
        .stream_arn(arn)
        .shard_id(shard_id)
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .send()
        .await?
        .shard_iterator;
    while let Some(current) = iterator {
        let out = streams
            .get_records()
            .shard_iterator(&current)
            .limit(100)
            .send()
            .await?;
        iterator = out.next_shard_iterator;
        let mut records: Vec<Value> = out
            .records
            .unwrap_or_default()
            .into_iter()
            .map(|r| lambda_record(r, arn, region))
            .collect();
        let idle = records.is_empty();
        let mut attempt = 0;
        while !records.is_empty() {
            let response = (publisher.handler)(app, json!({ "Records": records })).await;
            let failed: Vec<String> = match &response {
                Ok(body) => body["batchItemFailures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f["itemIdentifier"].as_str().map(str::to_owned))
                    .collect(),
                Err(err) => {
                    tracing::warn!(%err, "publish-events failed; retrying the batch");
                    vec![
                        records[0]["dynamodb"]["SequenceNumber"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    ]
                }
            };
            // Like Lambda: resume from the first failed record.
            let Some(first) = records.iter().position(|r| {
                r["dynamodb"]["SequenceNumber"]
                    .as_str()
                    .is_some_and(|s| failed.iter().any(|f| f == s))
            }) else {
                break;
            };
            attempt += 1;
            if attempt >= MAX_ATTEMPTS {
                tracing::error!(
                    records = records.len() - first,
                    "giving up on stream records after {MAX_ATTEMPTS} attempts"
                );
                break;
            }
            records.drain(..first);
            tokio::time::sleep(Duration::from_millis(100 << attempt.min(5))).await;
        }
        if idle {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

/// A stream record in the shape Lambda's DynamoDB event source delivers.
fn lambda_record(record: Record, arn: &str, region: &str) -> Value {
    let change = record
        .dynamodb
        .unwrap_or_else(|| aws_sdk_dynamodbstreams::types::StreamRecord::builder().build());
    let image = |item: Option<
        std::collections::HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>,
    >| {
        item.map(|i| serde_json::to_value(serde_dynamo::Item::from(i)).unwrap_or_default())
    };
    let mut dynamodb = json!({
        "ApproximateCreationDateTime": change.approximate_creation_date_time.map(|t| t.secs()),
        "Keys": image(change.keys),
        "SequenceNumber": change.sequence_number,
        "SizeBytes": change.size_bytes,
        "StreamViewType": change.stream_view_type.map(|v| v.as_str().to_owned()),
    });
    if let Some(new) = image(change.new_image) {
        dynamodb["NewImage"] = new;
    }
    if let Some(old) = image(change.old_image) {
        dynamodb["OldImage"] = old;
    }
    json!({
        "eventID": record.event_id,
        "eventName": record.event_name.map(|n| n.as_str().to_owned()),
        "eventVersion": record.event_version,
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": dynamodb,
        "eventSourceARN": arn,
    })
}
