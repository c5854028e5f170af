//! What a function binary's `main` calls: build the context once, then serve
//! invocations with the handler the binary names, so the linker keeps only
//! that function's code. The runtime loop takes the handler boxed, so it is
//! compiled once in the library rather than again in each of the binaries;
//! only the two-line shim that boxes the handler's future is theirs.

use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::serve;
use lambda_http::{Body, LambdaEvent, Request, Response, service_fn};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

type BoxError = lambda_http::Error;
type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;
/// What `main` awaits (on its own thread, so it need not be `Send`).
type Serving = Pin<Box<dyn Future<Output = Result<(), BoxError>>>>;
type Handler<I, O> = Box<dyn Fn(&'static App, I) -> Boxed<Result<O>> + Send + Sync>;

/// Runs an HTTP handler on the Lambda runtime: `http(kith::posts::api::get_post)`.
pub fn http<F, Fut>(handler: F) -> Serving
where
    F: Fn(&'static App, Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Body>>> + Send + 'static,
{
    Box::pin(run_http(Box::new(move |app, req| {
        Box::pin(handler(app, req))
    })))
}

/// Runs an event handler on the Lambda runtime: `event(kith::feeds::events::fanout_post)`.
pub fn event<F, Fut>(handler: F) -> Serving
where
    F: Fn(&'static App, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Value>> + Send + 'static,
{
    Box::pin(run_event(Box::new(move |app, event| {
        Box::pin(handler(app, event))
    })))
}

async fn run_http(handler: Handler<Request, Response<Body>>) -> Result<(), BoxError> {
    let (app, function) = start().await?;
    let handler = &*Box::leak(handler);
    lambda_http::run(service_fn(move |req: Request| async move {
        let response = serve(app, function, req, async move |req| handler(app, req).await).await;
        Ok::<_, std::convert::Infallible>(response)
    }))
    .await
}

async fn run_event(handler: Handler<Value, Value>) -> Result<(), BoxError> {
    let (app, function) = start().await?;
    let handler = &*Box::leak(handler);
    lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        conclude(app, function, handler(app, event.payload).await)
            .await
            .map_err(BoxError::from)
    }))
    .await
}

/// The cold start: logging, the context, and the function's name (for the error counters).
async fn start() -> Result<(&'static App, &'static str), BoxError> {
    lambda_http::tracing::init_default_subscriber();
    let app = App::from_env().await?.leak();
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME")
        .unwrap_or_default()
        .leak();
    Ok((app, function))
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
