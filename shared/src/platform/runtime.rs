//! What a function binary's `main` calls: build the context once, then serve
//! invocations with the route-table entry the binary names (its static, such
//! as `kith::posts::GET_POST`), so the linker keeps only that function's
//! code. Everything here is compiled once, in the library: a binary's own
//! code is one call, so the 141 binaries each build in about a second.

use crate::platform::context::App;
use crate::platform::error::{Error, Result};
use crate::platform::routes::{EventHandler, Route};
use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use lambda_http::{LambdaEvent, Request, service_fn};
use serde_json::Value;

type BoxError = lambda_http::Error;

/// Runs the HTTP function `route` on the Lambda runtime:
/// `kith::platform::runtime::http(&kith::posts::GET_POST)`.
pub fn http(route: &'static Route) -> Result<(), BoxError> {
    block_on(async move {
        let app = start().await?;
        lambda_http::run(service_fn(move |req: Request| async move {
            Ok::<_, std::convert::Infallible>((route.handler)(app, req).await)
        }))
        .await
    })
}

/// Runs the event handler `handler` on the Lambda runtime:
/// `kith::platform::runtime::event(&kith::functions::FANOUT_POST)`.
pub fn event(handler: &'static EventHandler) -> Result<(), BoxError> {
    block_on(async move {
        let app = start().await?;
        lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
            invoke(app, handler, event.payload)
                .await
                .map_err(BoxError::from)
        }))
        .await
    })
}

/// A Lambda sandbox serves one invocation at a time, so one thread runs it:
/// no worker threads to start at init. Blocking work (image processing)
/// still goes to tokio's blocking pool.
fn block_on(serve: impl Future<Output = Result<(), BoxError>>) -> Result<(), BoxError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(serve)
}

/// The cold start: logging, the context and, unless `KITH_WARM_UP=off`,
/// the table's connection (see docs/benchmarks.md for what it saves).
async fn start() -> Result<&'static App, BoxError> {
    lambda_http::tracing::init_default_subscriber();
    let app = App::from_env().await?.leak();
    if app.config.warm_up {
        app.store.warm_up().await;
    }
    Ok(app)
}

/// Serves one invocation of `handler`: the event itself or, from an SQS
/// event source (a delay queue in front of the handler), each message's
/// body in turn, reporting back the messages to retry so that only they
/// return to the queue (`ReportBatchItemFailures`).
pub async fn invoke(app: &'static App, handler: &EventHandler, payload: Value) -> Result<Value> {
    if payload["Records"][0]["eventSource"] != "aws:sqs" {
        return conclude(app, handler.function, (handler.handler)(app, payload).await).await;
    }
    let batch: SqsEvent = serde_json::from_value(payload)
        .map_err(|e| Error::BadRequest(format!("not an SQS batch: {e}")))?;
    let mut response = SqsBatchResponse::default();
    for message in batch.records {
        let outcome = match serde_json::from_str(message.body.as_deref().unwrap_or("null")) {
            Ok(event) => (handler.handler)(app, event).await,
            Err(e) => Err(Error::BadRequest(format!("message body is not JSON: {e}"))),
        };
        if conclude(app, handler.function, outcome).await.is_err() {
            response.add_failure(message.message_id.unwrap_or_default());
        }
    }
    serde_json::to_value(response).map_err(|e| Error::bug(e.to_string()))
}

/// Counts a failed invocation of `function` (for the daily report), then
/// settles it.
pub async fn conclude(app: &App, function: &str, outcome: Result<Value>) -> Result<Value> {
    if outcome.is_err() {
        app.store.count_error(function).await;
    }
    settle(outcome)
}

/// What an event source is told about a handler's outcome. Retryable
/// failures (a dependency down, throttled, timing out) go back to the source,
/// which retries and in the end dead-letters; permanent ones (a payload no
/// retry can fix) are logged, counted and acknowledged, so a poison event
/// does not loop until the dead-letter queue.
pub fn settle(outcome: Result<Value>) -> Result<Value> {
    match outcome {
        Err(err) if !err.is_retryable() => {
            tracing::error!(%err, permanent_failures = 1, "permanent failure; event acknowledged");
            Ok(Value::Null)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::error::Error;

    #[test]
    fn permanent_failures_are_acknowledged_retryable_ones_returned() {
        let poison = settle(Err(Error::BadRequest("not a Kith event".into())));
        assert_eq!(poison, Ok(Value::Null));
        let outage = settle(Err(Error::bug("GetItem timed out")));
        assert!(outage.is_err());
        let throttled = Err(Error::RateLimited {
            detail: "slow down".into(),
            retry_after_secs: 1,
        });
        assert!(settle(throttled).is_err());
        assert_eq!(settle(Ok(Value::Bool(true))), Ok(Value::Bool(true)));
    }
}
