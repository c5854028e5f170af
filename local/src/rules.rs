//! Delivers bus events to handler functions according to the EventBridge
//! rules in template.yaml (the one list of them): each rule becomes a moto
//! rule targeting an SQS queue, and a poller invokes the handler with each
//! event. A failed invocation leaves the message to reappear after its
//! visibility timeout (a retry, like EventBridge's); after the template's
//! retry budget it moves to the rule's dead-letter queue. A rule whose
//! target is a queue in the template (a delay queue, read by the function's
//! SQS event source) keeps that queue's delay, and its handler is given the
//! messages as Lambda's SQS event source gives them: in batches, retrying
//! only those it reports failed.

use crate::template::Template;
use aws_sdk_sqs::types::Message;
use aws_sdk_sqs::types::QueueAttributeName;
use kith::functions::event_handler;
use kith::platform::context::App;
use kith::platform::routes::EventHandler;
use kith::platform::runtime::invoke;
use serde_json::{Value, json};
use std::time::Duration;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A rule delivering to a function of the template: the function's
/// `EventBridgeRule` event source, or an `AWS::Events::Rule` whose target is
/// the queue of the function's `SQS` event source.
#[derive(Debug, Clone)]
pub struct Rule {
    pub function: String,
    pub name: String,
    pub pattern: Value,
    pub max_attempts: u32,
    /// No `EventBusName`: AWS services' events (S3's) on the default bus.
    pub default_bus: bool,
    /// How long each event waits in the queue before it is delivered.
    pub delay_seconds: u32,
    /// Delivered through an SQS event source: as a batch of messages.
    pub batched: bool,
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
            let properties = &event["Properties"];
            if event["Type"] == "EventBridgeRule" {
                let retries = properties["RetryPolicy"]["MaximumRetryAttempts"]
                    .as_u64()
                    .unwrap_or(185);
                rules.push(Rule {
                    function: function.to_owned(),
                    name: format!("{function}-{name}"),
                    pattern: properties["Pattern"].clone(),
                    max_attempts: retries as u32 + 1,
                    default_bus: properties["EventBusName"].is_null(),
                    delay_seconds: 0,
                    batched: false,
                });
            } else if event["Type"] == "SQS" {
                let queue = &properties["Queue"]["Fn::GetAtt"][0];
                let Some(queue_properties) = queue
                    .as_str()
                    .and_then(|id| template.resources.get(id))
                    .map(|q| &q.properties)
                else {
                    continue;
                };
                let delivering = template
                    .resources_of("AWS::Events::Rule")
                    .map(|(_, rule)| &rule.properties)
                    .filter(|rule| rule["Targets"][0]["Arn"]["Fn::GetAtt"][0] == *queue);
                for rule in delivering {
                    rules.push(Rule {
                        function: function.to_owned(),
                        name: format!("{function}-{name}"),
                        pattern: rule["EventPattern"].clone(),
                        max_attempts: queue_properties["RedrivePolicy"]["maxReceiveCount"]
                            .as_u64()
                            .unwrap_or(10) as u32,
                        default_bus: rule["EventBusName"].is_null(),
                        delay_seconds: queue_properties["DelaySeconds"].as_u64().unwrap_or(0)
                            as u32,
                        batched: true,
                    });
                }
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
            .attributes(
                QueueAttributeName::DelaySeconds,
                rule.delay_seconds.to_string(),
            )
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
        let batched = rule.batched;
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
                for message in handled(app, handler, batched, &messages).await {
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
            }
        });
    }
    Ok(())
}

/// Invokes `handler` with `messages` — one by one, or `batched` as Lambda's
/// SQS event source does — and returns the messages it handled (to delete);
/// the others reappear after their visibility timeout.
async fn handled<'m>(
    app: &'static App,
    handler: &EventHandler,
    batched: bool,
    messages: &'m [Message],
) -> Vec<&'m Message> {
    let event =
        |m: &Message| serde_json::from_str(m.body().unwrap_or("null")).unwrap_or(Value::Null);
    let mut retry = Vec::new();
    if batched && !messages.is_empty() {
        let records: Vec<Value> = messages
            .iter()
            .map(|m| json!({ "messageId": m.message_id(), "receiptHandle": m.receipt_handle(), "body": m.body(), "eventSource": "aws:sqs" }))
            .collect();
        match invoke(app, handler, json!({ "Records": records })).await {
            Ok(response) => retry.extend(
                response["batchItemFailures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f["itemIdentifier"].as_str().map(str::to_owned)),
            ),
            Err(err) => {
                tracing::warn!(%err, function = handler.function, "batch failed; its events will be retried");
                retry.extend(
                    messages
                        .iter()
                        .filter_map(|m| m.message_id().map(str::to_owned)),
                );
            }
        }
    } else {
        for message in messages {
            if let Err(err) = invoke(app, handler, event(message)).await {
                tracing::warn!(%err, function = handler.function, "handler failed; the event will be retried");
                retry.extend(message.message_id().map(str::to_owned));
            }
        }
    }
    messages
        .iter()
        .filter(|m| !retry.iter().any(|id| Some(id.as_str()) == m.message_id()))
        .collect()
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
