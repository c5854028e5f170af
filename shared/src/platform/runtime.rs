//! What a function binary's `main` calls: build the context once, then serve
//! invocations with the handler the binary names, so the linker keeps only
//! that function's code.

use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::serve;
use lambda_http::{Body, LambdaEvent, Request, Response, service_fn};
use serde_json::Value;
use std::future::Future;

type BoxError = lambda_http::Error;

/// Runs an HTTP handler on the Lambda runtime: `http(kith::posts::api::get_post)`.
pub async fn http<F, Fut>(handler: F) -> Result<(), BoxError>
where
    F: Fn(&'static App, Request) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Body>>> + Send,
{
    lambda_http::tracing::init_default_subscriber();
    let app = App::from_env().await?.leak();
    let function: &'static str = std::env::var("AWS_LAMBDA_FUNCTION_NAME")
        .unwrap_or_default()
        .leak();
    lambda_http::run(service_fn(move |req: Request| async move {
        let response = serve(app, function, req, async move |req| handler(app, req).await).await;
        Ok::<_, std::convert::Infallible>(response)
    }))
    .await
}

/// Runs an event handler on the Lambda runtime: `event(kith::feeds::events::fanout_post)`.
pub async fn event<F, Fut>(handler: F) -> Result<(), BoxError>
where
    F: Fn(&'static App, Value) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Value>> + Send,
{
    lambda_http::tracing::init_default_subscriber();
    let app = App::from_env().await?.leak();
    let function: &'static str = std::env::var("AWS_LAMBDA_FUNCTION_NAME")
        .unwrap_or_default()
        .leak();
    lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        conclude(app, function, handler(app, event.payload).await)
            .await
            .map_err(BoxError::from)
    }))
    .await
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
