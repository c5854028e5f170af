//! Delivers bus events to handler functions according to the EventBridge
//! rules in template.yaml (the one list of them): each rule becomes a moto
//! rule targeting an SQS queue, and a poller invokes the handler with each
//! event. A failed invocation leaves the message to reappear after its
//! visibility timeout (a retry, like EventBridge's); after the template's
//! retry budget it moves to the rule's dead-letter queue.

use crate::template::Template;
use aws_sdk_sqs::types::QueueAttributeName;
use kith::functions::event_handler;
use kith::platform::context::App;
use serde_json::{Value, json};
use std::time::Duration;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// An `EventBridgeRule` event source of a function in the template.
#[derive(Debug, Clone)]
pub struct Rule {
    pub function: String,
    pub name: String,
    pub pattern: Value,
    pub max_attempts: u32,
    /// No `EventBusName`: AWS services' events (S3's) on the default bus.
    pub default_bus: bool,
}

pub fn rules(template: &Template) -> Vec<Rule> {
    let mut rules = Vec::new();
    for (_, resource) in template.resources_of("AWS::Serverless::Function") {
        let Some(function) = resource.metadata["BuildProperties"]["Binary"].as_str() else {
            continue;
        };
        for (name, event) in resource.properties["Events"]
            .as_object()
            .into_iter()
            .flatten()
        {
            if event["Type"] == "EventBridgeRule" {
                let retries = event["Properties"]["RetryPolicy"]["MaximumRetryAttempts"]
                    .as_u64()
                    .unwrap_or(185);
                rules.push(Rule {
                    function: function.to_owned(),
                    name: format!("{function}-{name}"),
                    pattern: event["Properties"]["Pattern"].clone(),
                    max_attempts: retries as u32 + 1,
                    default_bus: event["Properties"]["EventBusName"].is_null(),
                });
            }
        }
    }
    rules
}

/// `{"Ref": name}` in a pattern, replaced by what `refs` names it locally.
fn resolve_refs(pattern: &Value, refs: &[(&str, &str)]) -> Value {
    match pattern {
        Value::Object(map) => match map.get("Ref").and_then(Value::as_str) {
            Some(name) if map.len() == 1 => refs
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(|| pattern.clone(), |(_, value)| json!(value)),
            _ => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve_refs(v, refs)))
                    .collect(),
            ),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve_refs(v, refs)).collect()),
        other => other.clone(),
    }
}

/// A rule's dead-letter queue (made if missing): its URL.
async fn dead_letter_queue(sqs: &aws_sdk_sqs::Client, queue: &str) -> Result<String, Error> {
    Ok(sqs
        .create_queue()
        .queue_name(format!("{queue}-dlq"))
        .send()
        .await?
        .queue_url
        .unwrap_or_default())
}

/// The URLs of every rule's dead-letter queue on `bus` (what the daily
/// report reads the depth of), made before the rules that use them.
pub async fn dead_letter_queues(
    sdk: &aws_config::SdkConfig,
    template: &Template,
    bus: &str,
) -> Result<Vec<String>, Error> {
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let mut urls = Vec::new();
    for rule in rules(template) {
        urls.push(dead_letter_queue(&sqs, &format!("{bus}-{}", rule.name)).await?);
    }
    Ok(urls)
}

/// Creates each rule — on `bus`, or for AWS services' events on the default
/// bus, matched to this stack's bucket — with a queue target, and spawns its
/// poller.
pub async fn deliver(
    app: &'static App,
    sdk: &aws_config::SdkConfig,
    template: &Template,
    bus: &str,
) -> Result<(), Error> {
    let refs = [("MediaBucket", app.config.media_bucket.as_str())];
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let events = aws_sdk_eventbridge::Client::new(sdk);
    for rule in rules(template) {
        let handler = event_handler(&rule.function)
            .ok_or_else(|| format!("template rule for unknown handler {}", rule.function))?;
        let queue = format!("{bus}-{}", rule.name);
        let dlq_url = dead_letter_queue(&sqs, &queue).await?;
        let redrive = json!({ "deadLetterTargetArn": queue_arn(&sqs, &dlq_url).await?, "maxReceiveCount": rule.max_attempts }).to_string();
        let url = sqs
            .create_queue()
            .queue_name(&queue)
            .attributes(QueueAttributeName::VisibilityTimeout, "2")
            .attributes(QueueAttributeName::RedrivePolicy, redrive)
            .send()
            .await?
            .queue_url
            .unwrap_or_default();
        let rule_bus = if rule.default_bus { "default" } else { bus };
        events
            .put_rule()
            .name(&queue)
            .event_bus_name(rule_bus)
            .event_pattern(resolve_refs(&rule.pattern, &refs).to_string())
            .send()
            .await?;
        let target = aws_sdk_eventbridge::types::Target::builder()
            .id("local")
            .arn(queue_arn(&sqs, &url).await?)
            .build()?;
        events
            .put_targets()
            .rule(&queue)
            .event_bus_name(rule_bus)
            .targets(target)
            .send()
            .await?;
        let sqs = sqs.clone();
        tokio::spawn(async move {
            loop {
                // Short polls: moto serves one request at a time, so a long poll would stall it.
                let received = sqs
                    .receive_message()
                    .queue_url(&url)
                    .max_number_of_messages(10)
                    .send()
                    .await;
                let messages = match received {
                    Ok(out) => out.messages.unwrap_or_default(),
                    Err(err) => {
                        tracing::warn!(error = %aws_sdk_sqs::error::DisplayErrorContext(err), "receive failed");
                        Vec::new()
                    }
                };
                if messages.is_empty() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                for message in messages {
                    let event: Value = serde_json::from_str(message.body().unwrap_or("null"))
                        .unwrap_or(Value::Null);
                    let outcome = (handler.handler)(app, event).await;
                    match kith::platform::runtime::conclude(app, handler.function, outcome).await {
                        Ok(_) => {
                            let receipt = message.receipt_handle().unwrap_or_default();
                            if let Err(err) = sqs
                                .delete_message()
                                .queue_url(&url)
                                .receipt_handle(receipt)
                                .send()
                                .await
                            {
                                tracing::warn!(error = %aws_sdk_sqs::error::DisplayErrorContext(err), "delete failed");
                            }
                        }
                        Err(err) => {
                            tracing::warn!(%err, function = handler.function, "handler failed; the event will be retried")
                        }
                    }
                }
            }
        });
    }
    Ok(())
}

async fn queue_arn(sqs: &aws_sdk_sqs::Client, url: &str) -> Result<String, Error> {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await?
        .attributes
        .unwrap_or_default();
    Ok(attributes
        .get(&QueueAttributeName::QueueArn)
        .cloned()
        .unwrap_or_default())
}
